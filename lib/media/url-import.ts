// Import from a URL without letting the server be pointed at its own network (SSRF): http(s)
// only, every address the name resolves to must be public — checked inside the connection's DNS
// lookup, so a redirect or a DNS answer that changes between check and connect is caught too —
// redirects followed by hand (each re-checked), and the size and the time bounded.
import dns from "node:dns";
import type { LookupFunction } from "node:net";
import { Agent, request } from "undici";
import { formatBytes, refuse, tooLarge } from "./errors";
import { MEDIA_LIMITS } from "./limits";
import { isPublicAddress } from "./public-address";

class PrivateAddress extends Error {
  constructor(public readonly host: string, public readonly address: string) {
    super(`${host} resolves to ${address}`);
  }
}

const safeLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, "", 0);
    const list = addresses as dns.LookupAddress[];
    const bad = list.find((a) => !isPublicAddress(a.address));
    if (bad || list.length === 0) return callback(new PrivateAddress(hostname, bad?.address ?? "nothing"), "", 0);
    if ((options as dns.LookupOptions).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

let agent: Agent | undefined;
const safeAgent = () => (agent ??= new Agent({ connect: { lookup: safeLookup, timeout: 5_000 }, headersTimeout: 10_000, bodyTimeout: 10_000 }));

export type Downloaded = { bytes: Buffer; fileName: string; declaredType: string | undefined; finalUrl: string };

function parseTarget(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw refuse("This is not a web address. Paste a full address starting with https://.");
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") throw refuse("Only http:// and https:// addresses can be imported.");
  if (u.username || u.password) throw refuse("Addresses with a user name or password cannot be imported.");
  const host = u.hostname.replace(/^\[|\]$/g, "");
  // Literal addresses are judged before any connection is attempted.
  if (/^[\d.]+$/.test(host) || host.includes(":")) {
    if (!isPublicAddress(host)) throw privateRefusal(host);
  } else if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".internal") || !host.includes(".")) {
    throw privateRefusal(host);
  }
  return u;
}

const privateRefusal = (where: string) =>
  refuse(`This address points to a private or local network (${where}); only files on the public internet can be imported.`);

export async function downloadFromUrl(raw: string, opts: { maxBytes?: number; timeoutMs?: number } = {}): Promise<Downloaded> {
  const maxBytes = opts.maxBytes ?? MEDIA_LIMITS.maxUploadBytes;
  const signal = AbortSignal.timeout(opts.timeoutMs ?? MEDIA_LIMITS.importTimeoutMs);
  let url = parseTarget(raw);
  for (let hop = 0; hop <= MEDIA_LIMITS.maxRedirects; hop++) {
    let res;
    try {
      res = await request(url, { method: "GET", dispatcher: safeAgent(), signal, headers: { "user-agent": "Postino media import", accept: "image/*,audio/*,video/*;q=0.9,*/*;q=0.5" } });
    } catch (err) {
      const cause = (err as { cause?: unknown }).cause ?? err;
      if (cause instanceof PrivateAddress) throw privateRefusal(`${cause.host} → ${cause.address}`);
      if (signal.aborted) throw refuse(`The download from ${url.host} took longer than ${Math.round((opts.timeoutMs ?? MEDIA_LIMITS.importTimeoutMs) / 1000)} seconds and was stopped.`);
      throw refuse(`${url.host} could not be reached (${(cause as Error).message ?? "network error"}).`);
    }
    if (res.statusCode >= 300 && res.statusCode < 400 && res.headers.location) {
      await res.body.dump();
      url = parseTarget(new URL(String(res.headers.location), url).toString());
      continue;
    }
    if (res.statusCode >= 400) {
      await res.body.dump();
      throw refuse(`${url.host} answered ${res.statusCode}: the file could not be downloaded.`);
    }
    const declared = Number(res.headers["content-length"] ?? 0);
    if (declared > maxBytes) {
      await res.body.dump().catch(() => {});
      throw tooLarge(`This file is ${formatBytes(declared)}; the limit is ${formatBytes(maxBytes)}.`);
    }
    const parts: Buffer[] = [];
    let total = 0;
    try {
      for await (const chunk of res.body) {
        total += (chunk as Buffer).length;
        if (total > maxBytes) {
          res.body.destroy();
          throw tooLarge(`This file is over ${formatBytes(maxBytes)}, the limit.`);
        }
        parts.push(chunk as Buffer);
      }
    } catch (err) {
      if (err instanceof Error && err.name === "MediaRefused") throw err;
      throw refuse(signal.aborted ? `The download from ${url.host} took too long and was stopped.` : `The download from ${url.host} was interrupted.`);
    }
    const name = decodeURIComponent(url.pathname.split("/").pop() || "") || url.host;
    return { bytes: Buffer.concat(parts), fileName: name.slice(0, 200), declaredType: res.headers["content-type"] as string | undefined, finalUrl: url.toString() };
  }
  throw refuse(`The address redirected more than ${MEDIA_LIMITS.maxRedirects} times.`);
}

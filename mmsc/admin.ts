// /admin: JSON API for tests, benchmarks and Postino's dashboard (server-side only; optional bearer token).
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { Engine } from "./engine";
import { contentFor, messageView, phoneView } from "./render";
import { leaves } from "./content";
import { vaspInputSchema } from "./vasps";

function json(res: ServerResponse, status: number, data: unknown): void {
  const body = Buffer.from(JSON.stringify(data));
  res.writeHead(status, { "content-type": "application/json", "content-length": body.length });
  res.end(body);
}

const problem = (res: ServerResponse, status: number, message: string) => json(res, status, { error: { message } });

function parseBody(body: Buffer): unknown {
  if (!body.length) return {};
  return JSON.parse(body.toString("utf8"));
}

const replySchema = z
  .object({
    to: z.string().min(1).optional(),
    text: z.string().max(5000).optional(),
    imageBase64: z.string().max(8 * 1024 * 1024).optional(),
    imageType: z.string().regex(/^image\/[\w.+-]+$/).optional(),
    subject: z.string().max(200).optional(),
    vaspId: z.string().optional(),
  })
  .refine((r) => r.text || r.imageBase64, { message: "A reply needs a text or a picture." });

export async function handleAdmin(engine: Engine, req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<void> {
  const token = engine.cfg.MMSC_ADMIN_TOKEN;
  if (token && req.headers.authorization !== `Bearer ${token}`) return problem(res, 401, "Admin token required.");
  const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent); // ["admin", ...]
  const [, a, b, c, d] = parts;
  const method = req.method ?? "GET";
  let input: unknown;
  try {
    input = method === "POST" || method === "PUT" ? parseBody(body) : undefined;
  } catch {
    return problem(res, 400, "The request body is not valid JSON.");
  }
  try {
    if (a === "vasps" && !b) {
      if (method === "POST") {
        const v = await engine.registerVasp(vaspInputSchema.parse(input));
        return json(res, 200, { vaspId: v.vaspId, registered: true });
      }
      if (method === "GET") return json(res, 200, engine.vasps.list().map(({ password: _p, deliverPassword: _d, ...v }) => v));
    }
    if (a === "faults" && !b) {
      if (method === "GET") return json(res, 200, { config: engine.faults.config, injected: engine.faults.injected });
      if (method === "PUT") return json(res, 200, { config: engine.faults.set(input) });
    }
    if (a === "ledger" && b === "stats" && method === "GET") {
      return json(res, 200, engine.stats(url.searchParams.get("byRecipient") !== "0"));
    }
    if (a === "phones" && b) {
      const msisdn = b;
      if (!c && method === "GET") return json(res, 200, await phoneView(engine, msisdn));
      if (c === "reply" && method === "POST") {
        const r = replySchema.parse(input);
        const mo = await engine.reply(msisdn, {
          ...r,
          ...(r.imageBase64 ? { image: Buffer.from(r.imageBase64, "base64") } : {}),
        });
        return json(res, 200, { id: mo.id, linkedId: mo.linkedId, to: mo.to, delivery: mo.delivery });
      }
      if ((c === "open" || c === "read") && d && method === "POST") {
        const m = engine.messages.get(d);
        const idx = m ? m.rcpts.findIndex((r) => r.to === msisdn) : -1;
        if (!m || idx < 0) return problem(res, 404, "This phone has no such message.");
        if (c === "read") {
          if (m.rcpts[idx].state !== "retrieved") await engine.handsetFetch(m.id, idx);
          return json(res, 200, { read: engine.read(m.id, idx) || !!m.rcpts[idx].read, readReplyRequested: m.rr });
        }
        if (m.rcpts[idx].state === "notified" || m.rcpts[idx].state === "deferred") await engine.handsetFetch(m.id, idx);
        return json(res, 200, await messageView(engine, m, msisdn));
      }
    }
    if (a === "messages" && b) {
      const m = engine.messages.get(b);
      const to = url.searchParams.get("to") ?? undefined;
      if (!m || (to && !m.rcpts.some((r) => r.to === to))) return problem(res, 404, "No such message.");
      if (!c && method === "GET") return json(res, 200, await messageView(engine, m, to));
      if (c === "parts" && d !== undefined && method === "GET") {
        const { content } = await contentFor(engine, m, to);
        const leaf = leaves(content)[Number(d)];
        if (!leaf || !/^\d+$/.test(d)) return problem(res, 404, "No such part.");
        const data = leaf.body ?? Buffer.alloc(0);
        res.writeHead(200, { "content-type": leaf.contentType, "content-length": data.length, "cache-control": "private, max-age=3600" });
        res.end(data);
        return;
      }
    }
    return problem(res, 404, "Unknown admin route.");
  } catch (err) {
    if (err instanceof z.ZodError) return problem(res, 400, err.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; "));
    if (err instanceof Error && /no VASP/.test(err.message)) return problem(res, 409, err.message);
    throw err;
  }
}

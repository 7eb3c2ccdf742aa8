// Signed-in members calling the inbox route handlers as the browser would, an MM7 responder that
// records what it was sent, and MO messages put through the inbound worker's own code.
import http from "node:http";
import { randomUUID } from "node:crypto";
import { auth } from "@/lib/auth/server";
import { db } from "@/lib/db/client";
import type { Role } from "@/lib/auth/roles";
import { decodeMm7, encodeMm7, type Mm7DeliverReq, type Mm7SubmitReq, type MimeEntity } from "@/lib/mms";
import { processDeliver } from "@/lib/inbound";
import { deliverPayload } from "@/lib/inbound/payload";
import { storage } from "@/lib/storage";

export async function signedInMember(role: Role = "owner") {
  const email = `${randomUUID()}@example.test`;
  const res = (await auth().api.signUpEmail({ body: { email, password: "correct horse battery", name: "Agent Smith" }, asResponse: true })) as Response;
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  const workspaceId = randomUUID();
  await db.workspace.create({ data: { id: workspaceId, name: `WS ${workspaceId.slice(0, 6)}`, slug: `ws-${workspaceId}` } });
  await db.member.create({ data: { id: randomUUID(), workspaceId, userId: user.id, role } });
  return { cookie, workspaceId, user };
}

/** Another member (another user) of an existing workspace. */
export async function memberOf(workspaceId: string, role: Role) {
  const email = `${randomUUID()}@example.test`;
  const res = (await auth().api.signUpEmail({ body: { email, password: "correct horse battery", name: "Viewer" }, asResponse: true })) as Response;
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  await db.member.create({ data: { id: randomUUID(), workspaceId, userId: user.id, role } });
  return { cookie };
}

type Handler = (req: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

export async function call(handler: Handler, cookie: string, opts: { method?: string; url?: string; params?: Record<string, string>; body?: unknown } = {}) {
  const req = new Request(`http://localhost:3000${opts.url ?? "/"}`, {
    method: opts.method ?? "GET",
    headers: { cookie, ...(opts.body !== undefined ? { "content-type": "application/json" } : {}) },
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
  });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const bytes = Buffer.from(await res.arrayBuffer());
  let json: any = null;
  try { json = JSON.parse(bytes.toString("utf8")); } catch { json = null; }
  return { status: res.status, json, bytes, headers: res.headers };
}

/** A carrier MMSC that accepts every SubmitReq and remembers it. */
export async function startMmsc() {
  const submits: Mm7SubmitReq[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const m = decodeMm7(Buffer.concat(chunks), req.headers["content-type"]);
      if (m.type === "SubmitReq") submits.push(m);
      const rsp = encodeMm7({ type: "SubmitRsp", transactionId: m.transactionId, status: { code: 1000 }, messageId: `MMSC-${submits.length}` }, { namespace: "REL-6-MM7-1-4" });
      res.writeHead(200, { "content-type": rsp.contentType }).end(rsp.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/mm7`,
    submits,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** An MO DeliverReq as the gateway would store it, processed by the inbound worker's code. */
export async function receive(connectionId: string, from: string, text: string, opts: { linkedId?: string; image?: Buffer; at?: Date } = {}) {
  const parts: MimeEntity[] = [{ contentType: "text/plain", params: { charset: "utf-8" }, contentId: "t", body: Buffer.from(text) }];
  if (opts.image) parts.push({ contentType: "image/png", contentId: "i", body: opts.image });
  const req: Mm7DeliverReq = {
    type: "DeliverReq",
    transactionId: randomUUID(),
    ...(opts.linkedId ? { linkedId: opts.linkedId } : {}),
    sender: { kind: "number", value: `${from}/TYPE=PLMN` },
    recipients: { to: [{ kind: "shortCode", value: "4321" }] },
    timeStamp: opts.at ?? new Date(),
    content: { contentType: "multipart/mixed", parts },
  };
  const payload = await deliverPayload(req, async (key, bytes, ct) => { await storage().put(key, bytes, ct); });
  // The keyword confirmation (STOP → "you are unsubscribed") is not what these tests are about: not sent.
  await processDeliver({ id: randomUUID(), connectionId, payload });
}

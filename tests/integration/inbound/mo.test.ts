// MO messages and keywords through the real gateway process and the inbound drain, with replies
// answered by a tiny node:http MM7 responder built on lib/mms.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { pgPool } from "@/lib/db/pg";
import { decodeMm7, encodeMm7, type Mm7SubmitReq } from "@/lib/mms";
import { createConnection } from "@/lib/carrier/connections";
import { closeConnectors } from "@/lib/carrier/connector";
import { drainGatewayEvents, UNMATCHED_GRACE_MS } from "@/lib/inbound";
import { storage } from "@/lib/storage";
import { createWorkspace } from "../../support/fixtures";
import { startProcess, type Proc } from "../../support/processes";
import { basic, freePort, postMm7, report, submittedRow } from "../gateway/support";

let gw: Proc;
let mmsc: http.Server;
const submits: Mm7SubmitReq[] = [];
let ws: { workspaceId: string };
let connId: string;
let url: string;
let auth: string;

beforeAll(async () => {
  mmsc = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const m = decodeMm7(Buffer.concat(chunks), req.headers["content-type"]);
      if (m.type === "SubmitReq") submits.push(m);
      const rsp = encodeMm7({ type: "SubmitRsp", transactionId: m.transactionId, status: { code: 1000 }, messageId: `reply-${submits.length}` }, { namespace: "REL-6-MM7-1-4" });
      res.writeHead(200, { "content-type": rsp.contentType }).end(rsp.body);
    });
  });
  await new Promise<void>((r) => mmsc.listen(0, "127.0.0.1", () => r()));
  const mmscUrl = `http://127.0.0.1:${(mmsc.address() as { port: number }).port}/mm7`;
  const port = await freePort();
  gw = await startProcess("gateway/main.ts", { env: { GATEWAY_PORT: String(port) }, readyPattern: /gateway ready/ });
  ws = await createWorkspace({ name: "Acme" });
  const created = await createConnection(ws.workspaceId, { name: "Tiny MMSC", url: mmscUrl, vaspId: "postino", senderAddress: "4321", senderType: "shortcode" });
  connId = created.connection.id;
  url = `http://127.0.0.1:${port}/mm7/${connId}`;
  auth = basic(created.inbound.username, created.inbound.secret);
}, 60_000);

afterAll(async () => {
  await closeConnectors();
  await gw?.stop();
  await new Promise((r) => mmsc?.close(r));
});

function deliver(from: string, text: string, tx: string, image?: Buffer) {
  const parts = [{ contentType: "text/plain", params: { charset: "utf-8" }, contentId: "t", body: Buffer.from(text) }];
  if (image) parts.push({ contentType: "image/png", contentId: "i", body: image } as never);
  return postMm7(url, { type: "DeliverReq", transactionId: tx, linkedId: "L-42", sender: { kind: "number", value: `${from}/TYPE=PLMN` }, recipients: { to: [{ kind: "shortCode", value: "4321" }] }, timeStamp: new Date("2026-03-01T10:00:00Z"), content: { contentType: "multipart/mixed", parts } }, auth);
}

describe("replies from recipients", () => {
  it("stores an ordinary reply with its picture on a new contact's conversation (consent never asked), no auto-reply", async () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");
    expect((await deliver("+393401234567", "Is the shop open on Sunday?", "mo-1", png)).status).toBe(200);
    await drainGatewayEvents();
    const contact = await db.contact.findUniqueOrThrow({ where: { workspaceId_phone: { workspaceId: ws.workspaceId, phone: "+393401234567" } } });
    expect(contact.consent).toBe("never_asked");
    const msg = await db.inboundMessage.findFirstOrThrow({ where: { contactId: contact.id } });
    expect(msg).toMatchObject({ text: "Is the shop open on Sunday?", keyword: null, linkedId: "L-42" });
    const parts = msg.parts as Array<{ storageKey: string; contentType: string }>;
    expect(parts).toHaveLength(1);
    expect((await storage().get(parts[0].storageKey))?.bytes.equals(png)).toBe(true);
    const conv = await db.conversation.findUniqueOrThrow({ where: { contactId: contact.id } });
    expect(conv.unreadCount).toBe(1);
    expect(submits).toHaveLength(0);
  });

  it("HELP gets the help text; STOP then START flip consent with one confirmation each, linked to the MO", async () => {
    const phone = "+393401234568";
    await deliver(phone, "aiuto", "mo-h");
    await drainGatewayEvents();
    expect(submits.at(-1)?.linkedId).toBe("L-42");
    const text = (m: Mm7SubmitReq) => m.content?.parts?.[0]?.body?.toString() ?? "";
    expect(text(submits.at(-1)!)).toContain("Acme");
    const before = submits.length;
    await deliver(phone, "Arrêt", "mo-s");
    await drainGatewayEvents();
    const c = await db.contact.findUniqueOrThrow({ where: { workspaceId_phone: { workspaceId: ws.workspaceId, phone } } });
    expect(c.consent).toBe("unsubscribed");
    expect(submits.length).toBe(before + 1);
    expect(text(submits.at(-1)!)).toMatch(/unsubscribed/);
    await deliver(phone, "START", "mo-st");
    await drainGatewayEvents();
    expect((await db.contact.findUniqueOrThrow({ where: { id: c.id } })).consent).toBe("subscribed");
    expect(submits.length).toBe(before + 2);
    const events = await db.consentEvent.findMany({ where: { contactId: c.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.source, e.state])).toEqual([["keyword", "unsubscribed"], ["keyword", "subscribed"]]);
    expect(events[0].detail).toMatch(/ARRET/);
  });

  it("keeps a report that overtook its SubmitRsp and applies it once the MessageID is known", async () => {
    expect((await postMm7(url, report("late-1", "Retrieved"), auth)).status).toBe(200);
    await drainGatewayEvents();
    const pending = () => db.gatewayEvent.count({ where: { connectionId: connId, processedAt: null } });
    expect(await pending()).toBe(1);
    const row = await submittedRow(ws.workspaceId, connId, "+393401234569", "late-1");
    await drainGatewayEvents();
    expect((await db.message.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("delivered");
    // A report for a message we never sent is dropped after the grace period, not kept forever.
    expect((await postMm7(url, report("never-sent", "Retrieved"), auth)).status).toBe(200);
    await drainGatewayEvents();
    expect(await pending()).toBe(1);
    await pgPool().query(`UPDATE gateway_event SET "receivedAt" = now() - $2 * interval '1 millisecond' WHERE "connectionId" = $1 AND "processedAt" IS NULL`, [connId, UNMATCHED_GRACE_MS + 1000]);
    await drainGatewayEvents();
    expect(await pending()).toBe(0);
  });
});

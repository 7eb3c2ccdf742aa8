// Shared by the carrier, gateway and inbound integration tests: a free port, an MM7 POST, a ledger row.
import net from "node:net";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import { encodeMm7, type Mm7Message } from "@/lib/mms";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export function basic(user: string, pass: string): string {
  return "Basic " + Buffer.from(`${user}:${pass}`).toString("base64");
}

export async function postRaw(url: string, body: Buffer | string, contentType: string, auth?: string) {
  const res = await fetch(url, { method: "POST", headers: { "content-type": contentType, ...(auth ? { authorization: auth } : {}) }, body: typeof body === "string" ? body : new Uint8Array(body) });
  return { status: res.status, text: await res.text() };
}

export async function postMm7(url: string, msg: Mm7Message, auth?: string) {
  const e = encodeMm7(msg, { namespace: "REL-6-MM7-1-4" });
  return postRaw(url, e.body, e.contentType, auth);
}

export function report(messageId: string, mmStatus: string, recipient = "+393331234567"): Mm7Message {
  return { type: "DeliveryReportReq", transactionId: `dr-${randomBytes(4).toString("hex")}`, messageId, recipient: { kind: "number", value: recipient }, mmStatus: mmStatus as never, date: new Date() };
}

/** A campaign and one submitted ledger row, as the dispatcher leaves it after a SubmitRsp. */
export async function submittedRow(workspaceId: string, connectionId: string, phone: string, mmscMessageId: string) {
  const contact = await db.contact.upsert({ where: { workspaceId_phone: { workspaceId, phone } }, create: { workspaceId, phone, consent: "subscribed" }, update: {} });
  const campaign = await db.campaign.create({ data: { workspaceId, name: `c-${mmscMessageId}`, connectionId, state: "sending" } });
  return db.message.create({ data: { workspaceId, campaignId: campaign.id, contactId: contact.id, phone, connectionId, mmscMessageId, status: "submitted", submittedAt: new Date() } });
}

export async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 10_000, what = "condition"): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

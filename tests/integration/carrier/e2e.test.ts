// The whole carrier loop with real processes over HTTP: connector → MMSC simulator → virtual phones,
// delivery report → gateway → worker → ledger, and a STOP reply → consent, one confirmation.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import { db } from "@/lib/db/client";
import { pgPool } from "@/lib/db/pg";
import { buildSmil, parseWapPush } from "@/lib/mms";
import { createConnection, testConnection, type PublicConnection } from "@/lib/carrier/connections";
import { getConnector, closeConnectors, type OutboundMms } from "@/lib/carrier/connector";
import { isOptedOut } from "@/lib/inbound";
import { createWorkspace } from "../../support/fixtures";
import { startProcess, type Proc } from "../../support/processes";
import { tsharkAvailable, tsharkDecode } from "../../unit/mms/helpers";
import { freePort, submittedRow, waitFor } from "../gateway/support";

let mmsc: Proc, gateway: Proc, workers: Proc;
let mmscUrl: string;
let ws: { workspaceId: string };
let conn: PublicConnection;

const admin = async <T = any>(p: string, body?: unknown): Promise<T> => {
  const res = await fetch(`${mmscUrl}/admin${p}`, { method: body ? "POST" : "GET", headers: { "content-type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
  const data = await res.json();
  if (!res.ok) throw new Error(`${p}: ${res.status} ${JSON.stringify(data)}`);
  return data as T;
};

beforeAll(async () => {
  const [mp, gp] = [await freePort(), await freePort()];
  mmscUrl = `http://127.0.0.1:${mp}`;
  const gatewayUrl = `http://127.0.0.1:${gp}`;
  // This test process creates the connection, so its config must point at these processes.
  process.env.MMSC_URL = mmscUrl;
  process.env.GATEWAY_URL = gatewayUrl;
  const tmp = mkdtempSync(path.join(process.env.POSTINO_TMP ?? os.tmpdir(), "carrier-e2e-"));
  [mmsc, gateway, workers] = await Promise.all([
    startProcess("mmsc/main.ts", { env: { MMSC_PORT: String(mp), MMSC_PUBLIC_URL: mmscUrl, MMSC_DATA_DIR: tmp, MMSC_AUTO_FETCH_MS: "100" }, readyPattern: /mmsc ready/ }),
    startProcess("gateway/main.ts", { env: { GATEWAY_PORT: String(gp), GATEWAY_URL: gatewayUrl }, readyPattern: /gateway ready/ }),
    startProcess("workers/main.ts", { env: { WORKER_QUEUES: "inbound-events" }, readyPattern: /workers ready/ }),
  ]);
  ws = await createWorkspace();
  ({ connection: conn } = await createConnection(ws.workspaceId, { name: "Simulator", url: "http://unused", vaspId: "postino-e2e", vasId: "promo", senderAddress: "4321", senderType: "shortcode" }, { useSimulator: true }));
}, 90_000);

afterAll(async () => {
  await closeConnectors();
  await Promise.all([mmsc?.stop(), gateway?.stop(), workers?.stop()]);
});

async function message(recipient: string, tx: string): Promise<OutboundMms> {
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#c33" } }).jpeg().toBuffer();
  const smil = buildSmil([{ image: { src: "img.jpg", contentType: "image/jpeg" }, text: { src: "txt.txt" }, durationMs: 4000 }]);
  return {
    recipient, subject: "Spring sale", messageClass: "Advertisement", deliveryReport: true, readReply: false, smil, transactionId: tx,
    parts: [
      { contentId: "img", contentType: "image/jpeg", bytes: jpeg, location: "img.jpg" },
      { contentId: "txt", contentType: "text/plain", bytes: Buffer.from("20% off this week"), location: "txt.txt" },
    ],
  };
}

describe("carrier loop through the MMSC simulator", () => {
  it("tests the connection: reachable and credentials accepted; wrong password refused", async () => {
    const r = await testConnection(ws.workspaceId, conn.id);
    expect(r.ok, r.detail).toBe(true);
    const row = await db.carrierConnection.findUniqueOrThrow({ where: { id: conn.id } });
    expect(row.lastTestAt).not.toBeNull();
    const bad = await getConnector({ ...row, id: `${row.id}-bad`, password: "wrong" }).test();
    expect(bad.ok).toBe(false);
    expect(bad.detail).toMatch(/credentials|refused|4001/);
  });

  it("delivers to an MMS phone (notification decodes in tshark, content retrievable) and the report marks the ledger row delivered", async () => {
    const phone = "+393331000011";
    const cfg = await db.carrierConnection.findUniqueOrThrow({ where: { id: conn.id } });
    const out = await getConnector(cfg).submit(await message(phone, "m1-a1"));
    expect(out.kind, JSON.stringify(out)).toBe("accepted");
    if (out.kind !== "accepted") return;
    const row = await submittedRow(ws.workspaceId, conn.id, phone, out.messageId);

    const view = await waitFor(async () => {
      const v = await admin<any>(`/phones/${encodeURIComponent(phone)}`);
      return v.alerts?.length ? v : null;
    }, 10_000, "the phone's MMS alert");
    const alert = view.alerts[0];
    expect(alert.notification.type).toBeDefined();
    if (tsharkAvailable()) {
      const pdu = parseWapPush(Buffer.from(alert.pushBase64, "base64")).body;
      const [decoded] = tsharkDecode([pdu]);
      const flat = JSON.stringify(decoded.mmse);
      expect(flat).toMatch(/m-notification-ind|0x82|130/);
      expect(flat).toContain(alert.notification.contentLocation);
    }
    const msg = await admin<any>(`/messages/${alert.messageId}?to=${encodeURIComponent(phone)}`);
    expect(JSON.stringify(msg)).toContain("20% off this week");

    const delivered = await waitFor(async () => {
      const m = await db.message.findUniqueOrThrow({ where: { id: row.id } });
      return m.status === "delivered" ? m : null;
    }, 15_000, "the delivery report in the ledger");
    expect(delivered.deliveredAt).not.toBeNull();
  });

  it("a legacy phone gets the SMS notice whose link opens the web view", async () => {
    const phone = "+393331000019";
    const cfg = await db.carrierConnection.findUniqueOrThrow({ where: { id: conn.id } });
    const out = await getConnector(cfg).submit(await message(phone, "m2-a1"));
    expect(out.kind).toBe("accepted");
    const view = await waitFor(async () => {
      const v = await admin<any>(`/phones/${encodeURIComponent(phone)}`);
      return v.sms?.length ? v : null;
    }, 10_000, "the SMS notice");
    const link: string = view.sms[0].link;
    expect(view.sms[0].text).toContain(link);
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("20% off this week");
  });

  it("a STOP reply opts the contact out once, with one confirmation, even when the event is replayed", async () => {
    const phone = "+393331000021";
    const cfg = await db.carrierConnection.findUniqueOrThrow({ where: { id: conn.id } });
    expect((await getConnector(cfg).submit(await message(phone, "m3-a1"))).kind).toBe("accepted");
    expect(await isOptedOut(ws.workspaceId, phone)).toBe(false);

    await admin(`/phones/${encodeURIComponent(phone)}/reply`, { text: "  Stop! ", to: "4321" });
    const inbound = await waitFor(() => db.inboundMessage.findFirst({ where: { workspaceId: ws.workspaceId, fromPhone: phone } }), 15_000, "the MO message");
    expect(inbound.keyword).toBe("STOP");
    const contact = await db.contact.findUniqueOrThrow({ where: { workspaceId_phone: { workspaceId: ws.workspaceId, phone } } });
    expect(contact.consent).toBe("unsubscribed");
    const consent = await db.consentEvent.findMany({ where: { contactId: contact.id } });
    expect(consent.map((c) => [c.source, c.state])).toEqual([["keyword", "unsubscribed"]]);
    expect(await isOptedOut(ws.workspaceId, phone)).toBe(true);

    const confirmations = async () => {
      const v = await admin<any>(`/phones/${encodeURIComponent(phone)}`);
      return [...(v.alerts ?? []), ...(v.sms ?? [])].filter((m: any) => m.messageId !== undefined).length - 1; // minus the campaign message
    };
    await waitFor(async () => (await confirmations()) === 1, 10_000, "the confirmation reply");

    // The MMSC resends the same DeliverReq (our answer was lost): stored again, processed, but nothing changes.
    await pgPool().query(`INSERT INTO gateway_event ("connectionId", kind, payload) SELECT "connectionId", kind, payload FROM gateway_event WHERE "connectionId" = $1 AND kind = 'deliver'`, [conn.id]);
    const { enqueue } = await import("@/lib/queues");
    await enqueue("inboundEvents", { connectionId: conn.id });
    await waitFor(async () => (await db.gatewayEvent.count({ where: { connectionId: conn.id, kind: "deliver", processedAt: null } })) === 0, 10_000, "the replay processed");
    await new Promise((r) => setTimeout(r, 500));
    expect(await confirmations()).toBe(1);
    expect(await db.inboundMessage.count({ where: { workspaceId: ws.workspaceId, fromPhone: phone } })).toBe(1);
    expect(await db.consentEvent.count({ where: { contactId: contact.id } })).toBe(1);
  });
});

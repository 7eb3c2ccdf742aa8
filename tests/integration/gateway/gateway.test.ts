import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createConnection } from "@/lib/carrier/connections";
import { drainGatewayEvents } from "@/lib/inbound";
import { readThroughput } from "@/lib/campaigns/throughput";
import { createWorkspace, uid } from "../../support/fixtures";
import { startProcess, type Proc } from "../../support/processes";
import { basic, freePort, postMm7, postRaw, report, submittedRow } from "./support";

let gw: Proc;
let base: string;
let ws: { workspaceId: string };
let conn: { id: string };
let auth: string;
let url: string;

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  gw = await startProcess("gateway/main.ts", { env: { GATEWAY_PORT: String(port), GATEWAY_URL: base }, readyPattern: /gateway ready/ });
  ws = await createWorkspace();
  const created = await createConnection(ws.workspaceId, { name: "Test MMSC", url: "http://127.0.0.1:9/mm7", vaspId: "postino", senderAddress: "+393330000000" });
  conn = created.connection;
  auth = basic(created.inbound.username, created.inbound.secret);
  expect(created.inbound.url.endsWith(`/mm7/${conn.id}`)).toBe(true);
  url = `${base}/mm7/${conn.id}`;
}, 60_000);

afterAll(async () => {
  await gw?.stop();
});

describe("inbound MM7 gateway", () => {
  it("refuses a wrong secret, a wrong user and an unknown connection with 401", async () => {
    const msg = report("x", "Retrieved");
    expect((await postMm7(url, msg, basic("nobody", "wrong"))).status).toBe(401);
    const user = Buffer.from(auth.slice(6), "base64").toString().split(":")[0];
    expect((await postMm7(url, msg, basic(user, "wrong"))).status).toBe(401);
    expect((await postMm7(url, msg)).status).toBe(401);
    expect((await postMm7(`${base}/mm7/cdoesnotexist`, msg, auth)).status).toBe(401);
  });

  it("refuses oversized bodies with 413 (reports are small; MO media up to 5 MB)", async () => {
    const big = Buffer.alloc(200 * 1024, 0x20);
    expect((await postRaw(url, big, "text/xml", auth)).status).toBe(413);
    const huge = Buffer.alloc(6 * 1024 * 1024, 0x20);
    expect((await postRaw(url, huge, 'multipart/related; boundary="b"', auth)).status).toBe(413);
  });

  it("answers XXE and malformed XML with a SOAP fault and stores nothing", async () => {
    const before = await db.gatewayEvent.count({ where: { connectionId: conn.id } });
    const xxe = `<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Body><DeliveryReportReq><MessageID>&xxe;</MessageID></DeliveryReportReq></env:Body></env:Envelope>`;
    for (const body of [xxe, "<env:Envelope><unclosed>", "not xml at all"]) {
      const r = await postRaw(url, body, "text/xml", auth);
      expect(r.status).toBe(500);
      expect(r.text).toMatch(/Fault/);
      expect(r.text).toMatch(/2007/);
      expect(r.text).not.toMatch(/root:/);
    }
    expect(await db.gatewayEvent.count({ where: { connectionId: conn.id } })).toBe(before);
  });

  it("acknowledges a delivery report only once stored, and a replay changes nothing", async () => {
    const mid = uid("M");
    const row = await submittedRow(ws.workspaceId, conn.id, "+393331112223", mid);
    const msg = report(mid, "Retrieved");
    const r = await postMm7(url, msg, auth);
    expect(r.status).toBe(200);
    expect(r.text).toMatch(/DeliveryReportRsp/);
    expect(r.text).toMatch(/1000/);
    expect(await db.gatewayEvent.count({ where: { connectionId: conn.id, kind: "delivery_report" } })).toBeGreaterThanOrEqual(1);
    await drainGatewayEvents();
    const after = await db.message.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.status).toBe("delivered");
    expect(after.deliveredAt).not.toBeNull();
    const events = await db.messageEvent.findMany({ where: { messageId: row.id } });
    expect(events).toHaveLength(1);
    // The live page's chart counts the delivery once, in the bucket of the report's time.
    const deliveredInChart = async () => (await readThroughput(row.campaignId)).reduce((n, p) => n + p.delivered, 0);
    expect(await deliveredInChart()).toBe(1);

    // The MMSC did not see our answer and sends the same report again, plus a late "Deferred".
    expect((await postMm7(url, msg, auth)).status).toBe(200);
    expect((await postMm7(url, report(mid, "Deferred"), auth)).status).toBe(200);
    await drainGatewayEvents();
    const again = await db.message.findUniqueOrThrow({ where: { id: row.id } });
    expect(again.status).toBe("delivered");
    expect(again.updatedAt).toEqual(after.updatedAt);
    expect((await db.messageEvent.findMany({ where: { messageId: row.id, status: { not: null } } }))).toHaveLength(1);
    expect(await deliveredInChart()).toBe(1);
  });

  it("counts a delivery in the chart once when the read report overtakes the delivery report", async () => {
    const mid = uid("M");
    const row = await submittedRow(ws.workspaceId, conn.id, "+393331112224", mid);
    expect((await postMm7(url, report(mid, "Read"), auth)).status).toBe(200);
    await drainGatewayEvents();
    expect(await postMm7(url, report(mid, "Retrieved"), auth).then((r) => r.status)).toBe(200);
    await drainGatewayEvents();
    const m = await db.message.findUniqueOrThrow({ where: { id: row.id } });
    expect(m.status).toBe("read");
    expect(m.deliveredAt).not.toBeNull();
    expect((await readThroughput(row.campaignId)).reduce((n, p) => n + p.delivered, 0)).toBe(1);
  });

  it("marks a NotSupported handset legacy and the row failed with a reason", async () => {
    const mid = uid("M");
    const row = await submittedRow(ws.workspaceId, conn.id, "+393331112229", mid);
    expect((await postMm7(url, report(mid, "NotSupported"), auth)).status).toBe(200);
    await drainGatewayEvents();
    const m = await db.message.findUniqueOrThrow({ where: { id: row.id }, include: { contact: true } });
    expect(m.status).toBe("failed");
    expect(m.reason).toMatch(/MMS/);
    expect(m.contact.handsetClass).toBe("legacy");
  });
});

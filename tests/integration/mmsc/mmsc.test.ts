// The MMSC simulator as a carrier would behave towards Postino, over real HTTP between real processes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeMm7, decodePdu, encodeMm7, encodePdu, parseWapPush, type Mm7DeliveryReportReq, type Mm7DeliverReq, type Mm7SubmitRsp } from "@/lib/mms";
import { basicAuth, mmsContent, postMm7, registerVasp, startSimulator, startVasp, submitReq, testImage, tsharkPush, VASP, type Sim, type Vasp } from "./support";

let sim: Sim;
let vasp: Vasp;
let image: Buffer;
let seq = 0;
const tid = () => `t${Date.now().toString(36)}${++seq}-a1`;

// 7 = a handset that fetches only when asked (so the test drives MM1 itself); 9 legacy, 8 basic, others auto.
const PROFILES = {
  profiles: { manual: { kind: "mms", autoFetch: false } },
  ranges: [
    { match: "9$", profile: "legacy" },
    { match: "8$", profile: "basic" },
    { match: "7$", profile: "manual" },
  ],
};

beforeAll(async () => {
  image = await testImage(320, 240);
  vasp = await startVasp();
  sim = await startSimulator({ MMSC_PROFILES: JSON.stringify(PROFILES), MMSC_AUTO_FETCH_MS: "50" });
  await registerVasp(sim, vasp);
});

afterAll(async () => {
  await sim?.stop();
  await vasp?.close();
});

const drFor = (messageId: string, status?: string) => (m: { type: string }) =>
  m.type === "DeliveryReportReq" && (m as Mm7DeliveryReportReq).messageId === messageId && (!status || (m as Mm7DeliveryReportReq).mmStatus === status);

async function submit(to: string, content = mmsContent(image, "Hello from the bakery"), extra = {}) {
  const r = await postMm7(sim, submitReq(to, tid(), content, extra));
  expect(r.status, r.text).toBe(200);
  const rsp = r.rsp as Mm7SubmitRsp;
  expect(rsp.type).toBe("SubmitRsp");
  expect(rsp.status.code).toBe(1000);
  return rsp.messageId!;
}

describe("MMS-capable handset", () => {
  it("gets a WAP push that Wireshark decodes, retrieves the content over MM1 and the VASP gets Retrieved", async () => {
    const to = "+15550100017";
    const messageId = await submit(to);
    const phone = await sim.admin(`/phones/${encodeURIComponent(to)}`);
    const alert = phone.alerts.find((a: { messageId: string }) => a.messageId === messageId);
    expect(alert.notification).toMatchObject({ type: "m-notification-ind", subject: "Spring sale", messageClass: "Informational", from: "12345" });

    const push = Buffer.from(alert.pushBase64, "base64");
    const ws = tsharkPush(push);
    expect(ws["mmse.message_type"]).toBe("0x82");
    expect(ws["mmse.content_location"]).toBe(alert.notification.contentLocation);
    expect(ws["mmse.subject"]).toBe("Spring sale");
    expect(Number(ws["mmse.message_size"])).toBe(alert.notification.messageSize);
    expect(alert.notification.contentLocation).toContain(sim.url);

    const res = await fetch(alert.notification.contentLocation);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.wap.mms-message");
    const conf = decodePdu(Buffer.from(await res.arrayBuffer()));
    expect(conf.type).toBe("m-retrieve-conf");
    expect(conf.messageId).toBe(messageId);
    const img = conf.parts!.find((p) => p.contentType.mediaType === "image/jpeg");
    expect(img?.data?.equals(image)).toBe(true);
    expect(conf.parts!.find((p) => p.contentType.mediaType === "text/plain")?.data?.toString()).toBe("Hello from the bakery");

    const ack = encodePdu({ type: "m-notifyresp-ind", transactionId: parseWapPush(push).body && decodePdu(parseWapPush(push).body).transactionId, mmsVersion: "1.2", status: "Retrieved" });
    const ackRes = await fetch(`${sim.url}/mms`, { method: "POST", headers: { "content-type": "application/vnd.wap.mms-message" }, body: new Uint8Array(ack) });
    expect(ackRes.status).toBe(204);

    const dr = (await vasp.waitFor(drFor(messageId))) as Mm7DeliveryReportReq;
    expect(dr.mmStatus).toBe("Retrieved");
    expect(dr.recipient.value).toBe(to);
  });

  it("a handset that fetches on its own produces Retrieved without anyone acting, and a read reply on request", async () => {
    const to = "+15550100011";
    const messageId = await submit(to);
    await vasp.waitFor(drFor(messageId, "Retrieved"));
    await sim.admin(`/phones/${encodeURIComponent(to)}/read/${messageId}`, { body: {} });
    const rr = await vasp.waitFor((m) => m.type === "ReadReplyReq" && (m as { messageId: string }).messageId === messageId);
    expect((rr as { mmStatus: string }).mmStatus).toBe("Read");
  });

  it("a basic handset gets an oversize picture scaled down to its limit", async () => {
    const to = "+15550100018";
    const big = await testImage(1600, 1200, true);
    expect(big.length).toBeGreaterThan(150 * 1024);
    const messageId = await submit(to, mmsContent(big, "Big picture"));
    await vasp.waitFor(drFor(messageId, "Retrieved"));
    const view = await sim.admin(`/messages/${messageId}?to=${encodeURIComponent(to)}`);
    expect(view.adaptation.join(" ")).toMatch(/scaled/);
    const total = view.parts.reduce((n: number, p: { size: number }) => n + p.size, 0);
    expect(total).toBeLessThanOrEqual(100 * 1024);
    expect(view.slides[0].image.contentType).toBe("image/jpeg");
  });

  it("expires a message nobody fetches and reports Expired", async () => {
    const messageId = await submit("+15550100027", mmsContent(image, "short-lived"), { expiryDate: { relative: "PT1S" } });
    const dr = (await vasp.waitFor(drFor(messageId, "Expired"), 8000)) as Mm7DeliveryReportReq;
    expect(dr.mmStatus).toBe("Expired");
  });

  it("cancels a stored message; the handset then finds nothing, and a second cancel is refused", async () => {
    const to = "+15550100037";
    const messageId = await submit(to);
    const cancel = { type: "CancelReq" as const, transactionId: tid(), senderIdentification: { vaspId: VASP.vaspId }, messageId };
    const r1 = await postMm7(sim, cancel);
    expect(r1.rsp).toMatchObject({ type: "CancelRsp", status: { code: 1000 } });
    const phone = await sim.admin(`/phones/${encodeURIComponent(to)}`);
    const loc = phone.alerts.find((a: { messageId: string }) => a.messageId === messageId).notification.contentLocation;
    expect((await fetch(loc)).status).toBe(404);
    const r2 = await postMm7(sim, { ...cancel, transactionId: tid() });
    expect(r2.status).toBe(500);
    expect(r2.rsp).toMatchObject({ type: "RSErrorRsp", status: { code: 2005 } });
  });
});

describe("legacy handset", () => {
  it("gets an SMS notice whose link opens the web view; the VASP learns NotSupported", async () => {
    const to = "+15550100019";
    const messageId = await submit(to);
    const phone = await sim.admin(`/phones/${encodeURIComponent(to)}`);
    expect(phone.profile.kind).toBe("legacy");
    const sms = phone.sms.find((s: { messageId: string }) => s.messageId === messageId);
    expect(sms.text).toContain(sms.link);
    const page = await fetch(sms.link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Hello from the bakery");
    const src = /<img src="([^"]+)"/.exec(html)![1];
    const img = Buffer.from(await (await fetch(new URL(src, sim.url))).arrayBuffer());
    expect(img.equals(image)).toBe(true);
    const dr = (await vasp.waitFor(drFor(messageId))) as Mm7DeliveryReportReq;
    expect(dr.mmStatus).toBe("NotSupported");
  });

  it("shows a text-only submission as an SMS and reports it Retrieved", async () => {
    const to = "+15550100029";
    const text = "Our spring sale starts today: https://example.test/s/abc";
    const messageId = await submit(to, { contentType: "text/plain", params: { charset: "utf-8" }, body: Buffer.from(text) });
    const phone = await sim.admin(`/phones/${encodeURIComponent(to)}`);
    expect(phone.sms.find((s: { messageId: string }) => s.messageId === messageId).text).toBe(text);
    expect(((await vasp.waitFor(drFor(messageId))) as Mm7DeliveryReportReq).mmStatus).toBe("Retrieved");
  });
});

describe("MM7 errors", () => {
  it("refuses bad credentials with 401, a wrong VASP id with 4001 and malformed XML with a SOAP fault", async () => {
    const r401 = await postMm7(sim, submitReq("+15550100001", tid(), undefined), basicAuth(VASP.username, "wrong"));
    expect(r401.status).toBe(401);

    const wrongVasp = submitReq("+15550100001", tid(), undefined, { senderIdentification: { vaspId: "someone-else" } });
    const r4001 = await postMm7(sim, wrongVasp);
    expect(r4001.status).toBe(500);
    expect(r4001.rsp).toMatchObject({ type: "RSErrorRsp", status: { code: 4001 } });

    const bad = await fetch(`${sim.url}/mm7`, {
      method: "POST",
      headers: { "content-type": "text/xml", authorization: basicAuth() },
      body: '<?xml version="1.0"?><env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Header><TransactionID>x1</TransactionID></env:Header><env:Body><SubmitReq><Recipients>',
    });
    expect(bad.status).toBe(500);
    const fault = decodeMm7(Buffer.from(await bad.arrayBuffer()), bad.headers.get("content-type") ?? undefined);
    expect(fault).toMatchObject({ type: "RSErrorRsp", transactionId: "x1", status: { code: 4004 }, fault: { code: "Client" } });
  });

  it("answers 4006 above the VASP's throughput limit", async () => {
    await registerVasp(sim, vasp, { vaspId: "slow", username: "slow-user", password: "slow-pass", maxPerSecond: 5 });
    const req = (n: number) => submitReq("+15550100001", `slow${n}-a1`, undefined, { senderIdentification: { vaspId: "slow" } });
    const results = await Promise.all(Array.from({ length: 15 }, (_, n) => postMm7(sim, req(n), basicAuth("slow-user", "slow-pass"))));
    const codes = results.map((r) => (r.rsp as { status: { code: number } }).status.code);
    expect(codes.filter((c) => c === 1000).length).toBeGreaterThanOrEqual(5);
    expect(codes.filter((c) => c === 1000).length).toBeLessThanOrEqual(6);
    expect(codes.filter((c) => c === 4006).length).toBeGreaterThanOrEqual(9);
  });
});

describe("fault injection and the ledger", () => {
  it("produces the configured share of faults, and counts accepted-then-reset submissions as accepted", async () => {
    const before = await sim.admin("/ledger/stats?byRecipient=0");
    await sim.admin("/faults", { method: "PUT", body: { status4006: 0.2, resetAfterAccept: 0.1, seed: 7 } });
    const N = 300;
    let ok = 0, s4006 = 0, resets = 0;
    for (let i = 0; i < N; i++) {
      try {
        const r = await postMm7(sim, submitReq("+15550100041", `f${i}-a1`, undefined, { deliveryReport: false }));
        const code = (r.rsp as { status: { code: number } }).status.code;
        if (code === 1000) ok++;
        else if (code === 4006) s4006++;
      } catch {
        resets++;
      }
    }
    await sim.admin("/faults", { method: "PUT", body: {} });
    expect(s4006 / N).toBeGreaterThan(0.13);
    expect(s4006 / N).toBeLessThan(0.27);
    expect(resets / N).toBeGreaterThan(0.05);
    expect(resets / N).toBeLessThan(0.15);
    expect(ok + s4006 + resets).toBe(N);
    const after = await sim.admin("/ledger/stats?byRecipient=0");
    expect(after.accepted - before.accepted).toBe(ok + resets);
  });

  it("counts a resent attempt of the same transaction to the same recipient as a duplicate", async () => {
    const before = await sim.admin("/ledger/stats");
    const to = "+15550100051";
    const base = `dup${Date.now()}`;
    await postMm7(sim, submitReq(to, `${base}-a1`, undefined));
    await postMm7(sim, submitReq(to, `${base}-a2`, undefined));
    await postMm7(sim, submitReq("+15550100052", `${base}-a1`, undefined));
    const after = await sim.admin("/ledger/stats");
    expect(after.duplicates - before.duplicates).toBe(1);
    expect(after.byRecipient[to] - (before.byRecipient[to] ?? 0)).toBe(2);
  });

  it("retries a delivery report while the VASP answers 503", async () => {
    vasp.failNext = 2;
    const messageId = await submit("+15550100061");
    const dr = await vasp.waitFor(drFor(messageId, "Retrieved"), 15_000);
    expect(dr).toBeTruthy();
    expect(vasp.failNext).toBe(0);
  });
});

describe("MO replies", () => {
  it("a phone replies with text and a picture; the VASP gets a DeliverReq with the LinkedID", async () => {
    const to = "+15550100071";
    const messageId = await submit(to);
    await sim.admin(`/phones/${encodeURIComponent(to)}/reply`, { body: { to: "12345", text: "STOP", imageBase64: image.toString("base64"), imageType: "image/jpeg" } });
    const mo = (await vasp.waitFor((m) => m.type === "DeliverReq" && (m as Mm7DeliverReq).sender?.value === to)) as Mm7DeliverReq;
    expect(mo.linkedId).toBe(messageId);
    expect(mo.recipients?.to?.[0]).toMatchObject({ kind: "shortCode", value: "12345" });
    const parts = mo.content!.parts!;
    expect(parts.find((p) => p.contentType === "text/plain")?.body?.toString()).toBe("STOP");
    expect(parts.find((p) => p.contentType === "image/jpeg")?.body?.equals(image)).toBe(true);
    const phone = await sim.admin(`/phones/${encodeURIComponent(to)}`);
    expect(phone.replies[0]).toMatchObject({ text: "STOP", delivery: "delivered", linkedId: messageId });
  });
});

describe("durability", () => {
  it("keeps accepted messages and VASP accounts across a restart", async () => {
    const to = "+15550100087";
    const messageId = await submit(to);
    const stats = await sim.admin("/ledger/stats?byRecipient=0");
    await sim.stop();
    sim = await startSimulator({ MMSC_PROFILES: JSON.stringify(PROFILES), MMSC_AUTO_FETCH_MS: "50" }, sim.dataDir);
    const again = await sim.admin("/ledger/stats?byRecipient=0");
    expect(again.accepted).toBe(stats.accepted);
    expect(again.duplicates).toBe(stats.duplicates);
    const phone = await sim.admin(`/phones/${encodeURIComponent(to)}`);
    expect(phone.alerts.map((a: { messageId: string }) => a.messageId)).toContain(messageId);
    // The account registered before the restart still authenticates.
    await submit("+15550100001", undefined, { deliveryReport: false });
    void encodeMm7;
  });
});

describe("memory", () => {
  it("forgets the oldest delivered messages beyond MMSC_KEEP_MESSAGES, never a waiting one, and still sees duplicates", async () => {
    const small = await startSimulator({ MMSC_PROFILES: JSON.stringify(PROFILES), MMSC_AUTO_FETCH_MS: "20", MMSC_KEEP_MESSAGES: "2" });
    try {
      await registerVasp(small, vasp);
      const send = async (to: string, t = tid()) => {
        const r = await postMm7(small, submitReq(to, t, mmsContent(image, "keep me?")));
        expect((r.rsp as Mm7SubmitRsp).status.code).toBe(1000);
        return { messageId: (r.rsp as Mm7SubmitRsp).messageId!, t };
      };
      // The oldest waits for a handset that fetches only when asked; five more are fetched on their own.
      const waiting = await send("+15550100407");
      const first = await send("+15550100401");
      const sent = [first];
      for (const to of ["+15550100402", "+15550100403", "+15550100404", "+15550100405"]) sent.push(await send(to));
      for (const s of sent) await vasp.waitFor(drFor(s.messageId, "Retrieved"));
      let stats = await small.admin("/ledger/stats?byRecipient=0");
      for (const until = Date.now() + 5_000; stats.messages > 2 && Date.now() < until; stats = await small.admin("/ledger/stats?byRecipient=0")) await new Promise((r) => setTimeout(r, 100));
      expect(stats).toMatchObject({ accepted: 6, messages: 2, forgotten: 4 });
      // Kept: the waiting one (its handset can still fetch it) and the newest delivered one.
      const phone = await small.admin(`/phones/${encodeURIComponent("+15550100407")}`);
      expect(phone.alerts.map((a: { messageId: string }) => a.messageId)).toEqual([waiting.messageId]);
      expect((await fetch(phone.alerts[0].notification.contentLocation)).status).toBe(200);
      expect((await fetch(`${small.url}/admin/messages/${sent[4]!.messageId}`)).status).toBe(200);
      expect((await fetch(`${small.url}/admin/messages/${first.messageId}`)).status).toBe(404);
      // A retried attempt of a forgotten message's transaction is still a duplicate.
      await send("+15550100401", first.t.replace(/-a1$/, "-a2"));
      expect((await small.admin("/ledger/stats?byRecipient=0")).duplicates).toBe(1);
    } finally {
      await small.stop();
    }
  });
});

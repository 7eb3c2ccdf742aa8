// The connector against real sockets: each way an MM7 exchange can end, and what the dispatcher is told.
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeMm7, encodeMm7, type Mm7SubmitReq } from "@/lib/mms";
import { closeConnectors, getConnector, type ConnectionConfig, type OutboundMms } from "@/lib/carrier/connector";
import { freePort } from "../gateway/support";

type Mode = "ok" | "busy" | "refused-address" | "slow" | "reset" | "http401" | "html";
let mode: Mode = "ok";
const seen: Array<{ auth?: string; msg: Mm7SubmitReq }> = [];
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const msg = decodeMm7(Buffer.concat(chunks), req.headers["content-type"]) as Mm7SubmitReq;
      seen.push({ auth: req.headers.authorization, msg });
      const reply = (code: number, status: number, type: "SubmitRsp" | "RSErrorRsp" = "SubmitRsp", headers: Record<string, string> = {}) => {
        const e = encodeMm7(type === "SubmitRsp" ? { type, transactionId: msg.transactionId, status: { code }, messageId: "MID-1" } : { type, transactionId: msg.transactionId, status: { code } }, { namespace: "REL-5-MM7-1-0" });
        res.writeHead(status, { "content-type": e.contentType, ...headers }).end(e.body);
      };
      if (mode === "ok") reply(1000, 200);
      else if (mode === "busy") reply(4006, 500, "RSErrorRsp", { "retry-after": "2" });
      else if (mode === "refused-address") reply(2002, 500, "RSErrorRsp");
      else if (mode === "http401") res.writeHead(401).end();
      else if (mode === "html") res.writeHead(200, { "content-type": "text/html" }).end("<html>proxy</html>");
      else if (mode === "reset") req.socket.destroy();
      // "slow": never answer; the connector's timeout decides.
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});

afterAll(async () => {
  await closeConnectors();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function conn(over: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return { id: "c-test", url: `${base}/mm7`, username: "vasp", password: "pw", vaspId: "postino", vasId: null, namespace: "REL-5-MM7-1-0", mm7Version: "5.3.0", usePrefix: true, senderAddress: "4321", senderType: "shortcode", timeoutMs: 800, retryTable: {}, maxMessageBytes: 300_000, maxPerSecond: 50, ...over };
}
const msg: OutboundMms = { recipient: "+393331234567", subject: "Hi", messageClass: "Advertisement", deliveryReport: true, readReply: false, parts: [{ contentId: "t", contentType: "text/plain", bytes: Buffer.from("hello") }], smil: "<smil><body><par><text src=\"cid:t\"/></par></body></smil>", transactionId: "m1-a1" };

describe("MM7 connector outcomes", () => {
  it("accepted: sends a well-formed SubmitReq with Basic auth, sender and options, returns the MessageID", async () => {
    mode = "ok";
    const out = await getConnector(conn()).submit(msg);
    expect(out).toEqual({ kind: "accepted", messageId: "MID-1", statusCode: 1000 });
    const { auth, msg: got } = seen.at(-1)!;
    expect(auth).toBe("Basic " + Buffer.from("vasp:pw").toString("base64"));
    expect(got).toMatchObject({ transactionId: "m1-a1", messageClass: "Advertisement", deliveryReport: true, subject: "Hi", senderIdentification: { vaspId: "postino", senderAddress: { kind: "shortCode", value: "4321" } } });
    expect(got.recipients.to?.[0].value).toBe("+393331234567");
    expect(got.content?.parts?.map((p) => p.contentType)).toEqual(["application/smil", "text/plain"]);
  });

  it("the same config reuses one pooled connector; a changed config gets a new one", () => {
    expect(getConnector(conn())).toBe(getConnector(conn()));
    expect(getConnector(conn({ maxPerSecond: 10 }))).not.toBe(getConnector(conn()));
  });

  it("retry for 4006 (with Retry-After) and for a refused TCP connection; permanent for 2002, 401 and oversize", async () => {
    mode = "busy";
    expect(await getConnector(conn()).submit(msg)).toMatchObject({ kind: "retry", statusCode: 4006, retryAfterMs: 2000 });
    mode = "refused-address";
    expect(await getConnector(conn()).submit(msg)).toMatchObject({ kind: "permanent", statusCode: 2002 });
    mode = "http401";
    expect(await getConnector(conn()).submit(msg)).toMatchObject({ kind: "permanent" });
    const closed = await freePort();
    expect(await getConnector(conn({ id: "c-closed", url: `http://127.0.0.1:${closed}/mm7` })).submit(msg)).toMatchObject({ kind: "retry" });
    const sent = seen.length;
    expect(await getConnector(conn({ maxMessageBytes: 10_000 })).submit({ ...msg, parts: [{ contentId: "i", contentType: "image/jpeg", bytes: Buffer.alloc(20_000) }] })).toMatchObject({ kind: "permanent" });
    expect(seen.length).toBe(sent);
  });

  it("unknown (never resent) for a timeout, a reset or an unreadable answer after the request was sent", async () => {
    mode = "slow";
    const t0 = Date.now();
    expect((await getConnector(conn()).submit(msg)).kind).toBe("unknown");
    expect(Date.now() - t0).toBeLessThan(5_000);
    mode = "reset";
    expect((await getConnector(conn()).submit(msg)).kind).toBe("unknown");
    mode = "html";
    expect((await getConnector(conn()).submit(msg)).kind).toBe("unknown");
  });

  it("test(): any MM7 answer means reachable; 401 means credentials refused", async () => {
    mode = "refused-address";
    expect(await getConnector(conn()).test()).toMatchObject({ ok: true });
    mode = "http401";
    expect(await getConnector(conn()).test()).toMatchObject({ ok: false, detail: expect.stringMatching(/credentials refused/) });
  });
});

// Postino's MM7 connector against the simulator: the outcomes the pipeline relies on, produced by real faults.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeConnectors, getConnector, type ConnectionConfig, type OutboundMms } from "@/lib/carrier/connector";
import { buildSmil } from "@/lib/mms";
import { registerVasp, startSimulator, startVasp, testImage, VASP, type Sim, type Vasp } from "./support";

let sim: Sim;
let vasp: Vasp;
let conn: ConnectionConfig;
let image: Buffer;

beforeAll(async () => {
  image = await testImage(200, 150);
  vasp = await startVasp();
  sim = await startSimulator({ MMSC_AUTO_FETCH_MS: "50" });
  await registerVasp(sim, vasp);
  conn = {
    id: "sim-conn",
    url: `${sim.url}/mm7`,
    username: VASP.username,
    password: VASP.password,
    vaspId: VASP.vaspId,
    vasId: VASP.vasId,
    namespace: VASP.namespace,
    mm7Version: "6.8.0",
    usePrefix: true,
    senderAddress: "12345",
    senderType: "shortcode",
    timeoutMs: 1500,
    retryTable: {},
    maxMessageBytes: 307200,
    maxPerSecond: 50,
  };
});

afterAll(async () => {
  await closeConnectors();
  await sim?.stop();
  await vasp?.close();
});

const msg = (n: string): OutboundMms => ({
  recipient: "+15550200001",
  subject: "Hello",
  messageClass: "Informational",
  deliveryReport: true,
  readReply: false,
  smil: buildSmil([{ image: { src: "cid:img", contentType: "image/jpeg" }, text: { src: "cid:txt" } }]),
  parts: [
    { contentId: "img", contentType: "image/jpeg", bytes: image, location: "a.jpg" },
    { contentId: "txt", contentType: "text/plain", bytes: Buffer.from("hi"), location: "a.txt" },
  ],
  transactionId: `m${n}-a1`,
});

describe("connector → simulator", () => {
  it("accepted: the simulator's MessageID comes back and the delivery report carries it", async () => {
    const out = await getConnector(conn).submit(msg("ok1"));
    expect(out.kind).toBe("accepted");
    const id = (out as { messageId: string }).messageId;
    await vasp.waitFor((m) => m.type === "DeliveryReportReq" && (m as { messageId: string }).messageId === id);
  });

  it("4006 is retry, an accepted-then-reset submission is unknown yet counted by the MMSC", async () => {
    await sim.admin("/faults", { method: "PUT", body: { status4006: 1 } });
    const r = await getConnector(conn).submit(msg("busy"));
    expect(r).toMatchObject({ kind: "retry", statusCode: 4006 });

    const before = await sim.admin("/ledger/stats?byRecipient=0");
    await sim.admin("/faults", { method: "PUT", body: { resetAfterAccept: 1 } });
    const u = await getConnector(conn).submit(msg("reset"));
    expect(u.kind).toBe("unknown");
    await sim.admin("/faults", { method: "PUT", body: { timeoutAfterAccept: 1 } });
    const t = await getConnector(conn).submit(msg("slow"));
    expect(t.kind).toBe("unknown");
    await sim.admin("/faults", { method: "PUT", body: {} });
    const after = await sim.admin("/ledger/stats?byRecipient=0");
    expect(after.accepted - before.accepted).toBe(2);
  });
});

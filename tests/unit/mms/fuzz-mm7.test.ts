/**
 * Fuzz: 100,000 mutated MM7 bodies (seeded) through decodeMm7: decode or Mm7ParseError, nothing else.
 * Mutations are byte-level (like the PDU fuzz) plus structural ones aimed at XML and MIME syntax.
 */
import { describe, expect, it } from "vitest";
import { decodeMm7, encodeMm7, Mm7ParseError, type Mm7Message } from "../../../lib/mms/index.js";
import { HAS_FIXTURES, mm7Fixture, mutate, prng, splitHttp } from "./helpers.js";

const SEED = Number(process.env.MMS_FUZZ_SEED ?? 20240301);
const ITERATIONS = 100_000;
const TOKENS = ["<", ">", "/>", "</", "&", "&amp;", "&#x0;", "]]>", "<![CDATA[", "<!--", "\"", "'", "=", ":", "--", "\r\n", "\n\n", "\r\n\r\n", "Content-Type: multipart/mixed; boundary=x\r\n", "--x\r\n", "base64", "<!DOCTYPE", "xmlns:a=\"u\"", "\u0000", "\u00ff"];

function structural(src: Buffer, rand: () => number): Buffer {
  const s = src.toString("latin1");
  const pos = Math.floor(rand() * s.length);
  const r = rand();
  let out: string;
  if (r < 0.5) out = s.slice(0, pos) + TOKENS[Math.floor(rand() * TOKENS.length)] + s.slice(pos);
  else if (r < 0.8) {
    const len = 1 + Math.floor(rand() * 20);
    out = s.slice(0, pos) + s.slice(pos + len);
  } else {
    const from = Math.floor(rand() * s.length);
    out = s.slice(0, pos) + s.slice(from, from + 1 + Math.floor(rand() * 40)) + s.slice(pos);
  }
  return Buffer.from(out, "latin1");
}

describe("MM7 decoder fuzz", () => {
  it(`${ITERATIONS} mutated MM7 bodies (seed ${SEED}) decode or fail with Mm7ParseError`, () => {
    const corpus: Array<{ body: Buffer; ct?: string }> = [];
    const msgs: Mm7Message[] = [
      { type: "DeliveryReportReq", transactionId: "t", messageId: "m", recipient: { kind: "number", value: "1555" }, sender: { kind: "shortCode", value: "123" }, date: new Date(0), mmStatus: "Retrieved", statusText: "ok" },
      { type: "SubmitRsp", transactionId: "t", status: { code: 1000, text: "Success" }, messageId: "m" },
      { type: "RSErrorRsp", transactionId: "t", status: { code: 2002, text: "Address Error" } },
      {
        type: "SubmitReq", transactionId: "t", recipients: { to: [{ kind: "number", value: "1" }] }, subject: "s",
        content: { contentType: "multipart/related", params: { type: "application/smil", start: "<s>" }, parts: [
          { contentType: "application/smil", contentId: "s", body: Buffer.from("<smil/>") },
          { contentType: "image/gif", contentId: "g", body: Buffer.from("GIF89a....") },
        ] },
      },
    ];
    for (const m of msgs) {
      for (const prefix of [false, true]) {
        const e = encodeMm7(m, { namespace: "REL-6-MM7-1-4", prefix, boundarySeed: "f" });
        corpus.push({ body: e.body, ct: e.contentType });
      }
    }
    if (HAS_FIXTURES) {
      for (const f of ["fault.xml", "fault_02.xml", "submit-rsp.xml", "deliver-req1.txt", "deliver-req2.txt", "deliver-req3.txt", "deliver-req-post.txt"]) {
        const { body, contentType } = splitHttp(mm7Fixture(f));
        corpus.push({ body, ct: contentType });
      }
    }
    const rand = prng(SEED);
    let ok = 0;
    let typed = 0;
    const started = performance.now();
    for (let i = 0; i < ITERATIONS; i++) {
      const c = corpus[i % corpus.length];
      const input = rand() < 0.5 ? mutate(c.body, rand) : structural(c.body, rand);
      const ct = rand() < 0.9 ? c.ct : undefined;
      try {
        decodeMm7(input, ct);
        ok++;
      } catch (e) {
        if (!(e instanceof Mm7ParseError)) {
          throw new Error(`iteration ${i} (seed ${SEED}): ${String(e)} for ${input.toString("latin1").slice(0, 400)}`);
        }
        typed++;
      }
    }
    expect(ok + typed).toBe(ITERATIONS);
    expect(typed).toBeGreaterThan(1000);
    // Wall-clock guard against pathological slowness only (about 10 s idle on 2 cores; shared CI boxes vary).
    expect(performance.now() - started).toBeLessThan(150_000);
  }, 180_000);
});

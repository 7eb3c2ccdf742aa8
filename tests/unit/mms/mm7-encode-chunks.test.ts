// A SubmitReq sent as chunks must be byte for byte the SubmitReq encodeMm7 writes, with a frozen picture shared
// between messages rather than copied into each.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeMm7, encodeMm7, encodeMm7Chunks, freezeBody, type Mm7SubmitReq } from "../../../lib/mms/index.js";

const NS = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4";

const submit = (img: Buffer, name: string, nested: boolean): Mm7SubmitReq => {
  const parts = [
    { contentType: "image/jpeg", contentId: "img1", body: img },
    { contentType: "text/plain", params: { charset: "utf-8" }, contentId: "txt1", body: Buffer.from(`Ciao ${name} -- a presto`) },
  ];
  return {
    type: "SubmitReq",
    transactionId: `t-${name}`,
    senderIdentification: { vaspId: "postino" },
    recipients: { to: [{ kind: "number", value: "+393331234567" }] },
    messageClass: "Advertisement",
    deliveryReport: true,
    content: nested
      ? { contentType: "multipart/related", params: { type: "application/smil" }, parts: [{ contentType: "application/smil", contentId: "smil", body: Buffer.from("<smil/>") }, { contentType: "multipart/mixed", parts }] }
      : { contentType: "multipart/mixed", parts },
  };
};

describe("encodeMm7Chunks", () => {
  for (const nested of [false, true]) {
    it(`writes the bytes encodeMm7 writes${nested ? " (picture in a nested multipart)" : ""}, sharing the frozen picture`, () => {
      const img = freezeBody(randomBytes(100_001));
      const copy = Buffer.from(img);
      const seen: Buffer[] = [];
      for (const name of ["Ada", "Grace"]) {
        const opts = { namespace: NS, boundarySeed: name };
        const chunked = encodeMm7Chunks(submit(img, name, nested), opts);
        const whole = encodeMm7(submit(copy, name, nested), opts);
        const joined = Buffer.concat(chunked.chunks);
        expect(chunked.contentType).toBe(whole.contentType);
        expect(chunked.length).toBe(joined.length);
        expect(joined.equals(whole.body)).toBe(true);
        const big = chunked.chunks.filter((c) => c.length > 100_000);
        expect(big).toHaveLength(1);
        seen.push(big[0]!);
        const back = decodeMm7(joined, whole.contentType);
        expect(back.type).toBe("SubmitReq");
      }
      // The same buffer both times: encoded once, referenced by every message.
      expect(seen[0]).toBe(seen[1]);
    });
  }

  it("is one chunk when nothing is frozen", () => {
    const r = encodeMm7Chunks(submit(randomBytes(1000), "Ada", false), { namespace: NS, boundarySeed: "x" });
    expect(r.chunks).toHaveLength(1);
    expect(r.chunks[0]!.length).toBe(r.length);
  });
});

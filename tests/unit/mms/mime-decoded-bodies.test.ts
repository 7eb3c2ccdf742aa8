// A receiver that keeps decoded bodies must hand back exactly what a fresh decode gives, for the
// same part met again and for a different part of the same size.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildMime, DecodedBodies, parseMime, type MimeEntity } from "../../../lib/mms/index.js";

const message = (img: Buffer, text: string): MimeEntity => ({
  contentType: "multipart/related",
  parts: [
    { contentType: "image/jpeg", contentId: "img1", body: img },
    { contentType: "text/plain", params: { charset: "utf-8" }, body: Buffer.from(text) },
  ],
});

const roundTrip = (e: MimeEntity, cache?: DecodedBodies) => {
  const m = buildMime(e, { boundarySeed: "x" });
  return parseMime(m.body, m.contentType, {}, cache);
};

describe("DecodedBodies", () => {
  it("reuses the decoded picture of a repeated part, and decodes a different one of the same size", () => {
    const cache = new DecodedBodies();
    const img = randomBytes(100_000);
    const first = roundTrip(message(img, "Ciao Ada"), cache);
    const again = roundTrip(message(Buffer.from(img), "Ciao Grace"), cache);
    expect(first.parts![0]!.body!.equals(img)).toBe(true);
    expect(again.parts![0]!.body).toBe(first.parts![0]!.body);
    expect(again.parts![1]!.body!.toString()).toBe("Ciao Grace");

    // Same length, same bytes at every sampled offset but one byte in between: never mistaken for the first.
    const other = Buffer.from(img);
    other[12_345] ^= 0xff;
    const third = roundTrip(message(other, "Ciao Ada"), cache);
    expect(third.parts![0]!.body!.equals(other)).toBe(true);
    expect(third.parts![0]!.body!.equals(img)).toBe(false);
  });

  it("leaves small parts to a fresh decode each time", () => {
    const cache = new DecodedBodies();
    const a = roundTrip(message(randomBytes(20_000), "Ciao"), cache);
    const b = roundTrip(message(randomBytes(20_000), "Ciao"), cache);
    expect(a.parts![1]!.body).not.toBe(b.parts![1]!.body);
    expect(a.parts![1]!.body!.toString()).toBe("Ciao");
  });
});

// A frozen body's base64 is encoded once and copied afterwards: the bytes must be those of a fresh encoding.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildMime, freezeBody, type MimeEntity } from "../../../lib/mms/index.js";

const entity = (img: Buffer, text: string): MimeEntity => ({
  contentType: "multipart/related",
  parts: [
    { contentType: "image/jpeg", contentId: "img1", body: img },
    { contentType: "text/plain", params: { charset: "utf-8" }, body: Buffer.from(text) },
  ],
});

describe("freezeBody", () => {
  it("gives the same bytes as encoding the body each time", () => {
    const img = randomBytes(100_003);
    const copy = Buffer.from(img);
    freezeBody(img);
    for (const name of ["Ada", "Grace"]) {
      const a = buildMime(entity(img, `Ciao ${name}`), { boundarySeed: name });
      const b = buildMime(entity(copy, `Ciao ${name}`), { boundarySeed: name });
      expect(a.body.equals(b.body)).toBe(true);
    }
  });
});

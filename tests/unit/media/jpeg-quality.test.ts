// The quality read back from a JPEG's tables is the one sharp wrote it at.
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { jpegQuality } from "../../../lib/media/jpeg-quality";

describe("jpegQuality", () => {
  it("reads back the quality a picture was encoded at", async () => {
    const raw = Buffer.alloc(64 * 48 * 3, 128);
    for (const q of [30, 52, 75, 90]) {
      const jpg = await sharp(raw, { raw: { width: 64, height: 48, channels: 3 } }).jpeg({ quality: q }).toBuffer();
      expect(Math.abs(jpegQuality(jpg)! - q)).toBeLessThanOrEqual(1);
    }
  });

  it("says nothing of bytes that are not a JPEG", () => {
    expect(jpegQuality(Buffer.from("GIF89a not a jpeg"))).toBeUndefined();
  });
});

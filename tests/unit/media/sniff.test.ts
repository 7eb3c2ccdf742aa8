import { describe, expect, it } from "vitest";
import { intendedFamily, refusalSentence, sniff } from "@/lib/media/sniff";

const refusal = (bytes: Buffer, name?: string, type?: string) => {
  const s = sniff(bytes);
  if (s.accepted) throw new Error(`accepted as ${s.label}`);
  return refusalSentence(s, intendedFamily(name, type));
};

describe("file type by content", () => {
  it("recognises media by magic bytes whatever the name says", () => {
    expect(sniff(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toMatchObject({ accepted: true, contentType: "image/jpeg" });
    expect(sniff(Buffer.from("\x89PNG\r\n\x1a\n....", "latin1"))).toMatchObject({ accepted: true, contentType: "image/png" });
    expect(sniff(Buffer.from("GIF89a......"))).toMatchObject({ accepted: true, contentType: "image/gif" });
    expect(sniff(Buffer.from("RIFF\0\0\0\0WAVEfmt "))).toMatchObject({ accepted: true, family: "audio" });
    expect(sniff(Buffer.from("ID3\x04\0\0\0\0", "latin1"))).toMatchObject({ accepted: true, contentType: "audio/mpeg" });
    expect(sniff(Buffer.from("\0\0\0\x18ftypmp42\0\0\0\0", "latin1"))).toMatchObject({ accepted: true, family: "av" });
    expect(sniff(Buffer.from("#!AMR\n"))).toMatchObject({ accepted: true, contentType: "audio/amr" });
  });

  it("says what a refused file really is, in the user's terms", () => {
    expect(refusal(Buffer.from("%PDF-1.7\n..."), "photo.jpg")).toBe("This file is a PDF, not an image. Export the page you want as a JPEG or PNG image.");
    expect(refusal(Buffer.from("<!DOCTYPE html><html><body>"), "cat.png")).toMatch(/^This file is a web page \(HTML\), not an image\./);
    expect(refusal(Buffer.from("  <svg xmlns='http://www.w3.org/2000/svg'>"), "logo.svg")).toMatch(/SVG drawing.*export it as PNG/);
    expect(refusal(Buffer.alloc(0), "x.jpg")).toMatch(/^This file is empty/);
    expect(refusal(Buffer.from("\0\0\0\x18ftypheic", "latin1"), "IMG_1.HEIC")).toMatch(/HEIC photo, not an image\. Export it as JPEG/);
    expect(refusal(Buffer.from("PK\x03\x04rest", "latin1"), "song.mp3")).toBe("This file is a ZIP archive (or an Office document), not an audio file.");
    expect(refusal(Buffer.from("%PDF-1.4"))).toBe("This file is a PDF, not an image, audio or video file. Export the page you want as a JPEG or PNG image.");
  });
});

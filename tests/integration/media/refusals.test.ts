// Bad files are refused before anything is stored, quickly, with a sentence a user can act on.
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createMedia, importMediaFromUrl, MediaRefused } from "@/lib/media";
import { closeQueues } from "@/lib/queues";
import { createWorkspace } from "../../support/fixtures";
import { pngBomb } from "./generate";

let ctx: { workspaceId: string };
beforeAll(async () => {
  ctx = { workspaceId: (await createWorkspace()).workspaceId };
});
afterAll(async () => {
  await closeQueues();
});

async function refused(work: () => Promise<unknown>, maxMs = 2_000): Promise<MediaRefused> {
  const started = Date.now();
  const err = await work().then(() => null, (e: unknown) => e);
  const elapsed = Date.now() - started;
  expect(err).toBeInstanceOf(MediaRefused);
  expect(elapsed, "refusals must be quick").toBeLessThan(maxMs);
  return err as MediaRefused;
}

describe("files that are refused", () => {
  it("a 1-gigapixel PNG bomb, measured from its header without decoding", async () => {
    const bomb = pngBomb();
    expect(bomb.length).toBeLessThan(1_000_000);
    const err = await refused(() => createMedia(ctx, { bytes: bomb, fileName: "poster.png" }), 500);
    expect(err.message).toBe("This image is 32,768 × 32,768 pixels (1,074 megapixels); the limit is 50 megapixels. Resize it and upload it again.");
  });

  it("a truncated JPEG", async () => {
    const jpeg = await sharp({ create: { width: 1200, height: 800, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 40 } } }).jpeg().toBuffer();
    const err = await refused(() => createMedia(ctx, { bytes: jpeg.subarray(0, Math.floor(jpeg.length / 2)), fileName: "holiday.jpg" }));
    expect(err.message).toBe("This JPEG image is damaged or incomplete (it may have been cut off while uploading or downloading).");
  });

  it("a PDF renamed .jpg", async () => {
    const pdf = Buffer.from("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    const err = await refused(() => createMedia(ctx, { bytes: pdf, fileName: "flyer.jpg", declaredType: "image/jpeg" }));
    expect(err.message).toBe("This file is a PDF, not an image. Export the page you want as a JPEG or PNG image.");
  });

  it("an HTML page", async () => {
    const err = await refused(() => createMedia(ctx, { bytes: Buffer.from("<!doctype html><html><head><title>x</title></head><body><img src=a.jpg></body></html>"), fileName: "image.png" }));
    expect(err.message).toMatch(/^This file is a web page \(HTML\), not an image\. If you copied a link to a page/);
  });

  it("a zero-byte file", async () => {
    const err = await refused(() => createMedia(ctx, { bytes: Buffer.alloc(0), fileName: "empty.mp4" }));
    expect(err.message).toBe("This file is empty (0 bytes). Choose the file again, or check that it finished downloading.");
  });

  it("a URL pointing to 127.0.0.1 (in any spelling), to localhost or an intranet name, or to cloud metadata", async () => {
    for (const url of ["http://127.0.0.1:3000/logo.png", "http://[::ffff:127.0.0.1]/x.png", "http://169.254.169.254/latest/meta-data/", "http://localhost/x.jpg", "http://printer/x.jpg"]) {
      const err = await refused(() => importMediaFromUrl(ctx, url), 6_000);
      expect(err.message, url).toMatch(/points to a private or local network \(.+\); only files on the public internet can be imported\.$/);
    }
    const ftp = await refused(() => importMediaFromUrl(ctx, "ftp://example.com/a.jpg"));
    expect(ftp.message).toBe("Only http:// and https:// addresses can be imported.");
  });

  it("leaves nothing behind", async () => {
    expect(await db.mediaAsset.count({ where: { workspaceId: ctx.workspaceId } })).toBe(0);
    expect(await db.storedObject.count({ where: { key: { startsWith: `originals/${ctx.workspaceId}/` } } })).toBe(0);
  });
});

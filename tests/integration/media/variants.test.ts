// Every kind of upload becomes every variant its family needs, each within its byte budget and
// decodable by sharp/ffprobe. The transcoder runs in-process here (the worker only wraps it).
import { writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { profileByName, profilesFor } from "@/lib/handset";
import { createMedia, transcodeAsset } from "@/lib/media";
import { closeQueues, getQueue } from "@/lib/queues";
import { storage } from "@/lib/storage";
import { createWorkspace } from "../../support/fixtures";
import { animatedGif, ffprobeFile, mp3, photo12mp, transparentPng, video1080p, wav, workDir } from "./generate";

let ctx: { workspaceId: string };

beforeAll(async () => {
  ctx = { workspaceId: (await createWorkspace()).workspaceId };
});
afterAll(async () => {
  // Jobs enqueued by the uploads were run in-process here; leave nothing for a later worker test.
  await getQueue("mediaTranscode").obliterate({ force: true });
  await closeQueues();
});

async function uploadAndTranscode(bytes: Buffer, fileName: string) {
  const asset = await createMedia(ctx, { bytes, fileName });
  expect(asset.status).toBe("processing");
  const result = await transcodeAsset(asset.id);
  expect(result.status).toBe("ready");
  const after = await db.mediaAsset.findUniqueOrThrow({ where: { id: asset.id }, include: { variants: true } });
  expect(after.status).toBe("ready");
  expect(after.progress).toBe(100);
  const family = profilesFor(after.kind);
  expect(after.variants.map((v) => v.profile).sort()).toEqual(family.map((p) => p.name).sort());
  for (const v of after.variants) {
    const budget = profileByName(v.profile)!.budgetBytes;
    const stored = await storage().get(v.storageKey);
    expect(stored!.bytes.length, v.profile).toBe(v.size);
    expect(v.size, `${v.profile} is ${v.size} bytes`).toBeLessThanOrEqual(budget);
  }
  return { asset: after, bytesOf: async (profile: string) => (await storage().get(after.variants.find((v) => v.profile === profile)!.storageKey))!.bytes };
}

function probeBytes(bytes: Buffer, name: string) {
  const file = path.join(workDir(), name);
  writeFileSync(file, bytes);
  return ffprobeFile(file);
}

describe("media variants within each handset budget", () => {
  it("a 12 MP JPEG becomes three JPEGs fitted to 100, 300 and 600 KB, and the work is never repeated", async () => {
    const photo = await photo12mp();
    const { asset, bytesOf } = await uploadAndTranscode(photo, "beach.jpg");
    expect(asset.width).toBe(4000);
    expect(asset.height).toBe(3000);
    for (const p of ["image-100k", "image-300k", "image-600k"]) {
      // The detailed photo does not fit at full quality: the search had to work for every budget.
      expect((await bytesOf(p)).length).toBeGreaterThan(profileByName(p)!.budgetBytes * 0.6);
      const meta = await sharp(await bytesOf(p)).metadata();
      expect(meta.format).toBe("jpeg");
      expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(profileByName(p)!.maxWidth);
    }
    expect(asset.thumbnailKey).toBeTruthy();
    // Same original and edits: nothing is produced again, for the same item or a re-upload of it.
    expect((await transcodeAsset(asset.id)).produced).toEqual([]);
    const twin = await createMedia(ctx, { bytes: photo, fileName: "beach-again.jpg" });
    const again = await transcodeAsset(twin.id);
    expect(again.produced).toEqual([]);
    expect(again.reused.sort()).toEqual(["image-100k", "image-300k", "image-600k"]);
  });

  it("a PNG with transparency keeps it where the handset takes PNG, and is flattened to JPEG for basic phones", async () => {
    const { bytesOf } = await uploadAndTranscode(await transparentPng(), "logo.png");
    const rich = await sharp(await bytesOf("image-600k")).metadata();
    expect(rich.format).toBe("png");
    expect(rich.hasAlpha).toBe(true);
    expect((await sharp(await bytesOf("image-100k")).metadata()).format).toBe("jpeg");
  });

  it("an animated GIF stays animated when it fits", async () => {
    const { asset, bytesOf } = await uploadAndTranscode(await animatedGif(), "spinner.gif");
    expect(asset.animated).toBe(true);
    for (const p of ["image-100k", "image-300k"]) {
      const meta = await sharp(await bytesOf(p), { animated: true }).metadata();
      expect(meta.format).toBe("gif");
      expect(meta.pages).toBe(8);
    }
  });

  it("a WAV and an MP3 become AMR-NB and AAC/M4A", async () => {
    for (const [bytes, name] of [[wav(8), "jingle.wav"], [await mp3(10), "voice.mp3"]] as const) {
      const { asset, bytesOf } = await uploadAndTranscode(bytes, name);
      expect(asset.kind).toBe("audio");
      const amr = probeBytes(await bytesOf("audio-amr-100k"), `${name}.amr`);
      expect(amr.streams[0]!.codec_name).toBe("amr_nb");
      expect(Math.abs(amr.durationMs - asset.durationMs!)).toBeLessThan(1000);
      const m4a = probeBytes(await bytesOf("audio-m4a-300k"), `${name}.m4a`);
      expect(m4a.streams[0]!.codec_name).toBe("aac");
    }
  });

  it("a 30 s 1080p MP4 becomes 3GPP H.263/AMR for old phones and H.264 baseline/AAC MP4 for current ones", async () => {
    const { asset, bytesOf } = await uploadAndTranscode(video1080p(30), "promo.mp4");
    expect(asset).toMatchObject({ kind: "video", width: 1920, height: 1080 });
    expect(asset.thumbnailKey).toBeTruthy();
    for (const p of ["video-3gp-100k", "video-3gp-300k"]) {
      const info = probeBytes(await bytesOf(p), `${p}.3gp`);
      expect(info.streams.find((s) => s.codec_type === "video")!.codec_name).toBe("h263");
      expect(info.streams.find((s) => s.codec_type === "audio")!.codec_name).toBe("amr_nb");
    }
    for (const p of ["video-mp4-300k", "video-mp4-600k"]) {
      const info = probeBytes(await bytesOf(p), `${p}.mp4`);
      const v = info.streams.find((s) => s.codec_type === "video")!;
      expect(v.codec_name).toBe("h264");
      expect(v.profile).toMatch(/Baseline/);
      expect(info.streams.find((s) => s.codec_type === "audio")!.codec_name).toBe("aac");
      expect(info.durationMs).toBeGreaterThan(29_000);
    }
  });
});

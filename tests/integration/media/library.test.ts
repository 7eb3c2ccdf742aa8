// The library as a user meets it: items of another workspace do not exist, search and tags work,
// edits re-queue the transcoder, delete is refused while a campaign will still send the item,
// previews and send-time renders personalise per contact and reuse identical renders.
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { pickVariant } from "@/lib/handset";
import {
  createMedia, deleteMedia, getMedia, listMedia, loadMediaForSend, openMediaFile, renderMediaPreview, renderPersonalisedImage, transcodeAsset, updateMedia,
} from "@/lib/media";
import { closeQueues, getQueue, jobId } from "@/lib/queues";
import { editsHash, parseEdits } from "@/lib/media/edits";
import { storage } from "@/lib/storage";
import { createWorkspace } from "../../support/fixtures";

let ctx: { workspaceId: string };
let other: { workspaceId: string };
let photo: Buffer;

beforeAll(async () => {
  ctx = { workspaceId: (await createWorkspace()).workspaceId };
  other = { workspaceId: (await createWorkspace()).workspaceId };
  photo = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: "#3a7ca5", noise: { type: "gaussian", mean: 120, sigma: 30 } } }).blur(2).jpeg({ quality: 85 }).toBuffer();
});
afterAll(async () => {
  await getQueue("mediaTranscode").obliterate({ force: true });
  await closeQueues();
});

describe("media library", () => {
  it("lists, searches by name or tag, and hides other workspaces' items", async () => {
    const a = await createMedia(ctx, { bytes: photo, fileName: "Summer Beach.jpg", tags: ["Summer", "promo"] });
    await createMedia(ctx, { bytes: photo, fileName: "winter.jpg", tags: ["winter"] });
    expect(a).toMatchObject({ name: "Summer Beach", kind: "image", width: 1600, height: 1200, tags: ["summer", "promo"] });
    expect((await listMedia(ctx, { search: "beach" })).items.map((i) => i.id)).toEqual([a.id]);
    expect((await listMedia(ctx, { tag: "promo" })).items.map((i) => i.id)).toEqual([a.id]);
    expect((await listMedia(ctx)).items).toHaveLength(2);
    expect((await listMedia(other)).items).toHaveLength(0);
    await expect(getMedia(other, a.id)).rejects.toMatchObject({ status: 404 });
    await expect(deleteMedia(other, a.id)).rejects.toMatchObject({ status: 404 });
    await expect(openMediaFile(other, a.id, "original")).rejects.toMatchObject({ status: 404 });
    // The upload queued its transcode under the deterministic id.
    expect(await getQueue("mediaTranscode").getJob(jobId("media", a.id, editsHash([])))).toBeTruthy();
  });

  it("saving edits queues a new transcode, and the variants follow the edit list", async () => {
    const a = await createMedia(ctx, { bytes: photo, fileName: "crop-me.jpg" });
    await transcodeAsset(a.id);
    const edits = [{ type: "crop", x: 0.125, y: 0, w: 0.75, h: 1, aspect: "1:1" }, { type: "caption", text: "Saldi!" }];
    const updated = await updateMedia(ctx, a.id, { edits, name: "Square" });
    expect(updated).toMatchObject({ status: "processing", progress: 0, name: "Square" });
    expect(await getQueue("mediaTranscode").getJob(jobId("media", a.id, editsHash(parseEdits("image", edits))))).toBeTruthy();
    await transcodeAsset(a.id);
    const got = await getMedia(ctx, a.id);
    expect(got.status).toBe("ready");
    const v = got.variants.find((x) => x.profile === "image-300k")!;
    expect(v.width).toBe(v.height);
    await expect(updateMedia(ctx, a.id, { edits: [{ type: "trim", startMs: 0, endMs: 10 }] })).rejects.toThrow(/Trim cannot be applied to an image/);
  });

  it("refuses to delete an item a scheduled campaign will send, and deletes it with its files otherwise", async () => {
    const a = await createMedia(ctx, { bytes: photo, fileName: "in-use.jpg" });
    await transcodeAsset(a.id);
    const campaign = await db.campaign.create({ data: { workspaceId: ctx.workspaceId, name: "Summer sale", state: "scheduled", slides: [{ text: "Hi", mediaId: a.id }] } });
    await expect(deleteMedia(ctx, a.id)).rejects.toMatchObject({ status: 409, message: expect.stringContaining(`"Summer sale" (scheduled)`) });
    await db.campaign.update({ where: { id: campaign.id }, data: { state: "completed" } });
    const keys = (await getMedia(ctx, a.id)).variants.map((v) => v.storageKey);
    await deleteMedia(ctx, a.id);
    await expect(getMedia(ctx, a.id)).rejects.toMatchObject({ status: 404 });
    for (const k of keys) expect(await storage().exists(k)).toBe(false);
  });

  it("previews the overlay for two different contacts, and renders it per recipient at send time, reusing identical renders", async () => {
    const a = await createMedia(ctx, { bytes: photo, fileName: "personal.jpg" });
    const edits = [{ type: "crop", x: 0.125, y: 0, w: 0.75, h: 1, aspect: "1:1" }, { type: "overlay", text: "Ciao {{ first_name }}!", position: "center", size: 0.1 }];
    const anna = await renderMediaPreview(ctx, a.id, { edits, values: { first_name: "Anna" } });
    const marco = await renderMediaPreview(ctx, a.id, { edits, values: { first_name: "Marco" } });
    const annaMeta = await sharp(anna.bytes).metadata();
    expect(annaMeta.width).toBe(annaMeta.height);
    expect(anna.bytes.equals(marco.bytes)).toBe(false);

    await updateMedia(ctx, a.id, { edits });
    await transcodeAsset(a.id);
    const media = (await loadMediaForSend(ctx.workspaceId, [a.id])).get(a.id)!;
    expect(media.overlay?.text).toBe("Ciao {{ first_name }}!");
    const variant = pickVariant(media.variants, "standard", 300 * 1024)!;
    expect(variant.profile).toBe("image-300k");
    const r1 = await renderPersonalisedImage({ variant, overlay: media.overlay!, values: { first_name: "Anna" } });
    const r2 = await renderPersonalisedImage({ variant, overlay: media.overlay!, values: { first_name: "Anna" } });
    const r3 = await renderPersonalisedImage({ variant, overlay: media.overlay!, values: { first_name: "Bartholomew-Alexander" } });
    expect(r1.text).toBe("Ciao Anna!");
    expect(r2.bytes).toBe(r1.bytes);
    expect(r2.cacheKey).toBe(r1.cacheKey);
    expect(r3.cacheKey).not.toBe(r1.cacheKey);
    // The text is drawn across the middle of the picture, and only there.
    const plain = await sharp((await storage().get(variant.storageKey))!.bytes).greyscale().raw().toBuffer({ resolveWithObject: true });
    const rowDiff = (a: Buffer, from: number, to: number) => {
      let sum = 0;
      for (let i = Math.round(from * plain.info.height) * plain.info.width; i < Math.round(to * plain.info.height) * plain.info.width; i++) sum += Math.abs(a[i]! - plain.data[i]!);
      return sum / ((to - from) * plain.info.height * plain.info.width);
    };
    for (const r of [r1, r3]) {
      expect(r.bytes.length).toBeLessThanOrEqual(300 * 1024);
      expect((await sharp(r.bytes).metadata()).format).toBe("jpeg");
      const drawn = await sharp(r.bytes).greyscale().raw().toBuffer();
      expect(rowDiff(drawn, 0.45, 0.55)).toBeGreaterThan(4 * rowDiff(drawn, 0, 0.3));
    }
  });
});

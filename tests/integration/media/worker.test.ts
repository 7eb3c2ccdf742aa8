// The real worker process picks up an upload's transcode job and reports progress to the item.
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createMedia } from "@/lib/media";
import { closeQueues } from "@/lib/queues";
import { createWorkspace } from "../../support/fixtures";
import { startProcess } from "../../support/processes";

afterAll(async () => {
  await closeQueues();
});

describe("media-transcode worker", () => {
  it("turns an upload into a ready item with its variants", async () => {
    const worker = await startProcess("workers/main.ts", { readyPattern: /workers ready/ });
    try {
      const ctx = { workspaceId: (await createWorkspace()).workspaceId };
      const png = await sharp({ create: { width: 800, height: 600, channels: 4, background: { r: 200, g: 40, b: 40, alpha: 0.5 } } }).png().toBuffer();
      const a = await createMedia(ctx, { bytes: png, fileName: "badge.png" });
      let row = await db.mediaAsset.findUniqueOrThrow({ where: { id: a.id }, include: { variants: true } });
      for (let i = 0; i < 120 && row.status === "processing"; i++) {
        await new Promise((r) => setTimeout(r, 250));
        row = await db.mediaAsset.findUniqueOrThrow({ where: { id: a.id }, include: { variants: true } });
      }
      expect(row).toMatchObject({ status: "ready", progress: 100, error: null });
      expect(row.variants).toHaveLength(3);
    } finally {
      await worker.stop();
    }
  });
});

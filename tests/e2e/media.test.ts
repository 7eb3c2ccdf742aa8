// The media library as a marketer uses it: upload a photo, crop it square, add a caption and a
// {{ first_name }} overlay, compare the preview for two contacts, save; upload a video and trim it.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { ffmpegPath } from "@/lib/media/ffmpeg";
import { startWebApp } from "../support/app";
import { signUpWithWorkspace } from "../support/session";
import { launchBrowser } from "../support/browser";
import { startProcess, type Proc } from "../support/processes";

let app: Awaited<ReturnType<typeof startWebApp>>;
let user: Awaited<ReturnType<typeof launchBrowser>>;
let worker: Proc;

beforeAll(async () => {
  [app, user, worker] = await Promise.all([startWebApp(), launchBrowser(), startProcess("workers/main.ts", { readyPattern: /workers ready/ })]);
});
afterAll(async () => {
  await user?.close();
  await app?.stop();
  await worker?.stop();
});

describe("media library and editor", () => {
  it("uploads, crops square, captions and personalises a photo, and trims a video", async () => {
    const tag = randomBytes(4).toString("hex");
    const email = `media-${tag}@example.test`;
    const page = await user.browser.newPage();
    await signUpWithWorkspace(page, app.url, { name: "Marta Marketer", email, workspace: `Gelateria ${tag}` });

    await page.goto(`${app.url}/media`);
    await page.getByText("Your media library is empty").waitFor();
    const photo = await sharp({ create: { width: 1200, height: 800, channels: 3, background: "#2e86ab", noise: { type: "gaussian", mean: 110, sigma: 25 } } }).blur(3).jpeg().toBuffer();
    await page.getByTestId("media-file-input").setInputFiles({ name: "gelato.jpg", mimeType: "image/jpeg", buffer: photo });
    await page.getByTestId("media-card").getByText("Ready").waitFor({ timeout: 60_000 });
    await page.getByRole("link", { name: "gelato" }).click();
    await page.waitForURL(/\/media\/[^/]+$/);
    const assetId = page.url().split("/").at(-1)!;

    await page.getByRole("button", { name: "Square" }).click();
    await page.getByLabel("Caption", { exact: true }).fill("Saldi!");
    await page.getByLabel("Personalised text", { exact: true }).fill("Ciao {{ first_name }}!");
    const preview = page.getByTestId("media-preview");
    const settle = async (previous?: string | null) => {
      await page.waitForFunction((prev) => { const img = document.querySelector<HTMLImageElement>("[data-testid=media-preview]"); return !!img && img.complete && img.src !== prev && img.naturalWidth > 0; }, previous ?? null);
      await page.waitForTimeout(600); // debounce: let the last edit's preview land
      return preview.getAttribute("src");
    };
    const annaSrc = await settle();
    const dims = await preview.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]);
    expect(dims[0]).toBe(dims[1]);
    const anna = await preview.screenshot();
    await page.getByLabel("Sample contact 2 first name").focus();
    await settle(annaSrc);
    await page.getByText("Preview for Marco").waitFor();
    const marco = await preview.screenshot();
    expect(anna.equals(marco)).toBe(false);

    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Saved. The phone versions are being prepared again.").waitFor();
    const saved = await db.mediaAsset.findUniqueOrThrow({ where: { id: assetId } });
    expect(saved.edits).toEqual(expect.arrayContaining([
      expect.objectContaining({ type: "crop", aspect: "1:1" }),
      expect.objectContaining({ type: "caption", text: "Saldi!" }),
      expect.objectContaining({ type: "overlay", text: "Ciao {{ first_name }}!" }),
    ]));

    // A short video, trimmed to start at 1 s.
    const clip = path.join(process.env.POSTINO_TMP ?? os.tmpdir(), `e2e-clip-${tag}.mp4`);
    execFileSync(ffmpegPath(), ["-hide_banner", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=24:duration=4", "-f", "lavfi", "-i", "sine=duration=4", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", clip]);
    await page.goto(`${app.url}/media`);
    await page.getByTestId("media-file-input").setInputFiles({ name: "spot.mp4", mimeType: "video/mp4", buffer: readFileSync(clip) });
    await page.getByRole("link", { name: "spot" }).first().click();
    await page.waitForURL(/\/media\/[^/]+$/);
    const videoId = page.url().split("/").at(-1)!;
    await page.getByLabel("Start").fill("1");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Saved. The phone versions are being prepared again.").waitFor();
    const video = await db.mediaAsset.findUniqueOrThrow({ where: { id: videoId } });
    expect(video.edits).toEqual([expect.objectContaining({ type: "trim", startMs: 1000 })]);
    // The worker makes the trimmed versions: the MP4 for current phones lasts about 3 s.
    let v = await db.mediaAsset.findUniqueOrThrow({ where: { id: videoId }, include: { variants: true } });
    for (let i = 0; i < 240 && (v.status !== "ready" || !v.variants.length); i++) {
      await page.waitForTimeout(250);
      v = await db.mediaAsset.findUniqueOrThrow({ where: { id: videoId }, include: { variants: true } });
    }
    expect(v.status).toBe("ready");
    const mp4 = v.variants.find((x) => x.profile === "video-mp4-300k")!;
    expect(Math.abs(mp4.durationMs! - 3000)).toBeLessThan(300);
  });
});

// A real browser for end-to-end tests: Debian's chromium driven by playwright-core.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext } from "playwright-core";

export async function launchBrowser(): Promise<{ browser: BrowserContext; close: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "postino-chromium-"));
  const browser = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
  });
  return {
    browser,
    close: async () => {
      await browser.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A second, isolated browser profile (another person on another computer). */
export async function newIsolatedContext(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const b = await launchBrowser();
  return { context: b.browser, close: b.close };
}

export type { Browser, BrowserContext };

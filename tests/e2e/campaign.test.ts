// The headline: a marketer composes a captioned, personalised picture message in the browser, sends
// it to a segment with an opted-out contact and a legacy handset, and watches it complete. The
// virtual phones of the MMSC simulator show what each person got.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import { db } from "@/lib/db/client";
import { createConnection } from "@/lib/carrier/connections";
import { launchBrowser } from "../support/browser";
import { freePort, startWebApp } from "../support/app";
import { signUpWithWorkspace } from "../support/session";
import { startProcess, type Proc } from "../support/processes";

let app: Awaited<ReturnType<typeof startWebApp>>;
let user: Awaited<ReturnType<typeof launchBrowser>>;
let mmsc: Proc, gateway: Proc, workers: Proc;
let mmscUrl: string;
const tmp = mkdtempSync(path.join(process.env.POSTINO_TMP ?? os.tmpdir(), "campaign-e2e-"));

const admin = async <T = any>(p: string): Promise<T> => (await (await fetch(`${mmscUrl}/admin${p}`)).json()) as T;

async function until<T>(fn: () => Promise<T | null | undefined | false>, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => null);
    if (v) return v as T;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

beforeAll(async () => {
  const [mp, gp] = [await freePort(), await freePort()];
  mmscUrl = `http://127.0.0.1:${mp}`;
  const gatewayUrl = `http://127.0.0.1:${gp}`;
  process.env.MMSC_URL = mmscUrl;
  process.env.GATEWAY_URL = gatewayUrl;
  app = await startWebApp({ MMSC_URL: mmscUrl, GATEWAY_URL: gatewayUrl });
  [mmsc, gateway, workers] = await Promise.all([
    startProcess("mmsc/main.ts", { env: { MMSC_PORT: String(mp), MMSC_PUBLIC_URL: mmscUrl, MMSC_DATA_DIR: tmp, MMSC_AUTO_FETCH_MS: "100" }, readyPattern: /mmsc ready/ }),
    startProcess("gateway/main.ts", { env: { GATEWAY_PORT: String(gp), GATEWAY_URL: gatewayUrl }, readyPattern: /gateway ready/ }),
    startProcess("workers/main.ts", { env: { APP_URL: app.url, MMSC_URL: mmscUrl, GATEWAY_URL: gatewayUrl }, readyPattern: /workers ready/ }),
  ]);
  user = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await user?.close();
  await Promise.all([app?.stop(), mmsc?.stop(), gateway?.stop(), workers?.stop()]);
});

describe("a campaign from composer to phones", () => {
  it("sends a personalised captioned picture to a segment; opted-out gets nothing, legacy gets the notice", async () => {
    const tag = randomBytes(4).toString("hex");
    const email = `owner-${tag}@example.test`;
    const page = await user.browser.newPage();
    await signUpWithWorkspace(page, app.url, { name: "Olivia Owner", email, workspace: `Forno ${tag}` });

    const ws = (await db.member.findFirstOrThrow({ where: { user: { email } } })).workspaceId;
    await createConnection(ws, { name: "Simulator", url: "http://unused", vaspId: `postino-${tag}`, vasId: "promo", senderAddress: "4321", senderType: "shortcode" }, { useSimulator: true });
    const anna = "+393331300011", bruno = "+393331300012", olga = "+393331300013", lino = "+393331300019";
    await db.contact.createMany({
      data: [
        { workspaceId: ws, phone: anna, firstName: "Anna", tags: ["vip"], consent: "subscribed" },
        { workspaceId: ws, phone: bruno, firstName: "Bruno", tags: ["vip"], consent: "subscribed" },
        { workspaceId: ws, phone: olga, firstName: "Olga", tags: ["vip"], consent: "unsubscribed" },
        { workspaceId: ws, phone: lino, firstName: "Lino", tags: ["vip"], consent: "subscribed", handsetClass: "legacy" },
      ],
    });
    await db.segment.create({ data: { workspaceId: ws, name: "VIP", rules: { kind: "group", combinator: "and", children: [{ kind: "tag", op: "has", value: ["vip"] }] } } });
    const picture = path.join(tmp, "bread.jpg");
    writeFileSync(picture, await sharp({ create: { width: 800, height: 600, channels: 3, background: "#d9a441" } }).jpeg({ quality: 90 }).toBuffer());

    await page.goto(`${app.url}/campaigns`);
    await page.getByTestId("new-campaign").first().click();
    await page.waitForURL(/\/campaigns\/[^/]+\/edit/);
    const campaignId = page.url().split("/").at(-2)!;

    // 1. Media: upload a picture into the first slide.
    await page.getByTestId("add-slide").click();
    await page.getByTestId("choose-media").click();
    await page.getByTestId("media-upload").setInputFiles(picture);
    await page.getByTestId("slide").getByText(/bread/).waitFor();
    await page.getByTestId("next-step").click();

    // 2. Caption on the picture, and text with a merge field.
    await page.getByTestId("caption-input").fill("Per te, {{ first_name }}");
    await page.getByTestId("caption-save").click();
    await page.getByTestId("subject").fill("Pane fresco");
    await page.getByTestId("slide-text").fill("Ciao {{ first_name }}, il pane è pronto! Reply STOP to opt out");
    await page.getByTestId("next-step").click();

    // 3. Segment; count after consent; send.
    await page.getByTestId("include-segments").getByText("VIP").click();
    await expect.poll(async () => page.getByTestId("sendable-count").textContent(), { timeout: 20_000 }).toBe("3");
    await page.getByTestId("message-class").selectOption("informational");
    await until(async () => (await page.getByTestId("review-send").isEnabled()) || null, 60_000, "the media to be ready and the draft sendable");
    await page.getByTestId("review-send").click();
    await page.getByTestId("confirm-send").click();
    await page.waitForURL(new RegExp(`/campaigns/${campaignId}$`));

    // The live page reaches completed.
    await page.getByTestId("campaign-state").filter({ hasText: "completed" }).waitFor({ timeout: 90_000 });

    // Phones: personalised messages for Anna and Bruno, the notice for Lino, nothing for Olga.
    for (const [phone, name] of [[anna, "Anna"], [bruno, "Bruno"]] as const) {
      const v = await until(async () => { const p = await admin(`/phones/${encodeURIComponent(phone)}`); return p.messages?.length || p.alerts?.length ? p : null; }, 30_000, `${name}'s message`);
      // The alert is the notification; the text is in the message the handset retrieves.
      const id = v.messages?.[0]?.id ?? v.alerts?.[0]?.messageId;
      const message = await until(async () => { const m = await admin(`/messages/${encodeURIComponent(id)}`); return JSON.stringify(m).includes("il pane") ? m : null; }, 30_000, `${name}'s message content`);
      expect(JSON.stringify(message)).toContain(`Ciao ${name}, il pane`);
    }
    const legacy = await until(async () => { const p = await admin(`/phones/${encodeURIComponent(lino)}`); return p.sms?.length ? p : null; }, 30_000, "Lino's notice");
    expect(legacy.sms[0].text).toContain("/m/");
    // Postino knew Lino's phone is legacy and sent a text with its web view link (the simulator's own
    // notice, for MMS it had to refuse, carries `link` instead).
    const link: string = legacy.sms[0].link ?? String(legacy.sms[0].text).match(/https?:\/\/\S+\/m\/[\w-]+/)?.[0];
    expect(link).toMatch(/\/m\//);
    const web = await page.context().request.get(link);
    expect(web.status()).toBe(200);
    expect(await web.text()).toContain("Ciao Lino, il pane");
    const o = await admin(`/phones/${encodeURIComponent(olga)}`);
    expect((o.messages ?? []).length + (o.alerts ?? []).length + (o.sms ?? []).length).toBe(0);
  }, 240_000);
});

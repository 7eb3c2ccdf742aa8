// The composer alone, as a marketer uses it: three steps, a merge field previewed per recipient,
// a segment that includes an opted-out contact counted out, a missing-fallback warning, and the
// autosaved draft surviving a reload. (The full send is in campaign.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import { launchBrowser } from "../support/browser";
import { startWebApp } from "../support/app";
import { signUpWithWorkspace } from "../support/session";

let app: Awaited<ReturnType<typeof startWebApp>>;
let user: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  app = await startWebApp();
  user = await launchBrowser();
});

afterAll(async () => {
  await user?.close();
  await app?.stop();
});

describe("campaign composer", () => {
  it("composes a personalised draft for a segment and shows who will receive it", async () => {
    const tag = randomBytes(4).toString("hex");
    const email = `marketer-${tag}@example.test`;
    const page = await user.browser.newPage();
    await signUpWithWorkspace(page, app.url, { name: "Marta Marketer", email, workspace: `Gelateria ${tag}` });

    // Seed the audience through the same tables the product uses.
    const member = await db.member.findFirstOrThrow({ where: { user: { email } } });
    const ws = member.workspaceId;
    await db.contact.createMany({
      data: [
        { workspaceId: ws, phone: "+393331200001", firstName: "Anna", tags: ["vip"], consent: "subscribed" },
        { workspaceId: ws, phone: "+393331200002", tags: ["vip"], consent: "subscribed" },
        { workspaceId: ws, phone: "+393331200003", firstName: "Olga", tags: ["vip"], consent: "unsubscribed" },
      ],
    });
    await db.segment.create({ data: { workspaceId: ws, name: `VIP ${tag}`, rules: { kind: "group", combinator: "and", children: [{ kind: "tag", op: "has", value: ["vip"] }] } } });

    await page.goto(`${app.url}/campaigns`);
    await page.getByText("No campaigns yet").waitFor();
    await page.getByTestId("new-campaign").first().click();
    await page.waitForURL(/\/campaigns\/[^/]+\/edit/);
    const campaignId = page.url().split("/").at(-2)!;

    // Step 1: a text slide (media are covered by the full campaign test).
    await page.getByTestId("add-slide").click();
    await page.getByTestId("next-step").click();

    // Step 2: write with a merge field; the preview renders it.
    await page.getByTestId("subject").fill("Gelato!");
    await page.getByTestId("slide-text").fill("Ciao {{ first_name }}! Reply STOP to opt out");
    await page.getByTestId("preview-text").filter({ hasText: "Ciao Anna!" }).or(page.getByTestId("preview-text").filter({ hasText: "Ciao !" })).first().waitFor();
    await page.getByTestId("next-step").click();

    // Step 3: the segment; the opted-out contact is counted out.
    await page.getByTestId("include-segments").getByText(`VIP ${tag}`).click();
    await expect.poll(async () => page.getByTestId("sendable-count").textContent(), { timeout: 15_000 }).toBe("2");
    await expect.poll(async () => page.getByTestId("audience-count").textContent()).toContain("Opted out1");
    // One sendable recipient has no first name and the text has no fallback.
    await page.getByTestId("warnings").getByText(/first_name \}\} is empty for 1 recipient/).waitFor();

    // Back to step 2: the preview can be shown for a chosen recipient of the audience.
    await page.getByRole("button", { name: /Step 2/ }).click();
    await page.getByLabel("Preview for").selectOption({ label: "Anna" });
    await page.getByTestId("preview-text").filter({ hasText: "Ciao Anna!" }).waitFor();

    // The draft is saved on the server.
    await page.getByText("All changes saved").waitFor();
    const saved = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    expect(saved.subject).toBe("Gelato!");
    expect(JSON.stringify(saved.slides)).toContain("{{ first_name }}");
    expect((saved.audience as { segmentIds: string[] }).segmentIds).toHaveLength(1);

    // It works at phone width too.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByTestId("phone-preview").waitFor({ state: "detached" }).catch(() => {});
    await page.getByTestId("campaign-name").waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
  });
});

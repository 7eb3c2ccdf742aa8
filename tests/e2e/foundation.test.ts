// Issue 2, as a newcomer would do it: sign up, create a workspace, invite an agent; the agent
// joins and cannot reach Settings › Carrier connections (hidden in the UI, refused by the server).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { launchBrowser } from "../support/browser";
import { startWebApp } from "../support/app";

let app: Awaited<ReturnType<typeof startWebApp>>;
let owner: Awaited<ReturnType<typeof launchBrowser>>;
let agent: Awaited<ReturnType<typeof launchBrowser>>;
const tag = randomBytes(4).toString("hex");
// The queue dashboard spans every workspace: the platform's operator (here the agent, who has no admin
// role at all) opens it; the workspace's owner does not.
const operatorEmail = `agent-${tag}@example.test`;

beforeAll(async () => {
  app = await startWebApp({ PLATFORM_ADMIN_EMAILS: `someone@else.test, ${operatorEmail.toUpperCase()}` });
  owner = await launchBrowser();
  agent = await launchBrowser();
});

afterAll(async () => {
  await owner?.close();
  await agent?.close();
  await app?.stop();
});

describe("sign up, workspace, invitation and roles", () => {
  it("an owner invites an agent, who cannot open carrier connections", async () => {
    const ownerEmail = `owner-${tag}@example.test`;
    const agentEmail = operatorEmail;

    const page = await owner.browser.newPage();
    await page.goto(`${app.url}/`);
    await page.waitForURL(/\/sign-in/);
    await page.getByRole("link", { name: "Create an account" }).click();
    await page.getByLabel("Your name").fill("Olivia Owner");
    await page.getByLabel("Email").fill(ownerEmail);
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Create account" }).click();

    await page.waitForURL(/\/onboarding/);
    await page.getByLabel("Workspace name").fill(`Bakery ${tag}`);
    await page.getByRole("button", { name: "Create workspace" }).click();
    await page.getByRole("heading", { name: `Welcome to Bakery ${tag}` }).waitFor();

    // The owner sees the carrier connections page.
    await page.getByRole("link", { name: "Carrier connections" }).click();
    await page.getByText("No carrier connection yet").waitFor();

    await page.getByRole("link", { name: "Members and roles" }).click();
    await page.getByLabel("E-mail").fill(agentEmail);
    await page.getByLabel("Role").selectOption("agent");
    await page.getByRole("button", { name: "Invite" }).click();
    const link = await page.getByTestId("invite-link").first().textContent();
    expect(link).toMatch(/\/invite\/.+/);

    const ap = await agent.browser.newPage();
    await ap.goto(link!);
    await ap.getByRole("link", { name: "Create an account" }).click();
    await ap.getByLabel("Your name").fill("Andrea Agent");
    await ap.getByLabel("Email").fill(agentEmail);
    await ap.getByLabel("Password").fill("another good password");
    await ap.getByRole("button", { name: "Create account" }).click();
    await ap.waitForURL(/\/invite\//);
    await ap.getByRole("button", { name: "Accept invitation" }).click();
    await ap.getByRole("heading", { name: `Welcome to Bakery ${tag}` }).waitFor();

    // UI hides it…
    await expect(ap.getByRole("link", { name: "Carrier connections" }).count()).resolves.toBe(0);
    await expect(ap.getByRole("link", { name: "Members and roles" }).count()).resolves.toBe(1);
    // …the page refuses it…
    await ap.goto(`${app.url}/settings/connections`);
    await ap.getByText("You do not have access to this page").waitFor();
    // …and so does the API, with the agent's own session cookie.
    const res = await ap.request.get(`${app.url}/api/connections`);
    expect(res.status()).toBe(403);
    const ownerRes = await page.request.get(`${app.url}/api/connections`);
    expect(ownerRes.status()).toBe(200);

    // The queue dashboard is the operator's, whatever their workspace role.
    const ownerQueues = await page.request.get(`${app.url}/admin/queues/api/queues`);
    expect(ownerQueues.status()).toBe(403);
    expect((await ownerQueues.json()).error.message).toMatch(/platform.s operators/);
    // Opened as a page, the refusal is a page with the same sentence.
    const refused = await page.goto(`${app.url}/admin/queues`);
    expect(refused?.status()).toBe(403);
    expect(await page.getByRole("heading", { name: "You cannot open the queues" }).isVisible()).toBe(true);
    expect(await page.textContent("body")).toMatch(/platform.s operators/);
    const operatorQueues = await ap.request.get(`${app.url}/admin/queues/api/queues`);
    expect(operatorQueues.status()).toBe(200);
    expect(JSON.stringify(await operatorQueues.json())).toContain("campaign-dispatch");

    // Sign out ends the session.
    await ap.getByRole("button", { name: "Sign out" }).click();
    await ap.waitForURL(/\/sign-in/);
    expect((await ap.request.get(`${app.url}/api/connections`)).status()).toBe(401);
  });
});

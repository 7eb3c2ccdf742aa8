// Signing up and creating a workspace through the real screens, as every newcomer does first.
import type { Page } from "playwright-core";

export type Newcomer = { name: string; email: string; workspace: string; password?: string };

/** Signs up on /sign-up, creates the workspace on /onboarding and waits for its welcome page. */
export async function signUpWithWorkspace(page: Page, appUrl: string, who: Newcomer): Promise<void> {
  await page.goto(`${appUrl}/sign-up`);
  await page.getByLabel("Your name").fill(who.name);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password ?? "correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/onboarding/);
  await page.getByLabel("Workspace name").fill(who.workspace);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await page.getByRole("heading", { name: `Welcome to ${who.workspace}` }).waitFor();
}

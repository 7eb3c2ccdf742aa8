// Issue 5 end to end: a newcomer imports a 5,000-row spreadsheet through the wizard and watches the
// progress bar reach 100 %, then builds "district is D7 and tag volunteer and not opted out" in the
// rule builder; the live count, and the saved segment on the list, equal what SQL says. Contacts
// opted out before the import stay opted out and out of the segment.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { startWebApp } from "../support/app";
import { signUpWithWorkspace } from "../support/session";
import { launchBrowser } from "../support/browser";
import { startProcess, type Proc } from "../support/processes";

let app: Awaited<ReturnType<typeof startWebApp>>;
let user: Awaited<ReturnType<typeof launchBrowser>>;
let worker: Proc;

beforeAll(async () => {
  [app, user, worker] = await Promise.all([startWebApp(), launchBrowser(), startProcess("workers/main.ts", { readyPattern: /workers ready/ })]);
}, 90_000);

afterAll(async () => {
  await user?.close();
  await app?.stop();
  // A worker stuck mid-job must not hold the suite: SIGKILL after a grace period.
  if (worker) await Promise.race([worker.stop(), new Promise((r) => setTimeout(r, 10_000)).then(() => worker.stop("SIGKILL"))]);
});

const FIRST = ["Giulia", "Marco", "Francesca", "Luca", "Chiara", "Alessandro", "Sara", "Matteo", "Elena", "Davide", "Martina", "Andrea", "Anna", "Paolo", "Sofia"];
const LAST = ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini"];
const PREFIX = ["320", "328", "333", "338", "340", "347", "349", "366", "380", "392"];
const ROWS = 5000;
const INVALID = 3;

/** Row i's mobile number, national digits (10, starting with 3). Unique per i. */
const mobile = (i: number) => `${PREFIX[i % PREFIX.length]}${String(1_000_000 + i * 13).slice(-7)}`;

function spreadsheet(): Buffer {
  const lines = ["phone,first_name,last_name,district,tags"];
  for (let i = 0; i < ROWS; i++) {
    if (i % 1667 === 5) { lines.push(`12345,Broken,Row,D1,`); continue; } // three unreadable numbers
    const n = mobile(i);
    // Half written nationally with spaces, half international: both are what people export.
    const phone = i % 2 ? `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}` : `+39 ${n}`;
    const tags = i % 4 === 0 ? (i % 8 === 0 ? `"volunteer, donor"` : "volunteer") : i % 5 === 0 ? "donor" : "";
    lines.push(`${phone},${FIRST[i % FIRST.length]},${LAST[(i * 7) % LAST.length]},D${(i % 9) + 1},${tags}`);
  }
  return Buffer.from(lines.join("\r\n") + "\r\n", "utf8");
}

describe("contacts, import and segments", () => {
  it("imports 5,000 rows with live progress and saves a segment whose count equals SQL", async () => {
    const tag = randomBytes(4).toString("hex");
    const page = await user.browser.newPage();
    await signUpWithWorkspace(page, app.url, { name: "Ilaria Importer", email: `ilaria-${tag}@example.test`, workspace: `Campaign HQ ${tag}` });
    const ws = await db.workspace.findFirstOrThrow({ where: { name: `Campaign HQ ${tag}` } });

    // A newcomer is told to import a spreadsheet first.
    await page.goto(`${app.url}/contacts`);
    await page.getByText("No contacts yet").waitFor();

    // People who opted out earlier (D7 volunteers in the coming file): the file must not re-subscribe them.
    // Rows i ≡ 24 (mod 36) are district D7 ((i % 9) + 1 = 7) and volunteers (i % 4 = 0).
    const optedOut = [24, 60, 96, 132, 168].map((i) => ({ i, phone: `+39${mobile(i)}` }));
    await db.contact.createMany({ data: optedOut.map((o) => ({ workspaceId: ws.id, phone: o.phone, consent: "unsubscribed" as const, consentAt: new Date() })) });

    await page.getByRole("link", { name: "Import a spreadsheet" }).click();
    await page.waitForURL(/\/contacts\/import$/);
    await page.getByTestId("import-file-input").setInputFiles({ name: "supporters.csv", mimeType: "text/csv", buffer: spreadsheet() });
    await page.waitForURL(/\/contacts\/import\/[\w-]+$/);
    await expect.poll(() => page.getByTestId("import-format").textContent()).toMatch(/UTF-8, separated by comma; 5 columns/);
    // Prefilled mapping: phone, names and tags recognised; district kept as a custom attribute.
    const rows = page.getByTestId("mapping-row");
    await expect.poll(() => rows.count()).toBe(5);
    expect(await rows.nth(0).getByRole("combobox").inputValue()).toBe("phone");
    expect(await rows.nth(1).getByRole("combobox").inputValue()).toBe("firstName");
    expect(await rows.nth(3).getByRole("combobox").inputValue()).toBe("attribute");
    expect(await rows.nth(3).getByLabel("Attribute name for district").inputValue()).toBe("district");
    expect(await rows.nth(4).getByRole("combobox").inputValue()).toBe("tags");
    await page.getByLabel("Country of numbers without +code").selectOption("IT");
    await page.getByLabel("Where the consent comes from").fill("signed form at the Milan event");
    await page.getByRole("button", { name: "Run the import" }).click();

    await page.waitForURL(/\/contacts\/import\/[\w-]+$/);
    const jobId = page.url().split("/").pop()!;
    await expect
      .poll(async () => (await db.importJob.findUniqueOrThrow({ where: { id: jobId }, select: { status: true } })).status, { timeout: 60_000, interval: 500 })
      .toBe("completed")
      .catch(async (err) => {
        const job = await db.importJob.findUnique({ where: { id: jobId } });
        throw new Error(`${err}\njob: ${JSON.stringify({ ...job, options: undefined, fileSize: String(job?.fileSize) })}\nworker:\n${worker.output().slice(-3000)}`);
      });
    await page.getByTestId("import-percent").filter({ hasText: "100 %" }).waitFor({ timeout: 10_000 });
    expect(await page.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("100");
    // The counters survive a reload: they live on the job.
    await page.reload();
    await page.getByTestId("import-percent").filter({ hasText: "100 %" }).waitFor();
    expect(await page.getByTestId("import-rows-read").textContent()).toBe("5,000");
    expect(await page.getByTestId("import-invalid").textContent()).toBe(String(INVALID));
    expect(await page.getByTestId("import-updated").textContent()).toBe(String(optedOut.length));
    expect(await page.getByTestId("import-imported").textContent()).toBe((ROWS - INVALID - optedOut.length).toLocaleString("en-GB"));
    const rejected = await page.request.get(await page.getByRole("link", { name: /invalid rows/ }).getAttribute("href").then((h) => `${app.url}${h}`));
    expect((await rejected.text()).split("\n").filter(Boolean)).toHaveLength(1 + INVALID);

    // The contacts table lists them, and works at phone width without sideways scrolling.
    await page.goto(`${app.url}/contacts`);
    await expect.poll(() => page.getByTestId("contacts-count").textContent()).toBe(`${(ROWS - INVALID).toLocaleString("en-GB")} contacts`);
    await page.getByLabel("Search contacts").fill(`+39 ${mobile(60)}`);
    await expect.poll(() => page.getByTestId("contacts-count").textContent()).toBe("1 contact match");
    // The count waits for the rows it describes: once it reads "1 contact match", one row is shown.
    expect(await page.getByTestId("contact-row").count()).toBe(1);
    expect(await page.getByTestId("contact-row").first().textContent()).toContain("Opted out");
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 900 });

    // The segment, built visually.
    await page.goto(`${app.url}/segments`);
    await page.getByText("No segments yet").waitFor();
    await page.getByRole("link", { name: "New segment" }).click();
    await page.waitForURL(/\/segments\/new$/);
    await page.getByLabel("Segment name").fill("District 7 volunteers");
    const conditions = page.getByTestId("condition");
    await page.getByLabel("Add a condition").selectOption("attribute");
    await conditions.nth(0).getByLabel("Attribute", { exact: true }).fill("district");
    await conditions.nth(0).getByLabel("Value").fill("D7");
    await page.getByLabel("Add a condition").selectOption("tag");
    await conditions.nth(1).getByLabel("Tags").fill("volunteer");
    const live = page.getByTestId("segment-live-count");
    const settled = async () => ((await live.getAttribute("data-updating")) === "false" ? (await live.textContent())!.replace(/,/g, "") : "updating");
    const withOptedOut = await one(`SELECT count(*)::int AS n FROM contact WHERE "workspaceId" = $1 AND attributes->>'district' = 'D7' AND tags @> ARRAY['volunteer']`, ws.id);
    await expect.poll(settled, { timeout: 10_000 }).toBe(String(withOptedOut));
    await page.getByLabel("Add a condition").selectOption("consent");
    await conditions.nth(2).getByLabel("Operator").selectOption("not_in");
    await conditions.nth(2).getByLabel("Subscribed").uncheck();
    await conditions.nth(2).getByLabel("Opted out").check();

    const truth = await one(
      `SELECT count(*)::int AS n FROM contact WHERE "workspaceId" = $1 AND attributes->>'district' = 'D7' AND 'volunteer' = ANY(tags) AND consent <> 'unsubscribed'`,
      ws.id,
    );
    expect(truth).toBeGreaterThan(100);
    expect(withOptedOut - truth).toBe(optedOut.length);
    await expect.poll(settled, { timeout: 10_000 }).toBe(String(truth));
    await page.getByTestId("segment-sample").waitFor();

    await page.getByRole("button", { name: "Save segment" }).click();
    await page.waitForURL(/\/segments\/(?!new)[\w-]+$/);
    await page.goto(`${app.url}/segments`);
    const row = page.getByTestId("segment-row").filter({ hasText: "District 7 volunteers" });
    await expect.poll(() => row.getByTestId("segment-count").textContent(), { timeout: 10_000 }).toBe(truth.toLocaleString("en-GB"));
  }, 120_000);
});

async function one(sql: string, ...params: unknown[]): Promise<number> {
  const rows = await db.$queryRawUnsafe<Array<{ n: number }>>(sql, ...params);
  return Number(rows[0]!.n);
}

// Issue 4: a message sent through the MM7 connector reaches a virtual phone in the simulator; in the dashboard the
// user opens Test phones, sees the slides, replies; the reply travels as an MO DeliverReq to the inbound gateway
// and lands on the contact.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import path from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { buildSmil } from "@/lib/mms";
import { getConnector, closeConnectors } from "@/lib/carrier/connector";
import { hashSecret } from "@/lib/carrier/connections";
import { launchBrowser } from "../support/browser";
import { freePort, startWebApp } from "../support/app";
import { signUpWithWorkspace } from "../support/session";
import { root, startProcess, type Proc } from "../support/processes";
import { startSimulator, testImage, type Sim } from "../integration/mmsc/support";

const WITH_INBOUND = existsSync(path.join(root, "gateway/main.ts")) && existsSync(path.join(root, "workers/processors/inbound-events.ts"));

let sim: Sim;
let gateway: Proc | undefined;
let workers: Proc | undefined;
let gatewayUrl = "";
let app: Awaited<ReturnType<typeof startWebApp>>;
let user: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  sim = await startSimulator({ MMSC_AUTO_FETCH_MS: "100" });
  if (WITH_INBOUND) {
    const port = await freePort();
    gatewayUrl = `http://127.0.0.1:${port}`;
    gateway = await startProcess("gateway/main.ts", { env: { GATEWAY_PORT: String(port), GATEWAY_URL: gatewayUrl }, readyPattern: /gateway ready/ });
    workers = await startProcess("workers/main.ts", { env: { MMSC_URL: sim.url, GATEWAY_URL: gatewayUrl }, readyPattern: /workers ready/ });
  }
  app = await startWebApp({ MMSC_URL: sim.url, ...(gatewayUrl ? { GATEWAY_URL: gatewayUrl } : {}) });
  user = await launchBrowser();
});

afterAll(async () => {
  await closeConnectors().catch(() => {});
  await user?.close();
  await app?.stop();
  await workers?.stop();
  await gateway?.stop();
  await sim?.stop();
});

describe("test phones", () => {
  it("shows a received message's slides and sends the phone's reply back to Postino", async () => {
    const tag = randomBytes(4).toString("hex");
    const page = await user.browser.newPage();
    await signUpWithWorkspace(page, app.url, { name: "Tess Tester", email: `tess-${tag}@example.test`, workspace: `Phones ${tag}` });

    // The empty state tells a newcomer what to do first.
    await page.goto(`${app.url}/phones`);
    await page.getByText("No test phone yet").waitFor();

    const ws = await db.workspace.findFirstOrThrow({ where: { name: `Phones ${tag}` } });
    const phone = `+1555${String(Date.now()).slice(-6)}1`;
    const contact = await db.contact.create({ data: { workspaceId: ws.id, phone, firstName: "Tess" } });

    // A carrier connection pointing at the simulator, whose reports and MO go to our inbound gateway.
    const connId = randomUUID().replace(/-/g, "").slice(0, 24);
    const secret = randomBytes(16).toString("hex");
    const vasp = { vaspId: `vasp-${tag}`, username: `u-${tag}`, password: `p-${tag}` };
    const conn = await db.carrierConnection.create({
      data: {
        id: connId,
        workspaceId: ws.id,
        name: "Simulator",
        url: `${sim.url}/mm7`,
        username: vasp.username,
        password: vasp.password,
        vaspId: vasp.vaspId,
        senderAddress: "12345",
        senderType: "shortcode",
        inboundUsername: `in-${tag}`,
        inboundSecretHash: hashSecret(secret),
      },
    });
    await sim.admin("/vasps", {
      body: { ...vasp, deliverUrl: `${gatewayUrl || sim.url}/mm7/${connId}`, deliverUsername: `in-${tag}`, deliverPassword: secret },
    });

    // Postino's own connector submits the MMS.
    const image = await testImage(320, 240);
    const smil = buildSmil([{ image: { src: "cid:img", contentType: "image/jpeg" }, text: { src: "cid:txt" } }]);
    const outcome = await getConnector(conn).submit({
      recipient: phone,
      subject: "Fresh croissants",
      messageClass: "Informational",
      deliveryReport: true,
      readReply: false,
      smil,
      parts: [
        { contentId: "img", contentType: "image/jpeg", bytes: image, location: "croissant.jpg" },
        { contentId: "txt", contentType: "text/plain", bytes: Buffer.from("Two for one until noon"), location: "text.txt" },
      ],
      transactionId: `m${tag}-a1`,
    });
    expect(outcome.kind).toBe("accepted");
    const messageId = (outcome as { messageId: string }).messageId;

    await page.goto(`${app.url}/phones`);
    await page.getByRole("button", { name: new RegExp(phone.replace("+", "\\+")) }).waitFor();
    const alert = page.getByTestId("alert").filter({ hasText: "Fresh croissants" });
    await alert.waitFor({ timeout: 15_000 });
    await alert.getByRole("button", { name: "Open" }).click();

    const slide = page.getByTestId("slide").first();
    await slide.getByText("Two for one until noon").waitFor();
    const img = slide.getByRole("img");
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(320);

    await page.getByLabel("Reply text").fill(`Save me two ${tag}`);
    await page.getByRole("button", { name: "Send reply" }).click();
    // The simulator delivered the DeliverReq (the VASP side answered DeliverRsp 1000).
    await page.getByTestId("reply").filter({ hasText: `Save me two ${tag}` }).getByText("delivered to Postino").waitFor({ timeout: 30_000 });
    const view = await sim.admin(`/phones/${encodeURIComponent(phone)}`);
    expect(view.replies[0]).toMatchObject({ text: `Save me two ${tag}`, linkedId: messageId, delivery: "delivered" });

    if (WITH_INBOUND) {
      await expect
        .poll(async () => db.inboundMessage.count({ where: { workspaceId: ws.id, contactId: contact.id, text: { contains: `Save me two ${tag}` } } }), { timeout: 20_000, interval: 250 })
        .toBe(1);
    }

    // Another workspace's contact id is not found, not leaked.
    const other = await db.contact.create({ data: { workspaceId: (await createOtherWorkspace()).id, phone } });
    expect((await page.request.get(`${app.url}/api/phones/${other.id}`)).status()).toBe(404);
  });
});

async function createOtherWorkspace() {
  const id = randomUUID();
  return db.workspace.create({ data: { id, name: `Other ${id.slice(0, 6)}`, slug: `ws-${id}` } });
}

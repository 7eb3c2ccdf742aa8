// Tenant isolation, checked against every route that exists: a signed-in owner of workspace A asks for
// each object of workspace B through every page and route handler with an id in its path, with every
// method the handler exports. The answer must be 404 (400 is tolerated for a body the handler rejects
// before looking the id up), the response must not contain B's data, and B's rows must be unchanged.
// A new route with a path parameter this table does not know makes the test fail: add it here.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { startWebApp } from "../support/app";
import { createWorkspace } from "../support/fixtures";
import { root } from "../support/processes";

type Fixture = Record<string, string>;

/** Routes that are not workspace-scoped on purpose. */
const PUBLIC = [/^api\/auth\//, /^admin\/queues\//, /^invite\//, /^m\//, /^api\/m\//];

/** Which object of workspace B a path parameter names, by the path segment before it. */
function idFor(segmentBefore: string, param: string, b: Fixture): string | undefined {
  const key = `${segmentBefore}/${param}`;
  const table: Record<string, string | undefined> = {
    "contacts/id": b.contactId,
    "segments/id": b.segmentId,
    "media/id": b.mediaId,
    "campaigns/id": b.campaignId,
    "imports/id": b.importId,
    "import/id": b.importId,
    "connections/id": b.connectionId,
    "suppressions/id": b.suppressionId,
    "messages/messageId": b.messageId,
    "recipients/messageId": b.messageId,
    "phones/msisdn": b.phone,
    "phones/number": b.phone,
    "phones/contactId": b.contactId,
    "conversations/id": b.conversationId,
    "inbox/id": b.conversationId,
    "variants/variantId": b.variantId,
    "parts/n": "0",
  };
  return table[key];
}

function discover(): Array<{ file: string; route: string; params: Array<{ before: string; name: string }> }> {
  const out: Array<{ file: string; route: string; params: Array<{ before: string; name: string }> }> = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir)) {
      const p = path.join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (e === "route.ts" || e === "page.tsx") {
        const rel = path.relative(path.join(root, "app"), path.dirname(p)).split(path.sep).filter((s) => !/^\(.*\)$/.test(s));
        if (!rel.some((s) => s.startsWith("["))) continue;
        const route = rel.join("/") + "/";
        if (PUBLIC.some((re) => re.test(route))) continue;
        const params = rel.flatMap((s, i) => (s.startsWith("[") ? [{ before: rel[i - 1] ?? "", name: s.replace(/[[\].]/g, "") }] : []));
        out.push({ file: p, route, params });
      }
    }
  };
  walk(path.join(root, "app"));
  return out;
}

let app: Awaited<ReturnType<typeof startWebApp>>;
let cookie = "";
const b: Fixture = {};

async function signUpOwnerOfA() {
  const email = `tenant-a-${randomBytes(4).toString("hex")}@example.test`;
  const headers = { "content-type": "application/json", origin: app.url };
  const res = await fetch(`${app.url}/api/auth/sign-up/email`, { method: "POST", headers, body: JSON.stringify({ email, password: "a-long-password", name: "Owner A" }) });
  expect(res.status).toBe(200);
  cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const ws = await fetch(`${app.url}/api/auth/organization/create`, { method: "POST", headers: { ...headers, cookie }, body: JSON.stringify({ name: "Workspace A", slug: `a-${randomUUID()}` }) });
  expect(ws.status).toBe(200);
}

async function createObjectsOfB() {
  const { workspaceId, user } = await createWorkspace({ name: "Workspace B" });
  b.phone = `+3934${String(Date.now()).slice(-8)}`;
  const contact = await db.contact.create({ data: { workspaceId, phone: b.phone, firstName: "Secretina", lastName: "Bee" } });
  b.contactId = contact.id.toString();
  b.segmentId = (await db.segment.create({ data: { workspaceId, name: "B segment", rules: { kind: "group", combinator: "and", children: [] } } })).id;
  await db.storedObject.create({ data: { key: `tenancy-${randomUUID()}`, contentType: "image/png", size: 0, sha256: "0" } }).then((o) => (b.objectKey = o.key));
  const media = await db.mediaAsset.create({ data: { workspaceId, kind: "image", name: "b.png", originalKey: b.objectKey!, contentType: "image/png", size: 0, sha256: "0", status: "ready" } });
  b.mediaId = media.id;
  b.variantId = (await db.mediaVariant.create({ data: { assetId: media.id, profile: "image-300k", cacheKey: "k", storageKey: b.objectKey!, contentType: "image/png", size: 0 } })).id;
  const conn = await db.carrierConnection.create({ data: { workspaceId, name: "B carrier", url: "http://127.0.0.1:9/mm7", vaspId: "b", senderAddress: "12345", inboundUsername: "b", inboundSecretHash: "x" } });
  b.connectionId = conn.id;
  const campaign = await db.campaign.create({ data: { workspaceId, name: "B campaign", connectionId: conn.id } });
  b.campaignId = campaign.id;
  b.messageId = (await db.message.create({ data: { workspaceId, campaignId: campaign.id, contactId: contact.id, phone: b.phone } })).id.toString();
  b.importId = (await db.importJob.create({ data: { workspaceId, fileName: "b.csv", fileKey: b.objectKey! } })).id;
  b.suppressionId = (await db.suppression.create({ data: { workspaceId, phone: "+393400000001" } })).id;
  b.conversationId = (await db.conversation.create({ data: { workspaceId, contactId: contact.id } })).id;
  b.workspaceId = workspaceId;
  b.userId = user.id;
}

async function snapshotOfB() {
  const w = { workspaceId: b.workspaceId };
  return JSON.stringify(
    await Promise.all([
      db.contact.findMany({ where: w, orderBy: { id: "asc" } }),
      db.segment.findMany({ where: w }),
      db.mediaAsset.findMany({ where: w }),
      db.campaign.findMany({ where: w }),
      db.message.findMany({ where: w }),
      db.carrierConnection.findMany({ where: w }),
      db.importJob.findMany({ where: w }),
      db.suppression.findMany({ where: w }),
      db.conversation.findMany({ where: w }),
    ]),
    (_k, v) => (typeof v === "bigint" ? v.toString() : v),
  );
}

beforeAll(async () => {
  app = await startWebApp();
  await signUpOwnerOfA();
  await createObjectsOfB();
});

afterAll(async () => {
  await app?.stop();
});

describe("tenant isolation", () => {
  it("every route with an id answers 404 to another workspace's owner and changes nothing", async () => {
    const routes = discover();
    const before = await snapshotOfB();
    const failures: string[] = [];
    let checked = 0;
    for (const r of routes) {
      const segments: string[] = [];
      let unmapped = false;
      for (const s of r.route.split("/").filter(Boolean)) {
        if (!s.startsWith("[")) { segments.push(s); continue; }
        const name = s.replace(/[[\].]/g, "");
        const id = idFor(segments[segments.length - 1] ?? "", name, b);
        if (!id) { unmapped = true; failures.push(`${r.route}: no fixture for [${name}] after “${segments[segments.length - 1]}” — add one in tests/e2e/tenancy.test.ts`); break; }
        segments.push(encodeURIComponent(id));
      }
      if (unmapped) continue;
      const url = `${app.url}/${segments.join("/")}`;
      const methods = r.file.endsWith("page.tsx")
        ? ["GET"]
        : ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) => new RegExp(`export\\s+(const|async function|function)\\s+${m}\\b|export\\s*\\{[^}]*\\b${m}\\b`).test(readFileSync(r.file, "utf8")));
      for (const method of methods) {
        const res = await fetch(url, {
          method,
          redirect: "manual",
          headers: { cookie, origin: app.url, ...(method === "GET" || method === "DELETE" ? {} : { "content-type": "application/json" }) },
          body: method === "GET" || method === "DELETE" ? undefined : "{}",
        });
        const body = await res.text();
        checked++;
        const allowed = method === "GET" || method === "DELETE" ? [404] : [404, 400];
        if (!allowed.includes(res.status)) failures.push(`${method} ${r.route} → ${res.status} (expected ${allowed.join(" or ")})`);
        if (body.includes("Secretina") || body.includes(b.phone!)) failures.push(`${method} ${r.route} leaked workspace B's contact`);
      }
    }
    expect(failures).toEqual([]);
    expect(await snapshotOfB()).toBe(before);
    // The discovery itself must have found something to check once the product has id routes.
    expect(checked).toBeGreaterThanOrEqual(routes.length);
  });
});

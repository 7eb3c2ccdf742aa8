// Segment rules compile to one parameterised query whose count matches a plain-SQL truth, stay
// inside the workspace, and freeze to a snapshot that no longer moves.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { closePgPool, pgPool } from "@/lib/db/pg";
import { compileSegment } from "@/lib/segments/compile";
import { createSegment, freezeSegment, getSegment, previewRules } from "@/lib/segments/service";
import { segmentAudienceSql } from "@/lib/segments/membership";
import type { Rules } from "@/lib/segments/rules";
import { listContacts } from "@/lib/contacts/service";
import { createWorkspace } from "../../support/fixtures";

afterAll(async () => { await closePgPool(); });

const g = (combinator: "and" | "or", children: Rules["children"], negate?: boolean): Rules => ({ kind: "group", combinator, children, ...(negate ? { negate } : {}) });

describe("segments", () => {
  let ws: Awaited<ReturnType<typeof createWorkspace>>;
  let other: Awaited<ReturnType<typeof createWorkspace>>;
  let campaignId: string;

  beforeAll(async () => {
    ws = await createWorkspace();
    other = await createWorkspace();
    const rows = Array.from({ length: 200 }, (_, i) => ({
      workspaceId: ws.workspaceId,
      phone: `+39333${String(3000000 + i).padStart(7, "0")}`,
      firstName: i % 2 ? "Anna" : "Bruno",
      country: i % 10 === 0 ? "GB" : "IT",
      timeZone: i % 10 === 0 ? "Europe/London" : "Europe/Rome",
      tags: i % 3 === 0 ? ["volunteer"] : i % 3 === 1 ? ["donor", "volunteer"] : [],
      attributes: { district: `D${i % 8}`, age: i % 2 ? 20 + (i % 50) : String(20 + (i % 50)), joined: `2024-0${1 + (i % 9)}-15`, member: i % 4 === 0, "it's \"odd\"": "x" },
      consent: i % 5 === 0 ? ("unsubscribed" as const) : ("subscribed" as const),
      handsetClass: i % 2 ? ("rich" as const) : ("basic" as const),
    }));
    await db.contact.createMany({ data: rows });
    // The other workspace holds look-alike contacts that must never be counted.
    await db.contact.createMany({ data: rows.slice(0, 50).map((r) => ({ ...r, workspaceId: other.workspaceId })) });
    const campaign = await db.campaign.create({ data: { workspaceId: ws.workspaceId, name: "Spring" } });
    campaignId = campaign.id;
    const contacts = await db.contact.findMany({ where: { workspaceId: ws.workspaceId }, orderBy: { id: "asc" }, take: 30 });
    await db.message.createMany({
      data: contacts.map((c, i) => ({ workspaceId: ws.workspaceId, campaignId, contactId: c.id, phone: c.phone, status: i < 10 ? ("delivered" as const) : i < 20 ? ("submitted" as const) : ("failed" as const), submittedAt: new Date() })),
    });
    await db.inboundMessage.create({ data: { workspaceId: ws.workspaceId, contactId: contacts[0]!.id, fromPhone: contacts[0]!.phone, text: "yes", receivedAt: new Date(Date.now() + 1000) } });
  });

  async function count(rules: Rules) {
    return (await previewRules(ws.workspaceId, rules)).count;
  }
  async function truth(where: string) {
    const { rows } = await pgPool().query(`SELECT count(*)::int AS n FROM contact WHERE "workspaceId" = $1 AND (${where})`, [ws.workspaceId]);
    return rows[0].n as number;
  }

  it("district is D7 and tag volunteer and not opted out equals the SQL truth", async () => {
    const rules = g("and", [
      { kind: "attribute", key: "district", type: "text", op: "equals", value: "D7" },
      { kind: "tag", op: "has", value: "volunteer" },
      { kind: "consent", op: "not_in", value: ["unsubscribed"] },
    ]);
    const expected = await truth(`attributes->>'district' = 'D7' AND 'volunteer' = ANY(tags) AND consent <> 'unsubscribed'`);
    expect(expected).toBeGreaterThan(0);
    expect(await count(rules)).toBe(expected);
  });

  it("handles every operator family against the truth", async () => {
    const cases: Array<[Rules, string]> = [
      [g("and", [{ kind: "attribute", key: "district", type: "text", op: "in", value: ["D1", "D2"] }]), `attributes->>'district' IN ('D1','D2')`],
      [g("and", [{ kind: "attribute", key: "district", type: "text", op: "starts_with", value: "D" }]), `true`],
      [g("and", [{ kind: "attribute", key: "district", type: "text", op: "contains", value: "%" }]), `false`],
      [g("and", [{ kind: "attribute", key: "age", type: "number", op: "between", value: 30, value2: 40 }]), `(attributes->>'age')::int BETWEEN 30 AND 40`],
      [g("and", [{ kind: "attribute", key: "age", type: "number", op: "gt", value: 60 }]), `(attributes->>'age')::int > 60`],
      [g("and", [{ kind: "attribute", key: "joined", type: "date", op: "before", value: "2024-03-01" }]), `(attributes->>'joined')::date < '2024-03-01'`],
      [g("and", [{ kind: "attribute", key: "member", type: "boolean", op: "is_true" }]), `(attributes->>'member')::boolean`],
      [g("and", [{ kind: "attribute", key: "missing", type: "text", op: "is_set" }]), `false`],
      [g("and", [{ kind: "attribute", key: `it's "odd"`, type: "text", op: "equals", value: "x" }]), `true`],
      [g("and", [{ kind: "tag", op: "has_any", value: ["donor", "nobody"] }]), `'donor' = ANY(tags)`],
      [g("and", [{ kind: "tag", op: "has_none", value: ["volunteer"] }]), `NOT ('volunteer' = ANY(tags))`],
      [g("and", [{ kind: "country", op: "in", value: ["GB"] }]), `country = 'GB'`],
      [g("and", [{ kind: "timeZone", op: "not_in", value: ["Europe/Rome"] }]), `"timeZone" <> 'Europe/Rome'`],
      [g("and", [{ kind: "handset", op: "in", value: ["rich"] }]), `"handsetClass" = 'rich'`],
      [g("and", [{ kind: "field", field: "firstName", op: "equals", value: "anna" }]), `"firstName" = 'Anna'`],
      [g("or", [{ kind: "country", op: "in", value: ["GB"] }, g("and", [{ kind: "tag", op: "has", value: "donor" }], true)]), `country = 'GB' OR NOT ('donor' = ANY(tags))`],
      [g("or", []), `false`],
      [g("and", [{ kind: "engagement", event: "delivered", campaignId: "" + "X" }]), `false`],
    ];
    for (const [rules, where] of cases) expect(await count(rules), JSON.stringify(rules)).toBe(await truth(where));
  });

  it("counts engagement: received, delivered, replied, did not receive", async () => {
    expect(await count(g("and", [{ kind: "engagement", event: "received", campaignId }]))).toBe(20);
    expect(await count(g("and", [{ kind: "engagement", event: "delivered", campaignId }]))).toBe(10);
    expect(await count(g("and", [{ kind: "engagement", event: "replied", campaignId }]))).toBe(1);
    expect(await count(g("and", [{ kind: "engagement", event: "not_received", campaignId }]))).toBe(180);
    // A campaign id of another workspace matches nothing.
    const foreign = await db.campaign.create({ data: { workspaceId: other.workspaceId, name: "theirs" } });
    expect(await count(g("and", [{ kind: "engagement", event: "received", campaignId: foreign.id }]))).toBe(0);
  });

  it("never puts user input in the SQL text, attribute keys included", () => {
    const { sql, params } = compileSegment(ws.workspaceId, g("and", [{ kind: "attribute", key: "x'); DROP TABLE contact; --", type: "text", op: "equals", value: "' OR 1=1 --" }]));
    expect(sql).not.toContain("DROP");
    expect(sql).not.toContain("OR 1=1");
    expect(params).toContain(ws.workspaceId);
    expect(sql).toMatch(/^SELECT c\.id FROM contact c WHERE c\."workspaceId" = \$1/);
    expect(compileSegment(ws.workspaceId, g("and", []), { firstParam: 3 }).sql).toContain("$3");
  });

  it("freezes to a snapshot that later contacts do not join", async () => {
    const rules = g("and", [{ kind: "tag", op: "has", value: "donor" }]);
    const seg = await createSegment(ws.workspaceId, { name: "Donors", rules }, ws.user.id);
    const before = await count(rules);
    const frozen = await freezeSegment(ws.workspaceId, seg.id);
    expect(frozen.frozenCount).toBe(before);
    await db.contact.create({ data: { workspaceId: ws.workspaceId, phone: "+393339999999", tags: ["donor"] } });
    const audience = await segmentAudienceSql(ws.workspaceId, seg.id);
    const { rows } = await pgPool().query(`SELECT count(*)::int AS n FROM (${audience.sql}) a`, audience.params);
    expect(rows[0].n).toBe(before);
    expect(await count(rules)).toBe(before + 1);
    const page = await listContacts(ws.workspaceId, { segmentId: seg.id }, { limit: 500 });
    expect(page.items).toHaveLength(before);
  });

  it("another workspace's segment is not found", async () => {
    const seg = await createSegment(ws.workspaceId, { name: "Mine", rules: g("and", []) });
    await expect(getSegment(other.workspaceId, seg.id)).rejects.toMatchObject({ status: 404 });
    await expect(listContacts(other.workspaceId, { segmentId: seg.id })).rejects.toMatchObject({ status: 404 });
    expect(randomUUID()).toBeTruthy();
  });
});

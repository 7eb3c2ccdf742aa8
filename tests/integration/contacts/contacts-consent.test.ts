// Contacts table service, consent ledger, suppressions and the sendable rule the dispatcher reuses.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { closePgPool, pgPool } from "@/lib/db/pg";
import { closeQueues } from "@/lib/queues";
import { bulkAction, countContacts, createContact, deleteContact, getContact, listContacts, updateContact } from "@/lib/contacts/service";
import { recordConsent, isSendable, sendableWhere } from "@/lib/consent/service";
import { addSuppression, listSuppressions, removeSuppression } from "@/lib/consent/suppressions";
import { createWorkspace } from "../../support/fixtures";
import { importFile } from "./helpers";

afterAll(async () => { await closeQueues(); await closePgPool(); });

describe("contacts and consent", () => {
  let ws: Awaited<ReturnType<typeof createWorkspace>>;
  let other: Awaited<ReturnType<typeof createWorkspace>>;
  beforeAll(async () => {
    ws = await createWorkspace();
    other = await createWorkspace();
    await db.contact.createMany({ data: Array.from({ length: 120 }, (_, i) => ({ workspaceId: ws.workspaceId, phone: `+39333400${String(i).padStart(4, "0")}`, firstName: i === 7 ? "Zoë" : `Name${i}`, lastName: "Test", tags: i % 2 ? ["odd"] : [] })) });
  });

  it("pages with a keyset cursor, newest first, without gaps or repeats", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page = await listContacts(ws.workspaceId, {}, { after, limit: 50 });
      seen.push(...page.items.map((c) => c.id));
      after = page.nextCursor;
    } while (after);
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
    expect([...seen].sort((a, b) => Number(b) - Number(a))).toEqual(seen);
  });

  it("searches by name or number and filters by tag", async () => {
    expect((await listContacts(ws.workspaceId, { q: "zoë" })).items.map((c) => c.firstName)).toEqual(["Zoë"]);
    expect((await listContacts(ws.workspaceId, { q: "333 4000 007" })).items).toHaveLength(1);
    expect(await countContacts(ws.workspaceId, { tag: "odd" })).toBe(60);
    expect(await countContacts(ws.workspaceId, { q: "100%" })).toBe(0);
  });

  it("creates with a normalised number, refuses duplicates and bad input with a sentence", async () => {
    const c = await createContact(ws.workspaceId, { phone: "333 555 0001", defaultCountry: "IT", firstName: "Ada", consent: "subscribed", consentDetail: "web form" }, ws.user.id);
    expect(c).toMatchObject({ phone: "+393335550001", timeZone: "Europe/Rome", consent: "subscribed" });
    await expect(createContact(ws.workspaceId, { phone: "+39 333 5550001" })).rejects.toMatchObject({ status: 409, message: "A contact with the number +393335550001 already exists." });
    await expect(createContact(ws.workspaceId, { phone: "06 1234 5678", defaultCountry: "IT" })).rejects.toMatchObject({ status: 400, message: "This looks like a landline, which cannot receive MMS." });
    await expect(createContact(ws.workspaceId, { phone: "+393335550002", timeZone: "Nowhere/Town" })).rejects.toMatchObject({ status: 400 });
    const detail = await getContact(ws.workspaceId, c.id);
    expect(detail.consent).toHaveLength(1);
    expect(detail.consent[0]).toMatchObject({ state: "subscribed", source: "manual", detail: "web form", actorUserId: ws.user.id });
  });

  it("keeps another workspace's contacts invisible (404)", async () => {
    const c = await db.contact.findFirstOrThrow({ where: { workspaceId: ws.workspaceId } });
    await expect(getContact(other.workspaceId, c.id)).rejects.toMatchObject({ status: 404 });
    await expect(updateContact(other.workspaceId, c.id, { firstName: "x" })).rejects.toMatchObject({ status: 404 });
    await expect(deleteContact(other.workspaceId, c.id)).rejects.toMatchObject({ status: 404 });
    await expect(recordConsent(other.workspaceId, c.id, "unsubscribed", { source: "keyword", keyword: "STOP" })).rejects.toMatchObject({ status: 404 });
    expect((await bulkAction(other.workspaceId, { action: "delete", ids: [c.id.toString()] })).affected).toBe(0);
  });

  it("bulk-tags a selection and a whole filter, untags, deletes", async () => {
    const some = (await listContacts(ws.workspaceId, {}, { limit: 3 })).items.map((c) => c.id);
    expect((await bulkAction(ws.workspaceId, { action: "tag", tag: "vip", ids: some })).affected).toBe(3);
    expect((await bulkAction(ws.workspaceId, { action: "tag", tag: "vip", ids: some })).affected).toBe(0);
    expect((await bulkAction(ws.workspaceId, { action: "tag", tag: "batch", filter: { tag: "odd" } })).affected).toBe(60);
    expect((await bulkAction(ws.workspaceId, { action: "untag", tag: "batch", filter: { q: "Name1" } })).affected).toBeGreaterThan(0);
    expect((await bulkAction(ws.workspaceId, { action: "delete", ids: some })).affected).toBe(3);
    expect(await countContacts(ws.workspaceId, { tag: "vip" })).toBe(0);
  });

  it("records keyword opt-outs in the ledger and excludes them from sending", async () => {
    const c = await createContact(ws.workspaceId, { phone: "+393335550003", consent: "subscribed" });
    expect(await isSendable(ws.workspaceId, { contactId: c.id })).toBe(true);
    const r = await recordConsent(ws.workspaceId, c.id, "unsubscribed", { source: "keyword", keyword: "STOP", detail: "inbound 123" });
    expect(r).toMatchObject({ changed: true, previous: "subscribed" });
    expect(await isSendable(ws.workspaceId, { contactId: c.id })).toBe(false);
    expect(await isSendable(ws.workspaceId, { phone: "+393335550003" })).toBe(false);
    const events = await db.consentEvent.findMany({ where: { contactId: c.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.state, e.source, e.detail])).toEqual([["subscribed", "manual", "Added by hand"], ["unsubscribed", "keyword", "STOP: inbound 123"]]);
  });

  it("suppresses numbers workspace-wide, opting out the matching contact", async () => {
    const c = await createContact(ws.workspaceId, { phone: "+393335550004" });
    await createContact(ws.workspaceId, { phone: "+393335550005" });
    const s = await addSuppression(ws.workspaceId, { phone: "333 555 0004", defaultCountry: "IT", reason: "complaint" }, ws.user.id);
    expect(s).toEqual({ phone: "+393335550004", added: true });
    expect((await addSuppression(ws.workspaceId, { phone: "+393335550004" })).added).toBe(false);
    expect(await isSendable(ws.workspaceId, { phone: "+393335550099" })).toBe(true);
    await addSuppression(ws.workspaceId, { phone: "+393335550099" });
    expect(await isSendable(ws.workspaceId, { phone: "+393335550099" })).toBe(false);
    expect((await db.contact.findUniqueOrThrow({ where: { id: c.id } })).consent).toBe("unsubscribed");
    const { rows } = await pgPool().query(`SELECT count(*)::int AS n FROM contact c WHERE c."workspaceId" = $1 AND c.phone IN ('+393335550004', '+393335550003', '+393335550005') AND ${sendableWhere("c")}`, [ws.workspaceId]);
    expect(rows[0].n).toBe(1);
    const list = await listSuppressions(ws.workspaceId, { q: "5550004" });
    expect(list.items).toHaveLength(1);
    await expect(removeSuppression(other.workspaceId, list.items[0]!.id)).rejects.toMatchObject({ status: 404 });
    await removeSuppression(ws.workspaceId, list.items[0]!.id);
    expect((await db.contact.findUniqueOrThrow({ where: { id: c.id } })).consent).toBe("unsubscribed");
  });

  it("imports a suppression list from a CSV of numbers", async () => {
    const w = await createWorkspace();
    await db.contact.create({ data: { workspaceId: w.workspaceId, phone: "+393336000001", consent: "subscribed" } });
    const r = await importFile(w, "dnc.csv", "number,note\n+39 333 6000001,x\n333 6000002,y\nnonsense,z\n333 6000002,dup\n", { defaultCountry: "IT" }, "suppressions");
    expect(r.job).toMatchObject({ rowsRead: 4, imported: 2, skipped: 1, invalid: 1 });
    expect(await db.suppression.count({ where: { workspaceId: w.workspaceId } })).toBe(2);
    const c = await db.contact.findFirstOrThrow({ where: { workspaceId: w.workspaceId } });
    expect(c.consent).toBe("unsubscribed");
    expect(await db.consentEvent.count({ where: { contactId: c.id, source: "suppression" } })).toBe(1);
  });
});

// The pipeline cut into many small chunks across both lanes must give the same outcome as one
// chunk: duplicates found across chunks (with the line of the first occurrence), existing contacts
// updated once, counters summed exactly; also when the in-memory table of seen numbers fills up
// partway and the rest of the file is deduped in the database. Also checks the uploaded file is streamed back from
// storage in order, chunk by chunk.
import { afterAll, describe, expect, it } from "vitest";
import { buffer } from "node:stream/consumers";
import { db } from "@/lib/db/client";
import { closePgPool, pgPool } from "@/lib/db/pg";
import { closeQueues } from "@/lib/queues";
import { storage } from "@/lib/storage";
import { createImport, startImport } from "@/lib/contacts/import/service";
import { runImport } from "@/lib/contacts/import/run";
import { createWorkspace } from "../../support/fixtures";

afterAll(async () => {
  await closeQueues();
  await closePgPool();
});

// Lines 2-41: 40 numbers in +39 form (3 of them junk instead); lines 42-61: numbers 20-39 again in
// national form, 20 lines later (1 junk). A repeat of a number whose first line was junk is new.
function file() {
  const lines = ["phone,first_name,tags"];
  for (let i = 0; i < 60; i++) {
    if (i % 15 === 7) lines.push(`not a number ${i},Junk,`);
    else if (i < 40) lines.push(`+39 333 40000${String(i).padStart(2, "0")},First${i},a`);
    else lines.push(`333 40000${String(i - 20).padStart(2, "0")},Again${i},b`);
  }
  return lines.join("\n") + "\n";
}

async function run(chunkRows: number, seenNumbers?: number) {
  const ws = await createWorkspace();
  // Two numbers exist already: one never asked, one opted out.
  await db.contact.create({ data: { workspaceId: ws.workspaceId, phone: "+393334000001", tags: ["old"] } });
  await db.contact.create({ data: { workspaceId: ws.workspaceId, phone: "+393334000002", consent: "unsubscribed" } });
  const created = await createImport(ws.workspaceId, ws.user.id, { fileName: "chunks.csv", bytes: Buffer.from(file()) });
  await startImport(ws.workspaceId, created.job.id, {
    mapping: [{ column: 0, target: "phone" }, { column: 1, target: "firstName" }, { column: 2, target: "tags" }],
    defaultCountry: "IT", duplicates: "update", tags: [], consent: { detail: "chunk test form", date: "2025-05-01" },
  });
  // Slices of 40 bytes, about a line each: lanes flush every 3 rows or so.
  expect(await runImport(created.job.id, { chunkRows, sliceBytes: chunkRows < 100 ? 40 : undefined, seenNumbers })).toBe("completed");
  const job = await db.importJob.findUniqueOrThrow({ where: { id: created.job.id } });
  const errors = await db.importRowError.findMany({ where: { importJobId: job.id }, orderBy: { rowNumber: "asc" } });
  const contacts = await db.contact.findMany({ where: { workspaceId: ws.workspaceId }, orderBy: { phone: "asc" } });
  const events = await db.consentEvent.count({ where: { workspaceId: ws.workspaceId } });
  return { job, errors, contacts, events };
}

describe("contact import in many chunks", () => {
  it("gives exactly the outcome of a single chunk", async () => {
    const one = await run(10_000);
    const many = await run(3);
    // The table holds 11 numbers: the rest of the file meets the database's check.
    const spilled = await run(3, 11);
    const counts = (r: typeof one) => ({ rowsRead: r.job.rowsRead, imported: r.job.imported, updated: r.job.updated, skipped: r.job.skipped, invalid: r.job.invalid });
    // 4 junk lines; 39 distinct numbers of which 2 existed; 17 repeats skipped.
    expect(counts(one)).toEqual({ rowsRead: 60, imported: 37, updated: 2, skipped: 17, invalid: 4 });
    const shape = (r: typeof one) => r.contacts.map((c) => [c.phone, c.firstName, c.consent, [...c.tags].sort().join("|")]);
    for (const other of [many, spilled]) {
      expect(counts(other)).toEqual(counts(one));
      expect(other.errors.map((e) => [e.rowNumber, e.reason])).toEqual(one.errors.map((e) => [e.rowNumber, e.reason]));
      expect(other.errors.find((e) => e.rowNumber === 42)).toMatchObject({ reason: "Duplicate: the same number is already on line 22 of this file.", raw: "333 4000020,Again40,b" });
      expect(shape(other)).toEqual(shape(one));
      // One event per newly consenting contact: the 37 new ones and the one never asked before.
      expect(other.events).toBe(38);
    }
    expect(many.contacts.find((c) => c.phone === "+393334000001")).toMatchObject({ firstName: "First1", consent: "subscribed", tags: expect.arrayContaining(["old", "a"]) });
    expect(many.contacts.find((c) => c.phone === "+393334000002")?.consent).toBe("unsubscribed");
    expect(one.events).toBe(38);
  });

  it("imports a chunk whose number another writer adds while it runs, creating it once", async () => {
    const ws = await createWorkspace();
    const created = await createImport(ws.workspaceId, ws.user.id, { fileName: "race.csv", bytes: Buffer.from(file()) });
    await startImport(ws.workspaceId, created.job.id, {
      mapping: [{ column: 0, target: "phone" }, { column: 1, target: "firstName" }, { column: 2, target: "tags" }],
      defaultCountry: "IT", duplicates: "update", tags: [], consent: { detail: "race form", date: "2025-05-01" },
    });
    // Uncommitted when the import looks for existing numbers; committed while its INSERT waits on it.
    const other = await pgPool().connect();
    try {
      await other.query("BEGIN");
      await other.query(`INSERT INTO contact ("workspaceId", phone, "firstName", "updatedAt") VALUES ($1, '+393334000005', 'Other', now())`, [ws.workspaceId]);
      const running = runImport(created.job.id);
      await new Promise((r) => setTimeout(r, 500));
      await other.query("COMMIT");
      expect(await running).toBe("completed");
    } finally {
      other.release();
    }
    const job = await db.importJob.findUniqueOrThrow({ where: { id: created.job.id } });
    // The chunk ran again from the top, so the other writer's contact is updated by its line like any existing one.
    expect({ imported: job.imported, updated: job.updated, skipped: job.skipped, invalid: job.invalid }).toEqual({ imported: 38, updated: 1, skipped: 17, invalid: 4 });
    expect(await db.contact.count({ where: { workspaceId: ws.workspaceId } })).toBe(39);
    expect(await db.contact.findFirstOrThrow({ where: { workspaceId: ws.workspaceId, phone: "+393334000005" } })).toMatchObject({ firstName: "First5", consent: "subscribed" });
    expect(await db.consentEvent.count({ where: { workspaceId: ws.workspaceId } })).toBe(39);
  });

  it("stores an upload written in uneven pieces and streams it back in order", async () => {
    const key = `test/import-stream-${Date.now()}`;
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 123);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) & 0xff;
    async function* pieces() {
      for (let off = 0; off < bytes.length; off += 700_001) yield bytes.subarray(off, off + 700_001);
    }
    const info = await (storage() as unknown as { put: (k: string, b: AsyncIterable<Uint8Array>, t: string) => Promise<{ size: number }> }).put(key, pieces(), "text/csv");
    expect(info.size).toBe(bytes.length);
    expect(await db.storedChunk.count({ where: { objectKey: key } })).toBe(4);
    const got = await storage().getStream(key);
    expect(got?.size).toBe(bytes.length);
    expect((await buffer(got!.stream)).equals(bytes)).toBe(true);
    await storage().delete(key);
  });
});

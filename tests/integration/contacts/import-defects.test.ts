// Imports files with the defects real lists have, and checks the exact counts and reasons a user
// sees: what was imported, updated, skipped, refused and why, line by line.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import iconv from "iconv-lite";
import { db } from "@/lib/db/client";
import { closePgPool } from "@/lib/db/pg";
import { closeQueues } from "@/lib/queues";
import { importErrorsCsv } from "@/lib/contacts/import/service";
import { exportContactsCsv } from "@/lib/contacts/export";
import { createWorkspace } from "../../support/fixtures";
import { collect, importFile } from "./helpers";

afterAll(async () => {
  await closeQueues();
  await closePgPool();
});

const HEADER = "phone,first_name,last_name,district,tags,time_zone,locale,notes";
const big = "x".repeat(10 * 1024 * 1024);

// [line content, expectation]
const lines: Array<[string, string]> = [
  ["+39 333 100 0001,Anna,Rossi,D7,volunteer,,it,", "imported"], // 2 E.164 with spaces
  ["333 1000002,Bruno,Bianchi,D7,,,,", "imported"], // 3 national format, default country IT
  ["0039 333 1000003,Carla,Verdi,D1,,,,", "imported"], // 4 00 international prefix
  ["(333) 100-0004,Dario,Neri,D2,,,,", "imported"], // 5 punctuation
  [",Nobody,Here,D3,,,,", "The phone number is missing."], // 6
  ["333-CALL-ME,Letters,Guy,D3,,,,", "The phone number contains letters."], // 7
  ["12345,Short,One,D3,,,,", "Too short to be a phone number."], // 8
  ["06 1234 5678,Land,Line,D3,,,,", "This looks like a landline, which cannot receive MMS."], // 9
  ["800 123 456,Toll,Free,D3,,,,", "This is a toll-free number, which cannot receive MMS."], // 10
  ["+39 333 1234567890123,Too,Long,D3,,,,", "Too long to be a phone number."], // 11
  ["+0 333 1000099,Zero,Code,D3,,,,", "Country codes never start with 0."], // 12
  ["+393331000001,Anna,Again,D7,,,,", "Duplicate: the same number is already on line 2 of this file."], // 13
  ["+39 333 000 0001,Existing,Updated,D7,,,,", "updated"], // 14 existing contact
  ["+39 333 000 0002,Opted,Out,D7,,,,", "updated"], // 15 existing, opted out: stays opted out
  ["333 1000005,Bad,Zone,D4,,Mars/Olympus,,", '"Mars/Olympus" is not a time zone we know; use a name like Europe/Rome.'], // 16
  ["333 1000006,Good,Zone,D4,,America/New_York,,", "imported"], // 17
  ["333 1000007,Bad,Locale,D4,,,english!!,", '"english!!" is not a language code; use one like it or en-US.'], // 18
  ["333 1000008,Too,Few", "This row has 3 cells but the header has 8; check for an unquoted separator or a missing cell."], // 19
  ["333 1000009,Too,Many,D4,,,,,extra", "This row has 9 cells but the header has 8; check for an unquoted separator or a missing cell."], // 20
  ['333 1000010,Quoted,Newline,D5,,,,"first line\nsecond line"', "imported"], // 21-22 quoted newline
  ["", "empty"], // 23 empty line
  [",,,,,,,", "empty"], // 24 blank spreadsheet row
  [`333 1000011,Huge,Cell,D5,,,,${big}`, "A cell is longer than 64 KB; this is not a contact row."], // 25
  ['333 1000012,"=HYPERLINK(""http://evil.example"",""click"")",Formula,D5,,,,@SUM(A1)', "imported"], // 26
  [`333 1000013,${"L".repeat(300)},Long,D5,,,,`, "The first name is longer than 200 characters."], // 27
  ['333 1000014,Tag,Gal,D6,"volunteer; donor",,,', "imported"], // 28
  ["333\u00a0100\u20110015,Nbsp,Dash,D6,,,,", "imported"], // 29 non-breaking space and unicode hyphen
  ["  333 1000016  ,  Spacey  ,  Name  ,D6,,,,", "imported"], // 30 whitespace trimmed
  ["+1 212 555 0123,Us,Number,D6,,,,", "imported"], // 31 NANP, zone unknown (several zones)
  ["+44 7911 123456,Uk,Mobile,D6,,,,", "imported"], // 32
  ["333 1000002,Bruno,Twice,D7,,,,", "Duplicate: the same number is already on line 3 of this file."], // 33 dup, national format
  ["+39 333 12,Short,Italian,D6,,,,", "Too short for a number in IT."], // 34
  ['333 1000017,Never,"Closed,D6,,,,', "A quoted cell is never closed: the rest of the file was read as one cell."], // 35 last
];

function fileText(eol = "\n") {
  return [HEADER, ...lines.map(([l]) => l)].join(eol) + eol;
}

describe("contact import with defective files", () => {
  let ws: Awaited<ReturnType<typeof createWorkspace>>;
  let result: Awaited<ReturnType<typeof importFile>>;

  beforeAll(async () => {
    ws = await createWorkspace();
    await db.contact.create({ data: { workspaceId: ws.workspaceId, phone: "+393330000001", firstName: null, tags: ["old"], attributes: { district: "D1", keep: "yes" } } });
    await db.contact.create({ data: { workspaceId: ws.workspaceId, phone: "+393330000002", consent: "unsubscribed", consentAt: new Date("2024-01-01") } });
    result = await importFile(ws, "defects.csv", fileText(), {
      defaultCountry: "IT",
      duplicates: "update",
      consent: { detail: "signed form at the Milan event", date: "2025-03-01" },
      tags: ["event-2025"],
    });
  });

  it("counts every row exactly once, with the right outcome", () => {
    const expected = lines.filter(([, e]) => e !== "empty");
    const imported = expected.filter(([, e]) => e === "imported").length;
    const updated = expected.filter(([, e]) => e === "updated").length;
    const duplicates = expected.filter(([, e]) => e.startsWith("Duplicate")).length;
    const invalid = expected.length - imported - updated - duplicates;
    expect(result.status).toBe("completed");
    expect({ rowsRead: result.job.rowsRead, imported: result.job.imported, updated: result.job.updated, skipped: result.job.skipped, invalid: result.job.invalid }).toEqual({
      rowsRead: expected.length, imported, updated, skipped: duplicates, invalid,
    });
    expect(imported).toBe(12);
    expect(invalid).toBe(15);
  });

  it("reports each refused or skipped row with its file line and reason", () => {
    // File line of each entry: header is line 1; the quoted newline (entry 20) spans two lines.
    const expectedErrors: Array<{ line: number; reason: string }> = [];
    let line = 2;
    for (const [text, e] of lines) {
      if (e !== "imported" && e !== "updated" && e !== "empty") expectedErrors.push({ line, reason: e });
      line += 1 + (text.match(/\n/g)?.length ?? 0);
    }
    expect(result.errors.map((r) => ({ line: r.rowNumber, reason: r.reason }))).toEqual(expectedErrors);
    const huge = result.errors.find((r) => r.reason.includes("64 KB"))!;
    expect(huge.raw.length).toBeLessThanOrEqual(1000);
  });

  it("normalises numbers, infers zones, keeps names, tags and attributes", async () => {
    const byPhone = async (phone: string) => db.contact.findUniqueOrThrow({ where: { workspaceId_phone: { workspaceId: ws.workspaceId, phone } } });
    const anna = await byPhone("+393331000001");
    expect(anna).toMatchObject({ firstName: "Anna", lastName: "Rossi", country: "IT", timeZone: "Europe/Rome", locale: "it", consent: "subscribed" });
    expect(anna.tags.sort()).toEqual(["event-2025", "volunteer"]);
    expect(anna.attributes).toEqual({ district: "D7" });
    expect((await byPhone("+393331000003")).firstName).toBe("Carla");
    expect((await byPhone("+393331000006")).timeZone).toBe("America/New_York");
    expect((await byPhone("+393331000010")).attributes).toEqual({ district: "D5", notes: "first line\nsecond line" });
    expect((await byPhone("+393331000014")).tags.sort()).toEqual(["donor", "event-2025", "volunteer"]);
    expect((await byPhone("+393331000015")).firstName).toBe("Nbsp");
    expect(await byPhone("+393331000016")).toMatchObject({ firstName: "Spacey", lastName: "Name" });
    expect(await byPhone("+12125550123")).toMatchObject({ country: "US", timeZone: null });
    expect(await byPhone("+447911123456")).toMatchObject({ timeZone: expect.stringMatching(/^Europe\//) });
    expect((await byPhone("+393331000012")).firstName).toBe('=HYPERLINK("http://evil.example","click")');
  });

  it("updates existing contacts but never undoes an opt-out", async () => {
    const existing = await db.contact.findUniqueOrThrow({ where: { workspaceId_phone: { workspaceId: ws.workspaceId, phone: "+393330000001" } } });
    expect(existing).toMatchObject({ firstName: "Existing", lastName: "Updated", consent: "subscribed" });
    expect(existing.attributes).toEqual({ district: "D7", keep: "yes" });
    expect(existing.tags.sort()).toEqual(["event-2025", "old"]);
    const optedOut = await db.contact.findUniqueOrThrow({ where: { workspaceId_phone: { workspaceId: ws.workspaceId, phone: "+393330000002" } } });
    expect(optedOut.consent).toBe("unsubscribed");
    expect(optedOut.consentAt?.toISOString()).toBe("2024-01-01T00:00:00.000Z");
    expect(await db.consentEvent.count({ where: { contactId: optedOut.id } })).toBe(0);
  });

  it("writes one consent event per newly consenting contact, with the file's source and date", async () => {
    const events = await db.consentEvent.findMany({ where: { workspaceId: ws.workspaceId } });
    expect(events).toHaveLength(12 + 1); // imported + the existing never-asked contact
    expect(events.every((e) => e.state === "subscribed" && e.source === "import" && e.importJobId === result.job.id)).toBe(true);
    expect(events[0]!.detail).toBe("signed form at the Milan event (file defects.csv)");
    expect(events[0]!.occurredAt.toISOString()).toBe("2025-03-01T00:00:00.000Z");
  });

  it("offers the refused rows as a CSV with line, reason and the original cells", async () => {
    const csv = await collect(importErrorsCsv(ws.workspaceId, result.job.id));
    const rows = csv.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(rows[0]).toBe(`line,reason,${HEADER}`);
    expect(rows).toHaveLength(1 + result.errors.length);
    expect(rows[1]).toBe("6,The phone number is missing.,,Nobody,Here,D3,,,,");
  });

  it("neutralises formula cells in the contacts export", async () => {
    const csv = await collect(exportContactsCsv(ws.workspaceId, {}));
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csv).toContain("'@SUM(A1)");
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it("a second run of the same file creates nothing new (skip policy)", async () => {
    const again = await importFile(ws, "defects.csv", fileText("\r\n"), { defaultCountry: "IT", duplicates: "skip" });
    expect(again.job).toMatchObject({ imported: 0, updated: 0, invalid: 15, skipped: 12 + 2 + 2 });
    expect(again.errors.map((e) => e.rowNumber)).toEqual(result.errors.map((e) => e.rowNumber));
  });
});

describe("file encodings and separators", () => {
  it.each([
    ["UTF-8 with BOM, semicolons", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("telefono;nome;città\n333 2000001;Nicolò;Forlì\n")]), ";"],
    ["Windows-1252, commas", iconv.encode("phone,name,city\r\n333 2000001,Nicolò,Forlì\r\n", "win1252"), ","],
    ["UTF-16 LE with BOM, tabs", Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode("phone\tname\tcity\n333 2000001\tNicolò\tForlì\n", "utf16le")]), "\t"],
    ["UTF-8, tabs, CR line ends", Buffer.from("phone\tname\tcity\r333 2000001\tNicolò\tForlì\r"), "\t"],
  ])("%s", async (_name, bytes, delimiter) => {
    const ws = await createWorkspace();
    const r = await importFile(ws, "enc.csv", bytes, { defaultCountry: "IT", mapping: [{ column: 0, target: "phone" }, { column: 1, target: "firstName" }, { column: 2, target: "attribute", attribute: "city" }] });
    expect(r.preview.delimiter).toBe(delimiter);
    expect(r.job).toMatchObject({ rowsRead: 1, imported: 1, invalid: 0 });
    const c = await db.contact.findFirstOrThrow({ where: { workspaceId: ws.workspaceId } });
    expect(c).toMatchObject({ phone: "+393332000001", firstName: "Nicolò", attributes: { city: "Forlì" } });
  });

  it("remembers the column mapping for the next file with the same headers", async () => {
    const ws = await createWorkspace();
    await importFile(ws, "a.csv", "Cell,Quartiere\n333 2000002,D7\n", { defaultCountry: "IT", mapping: [{ column: 0, target: "phone" }, { column: 1, target: "attribute", attribute: "district" }] });
    const second = await importFile(ws, "b.csv", "quartiere;CELL\nD9;333 2000003\n", { defaultCountry: "IT" });
    expect(second.preview.suggested).toEqual([{ column: 0, target: "attribute", attribute: "district" }, { column: 1, target: "phone" }]);
    const c = await db.contact.findFirstOrThrow({ where: { workspaceId: ws.workspaceId, phone: "+393332000003" } });
    expect(c.attributes).toEqual({ district: "D9" });
  });
});

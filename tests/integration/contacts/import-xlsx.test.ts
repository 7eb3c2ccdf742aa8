// Excel workbooks, as volunteers and shops export them: the first sheet imports like a CSV, with
// what Excel shows in each cell (numbers in full, dates, formula results), and files that are not
// workbooks are refused with a sentence.
import { afterAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { db } from "@/lib/db/client";
import { closePgPool } from "@/lib/db/pg";
import { closeQueues } from "@/lib/queues";
import { createImport } from "@/lib/contacts/import/service";
import { createWorkspace } from "../../support/fixtures";
import { importFile } from "./helpers";

afterAll(async () => {
  await closeQueues();
  await closePgPool();
});

async function workbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("Voters");
  sheet.addRow(["Phone", "First name", "District", "Signed up", "Score"]);
  sheet.addRow(["+39 333 300 0001", { richText: [{ text: "An" }, { text: "na", font: { bold: true } }] }, "D7", new Date(Date.UTC(2026, 10, 5)), 3]); // 2
  sheet.addRow([3333000002, "Bruno", "D7", new Date(Date.UTC(2026, 10, 6, 14, 30)), { formula: "E2*2", result: 6 }]); // 3: phone typed as a number
  sheet.addRow([]); // 4: left empty
  sheet.getRow(5).values = ["12345", "Short", "D1"]; // 5
  sheet.getRow(6).values = ["333 300 0003", { formula: 'HYPERLINK("http://evil.example","Carla")', result: "Carla" }, "D2"]; // 6
  wb.addWorksheet("Notes").addRow(["+39 333 999 9999", "not imported"]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe("Excel import", () => {
  it("imports the first sheet with what each cell shows, and reports bad rows on Excel's line", async () => {
    const ws = await createWorkspace();
    const r = await importFile(ws, "voters.xlsx", await workbook(), {
      defaultCountry: "IT",
      mapping: [
        { column: 0, target: "phone" }, { column: 1, target: "firstName" }, { column: 2, target: "attribute", attribute: "district" },
        { column: 3, target: "attribute", attribute: "signed_up" }, { column: 4, target: "attribute", attribute: "score" },
      ],
    });
    expect(r.preview.headers).toEqual(["Phone", "First name", "District", "Signed up", "Score"]);
    expect(r.job).toMatchObject({ status: "completed", rowsRead: 4, imported: 3, invalid: 1 });
    expect(r.errors.map((e) => [e.rowNumber, e.reason])).toEqual([[5, "Too short to be a phone number."]]);
    const contacts = await db.contact.findMany({ where: { workspaceId: ws.workspaceId }, orderBy: { phone: "asc" } });
    expect(contacts.map((c) => [c.phone, c.firstName, c.attributes])).toEqual([
      ["+393333000001", "Anna", { district: "D7", signed_up: "2026-11-05", score: "3" }],
      ["+393333000002", "Bruno", { district: "D7", signed_up: "2026-11-06 14:30:00", score: "6" }],
      ["+393333000003", "Carla", { district: "D2" }],
    ]);
  });

  it("refuses an old .xls file and a zip that is not a workbook, saying what to do", async () => {
    const ws = await createWorkspace();
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    await expect(createImport(ws.workspaceId, ws.user.id, { fileName: "old.xls", bytes: xls })).rejects.toThrow(/old-format Excel file \(\.xls\)/);
    const truncated = (await workbook()).subarray(0, 600);
    await expect(createImport(ws.workspaceId, ws.user.id, { fileName: "cut.xlsx", bytes: truncated })).rejects.toThrow(/damaged or incomplete|not an Excel workbook/);
    expect(await db.importJob.count({ where: { workspaceId: ws.workspaceId } })).toBe(0);
  });
});

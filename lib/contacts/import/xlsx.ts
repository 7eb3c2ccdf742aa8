// Excel workbooks enter the import as the CSV the rest of the pipeline already reads (detection,
// preview, mapping, the worker's streaming reader, the rejected-rows file): the first worksheet, as
// UTF-8 with commas. Cells keep what Excel shows as their value: a formula's cached result (never the
// formula), a date as YYYY-MM-DD (with the time when it has one), a long number in full digits.
import { Readable } from "node:stream";
import type ExcelJS from "exceljs";
import { badRequest } from "@/lib/http/errors";

const ZIP_MAGIC = "PK\u0003\u0004";

/** An OOXML workbook (.xlsx/.xlsm): a zip archive. The old binary .xls is told apart by its own magic. */
export function isXlsx(bytes: Buffer): boolean {
  return bytes.subarray(0, 4).toString("latin1") === ZIP_MAGIC;
}

export function isLegacyXls(bytes: Buffer): boolean {
  return bytes.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function dateText(d: Date): string {
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const hasTime = d.getUTCHours() || d.getUTCMinutes() || d.getUTCSeconds();
  return hasTime ? `${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` : day;
}

/** What a cell shows, as text. */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return dateText(v);
  if (typeof v === "number") return Number.isInteger(v) ? BigInt(v).toString() : String(v);
  if (typeof v === "string" || typeof v === "boolean") return String(v);
  if ("richText" in v) return v.richText.map((r) => r.text).join("");
  if ("formula" in v || "sharedFormula" in v) return cellText((v as { result?: ExcelJS.CellValue }).result ?? null);
  if ("text" in v) return String(v.text);
  if ("error" in v) return "";
  return "";
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The first worksheet as CSV bytes. Refuses, with a sentence, a file that is not a readable workbook. */
export async function xlsxToCsv(bytes: Buffer): Promise<Buffer> {
  // Loaded on the first workbook only: exceljs weighs ~20 MB of heap in every process that imports contacts.
  const { default: ExcelJS } = await import("exceljs");
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
    sharedStrings: "cache", styles: "cache", hyperlinks: "ignore", worksheets: "emit", entries: "emit",
  });
  const out: Buffer[] = [];
  let pending = "";
  let sheets = 0;
  try {
    for await (const sheet of reader) {
      if (sheets++ > 0) continue; // only the first sheet; the rest are drained unread
      let nextRow = 1;
      let width: number | undefined;
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        // Empty rows are absent from the file: keep them as empty lines so line numbers match Excel's.
        for (; nextRow < row.number; nextRow++) pending += "\r\n";
        nextRow = row.number + 1;
        const cells = (Array.isArray(row.values) ? row.values.slice(1) : []).map((v) => csvCell(cellText(v as ExcelJS.CellValue)));
        // A workbook does not store trailing empty cells; Excel's own CSV export writes them, so do we.
        width ??= cells.length;
        while (cells.length < width) cells.push("");
        pending += `${cells.join(",")}\r\n`;
        if (pending.length > 1 << 20) { out.push(Buffer.from(pending)); pending = ""; }
      }
    }
  } catch (err) {
    // The reader's own words ("invalid signature", "unexpected end") mean nothing to the person uploading.
    throw badRequest("This Excel file is damaged or incomplete and could not be read. Open it in Excel and save it again (as .xlsx or CSV UTF-8), then upload it.", { reason: err instanceof Error ? err.message : String(err) });
  }
  if (sheets === 0) throw badRequest("This file is a zip archive, not an Excel workbook: upload a .xlsx or .csv file.");
  out.push(Buffer.from(pending));
  return Buffer.concat(out);
}

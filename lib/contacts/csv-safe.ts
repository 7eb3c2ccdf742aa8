// Spreadsheet formula injection: a cell starting with = + - @ TAB or CR is run as a formula by
// Excel/Sheets (=HYPERLINK("http://evil",…)). Every CSV we hand out passes its cells through here.
const DANGEROUS = /^[=+\-@\t\r]/;

export function neutralizeCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const s = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  return DANGEROUS.test(s) ? `'${s}` : s;
}

/** One CSV line (RFC 4180 quoting), cells neutralised. Phone numbers like +39… are quoted data, but
 *  they start with '+', so they are prefixed too; spreadsheets then keep them as text, not numbers. */
export function csvLine(cells: unknown[], delimiter = ","): string {
  return (
    cells
      .map((c) => {
        const s = neutralizeCell(c);
        return /[",\r\n;\t]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
      })
      .join(delimiter) + "\r\n"
  );
}

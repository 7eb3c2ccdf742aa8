// A small streaming CSV reader written for imports rather than taken from csv-parse, because an
// import must survive what csv-parse stops at: a 10 MB cell (capped here, the row is flagged and
// the file goes on), stray quotes (taken literally), ragged rows (reported, not fatal). It also
// tracks the line each record starts on, which is what the error report quotes.
export type CsvRecord = {
  fields: string[];
  /** 1-based line of the file where the record starts. */
  line: number;
  /** A cell was longer than the cap (its text is truncated). */
  oversize: boolean;
  /** The file ended inside a quoted cell. */
  unterminated: boolean;
};

const QUOTE = 34;
const CR = 13;
const LF = 10;

export class CsvReader {
  private readonly delim: number;
  private fields: string[] = [];
  private field = "";
  private inQuotes = false;
  /** Just saw a quote inside a quoted field: either an escaped quote or the closing one. */
  private quotePending = false;
  private fieldStarted = false;
  private afterCR = false;
  private line = 1;
  private recordLine = 1;
  private oversize = false;

  constructor(delimiter: string, private readonly maxCell = 64 * 1024) {
    this.delim = delimiter.charCodeAt(0);
  }

  private append(s: string) {
    if (this.field.length + s.length > this.maxCell) {
      this.oversize = true;
      if (this.field.length < this.maxCell) this.field += s.slice(0, this.maxCell - this.field.length);
    } else this.field += s;
  }

  private endField() {
    this.fields.push(this.field);
    this.field = "";
    this.fieldStarted = false;
  }

  private endRecord(out: CsvRecord[], unterminated = false) {
    this.endField();
    const empty = this.fields.length === 1 && this.fields[0] === "" && !this.oversize;
    if (!empty) out.push({ fields: this.fields, line: this.recordLine, oversize: this.oversize, unterminated });
    this.fields = [];
    this.oversize = false;
  }

  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      const ch = chunk.charCodeAt(i);
      if (this.afterCR) {
        this.afterCR = false;
        if (ch === LF) { i++; continue; }
      }
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (ch === QUOTE) { this.append('"'); i++; continue; }
          this.inQuotes = false; // closing quote; fall through to unquoted handling of ch
        } else {
          // Copy the run up to the next quote in one slice; count the newlines it holds.
          let j = chunk.indexOf('"', i);
          if (j === -1) j = n;
          const run = chunk.slice(i, j);
          if (run.length) {
            for (let k = 0; k < run.length; k++) {
              const c = run.charCodeAt(k);
              if (c === LF) this.line++;
              else if (c === CR && run.charCodeAt(k + 1) !== LF) this.line++;
            }
            this.append(run);
          }
          if (j < n) this.quotePending = true;
          i = j + 1;
          continue;
        }
      }
      if (ch === this.delim) { this.endField(); i++; continue; }
      if (ch === LF || ch === CR) {
        this.endRecord(out);
        this.line++;
        this.recordLine = this.line;
        if (ch === CR) this.afterCR = true;
        i++;
        continue;
      }
      if (ch === QUOTE && !this.fieldStarted) {
        this.inQuotes = true;
        this.fieldStarted = true;
        i++;
        continue;
      }
      // Unquoted run up to the next delimiter, newline or end of chunk (stray quotes are literal).
      let j = i;
      while (j < n) {
        const c = chunk.charCodeAt(j);
        if (c === this.delim || c === LF || c === CR) break;
        j++;
      }
      this.append(chunk.slice(i, j));
      this.fieldStarted = true;
      i = j;
    }
    return out;
  }

  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.quotePending) { this.quotePending = false; this.inQuotes = false; }
    if (this.inQuotes) this.endRecord(out, true);
    else if (this.field !== "" || this.fields.length > 0 || this.fieldStarted) this.endRecord(out);
    return out;
  }
}

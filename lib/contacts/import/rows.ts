// One CSV record → a contact row ready for staging, or the sentence that explains why not.
// Pure (no I/O), so the rules are unit-tested apart from the pipeline.
import { normalizePhone, canonicalZone, zoneForCountry } from "@/lib/phone";
import type { StartOptions } from "./options";

export type StagedRow = {
  line: number;
  phone: string;
  country: string | null;
  firstName: string | null;
  lastName: string | null;
  locale: string | null;
  timeZone: string | null;
  tags: string[];
  attributes: Record<string, string>;
};

export type RowOutcome = { ok: true; row: StagedRow } | { ok: false; reason: string };

const MAX_NAME = 200;
const MAX_ATTRIBUTE = 2000;

export type RowContext = { headerLength: number; options: StartOptions; kind: "contacts" | "suppressions" };

const localeCache = new Map<string, string | null>();
function canonicalLocale(v: string): string | null {
  let hit = localeCache.get(v);
  if (hit !== undefined) return hit;
  try {
    hit = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/.test(v) ? (Intl.getCanonicalLocales(v.replace(/_/g, "-"))[0] ?? null) : null;
  } catch {
    hit = null;
  }
  if (localeCache.size > 5000) localeCache.clear();
  localeCache.set(v, hit);
  return hit;
}

export function prepareRow(fields: string[], line: number, ctx: RowContext): RowOutcome {
  const o = ctx.options;
  // A suppression list may be a bare column of numbers; contacts files must keep their shape,
  // because a shifted row would put names into the wrong columns.
  if (ctx.kind === "contacts" && fields.length !== ctx.headerLength) {
    return { ok: false, reason: `This row has ${fields.length} cells but the header has ${ctx.headerLength}; check for an unquoted separator or a missing cell.` };
  }
  const row: StagedRow = { line, phone: "", country: null, firstName: null, lastName: null, locale: null, timeZone: null, tags: [...o.tags], attributes: {} };
  let rawZone: string | null = null;
  for (const m of o.mapping) {
    const v = (fields[m.column] ?? "").trim();
    switch (m.target) {
      case "phone": {
        const n = normalizePhone(v, o.defaultCountry);
        if (!n.ok) return { ok: false, reason: n.reason };
        row.phone = n.e164;
        row.country = n.country;
        break;
      }
      case "firstName":
      case "lastName":
        if (v.length > MAX_NAME) return { ok: false, reason: `The ${m.target === "firstName" ? "first" : "last"} name is longer than ${MAX_NAME} characters.` };
        row[m.target] = v || null;
        break;
      case "locale":
        if (v) {
          const l = canonicalLocale(v);
          if (!l) return { ok: false, reason: `"${v.slice(0, 40)}" is not a language code; use one like it or en-US.` };
          row.locale = l;
        }
        break;
      case "timeZone":
        rawZone = v || null;
        break;
      case "tags":
        for (const t of v.split(/[,;|]/)) {
          const tag = t.trim();
          if (tag && tag.length <= 100 && !row.tags.includes(tag)) row.tags.push(tag);
        }
        break;
      case "attribute":
        if (v) {
          if (v.length > MAX_ATTRIBUTE) return { ok: false, reason: `The value of "${m.attribute}" is longer than ${MAX_ATTRIBUTE} characters.` };
          row.attributes[m.attribute!] = v;
        }
        break;
    }
  }
  if (!row.phone) return { ok: false, reason: "The phone number is missing." };
  if (rawZone) {
    const z = canonicalZone(rawZone);
    if (!z) return { ok: false, reason: `"${rawZone.slice(0, 40)}" is not a time zone we know; use a name like Europe/Rome.` };
    row.timeZone = z;
  } else row.timeZone = zoneForCountry(row.country);
  return { ok: true, row };
}

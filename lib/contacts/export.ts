// CSV export of everything a filter matches, streamed in keyset pages so a million contacts never
// sit in memory; every cell is neutralised against formula injection.
import { pgPool } from "@/lib/db/pg";
import { SqlParams } from "@/lib/segments/params";
import { csvLine } from "./csv-safe";
import { filterWhere, type ContactFilter } from "./filter";

const FIXED = ["phone", "first_name", "last_name", "locale", "time_zone", "country", "tags", "consent", "consent_at", "handset", "created_at"];
const PAGE = 5_000;

type Row = { id: string; phone: string; firstName: string | null; lastName: string | null; locale: string | null; timeZone: string | null; country: string | null; tags: string[]; consent: string; consentAt: Date | null; handsetClass: string; createdAt: Date; attributes: Record<string, unknown> };

export async function* exportContactsCsv(workspaceId: string, filter: ContactFilter): AsyncGenerator<string> {
  const keyParams = new SqlParams();
  const keyWhere = await filterWhere(workspaceId, filter, keyParams);
  // Attribute columns: the keys present among the matching contacts (bounded).
  const { rows: keyRows } = await pgPool().query<{ k: string }>(
    `SELECT DISTINCT k FROM (SELECT c.attributes FROM contact c WHERE ${keyWhere} LIMIT 20000) s, jsonb_object_keys(s.attributes) k ORDER BY k LIMIT 200`,
    keyParams.values,
  );
  const keys = keyRows.map((r) => r.k);
  yield "\uFEFF" + csvLine([...FIXED, ...keys]);
  let after: string | null = null;
  for (;;) {
    const p = new SqlParams();
    let where = await filterWhere(workspaceId, filter, p);
    if (after) where += ` AND c.id > ${p.add(after, "bigint")}`;
    const { rows } = await pgPool().query<Row>(
      `SELECT c.id, c.phone, c."firstName", c."lastName", c.locale, c."timeZone", c.country, c.tags, c.consent, c."consentAt", c."handsetClass", c."createdAt", c.attributes
       FROM contact c WHERE ${where} ORDER BY c.id LIMIT ${PAGE}`,
      p.values,
    );
    if (rows.length === 0) return;
    let chunk = "";
    for (const r of rows) {
      chunk += csvLine([
        r.phone, r.firstName, r.lastName, r.locale, r.timeZone, r.country, r.tags.join("; "), r.consent,
        r.consentAt?.toISOString() ?? "", r.handsetClass, r.createdAt.toISOString(),
        ...keys.map((k) => r.attributes?.[k]),
      ]);
    }
    yield chunk;
    after = rows[rows.length - 1]!.id;
    if (rows.length < PAGE) return;
  }
}

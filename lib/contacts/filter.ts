// The contacts table's filter (search, tag, consent, segment) as one SQL predicate over alias `c`.
// Shared by the list, the count, bulk actions on "everything matching" and the CSV export, so all
// four always agree on which contacts a filter means.
import { z } from "zod";
import { SqlParams, likeEscape } from "@/lib/segments/params";
import { CONSENT_STATES } from "@/lib/segments/rules";
import { segmentWhere } from "@/lib/segments/membership";

export const contactFilterSchema = z.object({
  q: z.string().trim().max(100).optional(),
  tag: z.string().trim().max(100).optional(),
  consent: z.enum(CONSENT_STATES).optional(),
  segmentId: z.string().max(64).optional(),
});
export type ContactFilter = z.infer<typeof contactFilterSchema>;

export async function filterWhere(workspaceId: string, f: ContactFilter, p: SqlParams): Promise<string> {
  const parts = [`c."workspaceId" = ${p.add(workspaceId)}`];
  if (f.q) {
    const digits = f.q.replace(/[\s()\-.]/g, "");
    if (/^\+?\d{3,}$/.test(digits)) {
      parts.push(`c.phone LIKE ${p.add(`%${likeEscape(digits.replace(/^\+/, ""))}%`)}`);
    } else {
      const like = p.add(`%${likeEscape(f.q)}%`);
      parts.push(`(c."firstName" ILIKE ${like} OR c."lastName" ILIKE ${like} OR (coalesce(c."firstName", '') || ' ' || coalesce(c."lastName", '')) ILIKE ${like})`);
    }
  }
  if (f.tag) parts.push(`c.tags @> ${p.add([f.tag], "text[]")}`);
  if (f.consent) parts.push(`c.consent = ${p.add(f.consent, "consent_state")}`);
  if (f.segmentId) parts.push(await segmentWhere(workspaceId, f.segmentId, p));
  return parts.join(" AND ");
}

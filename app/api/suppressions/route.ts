import { z } from "zod";
import { parseJson, parseQuery, withMember } from "@/lib/http/route";
import { audit } from "@/lib/audit";
import { addSuppression, listSuppressions } from "@/lib/consent";

export const GET = withMember("contacts.read", async ({ req, ctx }) => {
  const q = parseQuery(req, z.object({ q: z.string().max(40).optional(), cursor: z.string().max(64).optional() }));
  return listSuppressions(ctx.workspaceId, { q: q.q, after: q.cursor });
});

export const POST = withMember("contacts.write", async ({ req, ctx }) => {
  const input = await parseJson(req, z.object({ phone: z.string().min(1).max(40), reason: z.string().max(500).nullish(), defaultCountry: z.string().regex(/^[A-Z]{2}$/).nullish() }));
  const r = await addSuppression(ctx.workspaceId, input, ctx.user.id);
  await audit(ctx, "suppression.add", { detail: { added: r.added } });
  return r;
});

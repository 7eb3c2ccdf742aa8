import { parseJson, withMember } from "@/lib/http/route";
import { audit } from "@/lib/audit";
import { bulkAction, bulkSchema } from "@/lib/contacts";

export const POST = withMember("contacts.write", async ({ req, ctx }) => {
  const input = await parseJson(req, bulkSchema);
  const result = await bulkAction(ctx.workspaceId, input);
  await audit(ctx, `contacts.bulk_${input.action}`, { detail: { affected: result.affected, tag: input.tag ?? null, byFilter: !!input.filter } });
  return result;
});

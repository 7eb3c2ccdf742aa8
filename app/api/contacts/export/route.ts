import { parseQuery, withMember } from "@/lib/http/route";
import { audit } from "@/lib/audit";
import { contactFilterSchema, exportContactsCsv } from "@/lib/contacts";
import { csvDownload } from "@/lib/contacts/http";

export const GET = withMember("contacts.export", async ({ req, ctx }) => {
  const filter = parseQuery(req, contactFilterSchema);
  await audit(ctx, "contacts.export", { detail: filter });
  return csvDownload(exportContactsCsv(ctx.workspaceId, filter), `contacts-${new Date().toISOString().slice(0, 10)}.csv`);
});

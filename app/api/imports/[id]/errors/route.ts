import { withMember } from "@/lib/http/route";
import { getImport, importErrorsCsv } from "@/lib/contacts";
import { csvDownload } from "@/lib/contacts/http";

export const GET = withMember("contacts.import", async ({ ctx, params }) => {
  const job = await getImport(ctx.workspaceId, String(params.id));
  return csvDownload(importErrorsCsv(ctx.workspaceId, job.id), `${job.fileName.replace(/\.[^.]*$/, "")}-rejected-rows.csv`);
});

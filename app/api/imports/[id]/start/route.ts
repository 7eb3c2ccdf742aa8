import { withMember } from "@/lib/http/route";
import { badRequest } from "@/lib/http/errors";
import { audit } from "@/lib/audit";
import { startImport } from "@/lib/contacts";

export const POST = withMember("contacts.import", async ({ req, ctx, params }) => {
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw badRequest("The request body is not valid JSON.");
  }
  const job = await startImport(ctx.workspaceId, String(params.id), body);
  await audit(ctx, "contacts.import_start", { targetType: "import_job", targetId: job.id, detail: { fileName: job.fileName, kind: job.kind } });
  return job;
});

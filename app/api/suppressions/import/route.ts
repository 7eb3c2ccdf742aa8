import { withMember } from "@/lib/http/route";
import { createImport, MAX_UPLOAD_BYTES } from "@/lib/contacts";
import { readUpload } from "@/lib/contacts/http";

/** Upload a CSV of numbers; then start it through /api/imports/{id}/start like a contacts file. */
export const POST = withMember("contacts.import", async ({ req, ctx }) => {
  const file = await readUpload(req, MAX_UPLOAD_BYTES);
  return createImport(ctx.workspaceId, ctx.user.id, { ...file, kind: "suppressions" });
});

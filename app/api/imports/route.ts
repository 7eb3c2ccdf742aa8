import { z } from "zod";
import { parseQuery, withMember } from "@/lib/http/route";
import { createImport, listImports, MAX_UPLOAD_BYTES } from "@/lib/contacts";
import { readUpload } from "@/lib/contacts/http";

const kindQuery = z.object({ kind: z.enum(["contacts", "suppressions"]).default("contacts") });

export const GET = withMember("contacts.read", async ({ req, ctx }) => listImports(ctx.workspaceId, parseQuery(req, kindQuery).kind));

/** Upload: stores the file and answers with the detected format and a preview of the first rows. */
export const POST = withMember("contacts.import", async ({ req, ctx }) => {
  const { kind } = parseQuery(req, kindQuery.extend({ name: z.string().optional() }));
  const file = await readUpload(req, MAX_UPLOAD_BYTES);
  return createImport(ctx.workspaceId, ctx.user.id, { ...file, kind });
});

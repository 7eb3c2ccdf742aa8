import { withMember } from "@/lib/http/route";
import { getImport } from "@/lib/contacts";

/** Progress (counters survive a reload: they live on the job row). */
export const GET = withMember("contacts.read", async ({ ctx, params }) => getImport(ctx.workspaceId, String(params.id)));

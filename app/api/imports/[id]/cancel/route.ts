import { withMember } from "@/lib/http/route";
import { cancelImport } from "@/lib/contacts";

export const POST = withMember("contacts.import", async ({ ctx, params }) => cancelImport(ctx.workspaceId, String(params.id)));

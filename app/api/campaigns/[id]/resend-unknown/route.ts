import { resendUnknown } from "@/lib/campaigns/control";
import { withMember } from "@/lib/http/route";

// An explicit user decision (the messages may arrive twice): never automatic.
export const POST = withMember("campaigns.send", async ({ ctx, params }) => resendUnknown(ctx, String(params.id)));

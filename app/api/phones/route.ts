import { withMember } from "@/lib/http/route";
import { listTestPhones } from "@/lib/phones";

export const GET = withMember("phones.use", async ({ req, ctx }) => listTestPhones(ctx.workspaceId, new URL(req.url).searchParams.get("q") ?? undefined));

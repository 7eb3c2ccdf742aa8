import { parseJson, withMember } from "@/lib/http/route";
import { replyInputSchema, sendReply } from "@/lib/inbox";

export const POST = withMember("inbox.reply", async ({ req, ctx, params }) => sendReply(ctx, String(params.id), await parseJson(req, replyInputSchema)));

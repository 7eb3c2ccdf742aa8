import { z } from "zod";
import { parseJson, withMember } from "@/lib/http/route";
import { openConversation, setConversationStatus } from "@/lib/inbox";

/** The thread; opening it marks it read for members who can answer. */
export const GET = withMember("contacts.read", async ({ ctx, params }) => openConversation(ctx, String(params.id)));

const statusInput = z.object({ status: z.enum(["open", "closed"], "Status must be open or closed.") });

/** Close or reopen. */
export const PATCH = withMember("inbox.reply", async ({ req, ctx, params }) => {
  const { status } = await parseJson(req, statusInput);
  return setConversationStatus(ctx, String(params.id), status);
});

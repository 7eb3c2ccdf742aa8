import { z } from "zod";
import { createDraft, listCampaigns } from "@/lib/campaigns/drafts";
import { parseJson, parseQuery, withMember } from "@/lib/http/route";

const listQuery = z.object({
  state: z.enum(["draft", "scheduled", "sending", "paused", "completed", "cancelled"]).optional(),
  q: z.string().max(100).optional(),
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

export const GET = withMember("workspace.read", async ({ req, ctx }) => listCampaigns(ctx.workspaceId, parseQuery(req, listQuery)));

const createBody = z.object({ name: z.string().max(120).optional(), toContactId: z.string().max(20).optional() });

// campaigns.send, not .write: support agents create a draft for ONE contact (checked in createDraft).
export const POST = withMember("campaigns.send", async ({ req, ctx }) => createDraft(ctx, await parseJson(req, createBody)));

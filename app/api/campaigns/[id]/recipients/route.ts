import { z } from "zod";
import { listRecipients } from "@/lib/campaigns/reports";
import { parseQuery, withMember } from "@/lib/http/route";

const q = z.object({ status: z.string().max(20).optional(), q: z.string().max(40).optional(), after: z.string().max(20).optional(), limit: z.coerce.number().int().min(1).max(200).optional() });

export const GET = withMember("reports.read", async ({ req, ctx, params }) => listRecipients(ctx.workspaceId, String(params.id), parseQuery(req, q)));

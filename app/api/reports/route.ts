import { z } from "zod";
import { workspaceReport } from "@/lib/campaigns/reports";
import { parseQuery, withMember } from "@/lib/http/route";

const q = z.object({ days: z.coerce.number().int().min(1).max(366).optional() });

export const GET = withMember("reports.read", async ({ req, ctx }) => workspaceReport(ctx.workspaceId, parseQuery(req, q)));

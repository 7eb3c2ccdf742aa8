import { z } from "zod";
import { testSend } from "@/lib/campaigns/control";
import { parseJson, withMember } from "@/lib/http/route";

const body = z.object({ phone: z.string().trim().min(3, "Type the test phone's number.").max(40) });

export const POST = withMember("campaigns.send", async ({ req, ctx, params }) => testSend(ctx, String(params.id), (await parseJson(req, body)).phone));

import { z } from "zod";
import { parseJson, withMember } from "@/lib/http/route";
import { previewRules, rulesSchema } from "@/lib/segments";

/** Live count + sample for the rule builder (the client debounces). */
export const POST = withMember("contacts.read", async ({ req, ctx }) => {
  const { rules } = await parseJson(req, z.object({ rules: rulesSchema }));
  return previewRules(ctx.workspaceId, rules);
});

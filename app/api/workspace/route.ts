import { z } from "zod";
import { withMember, parseJson } from "@/lib/http/route";
import { updateWorkspace } from "@/lib/workspaces/service";

const Patch = z.object({ name: z.string().trim().min(1).max(80).optional(), timeZone: z.string().trim().min(1).max(64).optional() });

export const PATCH = withMember("workspace.manage", async ({ req, ctx }) => updateWorkspace(ctx, await parseJson(req, Patch)));

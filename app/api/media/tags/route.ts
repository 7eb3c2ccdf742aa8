import { withMember } from "@/lib/http/route";
import { listMediaTags } from "@/lib/media";

export const GET = withMember("workspace.read", async ({ ctx }) => ({ tags: await listMediaTags(ctx) }));

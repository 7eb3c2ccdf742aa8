import { withMember } from "@/lib/http/route";
import { retryMedia } from "@/lib/media";

export const POST = withMember("media.write", async ({ ctx, params }) => retryMedia(ctx, String(params.id)));

// Public (no login): the token is the credential. Unknown or expired → 404, same answer for both.
import { webViewPart } from "@/lib/campaigns/web-view";

export async function GET(req: Request, route: { params: Promise<{ token: string; n: string }> }) {
  const { token, n } = await route.params;
  const num = /^\d{1,2}$/.test(n) ? Number(n) : NaN;
  const part = Number.isFinite(num) ? await webViewPart(token, num) : null;
  if (!part) return new Response("Not found", { status: 404, headers: { "content-type": "text/plain" } });
  const download = new URL(req.url).searchParams.has("download");
  return new Response(new Uint8Array(part.bytes), {
    headers: {
      "content-type": part.contentType,
      "content-length": String(part.bytes.length),
      "cache-control": "private, max-age=3600",
      "x-content-type-options": "nosniff",
      ...(download ? { "content-disposition": `attachment; filename="${part.fileName}"` } : {}),
    },
  });
}

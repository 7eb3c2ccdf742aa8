// Counts a view of the web page. Called by the page itself from the browser (not while rendering on the
// server), so link-preview bots that fetch only the HTML do not inflate the count.
import { recordWebView } from "@/lib/campaigns/web-view";

export async function POST(_req: Request, route: { params: Promise<{ token: string }> }) {
  const { token } = await route.params;
  const ok = await recordWebView(token);
  return new Response(null, { status: ok ? 204 : 404 });
}

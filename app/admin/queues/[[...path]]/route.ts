// /admin/queues: the BullMQ dashboard. It shows every workspace's jobs, so only platform operators
// (PLATFORM_ADMIN_EMAILS) may open it, checked on every request.
import { NextResponse } from "next/server";
import { requireOperator } from "@/lib/auth/context";
import { AppError } from "@/lib/http/errors";
import { errorResponse } from "@/lib/http/route";
import { queueBoard } from "@/lib/queues/board";

export const dynamic = "force-dynamic";

async function handle(req: Request): Promise<Response> {
  try {
    await requireOperator(req.headers);
  } catch (err) {
    if (err instanceof AppError && err.status === 401 && req.method === "GET") {
      return NextResponse.redirect(new URL(`/sign-in?next=${encodeURIComponent(new URL(req.url).pathname)}`, req.url));
    }
    // A person who opened the page gets the sentence as a page, not as JSON; the board's API calls keep JSON.
    if (err instanceof AppError && req.method === "GET" && (req.headers.get("accept") ?? "").includes("text/html")) return refusalPage(err);
    return errorResponse(err);
  }
  return queueBoard().fetch(req);
}

function refusalPage(err: AppError): Response {
  const text = err.message.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Queues · Postino</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#0f172a"><h1 style="font-size:1.25rem">You cannot open the queues</h1><p>${text}</p><p><a href="/">Back to the dashboard</a></p></body></html>`;
  return new Response(html, { status: err.status, headers: { "content-type": "text/html; charset=utf-8" } });
}

export { handle as GET, handle as POST, handle as PUT, handle as PATCH, handle as DELETE };

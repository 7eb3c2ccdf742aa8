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
    return errorResponse(err);
  }
  return queueBoard().fetch(req);
}

export { handle as GET, handle as POST, handle as PUT, handle as PATCH, handle as DELETE };

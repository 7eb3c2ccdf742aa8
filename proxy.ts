// Passes the requested path to server components (for "sign in, then come back here").
// Authorisation is NOT done here (CVE-2025-29927): every page and handler checks for itself.
import { NextResponse, type NextRequest } from "next/server";

export function proxy(req: NextRequest) {
  const headers = new Headers(req.headers);
  headers.set("x-postino-path", req.nextUrl.pathname + req.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/((?!api|_next|favicon|fonts).*)"] };

// Thin route handlers: validate (zod), authorise (workspace + role), call a service, map known
// errors. `withMember` is the only wrapper a workspace-scoped route handler needs.
import { NextResponse } from "next/server";
import { ZodError, type z } from "zod";
import { requireMember, type MemberContext } from "@/lib/auth/context";
import type { Permission } from "@/lib/auth/roles";
import { childLogger } from "@/lib/log";
import { AppError, badRequest } from "./errors";

const log = childLogger("web");

type Params = Record<string, string | string[]>;
type Handler = (args: { req: Request; ctx: MemberContext; params: Params }) => Promise<Response | unknown>;

export function errorResponse(err: unknown): Response {
  if (err instanceof AppError) {
    return NextResponse.json({ error: { code: err.code, message: err.message, details: err.details } }, { status: err.status });
  }
  if (err instanceof ZodError) {
    const details = err.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    const first = details[0];
    return NextResponse.json(
      { error: { code: "invalid_input", message: first ? `${first.path || "input"}: ${first.message}` : "Invalid input.", details } },
      { status: 400 },
    );
  }
  log.error({ err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) }, "unhandled error");
  return NextResponse.json({ error: { code: "internal", message: "Something went wrong on our side. Please try again." } }, { status: 500 });
}

/** JSON with bigint ids as strings (contacts and messages use bigint keys). */
export function json(data: unknown, init?: ResponseInit): Response {
  return new NextResponse(JSON.stringify(data, (_k, v) => (typeof v === "bigint" ? v.toString() : v)), {
    ...init,
    headers: { "content-type": "application/json", ...(init?.headers ?? {}) },
  });
}

export function withMember(permission: Permission, handler: Handler) {
  return async (req: Request, route: { params: Promise<Params> }) => {
    try {
      const ctx = await requireMember(permission, req.headers);
      const result = await handler({ req, ctx, params: (await route?.params) ?? {} });
      return result instanceof Response ? result : json(result ?? { ok: true });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

export async function parseJson<T extends z.ZodTypeAny>(req: Request, schema: T): Promise<z.infer<T>> {
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw badRequest("The request body is not valid JSON.");
  }
  return schema.parse(body);
}

export function parseQuery<T extends z.ZodTypeAny>(req: Request, schema: T): z.infer<T> {
  return schema.parse(Object.fromEntries(new URL(req.url).searchParams));
}

/** Parses a bigint id from a URL segment; anything malformed is simply "not found". */
export function bigId(value: string | string[] | undefined): bigint | null {
  return typeof value === "string" && /^\d{1,18}$/.test(value) ? BigInt(value) : null;
}

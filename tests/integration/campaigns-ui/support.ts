// A signed-in member of a fresh workspace, as a Cookie header the route handlers accept.
import { randomUUID } from "node:crypto";
import { auth } from "@/lib/auth/server";
import { db } from "@/lib/db/client";
import type { Role } from "@/lib/auth/roles";

export async function signedInMember(role: Role = "owner") {
  const email = `${randomUUID()}@example.test`;
  const res = (await auth().api.signUpEmail({ body: { email, password: "correct horse battery", name: "Tester" }, asResponse: true })) as Response;
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  const workspaceId = randomUUID();
  await db.workspace.create({ data: { id: workspaceId, name: `WS ${workspaceId.slice(0, 6)}`, slug: `ws-${workspaceId}` } });
  await db.member.create({ data: { id: randomUUID(), workspaceId, userId: user.id, role } });
  const ctx = { workspaceId, workspaceName: "WS", role, user: { id: user.id, name: user.name, email } };
  return { cookie, ctx, workspaceId, user };
}

type Handler = (req: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Calls a route handler as the browser would (same cookie), without a server. */
export async function call(handler: Handler, cookie: string, opts: { method?: string; url?: string; params?: Record<string, string>; body?: unknown } = {}) {
  const req = new Request(`http://localhost:3000${opts.url ?? "/"}`, {
    method: opts.method ?? "GET",
    headers: { cookie, ...(opts.body !== undefined ? { "content-type": "application/json" } : {}) },
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
  });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  let json: unknown = null;
  try { json = JSON.parse(text); } catch { json = text; }
  return { status: res.status, json: json as any, text };
}

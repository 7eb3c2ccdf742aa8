// The one way a request learns which workspace it acts in: from the signed-in session, checked
// against the member table on every call. Never from a request body or URL.
import { headers as nextHeaders } from "next/headers";
import { cache } from "react";
import { db } from "@/lib/db/client";
import { config } from "@/lib/config";
import { forbidden, noWorkspace, notOperator, unauthorized } from "@/lib/http/errors";
import { auth } from "./server";
import { can, isRole, type Permission, type Role } from "./roles";

export type SessionUser = { id: string; name: string; email: string };

export type MemberContext = {
  user: SessionUser;
  workspaceId: string;
  workspaceName: string;
  role: Role;
};

async function currentHeaders(h?: Headers): Promise<Headers> {
  return h ?? (await nextHeaders());
}

/** The signed-in user and session, or null. Cached per request. */
export const getSession = cache(async (h?: Headers) => {
  const s = await auth().api.getSession({ headers: await currentHeaders(h) });
  return s;
});

/** Memberships of the signed-in user (for the workspace switcher). */
export async function listMyWorkspaces(userId: string) {
  const rows = await db.member.findMany({
    where: { userId },
    include: { workspace: { select: { id: true, name: true, slug: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((m) => ({ id: m.workspace.id, name: m.workspace.name, slug: m.workspace.slug, role: m.role }));
}

/**
 * Resolves the active workspace and the caller's role in it, and checks `permission`.
 * Throws 401 when signed out, 409 when the user has no workspace yet, 403 when the role forbids.
 */
export async function requireMember(permission?: Permission, h?: Headers): Promise<MemberContext> {
  const s = await getSession(h);
  if (!s) throw unauthorized();
  const activeId = (s.session as { activeWorkspaceId?: string | null }).activeWorkspaceId ?? null;
  const member =
    (activeId && (await db.member.findUnique({ where: { workspaceId_userId: { workspaceId: activeId, userId: s.user.id } }, include: { workspace: true } }))) ||
    (await db.member.findFirst({ where: { userId: s.user.id }, include: { workspace: true }, orderBy: { createdAt: "asc" } }));
  if (!member) throw noWorkspace();
  if (!isRole(member.role)) throw forbidden("use this workspace");
  if (permission && !can(member.role, permission)) throw forbidden(permissionSentence[permission]);
  return {
    user: { id: s.user.id, name: s.user.name, email: s.user.email },
    workspaceId: member.workspaceId,
    workspaceName: member.workspace.name,
    role: member.role,
  };
}

const permissionSentence: Record<Permission, string> = {
  "workspace.read": "open this workspace",
  "workspace.manage": "change workspace settings",
  "members.manage": "manage members",
  "connections.manage": "manage carrier connections",
  "contacts.read": "see contacts",
  "contacts.write": "edit contacts",
  "contacts.import": "import contacts",
  "contacts.export": "export contacts",
  "segments.write": "edit segments",
  "media.write": "change the media library",
  "campaigns.write": "edit campaigns",
  "campaigns.send": "send messages",
  "inbox.reply": "reply to messages",
  "phones.use": "use the test phones",
  "reports.read": "see reports",
};

/**
 * The platform operator behind a request (the queue dashboard spans every workspace, so no workspace
 * role is enough). Throws 401 when signed out, 403 when the user is not listed in PLATFORM_ADMIN_EMAILS.
 */
export async function requireOperator(h?: Headers): Promise<SessionUser> {
  const s = await getSession(h);
  if (!s) throw unauthorized();
  if (!isOperatorEmail(s.user.email, config().PLATFORM_ADMIN_EMAILS)) throw notOperator();
  return { id: s.user.id, name: s.user.name, email: s.user.email };
}

export function isOperatorEmail(email: string, operators: readonly string[]): boolean {
  return operators.includes(email.trim().toLowerCase());
}

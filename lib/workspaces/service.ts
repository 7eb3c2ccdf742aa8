import { db } from "@/lib/db/client";
import type { MemberContext } from "@/lib/auth/context";
import { badRequest } from "@/lib/http/errors";
import { audit } from "@/lib/audit";

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export async function updateWorkspace(ctx: MemberContext, patch: { name?: string; timeZone?: string }) {
  if (patch.timeZone && !isValidTimeZone(patch.timeZone)) throw badRequest(`“${patch.timeZone}” is not a time zone. Use a name like Europe/Rome.`);
  const ws = await db.workspace.update({ where: { id: ctx.workspaceId }, data: patch, select: { id: true, name: true, timeZone: true } });
  await audit(ctx, "workspace.updated", { targetType: "workspace", targetId: ws.id, detail: patch });
  return ws;
}

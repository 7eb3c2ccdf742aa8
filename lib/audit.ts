// The audit log: who did what in a workspace. Details hold ids and settings, never message bodies.
import { db, type Prisma } from "@/lib/db/client";
import type { MemberContext } from "@/lib/auth/context";

export async function audit(
  ctx: Pick<MemberContext, "workspaceId" | "user">,
  action: string,
  opts: { targetType?: string; targetId?: string; detail?: Prisma.InputJsonValue; ip?: string } = {},
): Promise<void> {
  await db.auditLog.create({
    data: { workspaceId: ctx.workspaceId, actorUserId: ctx.user.id, action, targetType: opts.targetType, targetId: opts.targetId, detail: opts.detail ?? {}, ip: opts.ip },
  });
}

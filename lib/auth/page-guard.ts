// For server components: the same check as requireMember, but a refusal becomes a value the page
// renders (AccessDenied) instead of an exception.
import { AppError } from "@/lib/http/errors";
import { requireMember, type MemberContext } from "./context";
import type { Permission } from "./roles";

export async function guardPage(permission: Permission): Promise<{ ok: true; ctx: MemberContext } | { ok: false; status: number; message: string }> {
  try {
    return { ok: true, ctx: await requireMember(permission) };
  } catch (err) {
    if (err instanceof AppError && err.status === 403) return { ok: false, status: 403, message: err.message };
    throw err;
  }
}

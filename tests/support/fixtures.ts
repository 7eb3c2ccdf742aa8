// Test data made through the same tables the product uses. Each call makes a fresh workspace,
// so test files never see each other's rows.
import { randomBytes, randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import type { Role } from "@/lib/auth/roles";

export function uid(prefix = ""): string {
  return `${prefix}${randomBytes(6).toString("hex")}`;
}

export async function createUser(name = "Test User") {
  const id = randomUUID();
  return db.user.create({ data: { id, name, email: `${id}@example.test`, emailVerified: true } });
}

export async function createWorkspace(opts: { name?: string; role?: Role } = {}) {
  const user = await createUser();
  const id = randomUUID();
  const workspace = await db.workspace.create({ data: { id, name: opts.name ?? `Workspace ${id.slice(0, 6)}`, slug: `ws-${id}` } });
  await db.member.create({ data: { id: randomUUID(), workspaceId: workspace.id, userId: user.id, role: opts.role ?? "owner" } });
  return { workspace, user, workspaceId: workspace.id };
}

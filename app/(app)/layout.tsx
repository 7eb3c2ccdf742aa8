import type { ReactNode } from "react";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getSession, listMyWorkspaces, requireMember } from "@/lib/auth/context";
import { Sidebar } from "@/components/shell/sidebar";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const session = await getSession();
  if (!session) {
    const path = (await headers()).get("x-postino-path") ?? "/";
    redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  }
  const workspaces = await listMyWorkspaces(session.user.id);
  if (workspaces.length === 0) redirect("/onboarding");
  const ctx = await requireMember();
  return (
    <div className="min-h-full">
      <Sidebar role={ctx.role} user={ctx.user} workspaceId={ctx.workspaceId} workspaces={workspaces} />
      <main className="lg:pl-64">
        <div className="mx-auto max-w-6xl px-4 py-6 sm:px-6 lg:py-8">{children}</div>
      </main>
    </div>
  );
}

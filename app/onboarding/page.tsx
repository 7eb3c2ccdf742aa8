import { redirect } from "next/navigation";
import { getSession } from "@/lib/auth/context";
import { Logo } from "@/components/shell/logo";
import { CreateWorkspaceForm } from "@/components/settings/create-workspace-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Create a workspace" };

export default async function OnboardingPage() {
  const session = await getSession();
  if (!session) redirect("/sign-in?next=/onboarding");
  return (
    <main className="flex min-h-full flex-col items-center justify-center px-4 py-12">
      <div className="mb-8"><Logo size="lg" /></div>
      <div className="w-full max-w-md rounded-2xl border border-slate-200 bg-white p-7 shadow-sm">
        <h1 className="text-xl font-semibold">Create a workspace</h1>
        <p className="mt-1 text-sm text-slate-500">
          A workspace holds your contacts, media and campaigns. Invite your team to it later: a shop, a campaign office or a support team each get their own.
        </p>
        <div className="mt-6"><CreateWorkspaceForm /></div>
      </div>
    </main>
  );
}

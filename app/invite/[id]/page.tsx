import Link from "next/link";
import { getSession } from "@/lib/auth/context";
import { Logo } from "@/components/shell/logo";
import { AcceptInvitation } from "@/components/settings/accept-invitation";

export const dynamic = "force-dynamic";
export const metadata = { title: "Join a workspace" };

export default async function InvitePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const session = await getSession();
  const next = encodeURIComponent(`/invite/${id}`);
  return (
    <main className="flex min-h-full flex-col items-center justify-center px-4 py-12">
      <div className="mb-8"><Logo size="lg" /></div>
      <div className="w-full max-w-md rounded-2xl border border-slate-200 bg-white p-7 shadow-sm">
        <h1 className="text-xl font-semibold">You are invited to a Postino workspace</h1>
        {session ? (
          <AcceptInvitation invitationId={id} email={session.user.email} />
        ) : (
          <div className="mt-4 space-y-3 text-sm text-slate-600">
            <p>Sign in or create an account with the e-mail address the invitation was sent to, then accept it here.</p>
            <div className="flex gap-3">
              <Link className="font-medium text-brand-600 hover:underline" href={`/sign-up?next=${next}`}>Create an account</Link>
              <Link className="font-medium text-brand-600 hover:underline" href={`/sign-in?next=${next}`}>Sign in</Link>
            </div>
          </div>
        )}
      </div>
    </main>
  );
}

import { notFound } from "next/navigation";
import { guardPage } from "@/lib/auth/page-guard";
import { ownedConversation } from "@/lib/inbox";
import { AppError } from "@/lib/http/errors";
import { AccessDenied } from "@/components/shell/access-denied";
import { InboxPage } from "../inbox-page";

export const dynamic = "force-dynamic";
export const metadata = { title: "Inbox" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const guard = await guardPage("contacts.read");
  if (!guard.ok) return <AccessDenied what="read the inbox" />;
  const { id } = await params;
  try {
    await ownedConversation(guard.ctx, id);
  } catch (err) {
    // Another workspace's conversation is simply not found here.
    if (err instanceof AppError && err.status === 404) notFound();
    throw err;
  }
  return <InboxPage ctx={guard.ctx} id={id} />;
}

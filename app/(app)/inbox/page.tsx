import { guardPage } from "@/lib/auth/page-guard";
import { AccessDenied } from "@/components/shell/access-denied";
import { InboxPage } from "./inbox-page";

export const dynamic = "force-dynamic";
export const metadata = { title: "Inbox" };

export default async function Page() {
  const guard = await guardPage("contacts.read");
  if (!guard.ok) return <AccessDenied what="read the inbox" />;
  return <InboxPage ctx={guard.ctx} id={null} />;
}

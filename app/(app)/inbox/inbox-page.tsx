// The inbox page body shared by /inbox and /inbox/<id>: the first-steps empty state, or the two panes.
import Link from "next/link";
import { Inbox } from "lucide-react";
import type { MemberContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/roles";
import { hasConversations } from "@/lib/inbox";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { Button } from "@/components/ui/button";
import { InboxView } from "@/components/inbox/inbox-view";

const DESCRIPTION = "Replies from your contacts, one conversation per number. STOP, START and HELP are answered for you.";

export async function InboxPage({ ctx, id }: { ctx: MemberContext; id: string | null }) {
  if (!id && !(await hasConversations(ctx))) {
    return (
      <div>
        <PageHeader title="Inbox" description={DESCRIPTION} />
        <EmptyState
          icon={Inbox}
          title="No replies yet"
          action={
            <Button asChild>
              <Link href="/campaigns/new">Create a campaign</Link>
            </Button>
          }
        >
          When someone answers one of your messages, the conversation appears here and you can reply to them. Send a campaign first; to try it
          out, send to a test phone (Test phones in the menu) and reply from it.
        </EmptyState>
      </div>
    );
  }
  return (
    <div>
      <PageHeader title="Inbox" description={DESCRIPTION} />
      <InboxView initialId={id} canReply={can(ctx.role, "inbox.reply")} />
    </div>
  );
}

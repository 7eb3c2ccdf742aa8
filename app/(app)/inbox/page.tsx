import { Inbox } from "lucide-react";
import { requireMember } from "@/lib/auth/context";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";

export const dynamic = "force-dynamic";
export const metadata = { title: "Inbox" };

export default async function Page() {
  await requireMember("workspace.read");
  return (
    <div>
      <PageHeader title="Inbox" description="Replies from your contacts arrive here. STOP and other keywords are handled for you." />
      <EmptyState icon={Inbox} title="Nothing here yet">
        Replies from your contacts arrive here. STOP and other keywords are handled for you.
      </EmptyState>
    </div>
  );
}

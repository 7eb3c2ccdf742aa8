import { guardPage } from "@/lib/auth/page-guard";
import { PageHeader } from "@/components/ui/page-header";
import { AccessDenied } from "@/components/shell/access-denied";
import { CreateDraftOnArrival } from "@/components/campaigns/new-campaign";

export const dynamic = "force-dynamic";
export const metadata = { title: "New campaign" };

export default async function Page({ searchParams }: { searchParams: Promise<{ to?: string }> }) {
  const g = await guardPage("campaigns.send");
  if (!g.ok) return <AccessDenied what="send messages" />;
  const { to } = await searchParams;
  return (
    <div>
      <PageHeader title="New campaign" />
      <CreateDraftOnArrival to={to && /^\d{1,18}$/.test(to) ? to : undefined} />
    </div>
  );
}

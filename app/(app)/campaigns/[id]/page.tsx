import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { requireMember } from "@/lib/auth/context";
import { can } from "@/lib/auth/roles";
import { AppError } from "@/lib/http/errors";
import { getCampaign } from "@/lib/campaigns/drafts";
import { PageHeader } from "@/components/ui/page-header";
import { Button } from "@/components/ui/button";
import { LiveCampaign } from "@/components/campaigns/live";
import { DuplicateButton } from "@/components/campaigns/new-campaign";

export const dynamic = "force-dynamic";
export const metadata = { title: "Campaign" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireMember("workspace.read");
  const { id } = await params;
  const c = await getCampaign(ctx.workspaceId, id).catch((e) => {
    if (e instanceof AppError && e.status === 404) notFound();
    throw e;
  });
  if (c.state === "draft" && can(ctx.role, "campaigns.send")) redirect(`/campaigns/${c.id}/edit`);
  return (
    <div>
      <PageHeader
        title={c.name}
        description={c.startedAt ? `Started ${c.startedAt.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" })}` : c.scheduledAt ? `Scheduled for ${c.scheduledAt.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" })}` : undefined}
        actions={<>{can(ctx.role, "campaigns.write") ? <DuplicateButton id={c.id} /> : null}<Button asChild variant="secondary" size="sm"><Link href="/campaigns">All campaigns</Link></Button></>}
      />
      <LiveCampaign id={c.id} canSend={can(ctx.role, "campaigns.send")} />
    </div>
  );
}

import Link from "next/link";
import { Send } from "lucide-react";
import { requireMember } from "@/lib/auth/context";
import { can } from "@/lib/auth/roles";
import { listCampaigns } from "@/lib/campaigns/drafts";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { Button } from "@/components/ui/button";
import { NewCampaignButton, DuplicateButton } from "@/components/campaigns/new-campaign";
import { StateBadge } from "@/components/campaigns/state-badge";

export const dynamic = "force-dynamic";
export const metadata = { title: "Campaigns" };

const STATES = ["draft", "scheduled", "sending", "paused", "completed", "cancelled"] as const;

export default async function Page({ searchParams }: { searchParams: Promise<{ state?: string; cursor?: string }> }) {
  const ctx = await requireMember("workspace.read");
  const sp = await searchParams;
  const state = STATES.find((s) => s === sp.state);
  const { items, nextCursor } = await listCampaigns(ctx.workspaceId, { state, cursor: sp.cursor, limit: 30 });
  const write = can(ctx.role, "campaigns.write");
  const header = <PageHeader title="Campaigns" description="Compose a picture, sound or video message in three steps, choose who receives it, and watch it arrive live." actions={write ? <NewCampaignButton /> : null} />;
  if (!items.length && !state && !sp.cursor) {
    return (
      <div>
        {header}
        <EmptyState icon={Send} title="No campaigns yet" action={write ? <NewCampaignButton /> : null}>
          Start with New campaign: pick a picture, write a text with the person&apos;s name, choose a segment, and send. You can send a test to a virtual phone first.
        </EmptyState>
      </div>
    );
  }
  const stat = (s: unknown, k: string) => (s && typeof s === "object" && typeof (s as Record<string, unknown>)[k] === "number" ? ((s as Record<string, number>)[k]) : null);
  return (
    <div>
      {header}
      <nav className="mb-4 flex flex-wrap gap-2 text-sm" aria-label="Filter by state">
        <Link href="/campaigns" className={`rounded-full px-3 py-1 ${!state ? "bg-brand-600 text-white" : "bg-white text-slate-600 ring-1 ring-slate-200"}`}>All</Link>
        {STATES.map((s) => <Link key={s} href={`/campaigns?state=${s}`} className={`rounded-full px-3 py-1 capitalize ${state === s ? "bg-brand-600 text-white" : "bg-white text-slate-600 ring-1 ring-slate-200"}`}>{s}</Link>)}
      </nav>
      <Card>
        <Table>
          <thead><tr><Th>Name</Th><Th>State</Th><Th className="hidden sm:table-cell">Recipients</Th><Th className="hidden md:table-cell">Created</Th><Th className="text-right">Actions</Th></tr></thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id} data-testid="campaign-row">
                <Td className="font-medium"><Link className="hover:underline" href={c.state === "draft" ? `/campaigns/${c.id}/edit` : `/campaigns/${c.id}`}>{c.name}</Link></Td>
                <Td><StateBadge state={c.state} /></Td>
                <Td className="hidden text-slate-600 sm:table-cell">{stat(c.stats, "total") ?? "—"}</Td>
                <Td className="hidden text-slate-500 md:table-cell">{c.createdAt.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" })}</Td>
                <Td className="text-right">{write ? <DuplicateButton id={c.id} /> : null}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
        {!items.length ? <p className="px-5 py-6 text-sm text-slate-500">No {state} campaigns.</p> : null}
      </Card>
      {nextCursor ? <div className="mt-4 text-center"><Button asChild variant="secondary"><Link href={`/campaigns?${new URLSearchParams({ ...(state ? { state } : {}), cursor: nextCursor })}`}>Older campaigns</Link></Button></div> : null}
    </div>
  );
}

import Link from "next/link";
import { BarChart3 } from "lucide-react";
import { guardPage } from "@/lib/auth/page-guard";
import { workspaceReport } from "@/lib/campaigns/reports";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { Button } from "@/components/ui/button";
import { AccessDenied } from "@/components/shell/access-denied";
import { ReportChart } from "@/components/reports/report-chart";

export const dynamic = "force-dynamic";
export const metadata = { title: "Reports" };

const RANGES = [7, 30, 90];

export default async function Page({ searchParams }: { searchParams: Promise<{ days?: string }> }) {
  const g = await guardPage("reports.read");
  if (!g.ok) return <AccessDenied what="see reports" />;
  const sp = await searchParams;
  const days = RANGES.includes(Number(sp.days)) ? Number(sp.days) : 30;
  const r = await workspaceReport(g.ctx.workspaceId, { days });
  const header = (
    <PageHeader
      title="Reports"
      description={`Messages, deliveries, replies and opt-outs per day (${r.timeZone}).`}
      actions={RANGES.map((d) => <Button key={d} asChild size="sm" variant={d === days ? "primary" : "secondary"}><Link href={`/reports?days=${d}`}>{d} days</Link></Button>)}
    />
  );
  if (!r.days.some((d) => d.total || d.replies || d.optOuts)) {
    return (
      <div>
        {header}
        <EmptyState icon={BarChart3} title="Nothing to report yet" action={<Button asChild><Link href="/campaigns">Go to campaigns</Link></Button>}>
          Send your first campaign: its deliveries, replies and opt-outs appear here day by day.
        </EmptyState>
      </div>
    );
  }
  const pct = (x: number | null) => (x === null ? "—" : `${Math.round(x * 1000) / 10}%`);
  return (
    <div className="space-y-5">
      {header}
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-5">
        {([["Sent", r.totals.sent], ["Delivered", r.totals.delivered], ["Delivery rate", pct(r.totals.deliveryRate)], ["Replies", r.totals.replies], ["Opt-outs", r.totals.optOuts]] as const).map(([l, v]) => (
          <Card key={l}><CardBody><p className="text-xs text-slate-500">{l}</p><p className="text-xl font-semibold" data-testid={`report-${l.toLowerCase().replace(/ /g, "-")}`}>{v}</p></CardBody></Card>
        ))}
      </div>
      <Card><CardHeader title="Messages per day" /><CardBody><ReportChart days={r.days} /></CardBody></Card>
      <Card>
        <Table>
          <thead><tr><Th>Day</Th><Th className="text-right">Messages</Th><Th className="text-right">Delivered</Th><Th className="hidden text-right sm:table-cell">Failed</Th><Th className="text-right">Replies</Th><Th className="text-right">Opt-outs</Th></tr></thead>
          <tbody>
            {[...r.days].reverse().filter((d) => d.total || d.replies || d.optOuts).map((d) => (
              <tr key={d.day}>
                <Td>{d.day}</Td>
                <Td className="text-right tabular-nums">{d.total}</Td>
                <Td className="text-right tabular-nums">{(d.byStatus.delivered ?? 0) + (d.byStatus.read ?? 0)}</Td>
                <Td className="hidden text-right tabular-nums sm:table-cell">{d.byStatus.failed ?? 0}</Td>
                <Td className="text-right tabular-nums">{d.replies}</Td>
                <Td className="text-right tabular-nums">{d.optOuts}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </div>
  );
}

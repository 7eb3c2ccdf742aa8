import Link from "next/link";
import { Filter, Plus } from "lucide-react";
import { requireMember } from "@/lib/auth/context";
import { can } from "@/lib/auth/roles";
import { listSegments } from "@/lib/segments";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { SegmentCount } from "@/components/segments/segment-count";
import { when } from "@/components/contacts/format";

export const dynamic = "force-dynamic";
export const metadata = { title: "Segments" };

export default async function Page() {
  const ctx = await requireMember("contacts.read");
  const segments = await listSegments(ctx.workspaceId);
  const write = can(ctx.role, "segments.write");
  const newButton = write ? <Button asChild><Link href="/segments/new"><Plus className="h-4 w-4" aria-hidden />New segment</Link></Button> : null;
  const header = <PageHeader title="Segments" description="Saved audiences: contacts matching rules on their attributes, tags, consent, country, handset or engagement. Counts follow your contacts unless a segment is frozen." actions={segments.length ? newButton : null} />;
  if (!segments.length) {
    return (
      <div>
        {header}
        <EmptyState icon={Filter} title="No segments yet" action={newButton}>
          A segment picks who receives a campaign, e.g. “volunteers in district 7 who have not opted out”. Import your contacts first, then build one with the rules you need; the count updates as you type.
        </EmptyState>
      </div>
    );
  }
  return (
    <div>
      {header}
      <Card>
        <Table>
          <thead><tr><Th>Name</Th><Th>Contacts</Th><Th className="hidden sm:table-cell">Kind</Th><Th className="hidden md:table-cell">Updated</Th></tr></thead>
          <tbody>
            {segments.map((s) => (
              <tr key={s.id} data-testid="segment-row">
                <Td className="max-w-[12rem] sm:max-w-sm">
                  <Link className="block truncate font-medium hover:underline" href={`/segments/${s.id}`}>{s.name}</Link>
                  {s.description ? <p className="truncate text-xs text-slate-500">{s.description}</p> : null}
                </Td>
                <Td>{s.frozenAt ? <span data-testid="segment-count" className="tabular-nums">{(s.frozenCount ?? 0).toLocaleString("en-GB")}</span> : <SegmentCount id={s.id} rules={s.rules} />}</Td>
                <Td className="hidden sm:table-cell">{s.frozenAt ? <Badge tone="blue">Frozen {s.frozenAt.toLocaleDateString("en-GB", { dateStyle: "medium" })}</Badge> : <Badge>Live</Badge>}</Td>
                <Td className="hidden whitespace-nowrap text-slate-500 md:table-cell">{when(s.updatedAt)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </div>
  );
}

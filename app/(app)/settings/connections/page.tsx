import { Plug } from "lucide-react";
import { guardPage } from "@/lib/auth/page-guard";
import { db } from "@/lib/db/client";
import { AccessDenied } from "@/components/shell/access-denied";
import { EmptyState } from "@/components/ui/empty-state";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";

export const dynamic = "force-dynamic";
export const metadata = { title: "Carrier connections" };

export default async function ConnectionsPage() {
  const guard = await guardPage("connections.manage");
  if (!guard.ok) return <AccessDenied what="manage carrier connections" />;
  const connections = await db.carrierConnection.findMany({ where: { workspaceId: guard.ctx.workspaceId }, orderBy: { createdAt: "asc" } });
  if (connections.length === 0) {
    return (
      <EmptyState icon={Plug} title="No carrier connection yet">
        A carrier connection is how Postino hands messages to an operator&apos;s MMS Centre (MM7). Add the URL and credentials your carrier gave you, or use the built-in simulator to try everything first.
      </EmptyState>
    );
  }
  return (
    <Card>
      <CardHeader title="Carrier connections" description="Where messages are submitted (MM7) and where delivery reports come back." />
      <Table>
        <thead><tr><Th>Name</Th><Th>MMSC URL</Th><Th>Sender</Th><Th>Max/s</Th></tr></thead>
        <tbody>
          {connections.map((c) => (
            <tr key={c.id}><Td className="font-medium">{c.name}</Td><Td className="text-slate-600">{c.url}</Td><Td>{c.senderAddress}</Td><Td>{c.maxPerSecond}</Td></tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}

import Link from "next/link";
import { guardPage } from "@/lib/auth/page-guard";
import { listImports } from "@/lib/contacts";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { AccessDenied } from "@/components/shell/access-denied";
import { ImportUpload } from "@/components/contacts/import-upload";
import { ImportStatusBadge } from "@/components/contacts/import-job";
import { plain, when } from "@/components/contacts/format";
import type { ImportJob } from "@/components/contacts/import-types";

export const dynamic = "force-dynamic";
export const metadata = { title: "Import contacts" };

export default async function Page() {
  const guard = await guardPage("contacts.import");
  if (!guard.ok) return <AccessDenied what="import contacts" />;
  const ctx = guard.ctx;
  const past = plain<ImportJob[]>(await listImports(ctx.workspaceId, "contacts", 20));
  return (
    <div className="space-y-6">
      <PageHeader title="Import contacts" description="Upload a spreadsheet, check the columns, say where the consent comes from, and watch it import. Numbers already known are updated or skipped, as you choose." />
      <ImportUpload />
      {past.length ? (
        <Card>
          <CardHeader title="Past imports" />
          <Table>
            <thead><tr><Th>File</Th><Th>Status</Th><Th className="hidden sm:table-cell">Imported</Th><Th className="hidden sm:table-cell">Invalid</Th><Th className="hidden md:table-cell">Started</Th></tr></thead>
            <tbody>
              {past.map((j) => (
                <tr key={j.id} data-testid="import-row">
                  <Td className="max-w-[12rem] truncate font-medium sm:max-w-xs"><Link className="hover:underline" href={`/contacts/import/${j.id}`}>{j.fileName}</Link></Td>
                  <Td><ImportStatusBadge job={j} /></Td>
                  <Td className="hidden tabular-nums sm:table-cell">{(j.imported + j.updated).toLocaleString("en-GB")}</Td>
                  <Td className="hidden tabular-nums sm:table-cell">{j.invalid ? <a className="text-red-700 hover:underline" href={`/api/imports/${j.id}/errors`} download>{j.invalid.toLocaleString("en-GB")}</a> : 0}</Td>
                  <Td className="hidden whitespace-nowrap text-slate-500 md:table-cell">{when(j.startedAt ?? j.createdAt)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      ) : null}
    </div>
  );
}

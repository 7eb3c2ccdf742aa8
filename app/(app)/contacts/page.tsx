import Link from "next/link";
import { FileSpreadsheet, Upload } from "lucide-react";
import { requireMember } from "@/lib/auth/context";
import { can } from "@/lib/auth/roles";
import { listContacts } from "@/lib/contacts";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { Button } from "@/components/ui/button";
import { AddContactButton } from "@/components/contacts/add-contact";
import { ContactsTable } from "@/components/contacts/contacts-table";
import { plain, type ContactPage } from "@/components/contacts/format";

export const dynamic = "force-dynamic";
export const metadata = { title: "Contacts" };

export default async function Page() {
  const ctx = await requireMember("contacts.read");
  const first = plain<ContactPage>(await listContacts(ctx.workspaceId, {}, { limit: 50 }));
  const write = can(ctx.role, "contacts.write");
  const canImport = can(ctx.role, "contacts.import");
  const importButton = canImport ? <Button asChild><Link href="/contacts/import"><Upload className="h-4 w-4" aria-hidden />Import a spreadsheet</Link></Button> : null;
  const actions = <><Button asChild variant="ghost"><Link href="/settings/suppressions">Suppression list</Link></Button>{canImport ? <Button asChild variant="secondary"><Link href="/contacts/import">Import</Link></Button> : null}{write ? <AddContactButton /> : null}</>;
  if (!first.items.length) {
    return (
      <div>
        <PageHeader title="Contacts" description="The people your campaigns reach, with their consent and what they received." />
        <EmptyState icon={FileSpreadsheet} title="No contacts yet" action={<div className="flex flex-wrap justify-center gap-2">{importButton}{write ? <AddContactButton /> : null}</div>}>
          Start by importing a spreadsheet (CSV from Excel, Google Sheets or your CRM) with one mobile number per row; names, tags and any other column come along. Say where the consent comes from, and Postino keeps it with every contact.
        </EmptyState>
      </div>
    );
  }
  return (
    <div>
      <PageHeader title="Contacts" description="Search, filter, tag and export. Open a contact to see its consent history and the messages it received." actions={actions} />
      <ContactsTable initial={first} canWrite={write} canExport={can(ctx.role, "contacts.export")} />
    </div>
  );
}

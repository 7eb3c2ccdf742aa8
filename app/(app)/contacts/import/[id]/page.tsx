import Link from "next/link";
import { notFound } from "next/navigation";
import { requireMember } from "@/lib/auth/context";
import { getImport } from "@/lib/contacts";
import { AppError } from "@/lib/http/errors";
import { PageHeader } from "@/components/ui/page-header";
import { ImportJobView } from "@/components/contacts/import-job";
import { plain } from "@/components/contacts/format";
import type { ImportJob } from "@/components/contacts/import-types";

export const dynamic = "force-dynamic";
export const metadata = { title: "Import" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireMember("contacts.read");
  const { id } = await params;
  let job: ImportJob;
  try {
    job = plain<ImportJob>(await getImport(ctx.workspaceId, id));
  } catch (err) {
    if (err instanceof AppError && err.status === 404) notFound();
    throw err;
  }
  return (
    <div>
      <p className="mb-2 text-sm"><Link href="/contacts/import" className="text-brand-700 hover:underline">← Imports</Link></p>
      <PageHeader title={job.kind === "suppressions" ? "Import suppressed numbers" : "Import contacts"} />
      <ImportJobView initial={job} />
    </div>
  );
}

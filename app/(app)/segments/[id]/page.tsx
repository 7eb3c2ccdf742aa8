import Link from "next/link";
import { notFound } from "next/navigation";
import { requireMember } from "@/lib/auth/context";
import { can } from "@/lib/auth/roles";
import { getSegment } from "@/lib/segments";
import { AppError } from "@/lib/http/errors";
import { PageHeader } from "@/components/ui/page-header";
import { SegmentEditor, type SegmentView } from "@/components/segments/segment-editor";
import { plain } from "@/components/contacts/format";

export const dynamic = "force-dynamic";
export const metadata = { title: "Segment" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireMember("contacts.read");
  const { id } = await params;
  let seg: SegmentView;
  try {
    seg = plain<SegmentView>(await getSegment(ctx.workspaceId, id));
  } catch (err) {
    if (err instanceof AppError && err.status === 404) notFound();
    throw err;
  }
  return (
    <div>
      <p className="mb-2 text-sm"><Link href="/segments" className="text-brand-700 hover:underline">← Segments</Link></p>
      <PageHeader title={seg.name} />
      <SegmentEditor key={seg.id} initial={seg} canWrite={can(ctx.role, "segments.write")} />
    </div>
  );
}

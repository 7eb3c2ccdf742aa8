import Link from "next/link";
import { guardPage } from "@/lib/auth/page-guard";
import { AccessDenied } from "@/components/shell/access-denied";
import { PageHeader } from "@/components/ui/page-header";
import { SegmentEditor } from "@/components/segments/segment-editor";

export const dynamic = "force-dynamic";
export const metadata = { title: "New segment" };

export default async function Page() {
  const guard = await guardPage("segments.write");
  if (!guard.ok) return <AccessDenied what="create segments" />;
  return (
    <div>
      <p className="mb-2 text-sm"><Link href="/segments" className="text-brand-700 hover:underline">← Segments</Link></p>
      <PageHeader title="New segment" description="Add conditions; the number of matching contacts updates as you edit." />
      <SegmentEditor initial={null} canWrite />
    </div>
  );
}

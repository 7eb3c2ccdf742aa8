import Link from "next/link";
import { notFound } from "next/navigation";
import { requireMember } from "@/lib/auth/context";
import { can } from "@/lib/auth/roles";
import { AppError } from "@/lib/http/errors";
import { getMedia } from "@/lib/media";
import { PageHeader } from "@/components/ui/page-header";
import { MediaEditor } from "@/components/media/editor";

export const dynamic = "force-dynamic";
export const metadata = { title: "Edit media" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireMember("workspace.read");
  const { id } = await params;
  const asset = await getMedia(ctx, id).catch((e: unknown) => {
    if (e instanceof AppError && e.status === 404) notFound();
    throw e;
  });
  const initial = JSON.parse(JSON.stringify(asset, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
  return (
    <div>
      <PageHeader title={asset.name} description={<Link href="/media" className="hover:underline">← Media library</Link>} />
      <MediaEditor initial={initial} canWrite={can(ctx.role, "media.write")} />
    </div>
  );
}

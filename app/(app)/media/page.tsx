import { requireMember } from "@/lib/auth/context";
import { can } from "@/lib/auth/roles";
import { listMedia } from "@/lib/media";
import { PageHeader } from "@/components/ui/page-header";
import { MediaLibrary } from "@/components/media/library";

export const dynamic = "force-dynamic";
export const metadata = { title: "Media" };

export default async function Page() {
  const ctx = await requireMember("workspace.read");
  const page = await listMedia(ctx);
  // Dates and bigint sizes cross to the client as plain JSON.
  const initial = JSON.parse(JSON.stringify(page, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
  return (
    <div>
      <PageHeader title="Media" description="Pictures, sounds and videos for your campaigns. Each is converted for every kind of phone; edits never change the original." />
      <MediaLibrary initial={initial} canWrite={can(ctx.role, "media.write")} />
    </div>
  );
}

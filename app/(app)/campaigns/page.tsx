import { Send } from "lucide-react";
import { requireMember } from "@/lib/auth/context";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";

export const dynamic = "force-dynamic";
export const metadata = { title: "Campaigns" };

export default async function Page() {
  await requireMember("workspace.read");
  return (
    <div>
      <PageHeader title="Campaigns" description="Compose a picture, sound or video message in three steps, choose who receives it, and watch it arrive live." />
      <EmptyState icon={Send} title="Nothing here yet">
        Compose a picture, sound or video message in three steps, choose who receives it, and watch it arrive live.
      </EmptyState>
    </div>
  );
}

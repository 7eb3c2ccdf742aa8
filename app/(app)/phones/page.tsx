import { Smartphone } from "lucide-react";
import { requireMember } from "@/lib/auth/context";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";

export const dynamic = "force-dynamic";
export const metadata = { title: "Test phones" };

export default async function Page() {
  await requireMember("workspace.read");
  return (
    <div>
      <PageHeader title="Test phones" description="Virtual handsets served by the built-in MMSC simulator: see exactly what a recipient's phone shows." />
      <EmptyState icon={Smartphone} title="Nothing here yet">
        Virtual handsets served by the built-in MMSC simulator: see exactly what a recipient's phone shows.
      </EmptyState>
    </div>
  );
}

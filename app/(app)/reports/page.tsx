import { BarChart3 } from "lucide-react";
import { requireMember } from "@/lib/auth/context";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";

export const dynamic = "force-dynamic";
export const metadata = { title: "Reports" };

export default async function Page() {
  await requireMember("workspace.read");
  return (
    <div>
      <PageHeader title="Reports" description="Delivery, reads and replies over time, per campaign and per carrier." />
      <EmptyState icon={BarChart3} title="Nothing here yet">
        Delivery, reads and replies over time, per campaign and per carrier.
      </EmptyState>
    </div>
  );
}

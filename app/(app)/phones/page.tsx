import { Smartphone } from "lucide-react";
import Link from "next/link";
import { guardPage } from "@/lib/auth/page-guard";
import { listTestPhones } from "@/lib/phones";
import { AccessDenied } from "@/components/shell/access-denied";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { Button } from "@/components/ui/button";
import { PhonesView } from "@/components/phones/phones-view";

export const dynamic = "force-dynamic";
export const metadata = { title: "Test phones" };

export default async function Page() {
  const guard = await guardPage("phones.use");
  if (!guard.ok) return <AccessDenied what="use the test phones" />;
  const phones = await listTestPhones(guard.ctx.workspaceId);
  return (
    <div>
      <PageHeader
        title="Test phones"
        description="Virtual handsets served by the built-in MMSC simulator: see exactly what a recipient's phone shows, and reply as that recipient."
      />
      {phones.length === 0 ? (
        <EmptyState
          icon={Smartphone}
          title="No test phone yet"
          action={
            <Button asChild>
              <Link href="/contacts">Add a contact</Link>
            </Button>
          }
        >
          Every contact&apos;s number is a virtual phone here. Add a contact (numbers ending in 9 behave like phones without MMS, 8 like basic
          phones), send it a campaign through the simulator connection, then come back to see the message arrive.
        </EmptyState>
      ) : (
        <PhonesView phones={phones} />
      )}
    </div>
  );
}

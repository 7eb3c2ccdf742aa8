import { requireMember } from "@/lib/auth/context";
import { can } from "@/lib/auth/roles";
import { SuppressionsManager } from "@/components/contacts/suppressions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Suppression list" };

export default async function Page() {
  const ctx = await requireMember("contacts.read");
  return <SuppressionsManager canWrite={can(ctx.role, "contacts.write")} />;
}

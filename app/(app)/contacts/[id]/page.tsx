import { notFound } from "next/navigation";
import { requireMember } from "@/lib/auth/context";
import { can } from "@/lib/auth/roles";
import { getContact } from "@/lib/contacts";
import { AppError } from "@/lib/http/errors";
import { ContactDetail, type ContactView } from "@/components/contacts/contact-detail";
import { plain } from "@/components/contacts/format";

export const dynamic = "force-dynamic";
export const metadata = { title: "Contact" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireMember("contacts.read");
  const { id } = await params;
  if (!/^\d{1,18}$/.test(id)) notFound();
  let view: ContactView;
  try {
    view = plain<ContactView>(await getContact(ctx.workspaceId, BigInt(id)));
  } catch (err) {
    // Another workspace's contact is simply not found here.
    if (err instanceof AppError && err.status === 404) notFound();
    throw err;
  }
  return <ContactDetail view={view} canWrite={can(ctx.role, "contacts.write")} canSend={can(ctx.role, "campaigns.send")} />;
}

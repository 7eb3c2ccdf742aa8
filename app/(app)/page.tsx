import Link from "next/link";
import { CheckCircle2, Circle } from "lucide-react";
import { requireMember } from "@/lib/auth/context";
import { db } from "@/lib/db/client";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";

export const dynamic = "force-dynamic";
export const metadata = { title: "Home" };

export default async function HomePage() {
  const ctx = await requireMember("workspace.read");
  const where = { workspaceId: ctx.workspaceId };
  const [contacts, media, connections, campaigns, sent] = await Promise.all([
    db.contact.count({ where }),
    db.mediaAsset.count({ where }),
    db.carrierConnection.count({ where }),
    db.campaign.count({ where }),
    db.campaign.count({ where: { ...where, state: "completed" } }),
  ]);
  const steps = [
    { done: connections > 0, title: "Connect a carrier", text: "Add your operator's MM7 details, or use the built-in MMSC simulator.", href: "/settings/connections" },
    { done: contacts > 0, title: "Bring your contacts", text: "Import a spreadsheet: numbers are cleaned, duplicates merged, opt-outs kept.", href: "/contacts" },
    { done: media > 0, title: "Add a picture, sound or video", text: "Upload or take a photo; Postino makes it fit every phone.", href: "/media" },
    { done: campaigns > 0, title: "Compose your first message", text: "Pick the media, write the text, choose who receives it.", href: "/campaigns" },
  ];
  return (
    <div>
      <PageHeader title={`Welcome to ${ctx.workspaceName}`} description="Send picture, sound and video messages to many phones, and watch them arrive." />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {[["Contacts", contacts], ["Media", media], ["Campaigns", campaigns], ["Completed sends", sent]].map(([label, n]) => (
          <Card key={label as string}><CardBody><p className="text-sm text-slate-500">{label}</p><p className="mt-1 text-2xl font-semibold">{Number(n).toLocaleString()}</p></CardBody></Card>
        ))}
      </div>
      <Card className="mt-6">
        <CardHeader title="Getting started" description="Four steps from an empty workspace to a message on a phone." />
        <ol className="divide-y divide-slate-100">
          {steps.map((s) => (
            <li key={s.title}>
              <Link href={s.href} className="flex items-start gap-3 px-5 py-4 hover:bg-slate-50">
                {s.done ? <CheckCircle2 className="mt-0.5 h-5 w-5 text-emerald-600" aria-label="done" /> : <Circle className="mt-0.5 h-5 w-5 text-slate-300" aria-label="to do" />}
                <span><span className="block font-medium">{s.title}</span><span className="text-sm text-slate-500">{s.text}</span></span>
              </Link>
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}

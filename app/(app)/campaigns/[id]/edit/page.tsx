import { notFound, redirect } from "next/navigation";
import { guardPage } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/http/errors";
import { getCampaign } from "@/lib/campaigns/drafts";
import { readAudience } from "@/lib/campaigns/audience";
import { readSlides, slideMediaIds } from "@/lib/campaigns/slides";
import { AccessDenied } from "@/components/shell/access-denied";
import { Composer } from "@/components/compose/composer";
import type { Draft } from "@/components/compose/types";

export const dynamic = "force-dynamic";
export const metadata = { title: "Compose" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const g = await guardPage("campaigns.send");
  if (!g.ok) return <AccessDenied what="compose messages" />;
  const { ctx } = g;
  const { id } = await params;
  const c = await getCampaign(ctx.workspaceId, id).catch((e) => {
    if (e instanceof AppError && e.status === 404) notFound();
    throw e;
  });
  if (c.state !== "draft") redirect(`/campaigns/${c.id}`);
  const slides = readSlides(c.slides);
  const [segments, connections, media, ws] = await Promise.all([
    db.segment.findMany({ where: { workspaceId: ctx.workspaceId }, select: { id: true, name: true }, orderBy: { name: "asc" }, take: 200 }),
    db.carrierConnection.findMany({ where: { workspaceId: ctx.workspaceId }, select: { id: true, name: true, maxMessageBytes: true }, orderBy: { createdAt: "asc" } }),
    db.mediaAsset.findMany({ where: { workspaceId: ctx.workspaceId, id: { in: slideMediaIds(slides) } }, select: { id: true, kind: true, name: true, status: true, edits: true, size: true, progress: true } }),
    db.workspace.findUnique({ where: { id: ctx.workspaceId }, select: { name: true } }),
  ]);
  const q = c.quietHours && typeof c.quietHours === "object" ? (c.quietHours as Record<string, unknown>) : {};
  const draft: Draft = {
    id: c.id, name: c.name, state: c.state, subject: c.subject, slides, audience: readAudience(c.audience), connectionId: c.connectionId,
    messageClass: c.messageClass === "informational" ? "informational" : "advertisement",
    scheduleKind: c.scheduleKind === "at" || c.scheduleKind === "local" ? c.scheduleKind : "now",
    scheduledAt: c.scheduledAt?.toISOString() ?? null, localTime: c.localTime,
    quietHours: { start: typeof q.start === "string" ? q.start : "08:00", end: typeof q.end === "string" ? q.end : "21:00", enabled: q.enabled !== false },
    maxPerSecond: c.maxPerSecond, expiryHours: c.expiryHours,
  };
  return (
    <Composer
      initial={draft}
      segments={segments}
      connections={connections}
      sender={ws?.name ?? ""}
      canWriteAll={can(ctx.role, "campaigns.write")}
      initialMedia={media.map((m) => ({ ...m, size: m.size.toString() }))}
    />
  );
}

// Campaign drafts: create, autosave (PATCH), list, duplicate, delete. Only drafts are editable;
// once launched the campaign belongs to the pipeline (lib/campaigns/control.ts).
import { z } from "zod";
import type { MemberContext } from "@/lib/auth/context";
import { audit } from "@/lib/audit";
import { db, type Prisma, type CampaignState } from "@/lib/db/client";
import { can } from "@/lib/auth/roles";
import { badRequest, conflict, forbidden, notFound } from "@/lib/http/errors";
import { isValidTimeZone } from "@/lib/workspaces/service";
import { AudienceSchema, EMPTY_AUDIENCE, isSingleRecipient, readAudience, validateAudience, type Audience } from "./audience";
import { templateError } from "./merge";
import { DEFAULT_WINDOW, SendWindowSchema, type SendWindow } from "./quiet-hours";
import { SlidesSchema, readSlides, slideMediaIds } from "./slides";

type Ctx = Pick<MemberContext, "workspaceId" | "user"> & { role?: MemberContext["role"] };

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use a time like 09:30.");

/** Quiet hours: the pipeline's own rule shape (lib/campaigns/quiet-hours.ts), so what is saved is what is enforced. */
export const QuietHoursSchema = SendWindowSchema;
export const DEFAULT_QUIET_HOURS: SendWindow = DEFAULT_WINDOW;

export const MESSAGE_CLASSES = ["advertisement", "informational"] as const;
export const SCHEDULE_KINDS = ["now", "at", "local"] as const;

export const DraftPatchSchema = z
  .object({
    name: z.string().trim().min(1, "Give the campaign a name.").max(120, "Keep the name under 120 characters."),
    subject: z.string().max(80, "A subject longer than 80 characters is cut off by most phones.").nullable(),
    slides: SlidesSchema,
    audience: AudienceSchema,
    connectionId: z.string().min(1).max(64).nullable(),
    messageClass: z.enum(MESSAGE_CLASSES),
    scheduleKind: z.enum(SCHEDULE_KINDS),
    scheduledAt: z.coerce.date().nullable(),
    localTime: HHMM.nullable(),
    quietHours: QuietHoursSchema.nullable(),
    maxPerSecond: z.number().int().min(1, "The throughput cap is at least 1 message a second.").max(10_000).nullable(),
    expiryHours: z.number().int().min(1, "Expiry is at least 1 hour.").max(24 * 14, "Carriers keep messages at most 14 days."),
  })
  .partial();
export type DraftPatch = z.infer<typeof DraftPatchSchema>;

export const campaignSelect = {
  id: true, name: true, state: true, messageClass: true, subject: true, slides: true, audience: true, connectionId: true,
  scheduleKind: true, scheduledAt: true, localTime: true, quietHours: true, maxPerSecond: true, expiryHours: true, stats: true,
  createdById: true, createdAt: true, updatedAt: true, startedAt: true, completedAt: true,
} satisfies Prisma.CampaignSelect;
export type CampaignRow = Prisma.CampaignGetPayload<{ select: typeof campaignSelect }>;

export async function getCampaign(workspaceId: string, id: string): Promise<CampaignRow> {
  const c = await db.campaign.findFirst({ where: { id, workspaceId }, select: campaignSelect });
  if (!c) throw notFound("This campaign");
  return c;
}

function defaultName(): string {
  return `Campaign ${new Date().toISOString().slice(0, 16).replace("T", " ")}`;
}

/** A new draft; `toContactId` pre-fills a quick send to one contact (from a contact's page). */
export async function createDraft(ctx: Ctx, input: { name?: string; toContactId?: string } = {}): Promise<CampaignRow> {
  if (ctx.role && !input.toContactId && !can(ctx.role, "campaigns.write")) throw forbidden("start a campaign; open a contact and use Send message instead");
  const audience = { ...EMPTY_AUDIENCE };
  let name = input.name?.trim() || defaultName();
  if (input.toContactId) {
    if (!/^\d{1,18}$/.test(input.toContactId)) throw notFound("This contact");
    const contact = await db.contact.findFirst({ where: { id: BigInt(input.toContactId), workspaceId: ctx.workspaceId }, select: { id: true, firstName: true, lastName: true, phone: true } });
    if (!contact) throw notFound("This contact");
    audience.contactIds = [contact.id.toString()];
    if (!input.name) name = `Message to ${[contact.firstName, contact.lastName].filter(Boolean).join(" ") || "contact"}`;
  }
  // The first connection is the usual choice; the composer lets the user change it.
  const conn = await db.carrierConnection.findFirst({ where: { workspaceId: ctx.workspaceId }, orderBy: { createdAt: "asc" }, select: { id: true } });
  const c = await db.campaign.create({
    data: {
      workspaceId: ctx.workspaceId, name, audience, slides: [], connectionId: conn?.id ?? null,
      quietHours: DEFAULT_QUIET_HOURS, createdById: ctx.user.id,
      messageClass: input.toContactId ? "informational" : "advertisement",
    },
    select: campaignSelect,
  });
  await audit(ctx, "campaign.created", { targetType: "campaign", targetId: c.id });
  return c;
}

async function checkPatch(workspaceId: string, patch: DraftPatch): Promise<void> {
  if (patch.connectionId) {
    const ok = await db.carrierConnection.count({ where: { id: patch.connectionId, workspaceId } });
    if (!ok) throw notFound("This carrier connection");
  }
  if (patch.slides) {
    const ids = slideMediaIds(patch.slides);
    if (ids.length) {
      const found = await db.mediaAsset.count({ where: { id: { in: ids }, workspaceId } });
      if (found !== ids.length) throw notFound("A picture, video or sound in the slides");
    }
    patch.slides.forEach((s, i) => {
      const err = s.text ? templateError(s.text) : null;
      if (err) throw badRequest(`Slide ${i + 1}: ${err}`);
    });
  }
  if (patch.subject) {
    const err = templateError(patch.subject);
    if (err) throw badRequest(`Subject: ${err}`);
  }
  if (patch.audience) await validateAudience(workspaceId, patch.audience);
}

/** Autosave. Refused (409) once the campaign has left the draft state, so a late save never edits a live send. */
export async function updateDraft(ctx: Ctx, id: string, patchInput: unknown): Promise<CampaignRow> {
  const patch = DraftPatchSchema.parse(patchInput);
  const current = await getCampaign(ctx.workspaceId, id);
  if (current.state !== "draft") throw conflict("This campaign has been launched and can no longer be edited. Duplicate it to make changes.");
  if (ctx.role) assertMayEdit({ role: ctx.role }, patch.audience ?? readAudience(current.audience));
  await checkPatch(ctx.workspaceId, patch);
  const data: Prisma.CampaignUpdateManyMutationInput & { connectionId?: string | null } = {
    ...patch,
    quietHours: patch.quietHours === null ? undefined : patch.quietHours,
  };
  // updateMany with the state in the WHERE: a launch racing the autosave wins, the save is refused.
  const r = await db.campaign.updateMany({ where: { id, workspaceId: ctx.workspaceId, state: "draft" }, data });
  if (!r.count) throw conflict("This campaign has been launched and can no longer be edited.");
  return getCampaign(ctx.workspaceId, id);
}

export type CampaignListItem = Pick<CampaignRow, "id" | "name" | "state" | "messageClass" | "scheduleKind" | "scheduledAt" | "createdAt" | "startedAt" | "completedAt" | "stats">;

/** Newest first, keyset on (createdAt, id). */
export async function listCampaigns(workspaceId: string, opts: { state?: CampaignState; q?: string; cursor?: string | null; limit?: number } = {}) {
  const limit = Math.min(Math.max(opts.limit ?? 30, 1), 100);
  let cursorWhere: Prisma.CampaignWhereInput = {};
  if (opts.cursor) {
    const [ts, cid] = opts.cursor.split("_");
    const d = new Date(Number(ts));
    if (cid && !Number.isNaN(d.getTime())) cursorWhere = { OR: [{ createdAt: { lt: d } }, { createdAt: d, id: { lt: cid } }] };
  }
  const rows = await db.campaign.findMany({
    where: { workspaceId, ...(opts.state ? { state: opts.state } : {}), ...(opts.q ? { name: { contains: opts.q, mode: "insensitive" } } : {}), ...cursorWhere },
    select: { id: true, name: true, state: true, messageClass: true, scheduleKind: true, scheduledAt: true, createdAt: true, startedAt: true, completedAt: true, stats: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? `${last.createdAt.getTime()}_${last.id}` : null };
}

/** A new draft with the same content, audience and settings; stats and schedule times are not copied. */
export async function duplicateCampaign(ctx: Ctx, id: string): Promise<CampaignRow> {
  const src = await getCampaign(ctx.workspaceId, id);
  const c = await db.campaign.create({
    data: {
      workspaceId: ctx.workspaceId,
      name: `${src.name} (copy)`.slice(0, 120),
      messageClass: src.messageClass, subject: src.subject,
      slides: readSlides(src.slides), audience: readAudience(src.audience),
      connectionId: src.connectionId, scheduleKind: src.scheduleKind === "at" ? "now" : src.scheduleKind, localTime: src.localTime,
      quietHours: (src.quietHours ?? DEFAULT_QUIET_HOURS) as Prisma.InputJsonValue,
      maxPerSecond: src.maxPerSecond, expiryHours: src.expiryHours, createdById: ctx.user.id,
    },
    select: campaignSelect,
  });
  await audit(ctx, "campaign.duplicated", { targetType: "campaign", targetId: c.id, detail: { from: id } });
  return c;
}

export async function deleteDraft(ctx: Ctx, id: string): Promise<void> {
  const current = await getCampaign(ctx.workspaceId, id);
  if (ctx.role) assertMayEdit({ role: ctx.role }, readAudience(current.audience));
  if (current.state !== "draft") throw conflict("Only drafts can be deleted; a launched campaign is kept for its report.");
  await db.campaign.deleteMany({ where: { id, workspaceId: ctx.workspaceId, state: "draft" } });
  await audit(ctx, "campaign.deleted", { targetType: "campaign", targetId: id });
}

/** Validates a schedule before launch: sentences the composer shows next to the field. */
export function scheduleProblem(c: Pick<CampaignRow, "scheduleKind" | "scheduledAt" | "localTime">, now = new Date()): string | null {
  if (c.scheduleKind === "at") {
    if (!c.scheduledAt) return "Choose the date and time to send.";
    if (c.scheduledAt.getTime() < now.getTime() - 60_000) return "The chosen time is in the past.";
  }
  if (c.scheduleKind === "local" && !c.localTime) return "Choose the local time at which each recipient receives it.";
  return null;
}

export { isValidTimeZone };

/**
 * Support agents may compose and send to ONE contact or number only (quick send from a contact's
 * page); everything else needs campaigns.write. Checked against the audience as it will be saved.
 */
export function assertMayEdit(ctx: Pick<MemberContext, "role">, audience: Audience | null): void {
  if (can(ctx.role, "campaigns.write")) return;
  if (!can(ctx.role, "campaigns.send") || !audience || !isSingleRecipient(audience)) throw forbidden("send to more than one contact");
}

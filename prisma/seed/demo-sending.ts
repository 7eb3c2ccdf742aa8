// The demo's carrier side and campaigns: a connection to the built-in MMSC simulator, a sample
// picture with a personalised caption, one campaign already sent to a segment and one draft.
// Runs after the simulator and the workers are up, so the sent campaign really goes through them.
import sharp from "sharp";
import { db } from "@/lib/db/client";
import type { MemberContext } from "@/lib/auth/context";
import { createConnection } from "@/lib/carrier/connections";
import { createMedia, updateMedia } from "@/lib/media";
import { createDraft, updateDraft } from "@/lib/campaigns/drafts";
import { launchCampaign } from "@/lib/campaigns/control";
import { newSlideId } from "@/lib/campaigns/slides";

/** A poster drawn from shapes (no fonts needed): a pizza on a warm background. */
async function samplePicture(): Promise<Buffer> {
  const slices = Array.from({ length: 8 }, (_, i) => {
    const a = (i * Math.PI) / 4;
    return `<line x1="400" y1="330" x2="${400 + 230 * Math.cos(a)}" y2="${330 + 230 * Math.sin(a)}" stroke="#c9772b" stroke-width="6"/>`;
  }).join("");
  const toppings = [[330, 250], [470, 260], [400, 420], [300, 380], [500, 390], [420, 190], [350, 320], [460, 330]]
    .map(([x, y]) => `<circle cx="${x}" cy="${y}" r="26" fill="#b3261e"/><circle cx="${x! + 40}" cy="${y! + 25}" r="9" fill="#2f7d32"/>`).join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800">
    <defs><radialGradient id="bg"><stop offset="0" stop-color="#ffe2b8"/><stop offset="1" stop-color="#f28c28"/></radialGradient></defs>
    <rect width="800" height="800" fill="url(#bg)"/>
    <circle cx="400" cy="330" r="250" fill="#e9b86a"/><circle cx="400" cy="330" r="225" fill="#f6d36b"/>
    ${slices}${toppings}
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 88 }).toBuffer();
}

async function waitUntilReady(mediaId: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const m = await db.mediaAsset.findUnique({ where: { id: mediaId }, select: { status: true } });
    if (m?.status === "ready") return true;
    if (m?.status === "failed") return false;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

export async function seedDemoSending(ctx: MemberContext): Promise<string[]> {
  const notes: string[] = [];
  const workspaceId = ctx.workspaceId;

  let connection = await db.carrierConnection.findFirst({ where: { workspaceId }, orderBy: { createdAt: "asc" } });
  if (!connection) {
    try {
      const created = await createConnection(
        workspaceId,
        { name: "MMSC simulator", url: `${process.env.MMSC_URL ?? "http://127.0.0.1:3200"}/mm7`, vaspId: "pizzeria-napoli", vasId: "promo", senderAddress: "4242", senderType: "shortcode", maxPerSecond: 200 },
        { useSimulator: true },
      );
      connection = await db.carrierConnection.findUniqueOrThrow({ where: { id: created.connection.id } });
    } catch (err) {
      notes.push(`No demo carrier connection: ${err instanceof Error ? err.message : String(err)}`);
      return notes;
    }
  }

  let media = await db.mediaAsset.findFirst({ where: { workspaceId }, orderBy: { createdAt: "asc" } });
  if (!media) {
    const created = await createMedia(ctx, { bytes: await samplePicture(), fileName: "pizza-margherita.jpg", tags: ["demo", "menu"] });
    await updateMedia(ctx, created.id, { edits: [{ type: "overlay", text: "Ciao {{ first_name | default: \"amico\" }}!", position: "top", size: 0.09 }] });
    media = await db.mediaAsset.findUniqueOrThrow({ where: { id: created.id } });
  }

  if ((await db.campaign.count({ where: { workspaceId } })) > 0) return notes;
  const segment = await db.segment.findFirst({ where: { workspaceId, name: "District 7 volunteers" } });
  const slides = [{ id: newSlideId(), mediaId: media.id, text: "Ciao {{ first_name | default: \"amico\" }}! This weekend: a free tiramisù with every pizza. Show this message. Reply STOP to opt out.", durationMs: 6000 }];

  const draft = await createDraft(ctx, { name: "Weekend offer (draft)" });
  await updateDraft(ctx, draft.id, { subject: "Pizzeria Napoli", slides, connectionId: connection.id, messageClass: "advertisement", audience: { segmentIds: [], excludeSegmentIds: [], contactIds: [], numbers: [] } });

  if (!segment) return notes;
  const sent = await createDraft(ctx, { name: "District 7: volunteers' evening" });
  await updateDraft(ctx, sent.id, {
    subject: "Volunteers' evening",
    slides,
    connectionId: connection.id,
    // Informational: the demo should send at any hour of the first start.
    messageClass: "informational",
    audience: { segmentIds: [segment.id], excludeSegmentIds: [], contactIds: [], numbers: [] },
  });
  if (await waitUntilReady(media.id, 90_000)) await launchCampaign(ctx, sent.id);
  else notes.push("The demo picture was not ready in time; launch “District 7: volunteers' evening” from Campaigns.");
  return notes;
}

// One recipient's message: merge fields rendered, the media variant their handset can show,
// a personalised picture when the image has an overlay, SMIL to lay the slides out. Handsets
// without MMS get a text-only message with the link to the web view instead.
import { buildSmil, type Slide as SmilSlide } from "@/lib/mms";
import { pickVariant, handsetProfile, type HandsetClassName } from "@/lib/handset";
import { renderPersonalisedImage } from "@/lib/media/personalise";
import { mergeValues, type MergeValues } from "@/lib/campaigns/merge";
import type { OutboundMms, OutboundPart } from "@/lib/carrier/connector";
import type { CampaignKit } from "./pipeline/kit";
import { nowMs } from "./clock";

export type Recipient = {
  messageId: string;
  attempt: number;
  phone: string;
  firstName: string | null;
  lastName: string | null;
  attributes: unknown;
  handsetClass: HandsetClassName | null;
  webToken: string | null;
};

/** Room kept for the SOAP-independent overhead: SMIL and MIME part headers. */
const OVERHEAD_BYTES = 2_048;

const EXT: Record<string, string> = { "image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "video/mp4": "mp4", "video/3gpp": "3gp", "audio/amr": "amr", "audio/mp4": "m4a" };

export function webViewUrl(appUrl: string, webToken: string | null): string | null {
  return webToken ? `${appUrl.replace(/\/$/, "")}/m/${webToken}` : null;
}

export function transactionIdFor(messageId: string, attempt: number): string {
  return `m${messageId}-a${attempt}`;
}

function base(kit: CampaignKit, r: Recipient, values: MergeValues): Pick<OutboundMms, "recipient" | "subject" | "messageClass" | "expiry" | "deliveryReport" | "readReply" | "transactionId"> {
  const subject = kit.subject?.(values).trim();
  return {
    recipient: r.phone,
    ...(subject ? { subject: subject.slice(0, 120) } : {}),
    messageClass: kit.messageClass,
    // The carrier counts on the wall clock; the pipeline clock may be moved (tests), so send what is left.
    ...(kit.expiresAt ? { expiry: new Date(Date.now() + Math.max(60_000, kit.expiresAt.getTime() - nowMs())) } : {}),
    deliveryReport: true,
    readReply: true,
    transactionId: transactionIdFor(r.messageId, r.attempt),
  };
}

/** The SMS-sized notice for phones without MMS: the texts, then the link to the full message. */
export function composeTextOnly(kit: CampaignKit, r: Recipient, appUrl: string, values = mergeValues(r)): OutboundMms {
  const text = kit.slides.map((s) => s.text?.(values).trim()).filter(Boolean).join("\n");
  const link = webViewUrl(appUrl, r.webToken);
  const body = [text.slice(0, 300), link ? `See the message: ${link}` : ""].filter(Boolean).join("\n");
  return { ...base(kit, r, values), parts: [{ contentId: "txt1", contentType: "text/plain", bytes: Buffer.from(body, "utf8"), location: "txt1.txt" }] };
}

export async function composeMessage(kit: CampaignKit, r: Recipient, appUrl: string): Promise<OutboundMms> {
  const values = mergeValues({ firstName: r.firstName, lastName: r.lastName, phone: r.phone, attributes: r.attributes });
  const hp = handsetProfile(r.handsetClass);
  if (!hp.mms) return composeTextOnly(kit, r, appUrl, values);

  const texts = kit.slides.map((s) => s.text?.(values) ?? "");
  const textBytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  let budget = Math.min(kit.connection.maxMessageBytes, hp.maxMessageBytes) - textBytes - OVERHEAD_BYTES;

  const parts: OutboundPart[] = [];
  const smil: SmilSlide[] = [];
  for (let i = 0; i < kit.slides.length; i++) {
    const s = kit.slides[i]!;
    const n = i + 1;
    const slide: SmilSlide = { durationMs: s.durationMs };
    if (s.media) {
      const v = pickVariant(s.media.variants, r.handsetClass, budget);
      if (v) {
        let bytes: Buffer;
        let contentType = v.contentType;
        if (s.media.overlay) {
          const p = await renderPersonalisedImage({
            variant: { storageKey: v.storageKey, contentType: v.contentType, profile: v.profile, size: v.size },
            overlay: s.media.overlay,
            values: values as Record<string, string | number | null | undefined>,
            budgetBytes: Math.min(budget, v.size + 16 * 1024),
          });
          bytes = p.bytes;
          contentType = p.contentType;
        } else {
          bytes = await kit.bytes(v.storageKey);
        }
        const kind = s.media.kind === "video" ? "vid" : "img";
        const location = `${kind}${n}.${EXT[contentType] ?? "bin"}`;
        parts.push({ contentId: `${kind}${n}`, contentType, bytes, location });
        budget -= bytes.length;
        slide[s.media.kind === "video" ? "video" : "image"] = { src: location, contentType };
      }
    }
    if (s.audio) {
      const v = pickVariant(s.audio.variants, r.handsetClass, budget);
      if (v) {
        const bytes = await kit.bytes(v.storageKey);
        const location = `aud${n}.${EXT[v.contentType] ?? "bin"}`;
        parts.push({ contentId: `aud${n}`, contentType: v.contentType, bytes, location });
        budget -= bytes.length;
        slide.audio = { src: location, contentType: v.contentType };
      }
    }
    const t = texts[i]!.trim();
    if (t) {
      const location = `txt${n}.txt`;
      parts.push({ contentId: `txt${n}`, contentType: "text/plain", bytes: Buffer.from(t, "utf8"), location });
      slide.text = { src: location, contentType: "text/plain" };
    }
    if (slide.image || slide.video || slide.audio || slide.text) smil.push(slide);
  }
  // Media that fits no profile of this phone and no text left: the web view still shows everything.
  if (!parts.length) return composeTextOnly(kit, r, appUrl, values);
  return { ...base(kit, r, values), smil: buildSmil(smil), parts };
}

// What a handset shows: alerts decoded from the WAP push it received, the SMS a legacy phone gets, and the message
// laid out as slides from its SMIL (falling back to one slide per part when there is no SMIL).
import { decodePdu, normalizeContentId, parseSmil, parseWapPush, type MimeEntity } from "@/lib/mms";
import { leaves, loadEntity } from "./content";
import type { Engine, StoredMessage } from "./engine";

export type RenderedSlide = {
  durationMs?: number;
  image?: { part: number; contentType: string };
  video?: { part: number; contentType: string };
  audio?: { part: number; contentType: string };
  text?: string;
};
export type RenderedPart = { part: number; contentType: string; size: number; name?: string };

/** Content as this recipient's handset gets it (adapted), or the original when no recipient is given. */
export async function contentFor(engine: Engine, m: StoredMessage, to?: string): Promise<{ content: MimeEntity; notes: string[]; rejected?: string }> {
  if (to) {
    const profile = engine.profiles.forNumber(to);
    if (profile.kind === "mms" || profile.kind === "deferring" || profile.kind === "off") {
      const a = await engine.adapted(m, profile);
      if (!a) return { content: { contentType: "text/plain", body: Buffer.alloc(0) }, notes: [], rejected: "too large for this phone" };
      return { content: a.content, notes: a.notes };
    }
  }
  return { content: await loadEntity(engine.blobs, m.content), notes: [] };
}

export function renderSlides(content: MimeEntity): { slides: RenderedSlide[]; parts: RenderedPart[] } {
  const ls = leaves(content);
  const parts: RenderedPart[] = ls.map((l, i) => ({
    part: i,
    contentType: l.contentType,
    size: l.body?.length ?? 0,
    ...(l.contentLocation || l.params?.name ? { name: l.contentLocation ?? l.params?.name } : {}),
  }));
  const find = (src: string): number => {
    const cid = src.toLowerCase().startsWith("cid:") ? normalizeContentId(src.slice(4)) : undefined;
    return ls.findIndex((l) =>
      cid !== undefined ? l.contentId === cid : l.contentLocation === src || l.params?.name === src || l.contentId === normalizeContentId(src),
    );
  };
  const text = (i: number) => (i >= 0 ? (ls[i].body ?? Buffer.alloc(0)).toString("utf8") : undefined);
  const smilLeaf = ls.find((l) => l.contentType === "application/smil");
  const slides: RenderedSlide[] = [];
  if (smilLeaf?.body) {
    try {
      const parsed = parseSmil(smilLeaf.body.toString("utf8"), {
        resolveContentType: (src) => {
          const i = find(src);
          return i >= 0 ? ls[i].contentType : undefined;
        },
      });
      for (const s of parsed) {
        const out: RenderedSlide = {};
        if (s.durationMs !== undefined) out.durationMs = s.durationMs;
        for (const kind of ["image", "video", "audio"] as const) {
          const media = s[kind];
          if (!media) continue;
          const i = find(media.src);
          if (i >= 0) out[kind] = { part: i, contentType: ls[i].contentType };
        }
        if (s.text) {
          const t = text(find(s.text.src));
          if (t !== undefined) out.text = t;
        }
        slides.push(out);
      }
    } catch {
      slides.length = 0; // unreadable SMIL: show the parts in order, as handsets do
    }
  }
  if (!slides.length) {
    ls.forEach((l, i) => {
      const ct = l.contentType;
      if (ct === "application/smil") return;
      if (ct.startsWith("image/")) slides.push({ image: { part: i, contentType: ct } });
      else if (ct.startsWith("video/")) slides.push({ video: { part: i, contentType: ct } });
      else if (ct.startsWith("audio/")) slides.push({ audio: { part: i, contentType: ct } });
      else if (ct.startsWith("text/")) slides.push({ text: text(i) ?? "" });
    });
  }
  return { slides, parts };
}

export function smsNoticeText(engine: Engine, m: StoredMessage): string {
  const from = m.from.value;
  return `You have a multimedia message from ${from}${m.subject ? ` ("${m.subject}")` : ""}. View it at ${engine.cfg.publicUrl}/view/${m.id}`;
}

export async function phoneView(engine: Engine, msisdn: string) {
  const profile = engine.profiles.forNumber(msisdn);
  const phone = engine.phones.get(msisdn) ?? { inbox: [], mo: [] };
  const alerts = [];
  const sms = [];
  for (const { id, idx } of [...phone.inbox].reverse()) {
    const m = engine.messages.get(id);
    if (!m) continue;
    const r = m.rcpts[idx];
    const base = { messageId: m.id, recipientIndex: idx, at: new Date(r.state === "notified" ? m.at : m.at).toISOString(), state: r.state, note: r.note, read: !!r.read };
    if (r.state === "sms") {
      sms.push({ ...base, from: m.from.value, text: await engine.text(m) });
      continue;
    }
    if (r.state === "legacy") {
      sms.push({ ...base, from: m.from.value, text: smsNoticeText(engine, m), link: `${engine.cfg.publicUrl}/view/${m.id}` });
      continue;
    }
    if (r.state === "unrecognised") continue;
    const push = engine.wapPush(m, idx);
    const n = decodePdu(parseWapPush(push).body);
    alerts.push({
      ...base,
      subject: m.subject,
      pushBase64: push.toString("base64"),
      notification: {
        type: n.type,
        transactionId: n.transactionId,
        from: n.from,
        subject: n.subject,
        messageClass: n.messageClass,
        contentClass: n.contentClass,
        messageSize: n.messageSize,
        expiry: n.expiry && "absolute" in n.expiry ? n.expiry.absolute.toISOString() : undefined,
        contentLocation: n.contentLocation,
        deliveryReport: n.deliveryReport,
      },
    });
  }
  return {
    msisdn,
    profile: { name: profile.name, kind: profile.kind, maxBytes: profile.maxBytes, contentClass: profile.contentClass, accept: profile.accept, uaProf: profile.uaProf },
    alerts,
    sms,
    replies: [...phone.mo].reverse().map((mo) => ({
      id: mo.id,
      at: new Date(mo.at).toISOString(),
      to: mo.to,
      text: mo.text,
      image: mo.image ? { contentType: mo.image.ct, size: mo.image.size } : undefined,
      linkedId: mo.linkedId,
      delivery: mo.delivery,
      failure: mo.failure,
    })),
  };
}

export async function messageView(engine: Engine, m: StoredMessage, to?: string) {
  const { content, notes, rejected } = await contentFor(engine, m, to);
  const { slides, parts } = renderSlides(content);
  const idx = to ? m.rcpts.findIndex((r) => r.to === to) : -1;
  const r = idx >= 0 ? m.rcpts[idx] : undefined;
  return {
    id: m.id,
    from: m.from.value,
    subject: m.subject,
    at: new Date(m.at).toISOString(),
    expiry: new Date(m.expiry).toISOString(),
    size: m.size,
    messageClass: m.cls,
    contentClass: m.contentClass,
    state: r?.state,
    read: r?.read ?? false,
    adaptation: notes,
    ...(rejected ? { rejected } : {}),
    slides,
    parts,
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** /view/<id>: the web page a legacy phone's SMS links to. */
export async function webViewHtml(engine: Engine, m: StoredMessage): Promise<string> {
  const { slides } = renderSlides(await loadEntity(engine.blobs, m.content));
  const part = (n: number) => `/view/${encodeURIComponent(m.id)}/parts/${n}`;
  const body = slides
    .map((s) => {
      let h = `<section class="slide">`;
      if (s.image) h += `<img src="${part(s.image.part)}" alt="">`;
      if (s.video) h += `<video controls src="${part(s.video.part)}"></video>`;
      if (s.audio) h += `<audio controls src="${part(s.audio.part)}"></audio>`;
      if (s.text) h += `<p>${esc(s.text).replace(/\n/g, "<br>")}</p>`;
      return h + `</section>`;
    })
    .join("");
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(
    m.subject ?? "Multimedia message",
  )}</title><style>body{font-family:system-ui,sans-serif;max-width:480px;margin:0 auto;padding:16px;background:#f8fafc;color:#0f172a}.slide{background:#fff;border-radius:12px;padding:12px;margin:12px 0;box-shadow:0 1px 2px #0002}img,video{max-width:100%;border-radius:8px}audio{width:100%}</style></head><body><h1>${esc(
    m.subject ?? "Multimedia message",
  )}</h1><p>From ${esc(m.from.value)}</p>${body}</body></html>`;
}

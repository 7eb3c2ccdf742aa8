// Message content as the simulator keeps it: the MM7 MIME tree with each leaf body replaced by its blob hash.
import { type MimeEntity, type PduPart } from "@/lib/mms";
import { intern, internRecord } from "./intern";
import type { BlobStore } from "./store/blobs";

export type StoredEntity = {
  ct: string;
  params?: Record<string, string>;
  cid?: string;
  loc?: string;
  hash?: string;
  /** A small body kept in the ledger record itself (base64): see INLINE_MAX. */
  inline?: string;
  size?: number;
  parts?: StoredEntity[];
};

/**
 * Bodies up to this size (personalised text, SMIL) ride inside the submit record, which the ledger
 * group-commits: a blob file would cost its own fsync per message, as each personalised text is new.
 */
const INLINE_MAX = 4 * 1024;

/** Repeated values (types, ids, parameters, a campaign's SMIL) are shared between messages: see intern.ts. */
export async function storeEntity(blobs: BlobStore, e: MimeEntity): Promise<StoredEntity> {
  const out: StoredEntity = { ct: intern(e.contentType) };
  if (e.params && Object.keys(e.params).length) {
    const { boundary: _b, ...rest } = e.params;
    if (Object.keys(rest).length) out.params = internRecord(rest);
  }
  if (e.contentId) out.cid = intern(e.contentId);
  if (e.contentLocation) out.loc = intern(e.contentLocation);
  if (e.parts) out.parts = await Promise.all(e.parts.map((p) => storeEntity(blobs, p)));
  else {
    const body = e.body ?? Buffer.alloc(0);
    if (body.length <= INLINE_MAX) out.inline = intern(body.toString("base64"));
    else out.hash = await blobs.put(body);
    out.size = body.length;
    // A leaf is flat and never changed once stored: a campaign's SMIL and picture are one object.
    return internRecord(out);
  }
  return out;
}

export async function loadEntity(blobs: BlobStore, s: StoredEntity): Promise<MimeEntity> {
  const e: MimeEntity = { contentType: s.ct };
  if (s.params) e.params = { ...s.params };
  if (s.cid) e.contentId = s.cid;
  if (s.loc) e.contentLocation = s.loc;
  if (s.parts) e.parts = await Promise.all(s.parts.map((p) => loadEntity(blobs, p)));
  else e.body = await bodyOf(blobs, s);
  return e;
}

async function bodyOf(blobs: BlobStore, s: StoredEntity): Promise<Buffer> {
  if (s.inline !== undefined) return Buffer.from(s.inline, "base64");
  return s.hash ? blobs.get(s.hash) : Buffer.alloc(0);
}

export function leaves<T extends { parts?: T[] }>(e: T): T[] {
  return e.parts ? e.parts.flatMap((p) => leaves(p)) : [e];
}

export function storedSize(s: StoredEntity): number {
  return leaves(s).reduce((n, l) => n + (l.size ?? 0), 0);
}

export function entitySize(e: MimeEntity): number {
  return leaves(e).reduce((n, l) => n + (l.body?.length ?? 0), 0);
}

/** OMA content class of a message, from its media and size (OMA-MMS-CONF). */
export function contentClassOf(s: StoredEntity): string {
  const ls = leaves(s);
  const size = storedSize(s);
  const has = (p: string) => ls.some((l) => l.ct.startsWith(p));
  if (!has("image/") && !has("video/") && !has("audio/")) return "text";
  if (has("video/")) return size <= 100 * 1024 ? "video-basic" : "video-rich";
  if (size <= 30 * 1024) return "image-basic";
  if (size <= 100 * 1024) return "image-rich";
  if (size <= 300 * 1024) return "content-rich";
  return "megapixel";
}

export function isTextOnly(s: StoredEntity): boolean {
  return leaves(s).every((l) => l.ct.startsWith("text/"));
}

/** The message text (all text/plain leaves joined), for SMS delivery to legacy handsets. */
export async function plainText(blobs: BlobStore, s: StoredEntity): Promise<string> {
  const texts: string[] = [];
  for (const l of leaves(s)) {
    if (l.ct === "text/plain") texts.push((await bodyOf(blobs, l)).toString("utf8"));
  }
  return texts.join("\n").trim();
}

const PDU_MULTIPART: Record<string, string> = {
  "multipart/related": "application/vnd.wap.multipart.related",
  "multipart/mixed": "application/vnd.wap.multipart.mixed",
  "multipart/alternative": "application/vnd.wap.multipart.alternative",
};

/** MIME (MM7) -> MMS PDU body: multipart/* becomes application/vnd.wap.multipart.*, parameters kept. */
export function toPduBody(e: MimeEntity): { contentType: { mediaType: string; params: Record<string, string> }; parts?: PduPart[]; body?: Buffer } {
  const params: Record<string, string> = { ...(e.params ?? {}) };
  delete params.boundary;
  if (e.parts) {
    return { contentType: { mediaType: PDU_MULTIPART[e.contentType] ?? "application/vnd.wap.multipart.mixed", params }, parts: e.parts.map(toPduPart) };
  }
  return { contentType: { mediaType: e.contentType, params }, body: e.body ?? Buffer.alloc(0) };
}

function toPduPart(e: MimeEntity): PduPart {
  const b = toPduBody(e);
  const part: PduPart = { contentType: b.contentType };
  if (e.contentId) part.contentId = e.contentId;
  if (e.contentLocation) part.contentLocation = e.contentLocation;
  if (b.parts) part.parts = b.parts;
  else part.data = b.body;
  return part;
}

// The simulator holds every message it accepted in memory; values a campaign repeats in each message
// must be held once, or its heap (and every garbage collection) grows with the copies.
import { describe, expect, it } from "vitest";
import { storeEntity } from "@/mmsc/content";
import { internRecord } from "@/mmsc/intern";
import type { BlobStore } from "@/mmsc/store/blobs";

const blobs = { put: async () => "f".repeat(64) } as unknown as BlobStore;
const smil = "<smil><body><par><img src=\"a.jpg\"/><text src=\"t.txt\"/></par></body></smil>";

/** What the MM7 decoder hands over: every string and Buffer new for each request. */
function parsed(text: string) {
  const s = (v: string) => Buffer.from(v).toString();
  return {
    contentType: s("multipart/related"), params: { type: s("application/smil"), boundary: s(`b-${text}`) },
    parts: [
      { contentType: s("application/smil"), params: { charset: s("utf-8") }, contentId: s("smil"), body: Buffer.from(smil) },
      { contentType: s("text/plain"), params: { charset: s("utf-8") }, contentId: s("t"), body: Buffer.from(text) },
      { contentType: s("image/jpeg"), contentId: s("a"), body: Buffer.alloc(10_000, 1) },
    ],
  };
}

describe("simulator storage of repeated values", () => {
  it("keeps one object for a leaf two messages share, and their own for what differs", async () => {
    const [a, b] = [await storeEntity(blobs, parsed("Ciao Anna")), await storeEntity(blobs, parsed("Ciao Marco"))];
    expect(a.parts![0]).toBe(b.parts![0]); // the SMIL
    expect(a.parts![2]).toBe(b.parts![2]); // the picture, by its blob
    expect(a.parts![1]).not.toBe(b.parts![1]);
    expect(Buffer.from(b.parts![1]!.inline!, "base64").toString()).toBe("Ciao Marco");
    expect(a.params).toBe(b.params);
    expect(a.params).toEqual({ type: "application/smil" });
  });

  it("hands out frozen records, so a shared one cannot be changed for every message at once", () => {
    const r = internRecord({ kind: "shortCode", value: "12345" });
    expect(internRecord({ kind: "shortCode", value: "12345" })).toBe(r);
    expect(Object.isFrozen(r)).toBe(true);
    expect(internRecord({ kind: "shortCode", value: "54321" })).not.toBe(r);
  });
});

/**
 * Pins the exact bytes of the MM7/MIME writer. The digests were taken from the writer before it was rewritten for
 * speed (one preallocated buffer instead of many small ones): MMSCs and our own idempotent retries see the same
 * bytes for the same message, so any change here is a wire-format change, not a refactor.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildMime, decodeMm7, encodeMm7, parseMime, type MimeEntity, type Mm7Message } from "../../../lib/mms/index.js";
import { makeBoundary } from "../../../lib/mms/mime.js";

const image = Buffer.alloc(2 * 1024);
for (let i = 0; i < image.length; i++) image[i] = (i * 31 + 7) & 0xff;
const smil = Buffer.from('<smil><body><par dur="5000ms"><img src="cid:img0"/><text src="cid:txt0"/></par></body></smil>');
const text = Buffer.from("Spring sale: 20% off — Grüße 👋. Reply STOP to opt out.");

function content(): MimeEntity {
  return {
    contentType: "multipart/related",
    params: { type: "application/smil", start: "<smil>" },
    parts: [
      { contentType: "application/smil", params: { charset: "utf-8" }, contentId: "smil", body: smil },
      {
        contentType: "image/jpeg",
        contentId: "<img0>",
        contentLocation: "img0.jpg",
        headers: { "content-disposition": 'inline; filename="a b.jpg"', "x-odd--name": "v", "content-transfer-encoding": "ignored" },
        body: image,
      },
      { contentType: "text/plain", params: { charset: "utf-8", name: 'say "hi"\\' }, contentId: "cid:txt0", contentLocation: "txt0.txt", body: new Uint8Array(text) as Buffer },
      { contentType: "multipart/mixed", params: { boundary: "caller-set", x: "" }, parts: [] },
      { contentType: "audio/amr", body: Buffer.alloc(0) },
    ],
  };
}

function submit(over: Partial<Extract<Mm7Message, { type: "SubmitReq" }>> = {}): Mm7Message {
  return {
    type: "SubmitReq",
    transactionId: "tx-1",
    subject: "Spring <sale> & more",
    senderIdentification: { vaspId: "postino", vasId: "campaigns", senderAddress: { kind: "shortCode", value: "12345" } },
    recipients: { to: [{ kind: "number", value: "15551230001" }] },
    content: content(),
    allowAdaptations: true,
    ...over,
  };
}

const delim = (seed: string, path: string, attempt = 0) => `--${makeBoundary(seed, path, attempt)}`;

const cases: Array<[string, () => { contentType: string; body: Buffer }, string]> = [
  [
    "base64 attachments, default namespace",
    () => encodeMm7(submit(), { namespace: "REL-6-MM7-1-4", boundarySeed: "seed-1" }),
    "c21e2b4f381b33918f8c3df0f8b37a14ea3617c2ce857c9220bd2262e0214fda",
  ],
  [
    "binary attachments, mm7: prefix, REL-5",
    () => encodeMm7(submit(), { namespace: "REL-5-MM7-1-3", prefix: true, boundarySeed: "seed-2", binaryEncoding: "binary" }),
    "0f71da917bcaac864167df9cf6bcc05e7dca498c52c4c37ad87286e6a1dacdef",
  ],
  [
    "the SOAP text holds the outer delimiter",
    () => encodeMm7(submit({ transactionId: `tx ${delim("s", "0")}` }), { namespace: "REL-6-MM7-1-4", boundarySeed: "s" }),
    "174c9bfa298ddd6e1973f3d90a92b54fe575839ecd2734d720be52f58840b1b4",
  ],
  [
    "a nested part holds the outer delimiter",
    () =>
      encodeMm7(submit({ content: { contentType: "multipart/mixed", parts: [{ contentType: "text/plain", body: Buffer.from(`x\r\n${delim("n", "0")}\r\n`) }] } }), {
        namespace: "REL-6-MM7-1-4",
        boundarySeed: "n",
      }),
    "34911801b91e20b83f86105cec3bbc1718f655b84fc1905b3e1dd9544b81eeee",
  ],
  [
    "a leaf holds its own multipart's first two delimiters",
    () =>
      encodeMm7(
        submit({ content: { contentType: "multipart/mixed", parts: [{ contentType: "application/octet-stream", body: Buffer.from(`${delim("l", "0.1")}${delim("l", "0.1", 1)}`) }] } }),
        { namespace: "REL-6-MM7-1-4", boundarySeed: "l", binaryEncoding: "binary" },
      ),
    "9d2d90e70cd397ea9933ea6bcd156995482a7449771d6c0de23d454314fec380",
  ],
  ["buildMime of the content alone", () => buildMime(content(), { boundarySeed: "b" }), "a9402a3657a37f271438ae7d27560d6243c844baea8870ab674817b167c41021"],
];

const digest = (r: { contentType: string; body: Buffer }) => createHash("sha256").update(r.contentType).update("\n").update(r.body).digest("hex");

describe("MIME writer bytes", () => {
  it.each(cases)("%s: same bytes as ever", (_name, build, expected) => {
    expect(digest(build())).toBe(expected);
  });

  it("a delimiter inside content moves the boundary on, and the parts still read back whole", () => {
    const tx = `tx ${delim("s", "0")}`;
    const { contentType, body } = encodeMm7(submit({ transactionId: tx }), { namespace: "REL-6-MM7-1-4", boundarySeed: "s" });
    expect(contentType).not.toContain(makeBoundary("s", "0"));
    expect(contentType).toContain(makeBoundary("s", "0", 1));
    const decoded = decodeMm7(body, contentType);
    expect(decoded.transactionId).toBe(tx);
    const parts = parseMime(body, contentType).parts!;
    expect(parts[1].parts!.map((p) => p.body?.length ?? p.parts?.length)).toEqual([smil.length, image.length, text.length, 0, 0]);
    expect(parts[1].parts![1].body!.equals(image)).toBe(true);
  });
});

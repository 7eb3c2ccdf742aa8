import { describe, expect, it } from "vitest";
import { decodeMm7, parseSmil, splitHttpMessage, type Mm7Message } from "../../../lib/mms/index.js";
import { HAS_FIXTURES, mm7Fixture, NO_FIXTURES_REASON } from "./helpers.js";

function load(name: string): { body: Buffer; contentType?: string } {
  const raw = mm7Fixture(name);
  const http = splitHttpMessage(raw);
  return http ? { body: http.body, contentType: http.headers["content-type"] } : { body: raw };
}

/** Decode with the fast path and with the general XML parser; both must agree. */
function both(name: string, contentType?: string): Mm7Message {
  const f = load(name);
  const ct = contentType ?? f.contentType;
  const fast = decodeMm7(f.body, ct);
  const general = decodeMm7(f.body, ct, { forceGeneralXml: true });
  expect(general).toEqual(fast);
  return fast;
}

describe.skipIf(!HAS_FIXTURES)(`MM7 fixtures (${HAS_FIXTURES ? "present" : NO_FIXTURES_REASON})`, () => {
  it("deliver-req3.txt: the real Nokia DeliverReq yields sender, recipients, subject, SMIL and GIF", () => {
    const m = both("deliver-req3.txt");
    expect(m.type).toBe("DeliverReq");
    if (m.type !== "DeliverReq") return;
    expect(m.transactionId).toBe("4E073C7AQ479306TW26785I371H3M1HA");
    expect(m.mm7Version).toBe("6.8.0");
    expect(m.namespace).toBe("http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4");
    expect(m.mmsRelayServerId).toBe("Nokia MMS Center MC5.0");
    expect(m.linkedId).toBe("0402105226100000000000000");
    expect(m.sender).toEqual({ kind: "number", value: "+3859100010010", raw: "+3859100010010/TYPE=PLMN" });
    expect(m.recipients?.to).toEqual([{ kind: "number", value: "88888", raw: "88888/TYPE=PLMN" }]);
    expect(m.subject).toBe("Bomb");
    expect(m.priority).toBe("Normal");
    expect(m.timeStamp).toEqual(new Date("2010-04-02T10:52:26Z"));
    const content = m.content!;
    expect(content.contentType).toBe("multipart/related");
    expect(content.contentId).toBe("57626X20-1VO9-A93941F7");
    expect(content.params).toMatchObject({ type: "application/smil", start: "<AAAA>" });
    const [smil, gif] = content.parts!;
    expect(smil.contentType).toBe("application/smil");
    expect(smil.contentId).toBe("AAAA");
    const smilText = smil.body!.toString("utf8");
    expect(smilText).toContain('<par dur="4000ms"><img src="Bomb.gif" region="Image">');
    expect(parseSmil(smilText)).toEqual([{ durationMs: 4000, image: { src: "Bomb.gif", contentType: "image/gif" } }]);
    expect(gif.contentType).toBe("image/gif");
    expect(gif.contentLocation).toBe("Bomb.gif");
    expect(gif.body!.subarray(0, 6).toString("latin1")).toBe("GIF89a");
    // 100x100 GIF: logical screen size in the header, trailer byte at the end.
    expect(gif.body!.readUInt16LE(6)).toBe(100);
    expect(gif.body!.at(-1)).toBe(0x3b);
  });

  it("deliver-req4.txt: REL-6 prefixed DeliverReq with a 300 KB JPEG and SMIL not first", () => {
    const m = both("deliver-req4.txt");
    if (m.type !== "DeliverReq") throw new Error(m.type);
    expect(m.transactionId).toBe("0Q296S401H79CPSU13V1K431DRK3G49M");
    expect(m.contentHref).toBe("cid:mm7-content");
    const parts = m.content!.parts!;
    expect(parts.map((p) => p.contentType)).toEqual(["image/jpeg", "application/smil"]);
    expect(parts[0].body!.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(parts[0].body!.length).toBeGreaterThan(290_000);
    expect(m.content!.params?.start).toBe("<580210102>");
    expect(parts[1].contentId).toBe("580210102");
  });

  it("deliver-req5.txt: raw binary JPEG part, Content-ID without <>, folded Content-Type, no SOAP Content-ID", () => {
    const m = both("deliver-req5.txt");
    if (m.type !== "DeliverReq") throw new Error(m.type);
    expect(m.sender).toEqual({ kind: "number", value: "+381600001200" });
    expect(m.recipients?.to).toEqual([{ kind: "shortCode", value: "121399" }]);
    expect(m.subject).toBe("(no subject)");
    expect(m.content!.contentId).toBe("content_15");
    const [smil, jpeg] = m.content!.parts!;
    expect(smil.contentLocation).toBe("smil.xml");
    expect(jpeg.contentType).toBe("image/jpeg");
    expect(jpeg.contentId).toBe("DCIM_11");
    expect(jpeg.body!.length).toBeGreaterThan(10_000);
  });

  for (const name of ["deliver-req1.txt", "deliver-req2.txt"]) {
    it(`${name}: annex-style DeliverReq without HTTP headers (boundary sniffed)`, () => {
      const m = both(name);
      if (m.type !== "DeliverReq") throw new Error(m.type);
      expect(m).toMatchObject({
        transactionId: "vas00324-dlvr",
        mm7Version: "6.7.0",
        mmsRelayServerId: "240.110.75.34",
        linkedId: "wthr8391",
        sender: { kind: "email", value: "97254265781@OMMS.com" },
        priority: "Normal",
        subject: "Weather Forecast",
      });
      expect(m.timeStamp).toEqual(new Date("2002-04-15T14:35:21-05:00"));
      if (name === "deliver-req1.txt") {
        expect(m.content!.body!.toString()).toBe("Los Angeles, Calif, USA ");
      } else {
        expect(m.content!.contentType).toBe("multipart/mixed");
        expect(m.content!.parts!.map((p) => p.contentType)).toEqual(["text/plain", "image/gif"]);
        expect(m.content!.parts![0].body!.toString()).toContain("Science news");
        expect(m.content!.parts![1].body!.subarray(0, 6).toString("latin1")).toBe("GIF87a");
      }
    });
  }

  it("deliver-req-post.txt: HTTP capture; href does not match any Content-ID, so the first content part is used", () => {
    const m = both("deliver-req-post.txt");
    if (m.type !== "DeliverReq") throw new Error(m.type);
    expect(m.contentHref).toBe("cid:forecast-location200102-86453");
    expect(m.content!.contentId).toBe("forecast-location2000102-86453");
    expect(m.content!.body!.toString()).toBe("Los Angeles, Calif, USA ");
  });

  it("fault.xml: RSErrorRsp with a namespaced detail yields status code and text", () => {
    const m = both("fault.xml");
    expect(m).toEqual({
      type: "RSErrorRsp",
      transactionId: "123456",
      mm7Version: "6.8.0",
      namespace: "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
      status: { code: 4002, text: "Unsupported version" },
      fault: { code: "Client", string: "Client error" },
    });
  });

  it("fault_02.xml: bare detail, prefixed faultcode, CRLF, REL-5-MM7-1-3 with 5.3.0", () => {
    const m = both("fault_02.xml");
    expect(m).toMatchObject({
      type: "RSErrorRsp",
      transactionId: "0_1500103103727",
      mm7Version: "5.3.0",
      status: { code: 2002, text: "Address Error" },
      fault: { code: "Client", string: "Client error" },
    });
    expect(m.namespace).toMatch(/REL-5-MM7-1-3$/);
  });

  it("submit-rsp.xml: SubmitRsp in an odd namespace, AuxApplicID spelling", () => {
    const m = both("submit-rsp.xml", "text/xml");
    expect(m).toMatchObject({
      type: "SubmitRsp",
      transactionId: "vas00001-sub",
      mm7Version: "6.7.0",
      status: { code: 1000, text: "Success" },
      messageId: "041502073667",
      applicId: "ifx.com.neon.downloadedPackage.MAFIA",
      replyApplicId: "ifx.com.neon.MyPackage.MAFIA",
      auxApplicInfo: "session.ABC.DEF",
    });
  });

  it("smil-sample*.xml parse into slides", () => {
    expect(parseSmil(mm7Fixture("smil-sample.xml").toString())).toEqual([
      { durationMs: 3000, image: { src: "cid:image", contentType: "application/octet-stream" } },
      { durationMs: 7000, text: { src: "cid:text" } },
    ]);
    const types: Record<string, string> = { "cid:image": "image/jpeg", "cid:text": "text/plain" };
    expect(parseSmil(mm7Fixture("smil-sample2.xml").toString(), { resolveContentType: (s) => types[s] })).toEqual([
      { durationMs: 5000, image: { src: "cid:image", contentType: "image/jpeg" }, text: { src: "cid:text", contentType: "text/plain" } },
    ]);
  });
});

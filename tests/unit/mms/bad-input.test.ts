/** Hostile and broken input: every case ends in a typed error, quickly, without crashing or hanging. */
import { describe, expect, it } from "vitest";
import {
  decodeMm7,
  decodePdu,
  encodePdu,
  INSERT_ADDRESS,
  Mm7ParseError,
  MmsCodecError,
  parseMime,
  parseSmil,
  PduDecodeError,
  SmilParseError,
  type MmsPdu,
} from "../../../lib/mms/index.js";

const sendReq: MmsPdu = {
  type: "m-send-req", transactionId: "T1", mmsVersion: "1.2", from: INSERT_ADDRESS, to: ["+1555/TYPE=PLMN"], subject: "Hi",
  contentType: { mediaType: "application/vnd.wap.multipart.related", params: { type: "application/smil", start: "<s>" } },
  parts: [
    { contentType: { mediaType: "application/smil", params: {} }, contentId: "s", data: Buffer.from("<smil/>") },
    { contentType: { mediaType: "text/plain", params: { charset: "utf-8" } }, data: Buffer.from("hello") },
  ],
};
const good = encodePdu(sendReq);

function pduError(b: Buffer, code?: string): PduDecodeError {
  try {
    decodePdu(b);
  } catch (e) {
    expect(e).toBeInstanceOf(PduDecodeError);
    if (code) expect((e as PduDecodeError).code).toBe(code);
    return e as PduDecodeError;
  }
  throw new Error("expected a PduDecodeError");
}

function mm7Error(body: Buffer | string, ct: string | undefined, code?: string): Mm7ParseError {
  try {
    decodeMm7(typeof body === "string" ? Buffer.from(body) : body, ct);
  } catch (e) {
    expect(e).toBeInstanceOf(Mm7ParseError);
    if (code) expect((e as Mm7ParseError).code).toBe(code);
    return e as Mm7ParseError;
  }
  throw new Error("expected an Mm7ParseError");
}

describe("PDU decoder bad input", () => {
  it("every truncation of a valid PDU is a typed error or a shorter valid PDU", () => {
    for (let n = 0; n < good.length; n++) {
      try {
        decodePdu(good.subarray(0, n));
      } catch (e) {
        expect(e).toBeInstanceOf(PduDecodeError);
      }
    }
    pduError(good.subarray(0, 1), "TRUNCATED");
    expect(["TRUNCATED", "BAD_LENGTH"]).toContain(pduError(good.subarray(0, 10)).code);
  });

  it("wrong lengths: value-length beyond the buffer, multipart entry counts and sizes that lie", () => {
    // Subject as value-length 0x1F + uintvar 1000 in a tiny buffer
    pduError(Buffer.from([0x8c, 0x80, 0x98, 0x41, 0x00, 0x8d, 0x92, 0x96, 0x1f, 0x87, 0x68, 0x83, 0x41, 0x00]), "BAD_LENGTH");
    const body = Buffer.from(good);
    const ctAt = body.indexOf(0x84, 10);
    // Entry count is the first byte after the content-type value; make it huge.
    const ctLen = body[ctAt + 1];
    const countAt = ctAt + 2 + ctLen;
    const lying = Buffer.from(body);
    lying[countAt] = 0x7f;
    pduError(lying, "BAD_LENGTH");
    const lyingSize = Buffer.from(body);
    lyingSize[countAt + 2] = 0x7f; // first entry's data length
    pduError(lyingSize);
    // uintvar longer than 5 octets
    pduError(Buffer.concat([body.subarray(0, countAt), Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x01])]), "BAD_UINTVAR");
  });

  it("unknown header codes, bad enum values, not an MMS PDU", () => {
    pduError(Buffer.from([0x8c, 0x80, 0x98, 0x41, 0x00, 0x8d, 0x92, 0xf5, 0x80]), "UNKNOWN_HEADER");
    expect(decodePdu(Buffer.from([0x8c, 0x80, 0x98, 0x41, 0x00, 0x8d, 0x92, 0xf5, 0x80]), { unknownHeaders: "keep" }).otherHeaders).toEqual([
      { code: 0x75, value: Buffer.from([0x80]) },
    ]);
    pduError(Buffer.from([0x8c, 0xff, 0x8d, 0x92]), "UNKNOWN_MESSAGE_TYPE");
    pduError(Buffer.from([0x98, 0x41, 0x00]), "NOT_MMS_PDU");
    pduError(Buffer.from([0x8c, 0x80, 0x8d, 0x92, 0x8f, 0x99]), "BAD_VALUE");
    pduError(Buffer.from([0x8c, 0x80, 0x98, 0x41, 0x00]), "MISSING_HEADER");
    pduError(Buffer.from([0x8c, 0x80, 0x8d, 0x92, 0x05]), "BAD_HEADER");
  });

  it("invalid charsets", () => {
    // Subject: value-length 4, charset Long-integer 2 bytes 0x0FFF (unassigned), "A", NUL
    pduError(Buffer.from([0x8c, 0x80, 0x98, 0x41, 0x00, 0x8d, 0x92, 0x96, 0x05, 0x02, 0x0f, 0xff, 0x41, 0x00]), "BAD_CHARSET");
  });

  it("refuses PDUs over the size limit without reading them", () => {
    const big = Buffer.alloc(50 * 1024 * 1024);
    big.set(good);
    const t = performance.now();
    pduError(big, "TOO_LARGE");
    expect(performance.now() - t).toBeLessThan(50);
  });

  it("deeply nested WSP multiparts are capped", () => {
    let inner: MmsPdu["parts"] = [{ contentType: { mediaType: "text/plain", params: {} }, data: Buffer.from("x") }];
    for (let i = 0; i < 10; i++) inner = [{ contentType: { mediaType: "application/vnd.wap.multipart.mixed", params: {} }, parts: inner }];
    // Build by hand: the encoder refuses this depth too.
    expect(() => encodePdu({ ...sendReq, parts: inner })).toThrow(MmsCodecError);
  });
});

describe("MM7 decoder bad input", () => {
  const env = (inner: string) => `<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body>${inner}</e:Body></e:Envelope>`;

  it("refuses DTDs: XXE and billion laughs, before any expansion", () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${env("<SubmitRsp><Status><StatusCode>1000</StatusCode><StatusText>&xxe;</StatusText></Status></SubmitRsp>")}`;
    mm7Error(xxe, "text/xml", "XML_DTD_REFUSED");
    let lol = `<!DOCTYPE lolz [<!ENTITY lol "lol">`;
    for (let i = 1; i < 10; i++) lol += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
    lol += `]>${env("<SubmitRsp><Status><StatusCode>1000</StatusCode><StatusText>&lol9;</StatusText></Status></SubmitRsp>")}`;
    const t = performance.now();
    mm7Error(lol, "text/xml", "XML_DTD_REFUSED");
    expect(performance.now() - t).toBeLessThan(50);
    // Undeclared entity references are refused too (no DTD means nothing to expand).
    mm7Error(env("<SubmitRsp><Status><StatusCode>1000</StatusCode><StatusText>&foo;</StatusText></Status></SubmitRsp>"), "text/xml", "XML_ENTITY_REFUSED");
  });

  it("malformed XML, wrong root, missing fields", () => {
    mm7Error("<e:Envelope><e:Body><SubmitRsp>", "text/xml", "XML_MALFORMED");
    mm7Error("<html/>", "text/xml", "NOT_SOAP");
    mm7Error(env("<Unknown/>"), "text/xml", "UNKNOWN_OPERATION");
    mm7Error(env(""), "text/xml", "NO_OPERATION");
    mm7Error(env("<SubmitRsp><Status><StatusCode>abc</StatusCode></Status></SubmitRsp>"), "text/xml", "MISSING_STATUS");
    mm7Error(env("<DeliveryReportReq><MessageID>1</MessageID><MMStatus>Retrieved</MMStatus></DeliveryReportReq>"), "text/xml", "MISSING_FIELD");
    mm7Error("", "text/xml", "EMPTY_BODY");
  });

  it("50 MB bodies are refused up front", () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 0x20);
    const t = performance.now();
    mm7Error(big, "text/xml", "BODY_TOO_LARGE");
    expect(performance.now() - t).toBeLessThan(50);
  });

  it("missing boundaries", () => {
    mm7Error("no delimiter here", "multipart/related", "MISSING_BOUNDARY");
    mm7Error("--other\r\n\r\nx\r\n--other--", 'multipart/related; boundary="b"', "MISSING_BOUNDARY");
  });

  it("MIME nesting 100 deep is cut at the depth limit", () => {
    let body = "";
    let ct = "";
    for (let i = 99; i >= 0; i--) {
      const b = `b${i}`;
      const inner = i === 99 ? "Content-Type: text/plain\r\n\r\nleaf" : `Content-Type: ${ct}\r\n\r\n${body}`;
      body = `--${b}\r\n${inner}\r\n--${b}--\r\n`;
      ct = `multipart/mixed; boundary="${b}"`;
    }
    const t = performance.now();
    mm7Error(body, ct, "MIME_TOO_DEEP");
    expect(performance.now() - t).toBeLessThan(500);
    expect(() => parseMime(Buffer.from(body), ct)).toThrow(MmsCodecError);
  });

  it("XML nesting is bounded too", () => {
    const deep = env(`${"<a>".repeat(500)}${"</a>".repeat(500)}`);
    mm7Error(deep, "text/xml", "XML_TOO_DEEP");
  });

  it("SMIL parse errors are typed", () => {
    expect(() => parseSmil("<html/>")).toThrow(SmilParseError);
    expect(() => parseSmil('<!DOCTYPE smil SYSTEM "x"><smil/>')).toThrow(SmilParseError);
  });
});

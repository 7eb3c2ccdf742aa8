import { describe, expect, it } from "vitest";
import {
  buildSmil,
  classifyMm7Status,
  classifyMmStatus,
  decodeMm7,
  encodeMm7,
  Mm7EncodeError,
  MM7_NAMESPACES,
  namespaceGeneration,
  parseMime,
  type MimeEntity,
  type Mm7Message,
} from "../../../lib/mms/index.js";
import { prng } from "./helpers.js";

const T = new Date("2024-03-01T10:00:00Z");
const num = (value: string) => ({ kind: "number" as const, value });
const content: MimeEntity = {
  contentType: "multipart/related",
  params: { type: "application/smil", start: "<smil>" },
  contentId: "content-1",
  parts: [
    { contentType: "application/smil", params: { charset: "utf-8" }, contentId: "smil", body: Buffer.from("<smil><body/></smil>") },
    { contentType: "text/plain", params: { charset: "utf-8" }, contentId: "t1", contentLocation: "t1.txt", body: Buffer.from("Grüße 👋") },
    { contentType: "image/gif", contentId: "i1", contentLocation: "i1.gif", body: Buffer.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0, 255, 13, 10]) },
  ],
};

/** Every operation with every field set; Rel-6-only fields are marked so REL-5 expectations can drop them. */
function messages(): Array<{ msg: Mm7Message; rel6Only: string[] }> {
  return [
    {
      msg: {
        type: "SubmitReq", transactionId: "sub-1",
        senderIdentification: { vaspId: "VASP1", vasId: "VAS1", senderAddress: { kind: "shortCode", value: "12345" } },
        recipients: { to: [num("15551230001"), { kind: "email", value: "a@b.example", displayOnly: true }], cc: [num("15551230002")], bcc: [{ kind: "shortCode", value: "777" }] },
        serviceCode: "svc", linkedId: "link-1", messageClass: "Advertisement", timeStamp: T,
        replyCharging: { replyChargingSize: 1000, replyDeadline: { relative: "P2D" } },
        earliestDeliveryTime: new Date("2024-03-01T11:00:00Z"), expiryDate: { relative: "P1D" }, deliveryReport: true, readReply: false,
        priority: "High", subject: "Spring <sale> & more", chargedParty: "Sender", chargedPartyId: "cp-1", distributionIndicator: false,
        deliveryCondition: [1, 2], applicId: "app", replyApplicId: "rapp", auxApplicInfo: "aux", contentClass: "image-rich", drmContent: false,
        content, allowAdaptations: true,
      },
      rel6Only: ["chargedPartyId", "deliveryCondition", "applicId", "replyApplicId", "auxApplicInfo", "contentClass", "drmContent"],
    },
    { msg: { type: "SubmitReq", transactionId: "sub-2", recipients: { to: [num("15551230001")] } }, rel6Only: [] },
    {
      msg: { type: "SubmitRsp", transactionId: "sub-1", status: { code: 1000, text: "Success" }, messageId: "m-1", applicId: "a", replyApplicId: "b", auxApplicInfo: "c" },
      rel6Only: ["applicId", "replyApplicId", "auxApplicInfo"],
    },
    {
      msg: {
        type: "DeliverReq", transactionId: "dlv-1", mmsRelayServerId: "mmsc-1", vaspId: "V", vasId: "S", linkedId: "l", sender: num("+15559990000"),
        recipients: { to: [{ kind: "shortCode", value: "12345" }] }, previouslySentBy: [num("1")], previouslySentDateAndTime: [T],
        senderSpi: "sspi", recipientSpi: "rspi", timeStamp: T, replyChargingId: "rc", priority: "Normal", subject: "MO", applicId: "a",
        replyApplicId: "b", auxApplicInfo: "c", uaCapabilities: { uaProf: "http://ua/prof.xml", timeStamp: T }, content,
      },
      rel6Only: ["previouslySentBy", "previouslySentDateAndTime", "senderSpi", "recipientSpi", "applicId", "replyApplicId", "auxApplicInfo"],
    },
    { msg: { type: "DeliverRsp", transactionId: "dlv-1", status: { code: 1000, text: "ok" }, serviceCode: "svc" }, rel6Only: [] },
    { msg: { type: "CancelReq", transactionId: "c-1", senderIdentification: { vaspId: "V", vasId: "S" }, messageId: "m-1" }, rel6Only: [] },
    { msg: { type: "CancelRsp", transactionId: "c-1", status: { code: 2005, text: "Message ID Not found", details: "gone" } }, rel6Only: [] },
    {
      msg: {
        type: "ReplaceReq", transactionId: "r-1", senderIdentification: { vaspId: "V" }, messageId: "m-1", serviceCode: "s", timeStamp: T,
        readReply: true, earliestDeliveryTime: { relative: "PT1H" }, distributionIndicator: true, content, allowAdaptations: false,
      },
      rel6Only: [],
    },
    { msg: { type: "ReplaceRsp", transactionId: "r-1", status: { code: 1000 } }, rel6Only: [] },
    {
      msg: {
        type: "DeliveryReportReq", transactionId: "dr-1", mmsRelayServerId: "mmsc", messageId: "m-1", recipient: num("15551230001"),
        sender: { kind: "shortCode", value: "12345" }, date: T, mmStatus: "Retrieved", mmStatusRaw: "Retrieved", mmStatusExtension: "ext",
        statusText: "Delivered", applicId: "a", replyApplicId: "b", auxApplicInfo: "c", uaCapabilities: { uaProf: "Samsung Galaxy" },
      },
      rel6Only: ["mmStatusExtension", "applicId", "replyApplicId", "auxApplicInfo"],
    },
    { msg: { type: "DeliveryReportRsp", transactionId: "dr-1", status: { code: 1000, text: "Success" } }, rel6Only: [] },
    {
      msg: {
        type: "ReadReplyReq", transactionId: "rr-1", mmsRelayServerId: "mmsc", messageId: "m-1", recipient: num("15551230001"),
        sender: num("12345"), timeStamp: T, mmStatus: "Read", mmStatusRaw: "Read", statusText: "read", applicId: "a", replyApplicId: "b", auxApplicInfo: "c",
      },
      rel6Only: ["applicId", "replyApplicId", "auxApplicInfo"],
    },
    { msg: { type: "ReadReplyRsp", transactionId: "rr-1", status: { code: 1000 } }, rel6Only: [] },
    { msg: { type: "RSErrorRsp", transactionId: "e-1", status: { code: 3001, text: "Not Possible" }, fault: { code: "Server", string: "Server error" } }, rel6Only: [] },
    { msg: { type: "VASPErrorRsp", transactionId: "e-2", status: { code: 2007, text: "Message format corrupt" }, fault: { code: "Client", string: "bad" } }, rel6Only: [] },
  ];
}

function expectedAfter(msg: Mm7Message, rel6Only: string[], ns: string, version: string): Mm7Message {
  const out: Record<string, unknown> = { ...msg, mm7Version: version, namespace: `http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/${ns}` };
  if (namespaceGeneration(ns) === 5) for (const k of rel6Only) delete out[k];
  if ("content" in msg && msg.content) {
    out.contentHref = `cid:${msg.content.contentId}`;
  }
  return out as unknown as Mm7Message;
}

describe("MM7 round trips", () => {
  const gens = [
    { ns: "REL-5-MM7-1-0", version: "5.3.0" },
    { ns: "REL-6-MM7-1-4", version: "6.8.0" },
  ];
  for (const { ns, version } of gens) {
    for (const prefix of [false, true, "mm7p6a0"] as const) {
      it(`every operation, ${ns} / ${version}, prefix=${String(prefix)}`, () => {
        for (const { msg, rel6Only } of messages()) {
          const enc = encodeMm7(msg, { namespace: ns, mm7Version: version, prefix, boundarySeed: "seed" });
          const xml = enc.body.toString("utf8");
          if (prefix === false) expect(xml).toContain(`<${msg.type} xmlns="http`);
          else expect(xml).toContain(`<${prefix === true ? "mm7" : prefix}:${msg.type} xmlns:`);
          expect(xml).toMatch(/TransactionID[^>]* env:mustUnderstand="1">/);
          const dec = decodeMm7(enc.body, enc.contentType);
          expect(dec, `${msg.type}`).toEqual(expectedAfter(msg, rel6Only, ns, version));
          expect(decodeMm7(enc.body, enc.contentType, { forceGeneralXml: true })).toEqual(dec);
          // encode(decode(x)) is byte-identical
          const again = encodeMm7(dec, { namespace: ns, mm7Version: version, prefix, boundarySeed: "seed" });
          expect(again.body.equals(enc.body), `${msg.type} re-encode`).toBe(true);
        }
      });
    }
  }

  it("every namespace is written as given; MM7Version is independent of it", () => {
    for (const ns of MM7_NAMESPACES) {
      const enc = encodeMm7({ type: "DeliveryReportRsp", transactionId: "x", status: { code: 1000 } }, { namespace: ns, mm7Version: "5.3.0" });
      const dec = decodeMm7(enc.body, enc.contentType);
      expect(dec.namespace).toBe(`http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/${ns}`);
      expect(dec.mm7Version).toBe("5.3.0");
    }
  });

  it("writes lowercase booleans and the schema element order", () => {
    const { msg } = messages()[0];
    const xml = encodeMm7(msg, { namespace: "REL-6-MM7-1-4", boundarySeed: "s" }).body.toString();
    expect(xml).toContain("<DeliveryReport>true</DeliveryReport><ReadReply>false</ReadReply>");
    expect(xml).toContain('allowAdaptations="true"');
    expect(xml).not.toMatch(/>True<|>False</);
    const order = ["MM7Version", "SenderIdentification", "Recipients", "ServiceCode", "LinkedID", "MessageClass", "TimeStamp", "ReplyCharging",
      "EarliestDeliveryTime", "ExpiryDate", "DeliveryReport", "ReadReply", "Priority", "Subject", "ChargedParty", "ChargedPartyID",
      "DistributionIndicator", "DeliveryCondition", "ApplicID", "ReplyApplicID", "AuxApplicInfo", "ContentClass", "DRMContent", "Content"];
    const positions = order.map((e) => xml.search(new RegExp(`<${e}[ >/]`)));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(xml).toContain("<ExpiryDate>P1D</ExpiryDate>");
    expect(xml).toContain('<RFC2822Address displayOnly="true">a@b.example</RFC2822Address>');
  });

  it("content-less messages are plain text/xml", () => {
    const enc = encodeMm7({ type: "SubmitRsp", transactionId: "t", status: { code: 1000 }, messageId: "m" }, { namespace: "REL-6-MM7-1-4" });
    expect(enc.contentType).toBe('text/xml; charset="utf-8"');
    expect(enc.body.toString()).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><env:Envelope/);
  });

  it("rejects messages missing mandatory fields with Mm7EncodeError", () => {
    expect(() => encodeMm7({ type: "SubmitReq", transactionId: "t", recipients: {} }, { namespace: "REL-6-MM7-1-4" })).toThrow(Mm7EncodeError);
    expect(() => encodeMm7({ type: "SubmitRsp", transactionId: "", status: { code: 1000 } }, { namespace: "REL-6-MM7-1-4" })).toThrow(Mm7EncodeError);
    expect(() => encodeMm7({ type: "SubmitRsp", transactionId: "t", status: { code: 1000 } }, { namespace: "" })).toThrow(Mm7EncodeError);
  });
});

describe("300 KB three-slide SubmitReq", () => {
  const rand = prng(42);
  const media = [0, 1, 2].map((i) => Buffer.from(Array.from({ length: 100_000 }, () => Math.floor(rand() * 256))).fill(i, 0, 1));
  const smil = buildSmil(media.map((_, i) => ({ durationMs: 4000, image: { src: `cid:img${i}`, contentType: "image/jpeg" }, text: { src: `cid:txt${i}` } })));
  const msg: Mm7Message = {
    type: "SubmitReq", transactionId: "big-1", senderIdentification: { vaspId: "V", vasId: "S", senderAddress: { kind: "shortCode", value: "12345" } },
    recipients: { to: [num("15551230001")] }, subject: "Three slides", deliveryReport: true,
    content: {
      contentType: "multipart/related", params: { type: "application/smil", start: "<smil>" },
      parts: [
        { contentType: "application/smil", params: { charset: "utf-8" }, contentId: "smil", contentLocation: "pres.smil", body: Buffer.from(smil) },
        ...media.flatMap((b, i): MimeEntity[] => [
          { contentType: "image/jpeg", contentId: `img${i}`, contentLocation: `img${i}.jpg`, body: b },
          { contentType: "text/plain", params: { charset: "utf-8" }, contentId: `txt${i}`, contentLocation: `txt${i}.txt`, body: Buffer.from(`Slide ${i + 1}`) },
        ]),
      ],
    },
  };

  it("is byte-stable for the same inputs and seed, different for another seed", () => {
    const a = encodeMm7(msg, { namespace: "REL-6-MM7-1-4", boundarySeed: "campaign-7/recipient-1" });
    const b = encodeMm7(structuredClone(msg), { namespace: "REL-6-MM7-1-4", boundarySeed: "campaign-7/recipient-1" });
    expect(a.contentType).toBe(b.contentType);
    expect(a.body.equals(b.body)).toBe(true);
    const c = encodeMm7(msg, { namespace: "REL-6-MM7-1-4", boundarySeed: "other" });
    expect(c.contentType).not.toBe(a.contentType);
    expect(a.body.length).toBeGreaterThan(400_000); // base64 of 300 KB
  });

  it("is correct MIME: multipart/related with type/start, SOAP first, nested related content with SMIL start", () => {
    const { contentType, body } = encodeMm7(msg, { namespace: "REL-6-MM7-1-4", boundarySeed: "s" });
    expect(contentType).toMatch(/^multipart\/related; boundary="[^"]+"; type="text\/xml"; start="<mm7-soap>"$/);
    const boundary = /boundary="([^"]+)"/.exec(contentType)![1];
    const text = body.toString("latin1");
    expect(text.startsWith(`--${boundary}\r\n`)).toBe(true);
    expect(text.endsWith(`\r\n--${boundary}--\r\n`)).toBe(true);
    // No bare LF anywhere in the MIME structure (all lines CRLF); base64 lines at most 76 chars.
    expect(/[^\r]\n/.test(text)).toBe(false);
    for (const line of text.split("\r\n")) expect(line.length).toBeLessThanOrEqual(998);
    const top = parseMime(body, contentType);
    expect(top.parts!.length).toBe(2);
    const [soap, mm] = top.parts!;
    expect(soap).toMatchObject({ contentType: "text/xml", contentId: "mm7-soap" });
    expect(soap.body!.toString()).toContain('<Content href="cid:mm7-content"/>');
    expect(mm).toMatchObject({ contentType: "multipart/related", contentId: "mm7-content", params: { type: "application/smil", start: "<smil>" } });
    expect(mm.parts!.map((p) => p.contentId)).toEqual(["smil", "img0", "txt0", "img1", "txt1", "img2", "txt2"]);
    expect(text).toContain("Content-Transfer-Encoding: base64");
    const dec = decodeMm7(body, contentType);
    if (dec.type !== "SubmitReq") throw new Error(dec.type);
    dec.content!.parts!.slice(1).forEach((p, i) => expect(p.body!.equals(msg.content!.parts![i + 1].body!)).toBe(true));
  });

  it("binary transfer encoding round-trips too", () => {
    const enc = encodeMm7(msg, { namespace: "REL-6-MM7-1-4", boundarySeed: "s", binaryEncoding: "binary" });
    expect(enc.body.toString("latin1")).toContain("Content-Transfer-Encoding: binary");
    const dec = decodeMm7(enc.body, enc.contentType);
    if (dec.type !== "SubmitReq") throw new Error(dec.type);
    expect(dec.content!.parts![1].body!.equals(media[0])).toBe(true);
  });
});

describe("tolerant reader", () => {
  const NS6 = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4";
  const dr = (inner: string, env = "soap-env") =>
    `<?xml version="1.0"?><${env}:Envelope xmlns:${env}="http://schemas.xmlsoap.org/soap/envelope/"><${env}:Header>` +
    `<TransactionID xmlns="${NS6}" ${env}:mustUnderstand="1"> tx-9 </TransactionID></${env}:Header><${env}:Body>${inner}</${env}:Body></${env}:Envelope>`;

  it("accepts any prefix, mixed case MMStatus, Unrecognized spelling, /TYPE=PLMN, unknown elements, comments, CDATA", () => {
    const body = dr(
      `<x:DeliveryReportReq xmlns:x="${NS6}"><!-- c --><x:MM7Version>6.8.0</x:MM7Version><x:MessageID>369500617770864640</x:MessageID>` +
        `<x:Recipient><x:Number>+16175550123/TYPE=PLMN</x:Number></x:Recipient><x:Sender><x:ShortCode>111122</x:ShortCode></x:Sender>` +
        `<x:Date>2015-03-16T14:03:51.749Z</x:Date><x:MMStatus>UNRECOGNIZED</x:MMStatus><x:StatusText><![CDATA[a <b>]]></x:StatusText>` +
        `<x:VendorThing><x:Nested>1</x:Nested></x:VendorThing></x:DeliveryReportReq>`,
    );
    const m = decodeMm7(Buffer.from(body), "text/xml; charset=utf-8");
    expect(m).toMatchObject({
      type: "DeliveryReportReq", transactionId: "tx-9", messageId: "369500617770864640",
      recipient: { kind: "number", value: "+16175550123" }, sender: { kind: "shortCode", value: "111122" },
      mmStatus: "Unrecognised", mmStatusRaw: "UNRECOGNIZED", statusText: "a <b>",
    });
    expect(decodeMm7(Buffer.from(body), "text/xml", { forceGeneralXml: true })).toEqual(m);
    for (const s of ["retrieved", "Unrecognised", "unrecognized", "DEFERRED", "Something-New"]) {
      const b = body.replace("UNRECOGNIZED", s);
      const mm = decodeMm7(Buffer.from(b), undefined);
      if (mm.type !== "DeliveryReportReq") throw new Error();
      expect(mm.mmStatus).toBe({ retrieved: "Retrieved", Unrecognised: "Unrecognised", unrecognized: "Unrecognised", DEFERRED: "Deferred", "Something-New": "Indeterminate" }[s]);
    }
  });

  it("accepts the Skycore un-prefixed DeliveryReportReq and MM7 5.0 plain-text sender", () => {
    const body = dr(`<DeliveryReportReq><MM7Version>5.0.0</MM7Version><MessageID>1</MessageID><Recipient>+15551/TYPE=PLMN</Recipient><Sender>abc@x.y</Sender><MMStatus>Retrieved</MMStatus><UACapabilities UAProf="Samsung Galaxy"/></DeliveryReportReq>`);
    expect(decodeMm7(Buffer.from(body), "text/xml")).toMatchObject({
      recipient: { kind: "number", value: "+15551" }, sender: { kind: "email", value: "abc@x.y" }, uaCapabilities: { uaProf: "Samsung Galaxy" },
    });
  });

  const soap = `<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Body><SubmitReq xmlns="${NS6}"><MM7Version>6.8.0</MM7Version><Recipients><To><Number>1</Number></To></Recipients><Content href="ct1"/></SubmitReq></env:Body></env:Envelope>`;
  const mp = (parts: string, boundary = "b1") => Buffer.from(`--${boundary}\n${parts}\n--${boundary}--\n`);

  it("multipart without start, href without cid:, quoted-printable and binary parts, LF line ends", () => {
    const body = mp(
      `Content-Type: text/xml\n\n${soap}\n--b1\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\nContent-ID: ct1\n\nGr=C3=BC=\n=C3=9Fe=3D\n--b1\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: binary\n\n\u0000\u0001`,
    );
    const m = decodeMm7(body, 'multipart/related; boundary="b1"');
    if (m.type !== "SubmitReq") throw new Error(m.type);
    expect(m.transactionId).toBe("");
    expect(m.content!.body!.toString("utf8")).toBe("Grüße=");
  });

  it("multipart labelled text/xml, or with no Content-Type at all, is sniffed", () => {
    const body = mp(`Content-Type: text/xml\n\n${soap}\n--b1\nContent-Type: text/plain\nContent-ID: <ct1>\n\nhi`);
    for (const ct of [undefined, "text/xml", "multipart/related"]) {
      const m = decodeMm7(body, ct);
      if (m.type !== "SubmitReq") throw new Error(m.type);
      expect(m.content!.body!.toString()).toBe("hi");
    }
  });

  it("fault without MM7 detail still becomes an error response", () => {
    const body = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Server</faultcode><faultstring>down</faultstring></s:Fault></s:Body></s:Envelope>`;
    expect(decodeMm7(Buffer.from(body), "text/xml")).toEqual({
      type: "RSErrorRsp", transactionId: "", status: { code: 3000, text: "down" }, fault: { code: "Server", string: "down" },
    });
  });
});

describe("status classification", () => {
  it("classes by thousands digit and decides retryability from the default table", () => {
    expect(classifyMm7Status(1000)).toEqual({ class: "success", retryable: false, description: "Success" });
    expect(classifyMm7Status(1100).class).toBe("success");
    expect(classifyMm7Status(2002)).toMatchObject({ class: "client", retryable: false });
    expect(classifyMm7Status(2503)).toMatchObject({ class: "client", retryable: false });
    expect(classifyMm7Status(3000)).toMatchObject({ class: "server", retryable: true });
    expect(classifyMm7Status(3001)).toMatchObject({ class: "server", retryable: false });
    expect(classifyMm7Status(3100)).toMatchObject({ class: "server", retryable: true });
    expect(classifyMm7Status(3500)).toMatchObject({ class: "server", retryable: true });
    expect(classifyMm7Status(3777)).toMatchObject({ class: "server", retryable: true });
    expect(classifyMm7Status(4001)).toMatchObject({ class: "service", retryable: false });
    expect(classifyMm7Status(4005)).toMatchObject({ class: "service", retryable: true });
    expect(classifyMm7Status(4006)).toMatchObject({ class: "service", retryable: true });
    expect(classifyMm7Status(4007)).toMatchObject({ class: "service", retryable: false });
    expect(classifyMm7Status(9999)).toMatchObject({ class: "unknown", retryable: true });
  });

  it("per-connection overrides win over the defaults", () => {
    expect(classifyMm7Status(4006, { codes: { 4006: false } }).retryable).toBe(false);
    expect(classifyMm7Status(2300, { codes: { 2300: true } }).retryable).toBe(true);
    expect(classifyMm7Status(4100, { classes: { service: true } }).retryable).toBe(true);
    expect(classifyMm7Status(4001, { classes: { service: true } }).retryable).toBe(false);
  });

  it("delivery statuses: only Retrieved is delivered; Deferred/Indeterminate/Forwarded are not final", () => {
    expect(classifyMmStatus("Retrieved")).toEqual({ delivered: true, final: true });
    expect(classifyMmStatus("Deferred")).toEqual({ delivered: false, final: false });
    expect(classifyMmStatus("Expired")).toEqual({ delivered: false, final: true });
  });
});

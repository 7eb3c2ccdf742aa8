/**
 * Codec throughput: MM7 SubmitReq encode, DeliveryReportReq parse (inbound gateway hot path), MMS PDU encode and
 * decode. Each metric comes with a raw floor measured in the same run on the same bytes, so a slow machine shows
 * up in both numbers rather than as a regression.
 */
import { XMLParser } from "fast-xml-parser";
import { decodeMm7, decodePdu, encodeMm7, encodePdu, INSERT_ADDRESS, type Mm7Message, type MmsPdu } from "../../lib/mms/index.js";

type Result = { metric: string; value: number; unit: string; floor?: { metric: string; value: number; unit: string }; bar?: string };

/** Operations per second of fn, measured over ~durationMs after a warm-up. */
function rate(fn: () => unknown, durationMs = 1000): number {
  for (let i = 0; i < 2000; i++) fn();
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < durationMs) {
    for (let i = 0; i < 200; i++) fn();
    n += 200;
    now = performance.now();
  }
  return Math.round((n * 1000) / (now - start));
}

function fixtures() {
  // A small campaign creative (SMIL + text + 2 KB image); the bar is for messages of this shape.
  const image = Buffer.alloc(2 * 1024);
  for (let i = 0; i < image.length; i++) image[i] = (i * 31 + 7) & 0xff;
  const smil = Buffer.from(
    '<smil><head><layout><root-layout width="320" height="480"/><region id="Image" top="0%" left="0%" width="100%" height="70%" fit="meet"/>' +
      '<region id="Text" top="70%" left="0%" width="100%" height="30%" fit="scroll"/></layout></head><body><par dur="5000ms">' +
      '<img src="cid:img0" region="Image"/><text src="cid:txt0" region="Text"/></par></body></smil>',
  );
  const text = Buffer.from("Spring sale: 20% off everything this weekend. Reply STOP to opt out.");
  const submit: Mm7Message = {
    type: "SubmitReq",
    transactionId: "bench-0001",
    senderIdentification: { vaspId: "postino", vasId: "campaigns", senderAddress: { kind: "shortCode", value: "12345" } },
    recipients: { to: [{ kind: "number", value: "15551230001" }] },
    messageClass: "Advertisement",
    expiryDate: { relative: "P1D" },
    deliveryReport: true,
    subject: "Spring sale",
    content: {
      contentType: "multipart/related",
      params: { type: "application/smil", start: "<smil>" },
      parts: [
        { contentType: "application/smil", params: { charset: "utf-8" }, contentId: "smil", body: smil },
        { contentType: "image/jpeg", contentId: "img0", contentLocation: "img0.jpg", body: image },
        { contentType: "text/plain", params: { charset: "utf-8" }, contentId: "txt0", contentLocation: "txt0.txt", body: text },
      ],
    },
    allowAdaptations: true,
  };
  const dr = encodeMm7(
    {
      type: "DeliveryReportReq",
      transactionId: "dr-0001",
      messageId: "369500617770864640",
      recipient: { kind: "number", value: "15551230001" },
      sender: { kind: "shortCode", value: "12345" },
      date: new Date("2024-03-16T14:03:51Z"),
      mmStatus: "Retrieved",
      statusText: "Success",
      uaCapabilities: { uaProf: "Samsung Galaxy" },
    },
    { namespace: "REL-6-MM7-1-4", prefix: true },
  );
  const pdu: MmsPdu = {
    type: "m-send-req",
    transactionId: "T-bench-1",
    mmsVersion: "1.2",
    from: INSERT_ADDRESS,
    to: ["+15551230001/TYPE=PLMN"],
    subject: "Spring sale",
    messageClass: "Advertisement",
    expiry: { relativeSeconds: 86400 },
    deliveryReport: true,
    contentType: { mediaType: "application/vnd.wap.multipart.related", params: { type: "application/smil", start: "<smil>" } },
    parts: [
      { contentType: { mediaType: "application/smil", params: { charset: "utf-8" } }, contentId: "smil", contentLocation: "smil.xml", data: smil },
      { contentType: { mediaType: "image/jpeg", params: {} }, contentId: "img0", contentLocation: "img0.jpg", data: image },
      { contentType: { mediaType: "text/plain", params: { charset: "utf-8" } }, contentId: "txt0", contentLocation: "txt0.txt", data: text },
    ],
  };
  return { submit, dr, pdu, parts: [smil, image, text] };
}

export async function run(): Promise<Result[]> {
  const { submit, dr, pdu, parts } = fixtures();
  const results: Result[] = [];

  const soapXml = encodeMm7({ ...submit, content: undefined } as Mm7Message, { namespace: "REL-6-MM7-1-4" }).body;
  const encRate = rate(() => encodeMm7(submit, { namespace: "REL-6-MM7-1-4", boundarySeed: "bench" }));
  const concatRate = rate(() => Buffer.concat([soapXml, parts[0], Buffer.from(parts[1].toString("base64")), parts[2]]));
  results.push({
    metric: "mm7_submitreq_encode_per_s",
    value: encRate,
    unit: "ops/s",
    floor: { metric: "buffer_concat_same_parts_with_base64_per_s", value: concatRate, unit: "ops/s" },
    bar: ">= 20000 ops/s on one core (SubmitReq with SMIL + 2 KB image + text, base64)",
  });

  const fxp = new XMLParser({ ignoreAttributes: false, processEntities: false });
  const drText = dr.body.toString("utf8");
  const parseRate = rate(() => decodeMm7(dr.body, dr.contentType));
  const fxpRate = rate(() => fxp.parse(drText));
  results.push({
    metric: "mm7_deliveryreportreq_parse_per_s",
    value: parseRate,
    unit: "ops/s",
    floor: { metric: "fast_xml_parser_plain_parse_same_bytes_per_s", value: fxpRate, unit: "ops/s" },
    bar: ">= 20000 ops/s on one core",
  });

  const pduBytes = encodePdu(pdu);
  const pduEnc = rate(() => encodePdu(pdu));
  const pduConcat = rate(() => Buffer.concat([pduBytes.subarray(0, 64), ...parts]));
  results.push({
    metric: "mms_pdu_encode_per_s",
    value: pduEnc,
    unit: "ops/s",
    floor: { metric: "buffer_concat_same_parts_per_s", value: pduConcat, unit: "ops/s" },
  });

  const pduDec = rate(() => decodePdu(pduBytes));
  const copyRate = rate(() => Buffer.from(pduBytes));
  results.push({
    metric: "mms_pdu_decode_per_s",
    value: pduDec,
    unit: "ops/s",
    floor: { metric: "buffer_copy_same_bytes_per_s", value: copyRate, unit: "ops/s" },
  });
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run().then((r) => console.log(JSON.stringify(r, null, 2)));
}

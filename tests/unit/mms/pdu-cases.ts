/** PDU cases covering every PDU type and header option (shared by the tshark test and the fuzz corpus). */
import { INSERT_ADDRESS, type MmsPdu, type PduPart } from "../../../lib/mms/index.js";

const T0 = new Date(Date.UTC(2024, 0, 15, 12, 30, 45));
const T1 = new Date(Date.UTC(2024, 0, 17, 12, 30, 45));

const parts: PduPart[] = [
  { contentType: { mediaType: "application/smil", params: { charset: "utf-8" } }, contentId: "smil", contentLocation: "smil.xml", data: Buffer.from('<smil><body><par dur="5000ms"><img src="a.png" region="Image"/></par></body></smil>') },
  { contentType: { mediaType: "image/png", params: { name: "a.png" } }, contentId: "img1", contentLocation: "a.png", data: Buffer.from([0x89, 0x50, 0x4e, 0x47]) },
  { contentType: { mediaType: "image/jpeg", params: {} }, contentLocation: "b.jpg", data: Buffer.from([0xff, 0xd8, 0xff]) },
  { contentType: { mediaType: "image/gif", params: {} }, contentId: "g", data: Buffer.from("GIF89a") },
  { contentType: { mediaType: "text/plain", params: { charset: "utf-8" } }, contentLocation: "t.txt", data: Buffer.from("héllo") },
  { contentType: { mediaType: "text/plain", params: { charset: "us-ascii" } }, contentLocation: "u.txt", data: Buffer.from("plain") },
  { contentType: { mediaType: "audio/amr", params: {} }, contentLocation: "s.amr", data: Buffer.from("#!AMR\n") },
  { contentType: { mediaType: "video/3gpp", params: {} }, contentLocation: "v.3gp", data: Buffer.alloc(8) },
];

const related = { mediaType: "application/vnd.wap.multipart.related", params: { type: "application/smil", start: "<smil>" } };
const mixed = { mediaType: "application/vnd.wap.multipart.mixed", params: {} };

export const PDU_CASES: Array<[string, MmsPdu]> = [
  ["m-send-req, related, insert-address, all options", {
    type: "m-send-req", transactionId: "T-send-1", mmsVersion: "1.2", date: T0, from: INSERT_ADDRESS,
    to: ["+15551230001/TYPE=PLMN", "+15551230002/TYPE=PLMN"], cc: ["cc@example.com"], bcc: ["+15551230003/TYPE=PLMN"],
    subject: "Spring sale", messageClass: "Advertisement", priority: "High", expiry: { relativeSeconds: 172800 },
    deliveryTime: { absolute: T1 }, deliveryReport: true, readReport: false, senderVisibility: "Show",
    contentType: related, parts,
  }],
  ["m-send-req, mixed, explicit from, utf-8 subject, absolute expiry", {
    type: "m-send-req", transactionId: "T-send-2", mmsVersion: "1.3", from: "+15550000000/TYPE=PLMN", to: ["a@b.example"],
    subject: "Ünïcødé ✓ 日本", messageClass: "Informational", priority: "Low", expiry: { absolute: T1 },
    deliveryTime: { relativeSeconds: 3600 }, senderVisibility: "Hide", readReport: true, contentType: mixed, parts: parts.slice(4, 6),
  }],
  ["m-send-req, text class and normal priority, MMS 1.0", {
    type: "m-send-req", transactionId: "T-send-3", mmsVersion: "1.0", from: INSERT_ADDRESS, to: ["12345/TYPE=PLMN"],
    messageClass: "Auto", priority: "Normal", contentType: mixed, parts: parts.slice(5, 6),
  }],
  ["m-send-conf ok", { type: "m-send-conf", transactionId: "T-conf-1", mmsVersion: "1.2", responseStatus: 0x80, messageId: "MSG-1" }],
  ["m-send-conf permanent error with utf-8 text", {
    type: "m-send-conf", transactionId: "T-conf-2", mmsVersion: "1.2", responseStatus: 0xe3, responseText: "Adresse inconnue é",
  }],
  ["m-send-conf transient error", { type: "m-send-conf", transactionId: "T-conf-3", mmsVersion: "1.1", responseStatus: 0xc0, responseText: "busy" }],
  ["m-notification-ind 1.2", {
    type: "m-notification-ind", transactionId: "TID123", mmsVersion: "1.2", from: "+15551234567/TYPE=PLMN", subject: "Promo",
    messageClass: "Advertisement", messageSize: 100000, expiry: { relativeSeconds: 172800 }, contentLocation: "http://mmsc.example/m/abc123",
    deliveryReport: true,
  }],
  ["m-notification-ind 1.3 with content class and applic ids", {
    type: "m-notification-ind", transactionId: "TID124", mmsVersion: "1.3", messageClass: "Personal", messageSize: 300,
    expiry: { absolute: T1 }, contentLocation: "http://mmsc.example/m/x", contentClass: "image-rich", drmContent: false,
    distributionIndicator: true, applicId: "app.a", replyApplicId: "app.b", auxApplicInfo: "aux",
    replyCharging: 0x80, replyChargingDeadline: { relativeSeconds: 86400 }, replyChargingSize: 5000, replyChargingId: "rc-1",
  }],
  ["m-notification-ind token message class", {
    type: "m-notification-ind", transactionId: "TID125", mmsVersion: "1.2", messageClass: "Promotional", messageSize: 1,
    expiry: { relativeSeconds: 60 }, contentLocation: "http://x/y",
  }],
  ...(["Retrieved", "Rejected", "Deferred", "Unrecognised"] as const).map((status): [string, MmsPdu] => [
    `m-notifyresp-ind ${status}`,
    { type: "m-notifyresp-ind", transactionId: `T-nr-${status}`, mmsVersion: "1.2", status, reportAllowed: status !== "Rejected" },
  ]),
  ["m-retrieve-conf related", {
    type: "m-retrieve-conf", transactionId: "T-rc-1", mmsVersion: "1.2", messageId: "MSG-9", date: T0, from: "+15559998888/TYPE=PLMN",
    to: ["+15551230001/TYPE=PLMN"], cc: ["x@y.example"], subject: "Your coupon", messageClass: "Personal", priority: "Normal",
    deliveryReport: false, readReport: true, retrieveStatus: 0x80, retrieveText: "OK", contentType: related, parts,
  }],
  ["m-retrieve-conf single part", {
    type: "m-retrieve-conf", mmsVersion: "1.1", date: T0, from: "a@b.example", contentType: { mediaType: "text/plain", params: { charset: "utf-8" } },
    body: Buffer.from("only text"), retrieveStatus: 0xe1, retrieveText: "denied",
  }],
  ["m-acknowledge-ind", { type: "m-acknowledge-ind", transactionId: "T-ack", mmsVersion: "1.2", reportAllowed: true }],
  ...(["Expired", "Retrieved", "Rejected", "Deferred", "Unrecognised", "Indeterminate", "Forwarded", "Unreachable"] as const).map(
    (status): [string, MmsPdu] => [
      `m-delivery-ind ${status}`,
      { type: "m-delivery-ind", mmsVersion: "1.2", messageId: `MSG-${status}`, to: ["+15551230001/TYPE=PLMN"], date: T0, status },
    ],
  ),
  ["m-read-rec-ind Read", {
    type: "m-read-rec-ind", mmsVersion: "1.2", messageId: "MSG-r", to: ["+15551230001/TYPE=PLMN"], from: "+15551230002/TYPE=PLMN", date: T0, readStatus: "Read",
  }],
  ["m-read-rec-ind insert-address Deleted", {
    type: "m-read-rec-ind", mmsVersion: "1.3", messageId: "MSG-r2", to: ["a@b.example"], from: INSERT_ADDRESS, readStatus: "Deleted",
  }],
  ["m-read-orig-ind", {
    type: "m-read-orig-ind", mmsVersion: "1.2", messageId: "MSG-o", to: ["+15551230001/TYPE=PLMN"], from: "+15551230002/TYPE=PLMN", date: T1, readStatus: "Read",
  }],
];


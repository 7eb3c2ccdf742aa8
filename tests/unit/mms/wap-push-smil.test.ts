import { describe, expect, it } from "vitest";
import {
  buildSmil,
  buildSmsUserData,
  buildWapPush,
  decodePdu,
  encodePdu,
  parseSmil,
  parseWapPush,
  reassembleSmsUserData,
  type MmsPdu,
  type Slide,
} from "../../../lib/mms/index.js";
import { tsharkAvailable, tsharkDecode } from "./helpers.js";

const notification: MmsPdu = {
  type: "m-notification-ind", transactionId: "TID123", mmsVersion: "1.2", from: "+15551234567/TYPE=PLMN", subject: "Promo",
  messageClass: "Advertisement", messageSize: 100000, expiry: { relativeSeconds: 172800 }, contentLocation: "http://mmsc.example/m/abc123",
};

describe("WAP push", () => {
  it("wraps the notification exactly as Mbuni/Kannel do: TID 06 03 BE AF 84 + PDU", () => {
    const pdu = encodePdu(notification);
    const push = buildWapPush(pdu, { transactionId: 7 });
    expect(push.subarray(0, 6)).toEqual(Buffer.from([0x07, 0x06, 0x03, 0xbe, 0xaf, 0x84]));
    expect(push.subarray(6)).toEqual(pdu);
    const parsed = parseWapPush(push);
    expect(parsed).toMatchObject({ transactionId: 7, contentType: "application/vnd.wap.mms-message", applicationId: 4 });
    expect(decodePdu(parsed.body)).toEqual(notification);
    // The worked example from the notes, byte for byte.
    const hex = (t: string) => Buffer.from(t + "\0").toString("hex");
    expect(pdu.toString("hex")).toBe(
      "8c82" + "98" + hex("TID123") + "8d92" + "891880" + hex("+15551234567/TYPE=PLMN") + "96" + hex("Promo") +
        "8a81" + "8e030186a0" + "8805810302a300" + "83" + hex("http://mmsc.example/m/abc123"),
    );
  });

  it("tshark sees an MMS push for mms.ua", () => {
    expect(tsharkAvailable(), "tshark/text2pcap missing").toBe(true);
    const [{ wsp, mmse }] = tsharkDecode([encodePdu(notification)]);
    expect(wsp["wsp.header.content_type"]).toBe("application/vnd.wap.mms-message");
    expect((wsp["wsp.headers"] as Record<string, unknown>)["wsp.header.x_wap_application_id"]).toBe("x-wap-application:mms.ua");
    expect(mmse["mmse.content_location"]).toBe(notification.contentLocation);
  });

  it("fits one SMS with the port UDH when short", () => {
    const push = buildWapPush(encodePdu({ ...notification, from: undefined, subject: undefined }));
    const segs = buildSmsUserData(push);
    expect(segs.length).toBe(1);
    expect(segs[0].userData.subarray(0, 7)).toEqual(Buffer.from([0x06, 0x05, 0x04, 0x0b, 0x84, 0x23, 0xf0]));
    expect(segs[0].userData.length).toBeLessThanOrEqual(140);
    expect(reassembleSmsUserData(segs.map((s) => s.userData))).toEqual({ push, destinationPort: 2948, sourcePort: 9200 });
  });

  it("splits long notifications into concatenated segments of at most 140 octets", () => {
    const push = buildWapPush(encodePdu({ ...notification, subject: "x".repeat(200), contentLocation: `http://mmsc.example/${"y".repeat(150)}` }));
    const segs = buildSmsUserData(push, { reference: 42 });
    expect(segs.length).toBe(Math.ceil(push.length / 128));
    segs.forEach((s, i) => {
      expect(s.userData.length).toBeLessThanOrEqual(140);
      expect(s.userData.subarray(0, 6)).toEqual(Buffer.from([0x0b, 0x00, 0x03, 42, segs.length, i + 1]));
      expect(s.userData.subarray(6, 12)).toEqual(Buffer.from([0x05, 0x04, 0x0b, 0x84, 0x23, 0xf0]));
    });
    const shuffled = [...segs].reverse().map((s) => s.userData);
    expect(reassembleSmsUserData(shuffled).push).toEqual(push);
    expect(() => reassembleSmsUserData(shuffled.slice(1))).toThrow();
  });
});

describe("SMIL", () => {
  const slides: Slide[] = [
    { durationMs: 4000, image: { src: "cid:img0", contentType: "image/jpeg" }, text: { src: "cid:txt0", contentType: "text/plain" } },
    { durationMs: 6500, video: { src: "clip.3gp", contentType: "video/3gpp" }, audio: { src: "cid:aud1", contentType: "audio/amr" } },
    { text: { src: "end.txt", contentType: "text/plain" } },
  ];

  it("builds root-layout, Image and Text regions and one par per slide", () => {
    const xml = buildSmil(slides, { width: 320, height: 480 });
    expect(xml).toContain('<root-layout width="320" height="480"/>');
    expect(xml).toContain('<region id="Image" top="0%" left="0%" width="100%" height="70%" fit="meet"/>');
    expect(xml).toContain('<region id="Text" top="70%" left="0%" width="100%" height="30%" fit="scroll"/>');
    expect(xml.match(/<par /g)?.length).toBe(3);
    expect(xml).toContain('<par dur="4000ms"><img src="cid:img0" region="Image"/><text src="cid:txt0" region="Text"/></par>');
    expect(xml).toContain('<video src="clip.3gp" region="Image"/><audio src="cid:aud1"/>');
    expect(xml).toContain('<par dur="5000ms"><text src="end.txt" region="Text"/></par>');
  });

  it("parses back into the same slides (content types resolved from the message parts)", () => {
    const types = new Map<string, string>();
    for (const s of slides) for (const m of [s.image, s.video, s.audio, s.text]) if (m?.contentType) types.set(m.src, m.contentType);
    const back = parseSmil(buildSmil(slides), { resolveContentType: (src) => types.get(src) });
    expect(back).toEqual(slides.map((s) => ({ ...s, durationMs: s.durationMs ?? 5000 })));
  });

  it("reads real handset SMIL: BT Ignite audio with begin/end, seconds, ref elements", () => {
    const bt =
      '<smil><head><layout><root-layout/><region id="Image" top="0" left="0" height="50%" width="100%"/></layout></head><body>' +
      '<par dur="6825ms"><img src="btlogo.gif" region="Image"/><audio src="catchy_g.amr" begin="350ms" end="6350ms"/></par>' +
      '<par dur="3000ms"><text src="btmms.txt" region="Text"><param name="foreground-color" value="#000000"/></text></par>' +
      '<par dur="10s"><ref src="pic.png"/></par></body></smil>';
    expect(parseSmil(bt)).toEqual([
      { durationMs: 6825, image: { src: "btlogo.gif", contentType: "image/gif" }, audio: { src: "catchy_g.amr", contentType: "audio/amr" } },
      { durationMs: 3000, text: { src: "btmms.txt", contentType: "text/plain" } },
      { durationMs: 10000, image: { src: "pic.png", contentType: "image/png" } },
    ]);
  });
});

import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodePdu, encodePdu } from "../../../lib/mms/index.js";
import { expectedTsharkFields, FIXTURES, HAS_FIXTURES, NO_FIXTURES_REASON, pduFixtureFiles } from "./helpers.js";

describe.skipIf(!HAS_FIXTURES)(`MMS PDU fixtures (${HAS_FIXTURES ? "present" : NO_FIXTURES_REASON})`, () => {
  const files = pduFixtureFiles();
  const oracle = HAS_FIXTURES
    ? (JSON.parse(readFileSync(path.join(FIXTURES, "mms-pdu", "tshark-decoded.json"), "utf8")) as Record<string, Record<string, string>>)
    : {};

  it("has all 29 fixtures and an oracle entry for each", () => {
    expect(files.length).toBe(29);
    for (const f of files) expect(oracle[f.name], f.name).toBeDefined();
  });

  for (const { name, file } of files) {
    it(`${name}: header values equal tshark's, and decode -> encode -> decode is stable`, () => {
      const bytes = readFileSync(file);
      const pdu = decodePdu(bytes);
      const expected = oracle[name];
      const ours = expectedTsharkFields(pdu);
      // Field by field over everything tshark reported (the extra "ffheader" is our extraHeaders, checked below).
      for (const [field, value] of Object.entries(expected)) {
        if (field === "mmse.ffheader") {
          expect(pdu.extraHeaders?.map((h) => h.name)).toContain(value);
          continue;
        }
        const mine = ours[field];
        // The oracle was captured without --no-duplicate-keys, so a repeated header shows only its last value.
        if (Array.isArray(mine) && typeof value === "string") expect(mine.at(-1), `${name} ${field}`).toBe(value);
        else expect(mine, `${name} ${field}`).toEqual(value);
      }
      // And nothing we decoded among those fields is missing from tshark's view.
      for (const field of Object.keys(ours)) {
        if (field.startsWith("mmse.")) expect(expected[field], `${name} ${field} only in our decode`).toBeDefined();
      }
      if (pdu.type === "m-send-req" || pdu.type === "m-retrieve-conf") {
        expect(pdu.contentType?.mediaType, `${name} content type`).toMatch(/^application\/vnd\.wap\.multipart\./);
      }
      const again = decodePdu(encodePdu(pdu, { validate: false }));
      expect(again).toEqual(pdu);
      // Re-encoding our own output is byte-stable.
      expect(encodePdu(again, { validate: false })).toEqual(encodePdu(pdu, { validate: false }));
    });
  }

  it("decodes the bodies: parts, content ids, SMIL text and media sizes", () => {
    const iphone = decodePdu(readFileSync(files.find((f) => f.name === "iPhone.mms")!.file));
    expect(iphone.contentType).toEqual({ mediaType: "application/vnd.wap.multipart.related", params: { type: "application/smil", start: "0.smil" } });
    expect(iphone.parts?.map((p) => p.contentType.mediaType)).toEqual(["application/smil", "image/jpeg"]);
    expect(iphone.parts?.[0].data?.toString()).toContain('<img src="IMG_6807.jpg" region="Image"/>');
    expect(iphone.parts?.[1].contentLocation).toBe("IMG_6807.jpg");
    expect(iphone.parts?.[1].data?.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));

    const utf16 = decodePdu(readFileSync(files.find((f) => f.name === "rc-mms-1-3-con-211.mms")!.file));
    expect(utf16.subject).toBe("\ufeffShõrt Téxt - ¥üëäÿ");

    const notif = decodePdu(readFileSync(files.find((f) => f.name === "ni-mms-1-3-con-271.mms")!.file));
    expect(notif).toMatchObject({ type: "m-notification-ind", messageSize: 23069, expiry: { relativeSeconds: 259200 }, contentLocation: " http://eps3.de/O/Z9IZO" });

    const odd = decodePdu(readFileSync(files.find((f) => f.name === "rc-mms-1-3-con-282.mms")!.file));
    expect(odd.messageClass).toBe("NewMessageClass");
  });
});

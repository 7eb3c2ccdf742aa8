/**
 * Every PDU type and header option Postino writes is read back by Wireshark's MMSE dissector with the same values.
 * tshark is a hard requirement here: when it is missing this test fails (it never skips).
 */
import { describe, expect, it } from "vitest";
import { decodePdu, encodePdu } from "../../../lib/mms/index.js";
import { PDU_CASES } from "./pdu-cases.js";
import { expectedTsharkFields, tsharkAvailable, tsharkDecode } from "./helpers.js";

describe("tshark reads back every PDU Postino writes", () => {
  it("tshark and text2pcap are installed (required: this suite never skips)", () => {
    expect(tsharkAvailable(), "tshark/text2pcap missing: install the Debian 'tshark' package").toBe(true);
  });

  it("covers all nine PDU types", () => {
    expect(new Set(PDU_CASES.map(([, p]) => p.type)).size).toBe(9);
  });

  it(`header fields of ${PDU_CASES.length} encoded PDUs match`, () => {
    expect(tsharkAvailable(), "tshark/text2pcap missing").toBe(true);
    const bytes = PDU_CASES.map(([, p]) => encodePdu(p));
    const decoded = tsharkDecode(bytes);
    expect(decoded.length).toBe(PDU_CASES.length);
    PDU_CASES.forEach(([name, pdu], i) => {
      const { mmse } = decoded[i];
      const expected = expectedTsharkFields(pdu);
      for (const [field, value] of Object.entries(expected)) expect(mmse[field], `${name}: ${field}`).toEqual(value);
      // Everything tshark found is something we wrote (no misparsed extra headers).
      for (const field of Object.keys(mmse)) {
        if (field.startsWith("mmse.")) expect(expected[field], `${name}: unexpected ${field}`).toBeDefined();
      }
      // And our decoder agrees with our encoder.
      expect(decodePdu(bytes[i])).toEqual(pdu);
    });
  });

  it("content types, parameters and part headers match", () => {
    expect(tsharkAvailable(), "tshark/text2pcap missing").toBe(true);
    const withBodies = PDU_CASES.filter(([, p]) => p.contentType);
    const decoded = tsharkDecode(withBodies.map(([, p]) => encodePdu(p)));
    withBodies.forEach(([name, pdu], i) => {
      const { mmse } = decoded[i];
      expect(mmse["wsp.header.content_type"], name).toBe(pdu.contentType!.mediaType);
      if (!pdu.parts) return;
      const tree = mmse["wsp.header.content_type_tree"] as Record<string, unknown> | undefined;
      if (pdu.contentType!.params.type) expect(tree?.["wsp.parameter.upart.type"], name).toBe(pdu.contentType!.params.type);
      if (pdu.contentType!.params.start) expect(tree?.["wsp.parameter.start"], name).toBe(pdu.contentType!.params.start);
      const body = (mmse["wsp.post.data"] as Record<string, Record<string, unknown>>)["Multipart body"];
      const list = body["wsp.multipart_tree"];
      const partsTs = (Array.isArray(list) ? list : [list]) as Array<Record<string, unknown>>;
      expect(partsTs.length, name).toBe(pdu.parts.length);
      pdu.parts.forEach((part, j) => {
        const ts = partsTs[j];
        expect(ts["wsp.header.content_type"], `${name} part ${j}`).toBe(part.contentType.mediaType);
        const ptree = (ts["wsp.header.content_type_tree"] ?? {}) as Record<string, unknown>;
        if (part.contentType.params.charset) {
          expect(String(ptree["wsp.parameter.charset"]).toLowerCase(), `${name} part ${j} charset`).toBe(part.contentType.params.charset);
        }
        if (part.contentType.params.name) expect(ptree["wsp.parameter.name"]).toBe(part.contentType.params.name);
        const headers = (ts["wsp.headers"] ?? {}) as Record<string, unknown>;
        if (part.contentId) expect(headers["wsp.header.content_id"], `${name} part ${j} cid`).toBe(`"<${part.contentId}>"`);
        if (part.contentLocation) expect(headers["wsp.header.content_location"], `${name} part ${j} location`).toBe(part.contentLocation);
      });
    });
  });
});

import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { editsHash, overlayOf, parseEdits } from "@/lib/media/edits";
import { renderMergeFields } from "@/lib/media/merge-fields";

describe("edit list", () => {
  it("hashes equal lists equally whatever the key order, and different lists differently", () => {
    const a = parseEdits("image", [{ type: "crop", x: 0.1, y: 0, w: 0.5, h: 0.5, aspect: "1:1" }, { type: "overlay", text: "Ciao {{ first_name }}!" }]);
    const b = parseEdits("image", [{ aspect: "1:1", h: 0.5, w: 0.5, y: 0, x: 0.1, type: "crop" }, { text: "Ciao {{ first_name }}!", type: "overlay" }]);
    expect(editsHash(a)).toBe(editsHash(b));
    expect(editsHash(a)).not.toBe(editsHash(parseEdits("image", [a[0]])));
    expect(overlayOf(a)?.text).toBe("Ciao {{ first_name }}!");
  });

  it("refuses edits that do not apply to the kind of media, with a sentence", () => {
    const err = (() => { try { parseEdits("audio", [{ type: "crop", x: 0, y: 0, w: 1, h: 1 }]); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(ZodError);
    expect((err as ZodError).issues[0]!.message).toBe("Crop cannot be applied to an audio file.");
    expect(() => parseEdits("video", [{ type: "trim", startMs: 5000, endMs: 1000 }])).toThrow(/end of a trim must come after its start/);
    expect(() => parseEdits("image", [{ type: "overlay", text: "a" }, { type: "overlay", text: "b" }])).toThrow(/Only one personalised overlay/);
  });
});

describe("merge fields", () => {
  it("fills fields, trims values and uses defaults for missing ones", () => {
    expect(renderMergeFields("Ciao {{ first_name }}!", { first_name: " Anna " })).toBe("Ciao Anna!");
    expect(renderMergeFields("Ciao {{first_name | default: \"amico\"}}!", { first_name: null })).toBe("Ciao amico!");
    expect(renderMergeFields("{{ city }}", {})).toBe("");
  });
});

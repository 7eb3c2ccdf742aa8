import { describe, expect, it } from "vitest";
import { HANDSET_PROFILES, pickVariant, VARIANT_PROFILES } from "@/lib/handset";

const KB = 1024;
const variants = [
  { profile: "image-100k", contentType: "image/jpeg", size: 90 * KB },
  { profile: "image-300k", contentType: "image/png", size: 280 * KB },
  { profile: "image-600k", contentType: "image/jpeg", size: 550 * KB },
];

describe("what a handset can receive", () => {
  it("gives each class the best variant it can show within the budget", () => {
    expect(pickVariant(variants, "rich", 600 * KB)?.profile).toBe("image-600k");
    expect(pickVariant(variants, "standard", 300 * KB)?.profile).toBe("image-300k");
    expect(pickVariant(variants, "unknown", 300 * KB)?.profile).toBe("image-300k");
    expect(pickVariant(variants, "basic", 300 * KB)?.profile).toBe("image-100k");
  });
  it("falls back to a smaller variant when text leaves less room, and to nothing when none fits", () => {
    expect(pickVariant(variants, "rich", 400 * KB)?.profile).toBe("image-300k");
    expect(pickVariant(variants, "standard", 200 * KB)?.profile).toBe("image-100k");
    expect(pickVariant(variants, "standard", 50 * KB)).toBeNull();
  });
  it("never sends MMS to legacy phones, nor a PNG to basic ones", () => {
    expect(pickVariant(variants, "legacy", 10_000 * KB)).toBeNull();
    expect(HANDSET_PROFILES.legacy.mms).toBe(false);
    expect(pickVariant([{ profile: "image-100k", contentType: "image/png", size: 10 }], "basic", 100 * KB)).toBeNull();
  });
  it("only names profiles the transcoder produces", () => {
    const names = new Set(VARIANT_PROFILES.map((p) => p.name));
    for (const hp of Object.values(HANDSET_PROFILES)) for (const n of hp.variantProfiles) expect(names.has(n), n).toBe(true);
  });
});

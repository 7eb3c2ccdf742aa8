// Normalising what people type: the compiled validity check must agree with libphonenumber-js's own
// isValid() everywhere, and the import's fast paths must give the full parser's answers.
import { describe, expect, it } from "vitest";
import { PhoneNumber, getCountries, getCountryCallingCode, type MetadataJson } from "libphonenumber-js/core";
import mobileJson from "libphonenumber-js/metadata.mobile.json";
import examples from "libphonenumber-js/examples.mobile.json";
import { callingCodeOf, isValidMobile, normalizePhone } from "@/lib/phone";

const mobile = mobileJson as unknown as MetadataJson;
const Phone = PhoneNumber as unknown as new (countryOrCode: string, national: string, metadata: MetadataJson) => PhoneNumber;

describe("phone numbers", () => {
  it("judges validity exactly as libphonenumber-js does, for every region, with the region or its calling code", () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    let cases = 0;
    let valid = 0;
    for (const country of getCountries(mobile)) {
      const example = (examples as Record<string, string>)[country];
      if (!example) continue;
      const code = getCountryCallingCode(country, mobile);
      for (let k = 0; k < 60; k++) {
        // The example, one digit changed, or one digit more or fewer.
        let n = example;
        const at = rnd(n.length);
        if (k % 3 === 1) n = n.slice(0, at) + String(rnd(10)) + n.slice(at + 1);
        if (k % 3 === 2) n = k % 2 ? n + String(rnd(10)) : n.slice(0, -1);
        for (const plan of [country, code]) {
          const expected = new Phone(plan, n, mobile).isValid();
          if (isValidMobile(plan, n) !== expected) throw new Error(`${plan} ${n}: expected ${expected}`);
          cases++;
          if (expected) valid++;
        }
      }
    }
    expect(cases).toBeGreaterThan(20_000);
    // Both answers occur often enough for the comparison to mean something.
    expect(valid / cases).toBeGreaterThan(0.3);
    expect(valid / cases).toBeLessThan(0.9);
  });

  it("normalises international and national forms, and names the region", () => {
    expect(normalizePhone("+39 333 123 4567")).toEqual({ ok: true, e164: "+393331234567", country: "IT" });
    expect(normalizePhone("0039 333 1234567")).toEqual({ ok: true, e164: "+393331234567", country: "IT" });
    expect(normalizePhone("333 1234567", "IT")).toEqual({ ok: true, e164: "+393331234567", country: "IT" });
    expect(normalizePhone("07400 123456", "GB")).toEqual({ ok: true, e164: "+447400123456", country: "GB" });
    // Guernsey shares +44 and the UK trunk prefix; its ranges name it.
    expect(normalizePhone("07911 123456", "GB")).toEqual({ ok: true, e164: "+447911123456", country: "GG" });
    expect(normalizePhone("+44 7911 123456")).toEqual({ ok: true, e164: "+447911123456", country: "GG" });
    expect(normalizePhone("+1 (415) 555-2671")).toMatchObject({ ok: true, e164: "+14155552671", country: "US" });
    expect(normalizePhone("+1 416 555 0123")).toMatchObject({ ok: true, e164: "+14165550123", country: "CA" });
    expect(normalizePhone("06 1234 5678", "IT")).toEqual({ ok: false, reason: "This looks like a landline, which cannot receive MMS." });
    // Every region's calling code, as the library states it.
    for (const country of getCountries(mobile)) expect(callingCodeOf(country)).toBe(getCountryCallingCode(country, mobile));
    expect(callingCodeOf("XX")).toBeNull();
    expect(normalizePhone("333 1234567")).toEqual({ ok: false, reason: "The number has no country code (+…) and no default country was chosen." });
  });
});

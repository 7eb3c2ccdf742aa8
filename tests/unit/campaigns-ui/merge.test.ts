import { describe, expect, it } from "vitest";
import { compileTemplate, mergeValues, missingFields, templateError } from "@/lib/campaigns/merge";
import { SlidesSchema, readSlides } from "@/lib/campaigns/slides";

describe("merge fields", () => {
  it("renders contact fields, attributes and the default fallback", () => {
    const t = compileTemplate('Ciao {{ first_name | default: "amico" }} da {{ city }}!');
    expect(t(mergeValues({ firstName: "Anna", phone: "+393331234567", attributes: { city: "Roma" } }))).toBe("Ciao Anna da Roma!");
    expect(t(mergeValues({ phone: "+393331234567" }))).toBe("Ciao amico da !");
  });

  it("counts recipients for whom a field without fallback renders empty", () => {
    const contacts = [{ phone: "1" }, { phone: "2", firstName: "Bo" }, { phone: "3", firstName: "  " }];
    expect(missingFields("Hi {{ first_name }}", contacts)).toEqual([{ field: "first_name", missing: 2 }]);
    expect(missingFields('Hi {{ first_name | default: "you" }}', contacts)).toEqual([]);
  });

  it("explains a broken template in a sentence instead of throwing at send time", () => {
    expect(templateError("Hi {{ first_name ")).toMatch(/not closed/);
    expect(templateError("Hi {{ first_name }}")).toBeNull();
  });
});

describe("slides", () => {
  it("refuses more than 8 slides and reads bad JSON as none", () => {
    const nine = Array.from({ length: 9 }, (_, i) => ({ id: `s${i}`, text: "x" }));
    expect(SlidesSchema.safeParse(nine).success).toBe(false);
    expect(SlidesSchema.safeParse(nine.slice(0, 8)).success).toBe(true);
    expect(readSlides({ nope: 1 })).toEqual([]);
  });
});

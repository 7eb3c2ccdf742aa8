// The one place that turns what people type into E.164. MMS goes to mobiles only, so validity is
// judged against the *mobile* metadata (a fixed line "looks like a landline" and is refused); the
// full metadata is consulted only to explain a refusal. Already-international input takes a fast
// path (direct PhoneNumber construction, ~5× the full parser), which is what lets a million-row
// import stay within its budget.
import { Metadata, PhoneNumber, parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode, type MetadataJson, type NumberType } from "libphonenumber-js/core";
import mobileJson from "libphonenumber-js/metadata.mobile.json";
import maxJson from "libphonenumber-js/metadata.max.json";

const mobile = mobileJson as unknown as MetadataJson;
const max = maxJson as unknown as MetadataJson;

export type PhoneResult =
  | { ok: true; e164: string; country: string | null }
  | { ok: false; reason: string };

// The runtime accepts (country or calling code, national number, metadata); the typings only declare the E.164 form.
const PhoneNumberOf = PhoneNumber as unknown as new (countryOrCallingCode: string, nationalNumber: string, metadata: MetadataJson) => PhoneNumber;

const FORMATTING = /[\s().\-\/\u00a0\u2010-\u2015]/g;
const LETTERS = /\p{L}/u;
const DIGITS_ONLY = /^\d+$/;

const countryCache = new Map<string, string | null>();

/** True when `code` is an ISO 3166-1 alpha-2 region the metadata knows. */
export function isKnownCountry(code: string): code is CountryCode {
  return typeof code === "string" && Object.prototype.hasOwnProperty.call((mobile as unknown as { countries: object }).countries, code);
}

const callingCodes = (mobile as unknown as { country_calling_codes: Record<string, string[]> }).country_calling_codes;

/** Calling code at the start of international digits (codes are a prefix code of 1–3 digits). */
function callingCodePrefix(digits: string): string | null {
  for (let k = 1; k <= 3; k++) if (callingCodes[digits.slice(0, k)]) return digits.slice(0, k);
  return null;
}

/** Region of a valid number. Ranges are decided by leading digits, so the answer is cached per prefix. */
function regionOf(callingCode: string, national: string): string | null {
  // NANP regions are told apart by the 3-digit area code; elsewhere 5 leading digits suffice (VA 06698, GG 7911…).
  const key = `${callingCode}:${national.slice(0, callingCode === "1" ? 3 : 5)}`;
  const cached = countryCache.get(key);
  if (cached !== undefined) return cached;
  const p = new PhoneNumberOf(callingCode, national, mobile);
  const possible = p.getPossibleCountries();
  let country: string | null = possible[0] ?? null;
  if (possible.length > 1) country = parsePhoneNumberFromString(p.number, mobile)?.country ?? country;
  if (countryCache.size > 50_000) countryCache.clear();
  countryCache.set(key, country);
  return country;
}

// PhoneNumber.isValid() as libphonenumber-js computes it (isValid.js, getNumberType.js), with each
// pattern compiled once: the library builds a new RegExp from the pattern's text on every call,
// which was a third of an import's parsing time.
const TYPES: NumberType[] = ["FIXED_LINE", "MOBILE", "PREMIUM_RATE", "TOLL_FREE", "SHARED_COST", "VOIP", "PERSONAL_NUMBER", "PAGER", "UAN", "VOICEMAIL"];
type Plan = { national: RegExp; types: { pattern: RegExp; lengths: number[] | undefined }[] | null };
const plans = new Map<string, Plan>();
const whole = (pattern: string) => new RegExp(`^(?:${pattern})$`);

function planOf(countryOrCallingCode: string): Plan {
  let plan = plans.get(countryOrCallingCode);
  if (plan) return plan;
  // Methods the runtime has and the typings leave out.
  const m = new Metadata(mobile) as unknown as {
    selectNumberingPlan(c: string): void; hasTypes(): boolean; nationalNumberPattern(): string;
    type(t: NumberType): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
  };
  m.selectNumberingPlan(countryOrCallingCode);
  const types: Plan["types"] = m.hasTypes() ? [] : null;
  if (types) {
    for (const t of TYPES) {
      const d = m.type(t);
      if (d?.pattern()) types.push({ pattern: whole(d.pattern()), lengths: d.possibleLengths() });
    }
  }
  plan = { national: whole(m.nationalNumberPattern()), types };
  plans.set(countryOrCallingCode, plan);
  return plan;
}

/**
 * Whether the national number is a valid mobile number of the region (ISO code) or calling code:
 * exactly `new PhoneNumber(countryOrCallingCode, national, mobileMetadata).isValid()`.
 */
export function isValidMobile(countryOrCallingCode: string, national: string): boolean {
  const plan = planOf(countryOrCallingCode);
  if (!plan.national.test(national)) return false;
  if (!plan.types) return true;
  for (const t of plan.types) if ((!t.lengths || t.lengths.includes(national.length)) && t.pattern.test(national)) return true;
  return false;
}

function explain(candidate: string, defaultCountry: CountryCode | undefined): string {
  const full = parsePhoneNumberFromString(candidate, defaultCountry ? { defaultCountry } : {}, max);
  if (!full) {
    if (!candidate.startsWith("+") && !defaultCountry) return "The number has no country code (+…) and no default country was chosen.";
    return "This is not a valid phone number.";
  }
  if (full.isValid()) {
    const type = full.getType();
    if (type === "FIXED_LINE") return "This looks like a landline, which cannot receive MMS.";
    if (type === "TOLL_FREE") return "This is a toll-free number, which cannot receive MMS.";
    if (type === "PREMIUM_RATE") return "This is a premium-rate number, which cannot receive MMS.";
    return `This is not a mobile number (${String(type ?? "unknown type").toLowerCase().replace(/_/g, " ")}).`;
  }
  const where = full.country ?? callingCodes[full.countryCallingCode]?.[0] ?? `+${full.countryCallingCode}`;
  const length = validatePhoneNumberLength(candidate, defaultCountry ? { defaultCountry } : {}, max);
  if (length === "TOO_SHORT") return `Too short for a number in ${where}.`;
  if (length === "TOO_LONG") return `Too long for a number in ${where}.`;
  return `This is not a valid number in ${where}.`;
}

/**
 * Normalises one number. `defaultCountry` applies to numbers written without an international prefix.
 * Never throws: every refusal comes back as a sentence a user can act on.
 */
export function normalizePhone(raw: string | null | undefined, defaultCountry?: string | null): PhoneResult {
  const input = (raw ?? "").trim();
  if (!input) return { ok: false, reason: "The phone number is missing." };
  if (LETTERS.test(input)) return { ok: false, reason: "The phone number contains letters." };
  const country = defaultCountry && isKnownCountry(defaultCountry) ? defaultCountry : undefined;
  let compact = input.replace(FORMATTING, "");
  if (compact.startsWith("00")) compact = `+${compact.slice(2)}`;
  const digits = compact.startsWith("+") ? compact.slice(1) : compact;
  if (!DIGITS_ONLY.test(digits)) return { ok: false, reason: "The phone number contains characters that are not digits." };
  if (digits.length < 6) return { ok: false, reason: "Too short to be a phone number." };
  if (digits.length > 17) return { ok: false, reason: "Too long to be a phone number." };

  try {
    if (compact.startsWith("+")) {
      if (digits[0] === "0") return { ok: false, reason: "Country codes never start with 0." };
      const cc = callingCodePrefix(digits);
      if (!cc) return { ok: false, reason: "The number starts with a country code that does not exist." };
      const national = digits.slice(cc.length);
      if (isValidMobile(cc, national)) return { ok: true, e164: `+${digits}`, country: regionOf(cc, national) };
      // Shared calling codes (+44 with GG/JE/IM…) sometimes need the full parser to pick the region.
      const full = parsePhoneNumberFromString(compact, mobile);
      if (full?.isValid()) return { ok: true, e164: full.number, country: full.country ?? null };
      return { ok: false, reason: explain(compact, country) };
    }
    if (!country) return { ok: false, reason: "The number has no country code (+…) and no default country was chosen." };
    // National format. Numbers with a trunk prefix (0 in the UK, France…) need the full parser's rules.
    const nationalPrefix = (mobile as unknown as { countries: Record<string, unknown[]> }).countries[country]?.[5];
    if (!(typeof nationalPrefix === "string" && digits.startsWith(nationalPrefix)) && isValidMobile(country, digits)) {
      return { ok: true, e164: `+${callingCodeOf(country)}${digits}`, country };
    }
    const full = parsePhoneNumberFromString(compact, { defaultCountry: country }, mobile);
    if (full?.isValid()) return { ok: true, e164: full.number, country: full.country ?? country };
    return { ok: false, reason: explain(compact, country) };
  } catch {
    return { ok: false, reason: "This is not a valid phone number." };
  }
}

/** Calling code of a region, e.g. "39" for IT; null for an unknown region. Read straight from the metadata (first field of a region's entry): it runs once per national-format row of an import. */
export function callingCodeOf(country: string): string | null {
  return isKnownCountry(country) ? (mobile as unknown as { countries: Record<string, [string]> }).countries[country]![0] : null;
}

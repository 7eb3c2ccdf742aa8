// Pasted numbers → E.164 in the browser, so the user sees at once which lines are unusable and why.
// The server accepts only E.164 (AudienceSchema), so nothing unnormalised is ever saved.
import { normalizePhone } from "@/lib/phone";

export type PastedNumbers = { numbers: string[]; invalid: Array<{ line: number; input: string; reason: string }>; duplicates: number };

/** Splits pasted text (lines, commas, semicolons) into E.164 numbers, reporting each bad line in words. */
export function parsePastedNumbers(text: string, defaultCountry?: string | null): PastedNumbers {
  const seen = new Set<string>();
  const invalid: PastedNumbers["invalid"] = [];
  let duplicates = 0;
  text.split(/[\n;,]+/).forEach((raw, i) => {
    const input = raw.trim();
    if (!input) return;
    const r = normalizePhone(input, defaultCountry);
    if (!r.ok) invalid.push({ line: i + 1, input: input.slice(0, 40), reason: r.reason });
    else if (seen.has(r.e164)) duplicates++;
    else seen.add(r.e164);
  });
  return { numbers: [...seen], invalid, duplicates };
}


// Merge fields in slide texts and subjects: Liquid (liquidjs), parsed once per template and
// rendered per recipient. Unknown variables render as "" (strictVariables off) so a missing
// attribute never fails a send; `default` supplies the fallback: {{ first_name | default: "amico" }}.
import { Liquid, type Template } from "liquidjs";

export type MergeValue = string | number | boolean | null | undefined;
export type MergeValues = Record<string, MergeValue>;

export type MergeContact = {
  firstName?: string | null;
  lastName?: string | null;
  phone: string;
  attributes?: unknown;
};

const engine = new Liquid({
  strictFilters: false,
  strictVariables: false,
  ownPropertyOnly: true,
  // A template is a few lines of text: anything that loops for long is an attack, not a message.
  renderLimit: 200,
  parseLimit: 20_000,
  memoryLimit: 1_000_000,
});

export class TemplateError extends Error {}

/** Parses once; the returned function renders synchronously per recipient. Throws TemplateError with a human sentence. */
export function compileTemplate(template: string): (values: MergeValues) => string {
  if (!template.includes("{")) return () => template;
  let parsed: Template[];
  try {
    parsed = engine.parse(template);
  } catch (e) {
    throw new TemplateError(`The text has a merge field that is not closed or not valid: ${(e as Error).message.split(",")[0]}`);
  }
  return (values) => String(engine.renderSync(parsed, values));
}

/** Checks a template without rendering it: null when fine, else the sentence to show. */
export function templateError(template: string): string | null {
  try {
    compileTemplate(template);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

function attributeValue(v: unknown): MergeValue {
  if (v === null || v === undefined) return undefined;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (Array.isArray(v)) return v.map(String).join(", ");
  return undefined;
}

/** The values a template sees for one contact: first_name, last_name, phone and every custom attribute by its key. */
export function mergeValues(contact: MergeContact): MergeValues {
  const out: MergeValues = {};
  const attrs = contact.attributes && typeof contact.attributes === "object" && !Array.isArray(contact.attributes) ? (contact.attributes as Record<string, unknown>) : {};
  for (const [k, v] of Object.entries(attrs)) {
    const value = attributeValue(v);
    if (value !== undefined && value !== "") out[k] = value;
  }
  // Built-ins win over attributes of the same name: the contact's own fields are the truth.
  if (contact.firstName) out.first_name = contact.firstName;
  if (contact.lastName) out.last_name = contact.lastName;
  out.phone = contact.phone;
  return out;
}

/** Top-level variable names used by a template (e.g. first_name, city), in order of first use. */
export function templateFields(template: string): string[] {
  if (!template.includes("{")) return [];
  try {
    return [...new Set(engine.globalVariablesSync(template).map((v) => String(v).split(/[.[]/)[0]!))];
  } catch {
    return [];
  }
}

/** Fields a template uses WITHOUT a default filter, i.e. the ones that render empty when missing. */
export function fieldsWithoutDefault(template: string): string[] {
  const fields = templateFields(template);
  return fields.filter((f) => {
    const re = new RegExp(`\\{\\{-?\\s*${f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b(?![^}]*\\|\\s*default\\s*:)`);
    return re.test(template);
  });
}

/**
 * For each field used without a fallback, how many of `contacts` lack a value. Only fields that
 * miss for at least one contact are returned, so an empty result means "nothing renders blank".
 */
export function missingFields(template: string, contacts: MergeContact[]): Array<{ field: string; missing: number }> {
  const fields = fieldsWithoutDefault(template);
  if (!fields.length) return [];
  const counts = new Map(fields.map((f) => [f, 0]));
  for (const c of contacts) {
    const v = mergeValues(c);
    for (const f of fields) {
      const x = v[f];
      if (x === undefined || x === null || String(x).trim() === "") counts.set(f, counts.get(f)! + 1);
    }
  }
  return [...counts].filter(([, n]) => n > 0).map(([field, missing]) => ({ field, missing }));
}

// What the user chose in the import wizard, stored in ImportJob.options and read by the worker.
import { z } from "zod";

export const TARGETS = ["phone", "firstName", "lastName", "locale", "timeZone", "tags", "attribute", "ignore"] as const;
export type Target = (typeof TARGETS)[number];

export const columnMappingSchema = z.object({
  column: z.number().int().min(0).max(999),
  target: z.enum(TARGETS),
  /** Attribute key when target is "attribute". */
  attribute: z.string().trim().min(1).max(100).optional(),
});

export const startOptionsSchema = z
  .object({
    mapping: z.array(columnMappingSchema).min(1).max(1000),
    /** For numbers written without +country code. */
    defaultCountry: z.string().regex(/^[A-Z]{2}$/, "Choose a country.").nullish(),
    /** What to do with numbers that are already contacts. */
    duplicates: z.enum(["update", "skip"]).default("update"),
    /** One consent statement for the whole file, e.g. "signed form at the Milan event" on a date. */
    consent: z.object({ detail: z.string().trim().min(3, "Say where the consent comes from.").max(500), date: z.string().refine((d) => !Number.isNaN(Date.parse(d)), "Enter a date.") }).nullish(),
    /** Tags added to every imported row. */
    tags: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
  })
  .superRefine((o, ctx) => {
    const phones = o.mapping.filter((m) => m.target === "phone").length;
    if (phones !== 1) ctx.addIssue({ code: "custom", path: ["mapping"], message: phones === 0 ? "Choose the column that holds the phone number." : "Only one column can be the phone number." });
    for (const m of o.mapping) if (m.target === "attribute" && !m.attribute) ctx.addIssue({ code: "custom", path: ["mapping"], message: `Name the attribute for column ${m.column + 1}.` });
    const keys = o.mapping.filter((m) => m.target === "attribute").map((m) => m.attribute);
    if (new Set(keys).size !== keys.length) ctx.addIssue({ code: "custom", path: ["mapping"], message: "Two columns map to the same attribute." });
  });

export type StartOptions = z.infer<typeof startOptionsSchema>;

export type FileFormat = { encoding: "utf-8" | "utf-16le" | "utf-16be" | "windows-1252"; bomLength: number; delimiter: string };

/** Shape of ImportJob.options over a job's life: the detected format and preview, then the user's choices. */
export type StoredOptions = {
  format: FileFormat;
  preview: { headers: string[]; rows: string[][] };
  suggested: Array<z.infer<typeof columnMappingSchema>>;
  start?: StartOptions;
};

const SYNONYMS: Array<[Target, RegExp]> = [
  ["phone", /^(phone|phone ?number|mobile|mobile ?number|cell|cellphone|cell ?phone|msisdn|number|tel|telephone|telefono|cellulare|numero|handy|portable|t[eé]l[eé]phone)$/],
  ["firstName", /^(first ?name|firstname|first|given ?name|forename|nome|prenom|prénom|vorname)$/],
  ["lastName", /^(last ?name|lastname|surname|last|family ?name|cognome|nom|nachname)$/],
  ["locale", /^(locale|language|lang|lingua|langue|sprache)$/],
  ["timeZone", /^(time ?zone|timezone|tz|fuso orario)$/],
  ["tags", /^(tags?|labels?|etichette)$/],
];

export function headerKey(h: string): string {
  return h.trim().toLowerCase().replace(/[\s_\-]+/g, " ");
}

export function attributeKeyFor(header: string, index: number): string {
  const k = header.trim().toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "_").replace(/^_+|_+$/g, "").slice(0, 100);
  return k || `column_${index + 1}`;
}

/** First guess at the mapping: remembered choices for the same header win over name synonyms. */
export function suggestMapping(headers: string[], remembered: Record<string, { target: Target; attribute?: string }> = {}) {
  let phoneTaken = false;
  return headers.map((h, column) => {
    const r = remembered[headerKey(h)];
    let target: Target = r?.target ?? SYNONYMS.find(([, re]) => re.test(headerKey(h)))?.[0] ?? "attribute";
    if (target === "phone") {
      if (phoneTaken) target = "attribute";
      phoneTaken = true;
    }
    return target === "attribute" ? { column, target, attribute: r?.attribute ?? attributeKeyFor(h, column) } : { column, target };
  });
}

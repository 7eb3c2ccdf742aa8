// Merge fields in overlay text: `Ciao {{ first_name }}!` and `{{ first_name | default: "amico" }}`.
// Deliberately tiny: it runs once per recipient on the send path.
const FIELD = /\{\{\s*([a-zA-Z_][\w.]*)\s*(?:\|\s*default\s*:\s*(?:"([^"]*)"|'([^']*)'))?\s*\}\}/g;

export type MergeValues = Record<string, string | number | null | undefined>;

export function renderMergeFields(template: string, values: MergeValues): string {
  return template.replace(FIELD, (_m, name: string, d1?: string, d2?: string) => {
    const v = values[name];
    const s = v === null || v === undefined ? "" : String(v).trim();
    return s || d1 || d2 || "";
  });
}

export function mergeFieldNames(template: string): string[] {
  return [...template.matchAll(FIELD)].map((m) => m[1]!);
}

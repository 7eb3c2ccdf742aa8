/**
 * MM7 schema namespaces and MM7Version values. They are independent settings per MMSC connection: real MMSCs pair
 * them inconsistently (e.g. MM7Version 5.3.0 inside a REL-5-MM7-1-3 body), so nothing here derives one from the
 * other except as a default.
 */
export const MM7_NAMESPACE_BASE = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/";
export const SOAP_ENV_NS = "http://schemas.xmlsoap.org/soap/envelope/";

export const MM7_NAMESPACES = [
  "REL-5-MM7-1-0",
  "REL-5-MM7-1-1",
  "REL-5-MM7-1-2",
  "REL-5-MM7-1-3",
  "REL-5-MM7-1-4",
  "REL-5-MM7-1-5",
  "REL-6-MM7-1-0",
  "REL-6-MM7-1-1",
  "REL-6-MM7-1-2",
  "REL-6-MM7-1-3",
  "REL-6-MM7-1-4",
] as const;

export type Mm7NamespaceName = (typeof MM7_NAMESPACES)[number];

/**
 * Default MM7Version per namespace when a connection does not configure one. Only 5.3.0/REL-5-MM7-1-0 and
 * 6.8.0/REL-6-MM7-1-4 are attested in traffic; the others follow the 23.140 release numbering and are unverified.
 */
export const DEFAULT_MM7_VERSION: Record<Mm7NamespaceName, string> = {
  "REL-5-MM7-1-0": "5.3.0",
  "REL-5-MM7-1-1": "5.3.0",
  "REL-5-MM7-1-2": "5.5.0",
  "REL-5-MM7-1-3": "5.6.0",
  "REL-5-MM7-1-4": "5.8.0",
  "REL-5-MM7-1-5": "5.10.0",
  "REL-6-MM7-1-0": "6.3.0",
  "REL-6-MM7-1-1": "6.5.0",
  "REL-6-MM7-1-2": "6.6.0",
  "REL-6-MM7-1-3": "6.7.0",
  "REL-6-MM7-1-4": "6.8.0",
};

/** Accepts a short name ("REL-6-MM7-1-4") or any full URI (unknown URIs pass through for odd MMSCs). */
export function mm7NamespaceUri(ns: string): string {
  return /^https?:/i.test(ns) ? ns : MM7_NAMESPACE_BASE + ns;
}

/** 5 or 6 from a namespace name/URI; Rel-6-only elements are written only for generation 6. */
export function namespaceGeneration(ns: string): 5 | 6 {
  const m = /REL-(\d+)-MM7/i.exec(ns);
  return m && Number(m[1]) >= 6 ? 6 : 5;
}

export function defaultMm7Version(ns: string): string {
  const short = ns.replace(MM7_NAMESPACE_BASE, "") as Mm7NamespaceName;
  return DEFAULT_MM7_VERSION[short] ?? (namespaceGeneration(ns) === 6 ? "6.8.0" : "5.3.0");
}

// Time zone of a number's region, used when an import has no time zone column. Only regions with a
// single civil zone (or one zone covering nearly everyone) are listed; for the rest (US, Canada,
// Brazil, Russia, Australia…) the area code alone would be a guess, so the contact keeps no zone and
// the workspace default applies.
const ZONES: Record<string, string> = {
  IT: "Europe/Rome", VA: "Europe/Vatican", SM: "Europe/San_Marino", FR: "Europe/Paris", DE: "Europe/Berlin",
  ES: "Europe/Madrid", GB: "Europe/London", GG: "Europe/Guernsey", JE: "Europe/Jersey", IM: "Europe/Isle_of_Man",
  IE: "Europe/Dublin", NL: "Europe/Amsterdam", BE: "Europe/Brussels", LU: "Europe/Luxembourg", CH: "Europe/Zurich",
  AT: "Europe/Vienna", PL: "Europe/Warsaw", CZ: "Europe/Prague", SK: "Europe/Bratislava", HU: "Europe/Budapest",
  SI: "Europe/Ljubljana", HR: "Europe/Zagreb", RO: "Europe/Bucharest", BG: "Europe/Sofia", GR: "Europe/Athens",
  DK: "Europe/Copenhagen", SE: "Europe/Stockholm", NO: "Europe/Oslo", FI: "Europe/Helsinki", IS: "Atlantic/Reykjavik",
  EE: "Europe/Tallinn", LV: "Europe/Riga", LT: "Europe/Vilnius", UA: "Europe/Kyiv", MT: "Europe/Malta",
  CY: "Asia/Nicosia", RS: "Europe/Belgrade", BA: "Europe/Sarajevo", ME: "Europe/Podgorica", MK: "Europe/Skopje",
  AL: "Europe/Tirane", MC: "Europe/Monaco", AD: "Europe/Andorra", LI: "Europe/Vaduz", MD: "Europe/Chisinau",
  BY: "Europe/Minsk", TR: "Europe/Istanbul", IL: "Asia/Jerusalem", AE: "Asia/Dubai", SA: "Asia/Riyadh",
  QA: "Asia/Qatar", KW: "Asia/Kuwait", BH: "Asia/Bahrain", OM: "Asia/Muscat", JO: "Asia/Amman", LB: "Asia/Beirut",
  EG: "Africa/Cairo", MA: "Africa/Casablanca", TN: "Africa/Tunis", DZ: "Africa/Algiers", NG: "Africa/Lagos",
  GH: "Africa/Accra", KE: "Africa/Nairobi", ZA: "Africa/Johannesburg", ET: "Africa/Addis_Ababa", SN: "Africa/Dakar",
  IN: "Asia/Kolkata", PK: "Asia/Karachi", BD: "Asia/Dhaka", LK: "Asia/Colombo", NP: "Asia/Kathmandu",
  CN: "Asia/Shanghai", HK: "Asia/Hong_Kong", MO: "Asia/Macau", TW: "Asia/Taipei", JP: "Asia/Tokyo",
  KR: "Asia/Seoul", SG: "Asia/Singapore", MY: "Asia/Kuala_Lumpur", TH: "Asia/Bangkok", VN: "Asia/Ho_Chi_Minh",
  PH: "Asia/Manila", NZ: "Pacific/Auckland", AR: "America/Argentina/Buenos_Aires", CO: "America/Bogota",
  PE: "America/Lima", VE: "America/Caracas", UY: "America/Montevideo", PY: "America/Asuncion", BO: "America/La_Paz",
  CR: "America/Costa_Rica", PA: "America/Panama", GT: "America/Guatemala", SV: "America/El_Salvador",
  HN: "America/Tegucigalpa", NI: "America/Managua", DO: "America/Santo_Domingo", PR: "America/Puerto_Rico",
  JM: "America/Jamaica", CU: "America/Havana",
};

export function zoneForCountry(country: string | null | undefined): string | null {
  return (country && ZONES[country]) || null;
}

const validZones = new Map<string, string | null>();

/** Canonical IANA name of a zone, or null if the runtime does not know it. */
export function canonicalZone(name: string): string | null {
  const key = name.trim();
  const hit = validZones.get(key);
  if (hit !== undefined) return hit;
  let zone: string | null = null;
  try {
    zone = new Intl.DateTimeFormat("en-US", { timeZone: key }).resolvedOptions().timeZone;
  } catch {
    zone = null;
  }
  if (validZones.size > 10_000) validZones.clear();
  validZones.set(key, zone);
  return zone;
}

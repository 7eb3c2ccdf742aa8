export { normalizePhone, isKnownCountry, callingCodeOf, type PhoneResult } from "./normalize";
export { zoneForCountry, canonicalZone } from "./timezones";

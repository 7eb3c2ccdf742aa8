export { normalizePhone, isKnownCountry, isValidMobile, callingCodeOf, type PhoneResult } from "./normalize";
export { zoneForCountry, canonicalZone } from "./timezones";

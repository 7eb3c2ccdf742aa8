// Inbound: what comes back from the carrier (reports, replies) and what it means for consent.
export { drainGatewayEvents, UNMATCHED_GRACE_MS } from "./drain";
export { applyReports, reportTarget, type ReportEvent } from "./reports";
export { processDeliver, senderPhone } from "./mo";
export { matchKeyword, normalizeKeyword, DEFAULT_KEYWORDS, defaultKeywordSettings, resolveKeywordSettings, keywordSettingsSchema, type KeywordSettings, type KeywordMatch, type KeywordAction } from "./keywords";
export { keywordSettingsFor, saveKeywordSettings } from "./settings";
export { isOptedOut } from "./opt-out";
export type { ReportPayload, DeliverPayload, MoPart } from "./payload";

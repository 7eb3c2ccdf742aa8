/**
 * MM7 Status/StatusCode classification and the retry decision.
 *
 * Aggregators invent codes inside the 3GPP classes (e.g. 3100 "throughput exceeded"), so the class comes from the
 * thousands digit and the retry decision from a default table that each connection can override.
 */
import type { Mm7MmStatus } from "./types";

export type Mm7StatusClass = "success" | "client" | "server" | "service" | "unknown";

export interface Mm7StatusClassification {
  class: Mm7StatusClass;
  /** True when resubmitting the same request later may succeed. Always false for success. */
  retryable: boolean;
  /** Short standard description, when the code is a 3GPP one. */
  description?: string;
}

export interface Mm7StatusOverrides {
  /** Per-code decision: true = retryable, false = permanent. Wins over everything else. */
  codes?: Record<number, boolean>;
  /** Per-class default for codes not listed anywhere. */
  classes?: Partial<Record<Exclude<Mm7StatusClass, "success">, boolean>>;
}

export const MM7_STATUS_TEXT: Record<number, string> = {
  1000: "Success",
  1100: "Partial success",
  2000: "Client error",
  2001: "Operation restricted",
  2002: "Address Error",
  2003: "Address Not Found",
  2004: "Multimedia content refused",
  2005: "Message ID Not found",
  2006: "LinkedID not found",
  2007: "Message format corrupt",
  2008: "Application ID not found",
  2009: "Reply Application ID not found",
  3000: "Server Error",
  3001: "Not Possible",
  3002: "Message rejected",
  3003: "Multiple addresses not supported",
  3004: "Application Addressing not supported",
  3005: "Command Rejected",
  4000: "General service error",
  4001: "Improper identification",
  4002: "Unsupported version",
  4003: "Unsupported operation",
  4004: "Validation error",
  4005: "Service error",
  4006: "Service unavailable",
  4007: "Service denied",
  4008: "Application denied",
};

/** Codes whose retry decision differs from their class default. */
const DEFAULT_CODE_DECISIONS: Record<number, boolean> = {
  3000: true, // generic server error: transient in practice
  3001: false, // "not possible" (Skycore uses it for blacklisted)
  3002: false,
  3003: false,
  3004: false,
  3005: false,
  3100: true, // throughput exceeded, retry later (aggregator)
  3500: true, // carrier gateway timeout (aggregator)
  4001: false, // improper identification: credentials will not fix themselves
  4002: false,
  4003: false,
  4004: false,
  4005: true,
  4006: true, // service unavailable / capacity reached
  4007: false,
  4008: false,
};

/** Class defaults: client and service errors are permanent, server errors transient. */
const DEFAULT_CLASS_DECISIONS: Record<Exclude<Mm7StatusClass, "success">, boolean> = {
  client: false,
  server: true,
  service: false,
  unknown: true,
};

export function mm7StatusClass(code: number): Mm7StatusClass {
  if (!Number.isInteger(code)) return "unknown";
  switch (Math.floor(code / 1000)) {
    case 1:
      return "success";
    case 2:
      return "client";
    case 3:
      return "server";
    case 4:
      return "service";
    default:
      return "unknown";
  }
}

export function classifyMm7Status(code: number, overrides: Mm7StatusOverrides = {}): Mm7StatusClassification {
  const cls = mm7StatusClass(code);
  const description = MM7_STATUS_TEXT[code];
  if (cls === "success") return { class: cls, retryable: false, ...(description ? { description } : {}) };
  const retryable =
    overrides.codes?.[code] ?? DEFAULT_CODE_DECISIONS[code] ?? overrides.classes?.[cls] ?? DEFAULT_CLASS_DECISIONS[cls];
  return { class: cls, retryable, ...(description ? { description } : {}) };
}

export function isMm7Success(code: number): boolean {
  return mm7StatusClass(code) === "success";
}

/** Delivery-report outcome: only Retrieved is delivered; Deferred/Indeterminate/Forwarded are not final. */
export function classifyMmStatus(status: Mm7MmStatus): { delivered: boolean; final: boolean } {
  switch (status) {
    case "Retrieved":
      return { delivered: true, final: true };
    case "Deferred":
    case "Indeterminate":
    case "Forwarded":
      return { delivered: false, final: false };
    default:
      return { delivered: false, final: true };
  }
}

const MM_STATUS_BY_LOWER: Record<string, Mm7MmStatus> = {
  expired: "Expired",
  retrieved: "Retrieved",
  rejected: "Rejected",
  deferred: "Deferred",
  unrecognised: "Unrecognised",
  unrecognized: "Unrecognised",
  indeterminate: "Indeterminate",
  forwarded: "Forwarded",
  unreachable: "Unreachable",
  notsupported: "NotSupported",
  deliveryconditionnotmet: "DeliveryConditionNotMet",
  read: "Read",
  deleted: "Deleted",
};

/** Case- and spelling-insensitive; unknown values become Indeterminate (as Mbuni does) and are kept raw by callers. */
export function normalizeMmStatus(raw: string): Mm7MmStatus {
  return MM_STATUS_BY_LOWER[raw.trim().toLowerCase().replace(/[\s_-]/g, "")] ?? "Indeterminate";
}

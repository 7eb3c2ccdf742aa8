// Turns every possible end of an MM7 HTTP exchange into one of four outcomes the dispatcher acts on.
// The line that matters is "was the request on the wire?": before it, a failure is safe to resend;
// after it (timeout, reset), the MMSC may have accepted the message, so it is "unknown", never resent.
import { classifyMm7Status, decodeMm7, type Mm7Message, type Mm7StatusOverrides } from "@/lib/mms";

export type SubmitOutcome =
  | { kind: "accepted"; messageId: string; statusCode: number }
  | { kind: "retry"; reason: string; statusCode?: number; retryAfterMs?: number }
  | { kind: "permanent"; reason: string; statusCode?: number }
  | { kind: "unknown"; reason: string };

/** Socket-level failures that happen before a single byte of the request reached the MMSC. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_CONNECT",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
]);

function errorCode(err: unknown): string {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code ?? e?.cause?.code ?? "";
}

export function classifyTransportError(err: unknown): SubmitOutcome {
  const code = errorCode(err);
  const msg = err instanceof Error ? err.message : String(err);
  if (NOT_SENT_CODES.has(code)) return { kind: "retry", reason: `MMSC not reachable (${code || msg})` };
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
    return { kind: "unknown", reason: "MMSC did not answer in time after the request was sent" };
  }
  // Resets, aborts and anything unexpected: the bytes may have been delivered, so we cannot say.
  return { kind: "unknown", reason: `connection failed after sending (${code || msg})` };
}

/** "retry" / "permanent" per code, or per class ("client", "server", "service"). */
export function retryTableOverrides(table: unknown): Mm7StatusOverrides {
  const out: Mm7StatusOverrides = { codes: {}, classes: {} };
  if (!table || typeof table !== "object") return out;
  for (const [k, v] of Object.entries(table as Record<string, unknown>)) {
    const retry = v === "retry" || v === true;
    if (v !== "retry" && v !== "permanent" && typeof v !== "boolean") continue;
    if (/^\d{4}$/.test(k)) out.codes![Number(k)] = retry;
    else if (k === "client" || k === "server" || k === "service" || k === "unknown") out.classes![k] = retry;
  }
  return out;
}

function parseRetryAfter(v: string | string[] | undefined): number | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  if (!s) return undefined;
  const secs = Number(s);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(s);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

export type HttpAnswer = { statusCode: number; headers: Record<string, string | string[] | undefined>; body: Buffer };

export function decodeAnswer(a: HttpAnswer): Mm7Message | undefined {
  if (!a.body.length) return undefined;
  try {
    return decodeMm7(a.body, String(a.headers["content-type"] ?? ""), { maxBodyBytes: 1024 * 1024 });
  } catch {
    return undefined;
  }
}

/** Classify an HTTP answer to a SubmitReq. */
export function classifySubmitAnswer(a: HttpAnswer, overrides: Mm7StatusOverrides): SubmitOutcome {
  const msg = decodeAnswer(a);
  if (msg && "status" in msg && msg.status) {
    const code = msg.status.code;
    const text = msg.status.text ?? msg.status.details;
    const cls = classifyMm7Status(code, overrides);
    if (cls.class === "success") {
      if (msg.type === "SubmitRsp" && msg.messageId) return { kind: "accepted", messageId: msg.messageId, statusCode: code };
      // Accepted but without an id we could match reports on: it went out, we just cannot follow it.
      return { kind: "accepted", messageId: "", statusCode: code };
    }
    const reason = `MM7 ${code}${text ? ` ${text}` : cls.description ? ` ${cls.description}` : ""}`;
    return cls.retryable
      ? { kind: "retry", reason, statusCode: code, retryAfterMs: parseRetryAfter(a.headers["retry-after"]) }
      : { kind: "permanent", reason, statusCode: code };
  }
  const s = a.statusCode;
  if (s === 401 || s === 403) return { kind: "permanent", reason: `MMSC refused our credentials (HTTP ${s})` };
  if (s === 429 || s === 503) return { kind: "retry", reason: `MMSC busy (HTTP ${s})`, retryAfterMs: parseRetryAfter(a.headers["retry-after"]) };
  if (s === 500 || s === 502) return { kind: "retry", reason: `MMSC error (HTTP ${s})` };
  if (s === 413) return { kind: "permanent", reason: "MMSC refused the message as too large (HTTP 413)" };
  if (s >= 400 && s < 500) return { kind: "permanent", reason: `MMSC refused the request (HTTP ${s})` };
  // 2xx with a body we cannot read, 504, anything odd: it may have been accepted.
  return { kind: "unknown", reason: `unreadable MMSC answer (HTTP ${s})` };
}

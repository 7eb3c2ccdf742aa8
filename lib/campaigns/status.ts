// The message ledger's state machine: the one definition of which status may follow which.
// Every writer updates with a compare-and-set (`WHERE status = ANY(allowedFrom(next))`), so a
// retried job, a replayed delivery report or a report that overtakes its submit response can
// never move a row backwards.
import type { MessageStatus } from "@/lib/db/client";

export const MESSAGE_STATUSES = ["queued", "retry", "submitting", "submitted", "delivered", "read", "failed", "unknown", "skipped"] as const satisfies readonly MessageStatus[];

const next: Record<MessageStatus, readonly MessageStatus[]> = {
  // Dispatch claims a row, or a re-check right before submit excludes it (consent, suppression, expiry).
  queued: ["submitting", "skipped", "failed"],
  // Back-off elapsed: claimed again; or given up.
  retry: ["submitting", "skipped", "failed"],
  // The request's outcome: accepted, retryable before it was sent, refused, or unknowable (timeout after sending).
  submitting: ["submitted", "retry", "failed", "unknown"],
  // Reports: delivered, read, or a final failure (Rejected, Expired, Unrecognised…).
  submitted: ["delivered", "read", "failed"],
  delivered: ["read"],
  read: [],
  // A late delivery report may still prove an "unknown" was in fact accepted and delivered.
  unknown: ["delivered", "read", "failed"],
  failed: [],
  skipped: [],
};

export function canMove(from: MessageStatus, to: MessageStatus): boolean {
  return next[from].includes(to);
}

/** The statuses a row may be in for `to` to be written: use as `WHERE status = ANY($allowed)`. */
export function allowedFrom(to: MessageStatus): MessageStatus[] {
  return (Object.keys(next) as MessageStatus[]).filter((from) => next[from].includes(to));
}

export const FINAL_STATUSES: readonly MessageStatus[] = ["read", "failed", "skipped"];
/** Statuses the campaign funnel counts as "done sending" (reports may still refine them). */
export const SETTLED_STATUSES: readonly MessageStatus[] = ["submitted", "delivered", "read", "failed", "unknown", "skipped"];

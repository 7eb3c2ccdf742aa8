// Consent: the contact's current state plus an append-only ledger (consent_event) that says who,
// when, how. The inbound keyword handler, the contact page and imports all come through here.
import { db } from "@/lib/db/client";
import { pgPool } from "@/lib/db/pg";
import { notFound } from "@/lib/http/errors";
import { refreshOptOutMirror } from "./opt-out-mirror";

export type ConsentState = "subscribed" | "unsubscribed" | "never_asked";
export type ConsentSource = "import" | "form" | "keyword" | "manual" | "api" | "suppression";

export type ConsentInput = {
  source: ConsentSource;
  /** e.g. "signed form at event", a file name, the message that carried the keyword. */
  detail?: string | null;
  actorUserId?: string | null;
  keyword?: string | null;
  importJobId?: string | null;
  /** When the consent was given or withdrawn (defaults to now). */
  occurredAt?: Date;
};

/**
 * Sets a contact's consent and appends the event, atomically. Every call is recorded (a second
 * STOP is still evidence); `changed` says whether the state moved.
 */
export async function recordConsent(workspaceId: string, contactId: bigint | string, state: ConsentState, input: ConsentInput) {
  const id = BigInt(contactId);
  const at = input.occurredAt ?? new Date();
  const detail = input.keyword ? [input.keyword, input.detail].filter(Boolean).join(": ") : (input.detail ?? null);
  const result = await db.$transaction(async (tx) => {
    const before = await tx.contact.findFirst({ where: { id, workspaceId }, select: { consent: true, phone: true } });
    if (!before) throw notFound("This contact");
    await tx.contact.update({ where: { id }, data: { consent: state, consentAt: at, updatedAt: new Date() } });
    const event = await tx.consentEvent.create({
      data: { workspaceId, contactId: id, state, source: input.source, detail: detail?.slice(0, 1000) ?? null, actorUserId: input.actorUserId ?? null, importJobId: input.importJobId ?? null, occurredAt: at },
    });
    return { changed: before.consent !== state, previous: before.consent as ConsentState, eventId: event.id, phone: before.phone };
  });
  if (result.changed) await refreshOptOutMirror(workspaceId, [result.phone]);
  return { changed: result.changed, previous: result.previous, eventId: result.eventId };
}

/** The ledger of one contact, newest first. */
export async function consentHistory(workspaceId: string, contactId: bigint, limit = 100) {
  return db.consentEvent.findMany({ where: { workspaceId, contactId }, orderBy: [{ occurredAt: "desc" }, { id: "desc" }], take: limit });
}

/**
 * SQL predicate over a contact row aliased `alias`: false for opted-out contacts and for numbers on
 * the workspace's suppression list. Takes no parameters, so the dispatcher and fan-out can paste it
 * into any statement: `… WHERE ${sendableWhere("c")}`.
 */
export function sendableWhere(alias = "c"): string {
  return `(${alias}.consent <> 'unsubscribed' AND NOT EXISTS (SELECT 1 FROM suppression s WHERE s."workspaceId" = ${alias}."workspaceId" AND s.phone = ${alias}.phone))`;
}

/** Same rule for a bare number (pasted audiences, quick sends): suppressed or opted-out → false. */
export async function isSendable(workspaceId: string, target: { phone: string } | { contactId: bigint | string }): Promise<boolean> {
  if ("contactId" in target) {
    const { rows } = await pgPool().query(`SELECT ${sendableWhere("c")} AS ok FROM contact c WHERE c.id = $1 AND c."workspaceId" = $2`, [String(target.contactId), workspaceId]);
    return rows[0]?.ok === true;
  }
  const { rows } = await pgPool().query(
    `SELECT NOT EXISTS (SELECT 1 FROM suppression WHERE "workspaceId" = $1 AND phone = $2)
        AND NOT EXISTS (SELECT 1 FROM contact WHERE "workspaceId" = $1 AND phone = $2 AND consent = 'unsubscribed') AS ok`,
    [workspaceId, target.phone],
  );
  return rows[0]?.ok === true;
}

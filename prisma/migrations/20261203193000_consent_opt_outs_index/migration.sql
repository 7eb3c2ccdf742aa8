-- An import writes one consent event per contact, a million in a large file, and each event took an
-- entry in three indexes. The workspace index on (workspaceId, occurredAt) serves one query only, the
-- Reports page's opt-outs per day, which reads unsubscribed events: it now holds those alone, so an
-- import's subscribed events skip it. Prisma's schema cannot describe a partial index: the drift test
-- lists it as added by hand.
DROP INDEX "consent_event_workspaceId_occurredAt_idx";
CREATE INDEX "consent_event_opt_outs_idx" ON "consent_event"("workspaceId", "occurredAt") WHERE state = 'unsubscribed';

-- A ledger row is updated three times on its way (claimed, submitted, delivered), and no update can be
-- HOT (status is indexed), so each one adds an entry to every index of the table. Status was indexed
-- twice: (campaignId, batchNo, status) for the dispatcher and (campaignId, status) for the rest. The
-- first one serves both, as PostgreSQL 18 skips over the batch numbers when a query names none, so the
-- second goes: three index entries fewer per message sent.
DROP INDEX "message_campaignId_status_idx";

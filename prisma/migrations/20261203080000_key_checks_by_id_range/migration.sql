-- The statement-level key checks of consent_event and message look each referenced contact up by
-- its primary key, one index probe per distinct contact: 500,000 probes for an import's 500,000
-- consent events, 1,000,000 for a fan-out. The contacts an import or a fan-out writes are nearly
-- consecutive ids (an import creates them, a fan-out walks an audience in id order), so when the
-- ids span little more than their count the check now walks that id range of the primary key once,
-- merged with the sorted ids, instead. Scattered ids (a consent change here and there, an update of
-- contacts from all over the table) keep the probes, which cost nothing per row of the table.
-- Measured on 500,000 new contacts in chunks of 50,000 with their events: 8.1 s → 6.4 s.
-- The function's SET clauses bound the planner settings changed inside it to the call.
CREATE OR REPLACE FUNCTION consent_event_contact_exists() RETURNS trigger LANGUAGE plpgsql
  SET enable_hashjoin = off SET enable_mergejoin = off SET enable_nestloop = on AS E'
DECLARE
  wanted int\073
  found int\073
  lo bigint\073
  hi bigint\073
BEGIN
  SELECT count(DISTINCT "contactId"), min("contactId"), max("contactId") INTO wanted, lo, hi FROM new_rows\073
  IF hi - lo < 4 * wanted THEN
    PERFORM set_config(''enable_nestloop'', ''off'', true), set_config(''enable_mergejoin'', ''on'', true)\073
  END IF\073
  SELECT count(*) INTO found FROM (SELECT DISTINCT "contactId" AS id FROM new_rows) n JOIN contact c ON c.id = n.id
   WHERE c.id BETWEEN lo AND hi AND c.xmin = pg_current_xact_id()::xid\073
  IF found < wanted THEN
    PERFORM set_config(''enable_nestloop'', ''on'', true), set_config(''enable_mergejoin'', ''off'', true)\073
    SELECT count(*) INTO found FROM (SELECT 1 FROM (SELECT DISTINCT "contactId" AS id FROM new_rows) n JOIN contact c ON c.id = n.id FOR KEY SHARE OF c) l\073
    IF found < wanted THEN
      RAISE EXCEPTION ''insert on table "consent_event" violates foreign key constraint "consent_event_contactId_fkey"''
        USING ERRCODE = ''foreign_key_violation'', DETAIL = ''The contact of a consent event does not exist.''\073
    END IF\073
  END IF\073
  RETURN NULL\073
END';

CREATE OR REPLACE FUNCTION message_keys_exist() RETURNS trigger LANGUAGE plpgsql
  SET enable_hashjoin = off SET enable_mergejoin = off SET enable_nestloop = on AS E'
DECLARE
  wanted int\073
  found int\073
  lo bigint\073
  hi bigint\073
BEGIN
  PERFORM pg_advisory_xact_lock_shared(message_contacts_lock_key(w)) FROM (SELECT DISTINCT "workspaceId" AS w FROM new_rows ORDER BY 1) x\073
  SELECT count(DISTINCT "campaignId") INTO wanted FROM new_rows\073
  SELECT count(*) INTO found FROM (SELECT 1 FROM campaign c WHERE c.id IN (SELECT "campaignId" FROM new_rows) FOR KEY SHARE) l\073
  IF found < wanted THEN
    RAISE EXCEPTION ''insert on table "message" violates foreign key constraint "message_campaignId_fkey"''
      USING ERRCODE = ''foreign_key_violation'', DETAIL = ''The campaign of a message does not exist.''\073
  END IF\073
  SELECT count(DISTINCT "connectionId") INTO wanted FROM new_rows\073
  IF wanted > 0 THEN
    SELECT count(*) INTO found FROM (SELECT 1 FROM carrier_connection k WHERE k.id IN (SELECT "connectionId" FROM new_rows) FOR KEY SHARE) l\073
    IF found < wanted THEN
      RAISE EXCEPTION ''insert on table "message" violates foreign key constraint "message_connectionId_fkey"''
        USING ERRCODE = ''foreign_key_violation'', DETAIL = ''The carrier connection of a message does not exist.''\073
    END IF\073
  END IF\073
  SELECT count(*), min(id), max(id) INTO wanted, lo, hi FROM (SELECT DISTINCT "contactId" AS id, "workspaceId" AS w FROM new_rows) n\073
  IF hi - lo < 4 * wanted THEN
    PERFORM set_config(''enable_nestloop'', ''off'', true), set_config(''enable_mergejoin'', ''on'', true)\073
  END IF\073
  SELECT count(*) INTO found FROM (SELECT DISTINCT "contactId" AS id, "workspaceId" AS w FROM new_rows) n
    JOIN contact c ON c.id = n.id AND c."workspaceId" = n.w WHERE c.id BETWEEN lo AND hi\073
  IF found < wanted THEN
    RAISE EXCEPTION ''insert on table "message" violates foreign key constraint "message_contactId_fkey"''
      USING ERRCODE = ''foreign_key_violation'', DETAIL = ''The contact of a message does not exist in its workspace.''\073
  END IF\073
  RETURN NULL\073
END';

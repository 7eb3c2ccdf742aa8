-- A consent event's contact is checked once per statement instead of once per row, as the previous
-- migration did for a contact's workspace. An import writes one event per new contact, and the
-- row-level key (a locking SPI query per event) cost about a third of the statement. The trigger
-- below keeps what the key guaranteed:
--   * every event's contact exists. A contact created or updated by this same transaction (what an
--     import or a consent change writes events for) cannot be deleted by anyone else before we
--     commit, so it is only looked up. Any other is locked FOR KEY SHARE, as the key did,
--   * deleting contacts deletes their events (ON DELETE CASCADE). Contact ids never change.
-- Measured on 500,000 rows in chunks of 50,000: 14.7 s with the key, 10.3 s with this, 7.4 s with no check.
-- Joins are forced to index probes: a transition table is never analyzed and the contact table's
-- statistics lag during an import, and a hash join would scan every contact for each chunk.
ALTER TABLE "consent_event" DROP CONSTRAINT "consent_event_contactId_fkey";

CREATE FUNCTION consent_event_contact_exists() RETURNS trigger LANGUAGE plpgsql SET enable_hashjoin = off SET enable_mergejoin = off AS E'
DECLARE
  wanted int\073
  found int\073
BEGIN
  SELECT count(DISTINCT "contactId") INTO wanted FROM new_rows\073
  SELECT count(*) INTO found FROM (SELECT DISTINCT "contactId" AS id FROM new_rows) n JOIN contact c ON c.id = n.id WHERE c.xmin = pg_current_xact_id()::xid\073
  IF found < wanted THEN
    SELECT count(*) INTO found FROM (SELECT 1 FROM (SELECT DISTINCT "contactId" AS id FROM new_rows) n JOIN contact c ON c.id = n.id FOR KEY SHARE OF c) l\073
    IF found < wanted THEN
      RAISE EXCEPTION ''insert on table "consent_event" violates foreign key constraint "consent_event_contactId_fkey"''
        USING ERRCODE = ''foreign_key_violation'', DETAIL = ''The contact of a consent event does not exist.''\073
    END IF\073
  END IF\073
  RETURN NULL\073
END';

CREATE TRIGGER consent_event_contact_exists AFTER INSERT ON "consent_event"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION consent_event_contact_exists();

CREATE FUNCTION contact_delete_consent_events() RETURNS trigger LANGUAGE plpgsql SET enable_hashjoin = off SET enable_mergejoin = off AS E'
BEGIN
  DELETE FROM consent_event e USING old_rows o WHERE e."contactId" = o.id\073
  RETURN NULL\073
END';

CREATE TRIGGER contact_delete_consent_events AFTER DELETE ON "contact"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_delete_consent_events();

-- A contact's workspace is checked once per statement instead of once per row. The foreign key ran
-- its check (an SPI query locking the workspace row) for every inserted contact: measured at about
-- 7 µs a row, a quarter of what a 1,000,000-row import spends in PostgreSQL, to lock the same row a
-- million times. The triggers below keep what the key guaranteed:
--   * an inserted contact's workspace exists, and is locked FOR KEY SHARE (as the key did) so a
--     concurrent workspace delete waits for the inserting transaction,
--   * deleting a workspace deletes its contacts (ON DELETE CASCADE),
--   * a contact never moves to another workspace (ids of workspaces never change either).
-- Consent events keep their row-level key to contact: there the lock is on a different row each
-- time, and a statement-level check costs as much.
-- Prisma's migration runner (the WebAssembly engine with the pg adapter) splits a script at every
-- semicolon, quoted or not: the function bodies are E'' strings with \073 for the semicolons of PL/pgSQL.
ALTER TABLE "contact" DROP CONSTRAINT "contact_workspaceId_fkey";

CREATE FUNCTION contact_workspace_exists() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE
  wanted int\073
  locked int\073
BEGIN
  SELECT count(DISTINCT "workspaceId") INTO wanted FROM new_rows\073
  SELECT count(*) INTO locked FROM (SELECT 1 FROM workspace w WHERE w.id IN (SELECT "workspaceId" FROM new_rows) FOR KEY SHARE OF w) l\073
  IF locked < wanted THEN
    RAISE EXCEPTION ''insert on table "contact" violates foreign key constraint "contact_workspaceId_fkey"''
      USING ERRCODE = ''foreign_key_violation'', DETAIL = ''The workspace of a contact does not exist.''\073
  END IF\073
  RETURN NULL\073
END';

CREATE TRIGGER contact_workspace_exists AFTER INSERT ON "contact"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_workspace_exists();

CREATE FUNCTION contact_workspace_fixed() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  RAISE EXCEPTION ''a contact cannot move to another workspace'' USING ERRCODE = ''foreign_key_violation''\073
END';

CREATE TRIGGER contact_workspace_fixed BEFORE UPDATE OF "workspaceId" ON "contact"
  FOR EACH ROW WHEN (OLD."workspaceId" IS DISTINCT FROM NEW."workspaceId") EXECUTE FUNCTION contact_workspace_fixed();

CREATE FUNCTION workspace_delete_contacts() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  DELETE FROM contact c USING old_rows o WHERE c."workspaceId" = o.id\073
  RETURN NULL\073
END';

CREATE TRIGGER workspace_delete_contacts AFTER DELETE ON "workspace"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION workspace_delete_contacts();

// The statements that move one staged chunk (session temp table imp_chunk) into the workspace.
// Split on purpose: new numbers take a plain INSERT … ON CONFLICT DO NOTHING (the common case, and
// the cheapest path through the unique index), and only when some numbers already existed does the
// UPDATE for them run. Consent events are one INSERT … SELECT over what each statement touched.
// Parameters: $1 workspace, $2 consent state of the file, $3 consent date, $4 consent detail,
// $5 acting user, $6 import job.

/** Staging tables of one import session. ON COMMIT DELETE ROWS empties the chunk at each commit for free. */
export const CREATE_STAGING = `
DROP TABLE IF EXISTS imp_chunk; DROP TABLE IF EXISTS imp_seen;
CREATE TEMP TABLE imp_chunk (row_no int, phone text, country text, first_name text, last_name text, locale text, time_zone text, tags text[], attributes jsonb, raw text, contact_id bigint, prior_consent consent_state) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE imp_seen (pnum bigint PRIMARY KEY, row_no int)`;

export const DROP_STAGING = "DROP TABLE IF EXISTS imp_chunk; DROP TABLE IF EXISTS imp_seen";

export const COPY_CHUNK = "COPY imp_chunk (row_no, phone, country, first_name, last_name, locale, time_zone, tags, attributes, raw) FROM STDIN";

/**
 * Numbers already met in an earlier chunk of this file: reported with the line of their first
 * occurrence and taken out of the chunk. (Repeats inside one chunk are caught before staging.)
 * E.164 digits fit a bigint, which keeps imp_seen small and its probes cheap.
 */
export const DROP_SEEN_DUPLICATES = `
WITH dup AS (
  DELETE FROM imp_chunk c USING imp_seen s WHERE s.pnum = substr(c.phone, 2)::bigint
  RETURNING c.row_no, c.raw, s.row_no AS first_row
)
INSERT INTO import_row_error ("importJobId", "rowNumber", reason, raw)
SELECT $1, row_no, 'Duplicate: the same number is already on line ' || first_row || ' of this file.', raw FROM dup`;

/**
 * The staging tables are never analyzed and the contact table's statistics lag far behind an
 * import, so the planner hashes the whole of imp_seen, or every contact of the workspace, for each
 * chunk: quadratic in the file's size. Chunk rows probe the unique indexes instead, in time that
 * does not grow with the table. Scoped to the probing statements: the merges after it join CTE
 * results, where a hash join is right.
 */
const PROBE_BY_INDEX = "SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off";
export const PLAN_FREELY = "SET LOCAL enable_hashjoin TO DEFAULT; SET LOCAL enable_mergejoin TO DEFAULT";

/**
 * Opens a chunk's transaction. The job can be re-run from the top, so a commit lost in a crash costs
 * nothing; INSERT_NEW sorts the chunk by number, which spills to disk at the 4 MB default work_mem; and
 * the probing statements come first.
 */
export const BEGIN_CHUNK = `BEGIN; SET LOCAL synchronous_commit = off; SET LOCAL work_mem = '32MB'; ${PROBE_BY_INDEX}`;

export const REMEMBER_SEEN = `INSERT INTO imp_seen (pnum, row_no) SELECT substr(phone, 2)::bigint, row_no FROM imp_chunk`;

/**
 * Marks the staged numbers that are already contacts (id and consent before this import touches
 * them), probing the unique index once per row. $1 workspace only.
 */
export const MARK_EXISTING = `
UPDATE imp_chunk c SET contact_id = ct.id, prior_consent = ct.consent
FROM contact ct WHERE ct."workspaceId" = $1 AND ct.phone = c.phone`;

const insertNew = (onConflict: string) => `
WITH ins AS (
  INSERT INTO contact ("workspaceId", phone, country, "firstName", "lastName", locale, "timeZone", tags, attributes, consent, "consentAt", "updatedAt")
  SELECT $1, phone, country, first_name, last_name, locale, time_zone, tags, attributes, $2::consent_state, $3::timestamptz, now()
  FROM imp_chunk WHERE contact_id IS NULL ORDER BY phone
  ${onConflict}
  RETURNING id
), ev AS (
  INSERT INTO consent_event ("workspaceId", "contactId", state, source, detail, "actorUserId", "importJobId", "occurredAt")
  SELECT $1, id, 'subscribed', 'import', $4, $5, $6, $3::timestamptz FROM ins WHERE $2::consent_state = 'subscribed'
)
SELECT count(*)::int AS n FROM ins`;

/**
 * New numbers, as a plain INSERT: ON CONFLICT's speculative insertion costs about as much again per
 * row, and MARK_EXISTING has already set the existing numbers aside. In the order of the number, so
 * each leaf page of the (workspace, phone) index is visited once per chunk rather than once per row
 * (ids follow the number within a chunk, not the line; the two lanes interleave them anyway).
 */
export const INSERT_NEW = insertNew("");

/** The same, for the rare chunk where another writer added one of the numbers since MARK_EXISTING. */
export const INSERT_NEW_RACING = insertNew(`ON CONFLICT ("workspaceId", phone) DO NOTHING`);

/**
 * Contacts that existed before this chunk. Only a contact never asked takes the file's consent
 * (and gets a consent event); an opt-out is never undone by a file.
 */
export const UPDATE_EXISTING = `
WITH up AS (
  UPDATE contact ct SET
    country = COALESCE(c.country, ct.country),
    "firstName" = COALESCE(c.first_name, ct."firstName"),
    "lastName" = COALESCE(c.last_name, ct."lastName"),
    locale = COALESCE(c.locale, ct.locale),
    "timeZone" = COALESCE(c.time_zone, ct."timeZone"),
    tags = CASE WHEN c.tags = '{}' THEN ct.tags ELSE ARRAY(SELECT DISTINCT t FROM unnest(ct.tags || c.tags) t) END,
    attributes = ct.attributes || c.attributes,
    consent = CASE WHEN ct.consent = 'never_asked' THEN $2::consent_state ELSE ct.consent END,
    "consentAt" = CASE WHEN ct.consent = 'never_asked' AND $2::consent_state = 'subscribed' THEN $3::timestamptz ELSE ct."consentAt" END,
    "updatedAt" = now()
  FROM imp_chunk c
  WHERE c.contact_id = ct.id
  RETURNING ct.id
), ev AS (
  INSERT INTO consent_event ("workspaceId", "contactId", state, source, detail, "actorUserId", "importJobId", "occurredAt")
  SELECT $1, c.contact_id, 'subscribed', 'import', $4, $5, $6, $3::timestamptz FROM imp_chunk c JOIN up ON up.id = c.contact_id
  WHERE $2::consent_state = 'subscribed' AND c.prior_consent = 'never_asked'
)
SELECT count(*)::int AS n FROM up`;

/** Suppression lists: $1 workspace, $2 reason, $3 acting user, $4 import job. */
export const MERGE_SUPPRESSIONS = `
WITH ins AS (
  INSERT INTO suppression (id, "workspaceId", phone, reason, "createdById")
  SELECT 'sup_' || md5($4 || phone), $1, phone, $2, $3 FROM imp_chunk
  ON CONFLICT ("workspaceId", phone) DO NOTHING RETURNING phone
), opted AS (
  UPDATE contact ct SET consent = 'unsubscribed', "consentAt" = now(), "updatedAt" = now()
  FROM imp_chunk c WHERE ct."workspaceId" = $1 AND ct.phone = c.phone AND ct.consent <> 'unsubscribed'
  RETURNING ct.id
), ev AS (
  INSERT INTO consent_event ("workspaceId", "contactId", state, source, detail, "actorUserId", "importJobId")
  SELECT $1, id, 'unsubscribed', 'suppression', $2, $3, $4 FROM opted
)
SELECT count(*)::int AS n FROM ins`;

export const INSERT_ROW_ERRORS = `INSERT INTO import_row_error ("importJobId", "rowNumber", reason, raw) SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[])`;

export const MOVE_COUNTERS = `
UPDATE import_job SET "rowsRead" = "rowsRead" + $2, imported = imported + $3, updated = updated + $4, skipped = skipped + $5, invalid = invalid + $6
WHERE id = $1 RETURNING "cancelRequested"`;

// Rule tree → ONE parameterised query. Equality and membership tests use jsonb/array containment
// (@>, &&) so the GIN indexes on contact.attributes (jsonb_path_ops) and contact.tags are used;
// everything the user typed, attribute keys included, travels as a bind parameter.
import { rulesSchema, type Condition, type Group, type Rules } from "./rules";
import { SqlParams, likeEscape } from "./params";

const SENT = ["submitted", "delivered", "read", "unknown"];
const DELIVERED = ["delivered", "read"];
const FIELD_COLUMN = { firstName: `c."firstName"`, lastName: `c."lastName"`, phone: `c.phone`, locale: `c.locale` } as const;

/** A jsonb value as numeric when it is (or spells) a number, else NULL: a stray "n/a" never breaks a count. */
const numeric = (expr: string) =>
  `(CASE WHEN jsonb_typeof(${expr}) = 'number' THEN (${expr})::text::numeric WHEN (${expr}) #>> '{}' ~ '^\\s*-?[0-9]+(\\.[0-9]+)?\\s*$' THEN ((${expr}) #>> '{}')::numeric END)`;
/** Same for dates written as ISO (YYYY-MM-DD, optionally with a time). */
const dated = (expr: string) =>
  `(CASE WHEN (${expr}) #>> '{}' ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' THEN ((${expr}) #>> '{}')::timestamptz END)`;

function attribute(c: Extract<Condition, { kind: "attribute" }>, p: SqlParams): string {
  // The key becomes a parameter only when an operator reads it (containment forms embed it in JSON).
  let k: string | undefined;
  const key = () => (k ??= p.add(c.key, "text"));
  const raw = () => `c.attributes -> ${key()}`;
  const strOf = () => `c.attributes ->> ${key()}`;
  const contains = (v: unknown) => `c.attributes @> ${p.add(JSON.stringify({ [c.key]: v }), "jsonb")}`;
  const values = Array.isArray(c.value) ? c.value : [c.value];
  switch (c.op) {
    case "is_set": return `(${strOf()} IS NOT NULL AND ${strOf()} <> '')`;
    case "is_not_set": return `(${strOf()} IS NULL OR ${strOf()} = '')`;
    case "is_true": return `(${contains(true)} OR ${contains("true")})`;
    case "is_false": return `(${contains(false)} OR ${contains("false")})`;
    case "includes": return `(${values.map((v) => contains([String(v)])).join(" OR ")})`;
    case "not_includes": return `NOT (${values.map((v) => contains([String(v)])).join(" OR ")})`;
  }
  if (c.type === "number") {
    const n = numeric(raw());
    const v = (x: unknown) => p.add(String(x), "numeric");
    switch (c.op) {
      case "equals": return `${n} = ${v(c.value)}`;
      case "not_equals": return `${n} IS DISTINCT FROM ${v(c.value)}`;
      case "gt": return `${n} > ${v(c.value)}`;
      case "gte": return `${n} >= ${v(c.value)}`;
      case "lt": return `${n} < ${v(c.value)}`;
      case "lte": return `${n} <= ${v(c.value)}`;
      case "between": return `${n} BETWEEN ${v(c.value)} AND ${v(c.value2)}`;
    }
  }
  if (c.type === "date") {
    const d = dated(raw());
    const v = (x: unknown) => p.add(String(x), "timestamptz");
    switch (c.op) {
      case "before": return `${d} < ${v(c.value)}`;
      case "after": return `${d} > ${v(c.value)}`;
      case "between": return `${d} BETWEEN ${v(c.value)} AND ${v(c.value2)}`;
      case "within_last_days": return `${d} >= now() - make_interval(days => ${p.add(Number(c.value), "int")})`;
      case "not_within_last_days": return `${d} < now() - make_interval(days => ${p.add(Number(c.value), "int")})`;
    }
  }
  // text
  const str = strOf;
  switch (c.op) {
    case "equals": return contains(String(c.value));
    case "not_equals": return `NOT ${contains(String(c.value))}`;
    case "in": return `(${values.map((v) => contains(String(v))).join(" OR ")})`;
    case "not_in": return `NOT (${values.map((v) => contains(String(v))).join(" OR ")})`;
    case "contains": return `COALESCE(${str()} ILIKE ${p.add(`%${likeEscape(String(c.value))}%`)}, false)`;
    case "not_contains": return `NOT COALESCE(${str()} ILIKE ${p.add(`%${likeEscape(String(c.value))}%`)}, false)`;
    case "starts_with": return `COALESCE(${str()} ILIKE ${p.add(`${likeEscape(String(c.value))}%`)}, false)`;
  }
  throw new Error(`unsupported attribute operator ${c.op}`);
}

function field(c: Extract<Condition, { kind: "field" }>, p: SqlParams): string {
  const col = FIELD_COLUMN[c.field];
  const v = c.value ?? "";
  switch (c.op) {
    case "equals": return c.field === "phone" ? `${col} = ${p.add(v)}` : `lower(${col}) = lower(${p.add(v)})`;
    case "not_equals": return c.field === "phone" ? `${col} <> ${p.add(v)}` : `lower(${col}) IS DISTINCT FROM lower(${p.add(v)})`;
    case "contains": return `COALESCE(${col} ILIKE ${p.add(`%${likeEscape(v)}%`)}, false)`;
    case "starts_with": return `COALESCE(${col} ILIKE ${p.add(`${likeEscape(v)}%`)}, false)`;
    case "is_set": return `(${col} IS NOT NULL AND ${col} <> '')`;
    case "is_not_set": return `(${col} IS NULL OR ${col} = '')`;
  }
}

function engagement(c: Extract<Condition, { kind: "engagement" }>, p: SqlParams, ws: string): string {
  const since = c.withinDays ? ` AND %T >= now() - make_interval(days => ${p.add(c.withinDays, "int")})` : "";
  if (c.event === "replied") {
    // A reply is an inbound message from the contact after it was sent something (by that campaign, when named).
    if (c.campaignId) {
      return `EXISTS (SELECT 1 FROM message m JOIN inbound_message i ON i."contactId" = m."contactId" AND i."receivedAt" >= COALESCE(m."submittedAt", m."createdAt")
        WHERE m."contactId" = c.id AND m."workspaceId" = ${ws} AND m."campaignId" = ${p.add(c.campaignId)}${since.replace("%T", `i."receivedAt"`)})`;
    }
    return `EXISTS (SELECT 1 FROM inbound_message i WHERE i."contactId" = c.id AND i."workspaceId" = ${ws}${since.replace("%T", `i."receivedAt"`)})`;
  }
  const statuses = c.event === "delivered" ? DELIVERED : SENT;
  const campaign = c.campaignId ? ` AND m."campaignId" = ${p.add(c.campaignId)}` : "";
  const sub = `SELECT 1 FROM message m WHERE m."contactId" = c.id AND m."workspaceId" = ${ws}${campaign} AND m.status = ANY(${p.add(statuses, "message_status[]")})${since.replace("%T", `COALESCE(m."submittedAt", m."createdAt")`)}`;
  return c.event === "not_received" ? `NOT EXISTS (${sub})` : `EXISTS (${sub})`;
}

function condition(c: Condition, p: SqlParams, ws: string): string {
  switch (c.kind) {
    case "attribute": return attribute(c, p);
    case "field": return field(c, p);
    case "tag": {
      const tags = Array.isArray(c.value) ? c.value : [c.value];
      switch (c.op) {
        case "has": case "has_all": return `c.tags @> ${p.add(tags, "text[]")}`;
        case "has_not": case "has_none": return `NOT (c.tags && ${p.add(tags, "text[]")})`;
        case "has_any": return `c.tags && ${p.add(tags, "text[]")}`;
      }
      break;
    }
    case "consent": return `${c.op === "not_in" ? "NOT " : ""}(c.consent = ANY(${p.add(c.value, "consent_state[]")}))`;
    case "country": return c.op === "in" ? `c.country = ANY(${p.add(c.value, "text[]")})` : `(c.country IS NULL OR NOT (c.country = ANY(${p.add(c.value, "text[]")})))`;
    case "timeZone":
      if (c.op === "is_set") return `c."timeZone" IS NOT NULL`;
      if (c.op === "is_not_set") return `c."timeZone" IS NULL`;
      return c.op === "in" ? `c."timeZone" = ANY(${p.add(c.value ?? [], "text[]")})` : `(c."timeZone" IS NULL OR NOT (c."timeZone" = ANY(${p.add(c.value ?? [], "text[]")})))`;
    case "handset": return `${c.op === "not_in" ? "NOT " : ""}(c."handsetClass" = ANY(${p.add(c.value, "handset_class[]")}))`;
    case "created":
      if (c.op === "within_last_days") return `c."createdAt" >= now() - make_interval(days => ${p.add(Number(c.value), "int")})`;
      return `c."createdAt" ${c.op === "before" ? "<" : ">"} ${p.add(String(c.value), "timestamptz")}`;
    case "engagement": return engagement(c, p, ws);
  }
  throw new Error("unsupported condition");
}

function group(g: Group, p: SqlParams, ws: string): string {
  const parts = g.children.map((ch) => (ch.kind === "group" ? group(ch, p, ws) : condition(ch, p, ws)));
  // An empty AND matches everyone; an empty OR matches no one (the usual identities).
  const body = parts.length ? parts.map((s) => `(${s})`).join(g.combinator === "and" ? " AND " : " OR ") : g.combinator === "and" ? "TRUE" : "FALSE";
  return g.negate ? `NOT (${body})` : body;
}

export type CompiledSql = { sql: string; params: unknown[] };

/** The predicate alone (over alias `c`), for callers that build their own SELECT. */
export function compileWhere(workspaceId: string, rules: Rules, params: SqlParams): string {
  const parsed = rulesSchema.parse(rules);
  const ws = params.add(workspaceId);
  return `c."workspaceId" = ${ws} AND (${group(parsed, params, ws)})`;
}

/**
 * `SELECT c.id FROM contact c WHERE …` for a rule tree. `firstParam` lets a caller embed it in a
 * larger statement whose own parameters come first (e.g. INSERT … SELECT with $1 = campaign id).
 */
export function compileSegment(workspaceId: string, rules: Rules, opts: { firstParam?: number } = {}): CompiledSql {
  const p = new SqlParams((opts.firstParam ?? 1) - 1);
  const where = compileWhere(workspaceId, rules, p);
  return { sql: `SELECT c.id FROM contact c WHERE ${where}`, params: p.values };
}

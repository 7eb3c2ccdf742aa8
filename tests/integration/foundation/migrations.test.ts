// Drift check: the database that prisma/migrations builds must equal the one prisma/schema.prisma
// describes. (`migrate diff --from-migrations` crashes in Prisma's WebAssembly engine here, so the
// two databases are built side by side and their catalogs compared.)
import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { root } from "../../support/processes";

const stub = path.join(root, "node_modules/.cache/postino/engine-stub");
const prismaBin = path.join(root, "node_modules/.bin/prisma");
const env = (url: string) => ({ ...process.env, DATABASE_URL: url, PRISMA_QUERY_ENGINE_LIBRARY: stub, PRISMA_SCHEMA_ENGINE_BINARY: stub, PRISMA_HIDE_UPDATE_MESSAGE: "1" });

const admin = new URL(process.env.DATABASE_URL!);
admin.pathname = "/postgres";
const created: string[] = [];
const REPLACED_KEYS = [
  ["message_campaignId_fkey", "message_keys_exist"],
  ["message_contactId_fkey", "message_keys_exist"],
  ["message_connectionId_fkey", "message_keys_exist"],
] as const;
/** Partial indexes, which Prisma's schema cannot describe. */
const HAND_MADE_INDEXES = ["consent_event_opt_outs_idx"];

async function scratch(name: string): Promise<string> {
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  await c.query(`drop database if exists "${name}" with (force)`);
  await c.query(`create database "${name}"`);
  await c.end();
  created.push(name);
  const u = new URL(process.env.DATABASE_URL!);
  u.pathname = `/${name}`;
  return u.toString();
}

async function catalog(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const q = async (sql: string) => (await c.query(sql)).rows.map((r) => Object.values(r).join(" | ")).sort();
  const snapshot = {
    columns: await q(`select table_name, column_name, data_type, udt_name, is_nullable, coalesce(column_default, '') from information_schema.columns where table_schema = 'public' and table_name <> '_prisma_migrations'`),
    indexes: await q(`select indexdef from pg_indexes where schemaname = 'public' and tablename <> '_prisma_migrations'`),
    constraints: await q(`select conrelid::regclass::text, conname, pg_get_constraintdef(oid) from pg_constraint where connamespace = 'public'::regnamespace and conrelid::regclass::text <> '_prisma_migrations'`),
    triggers: await q(`select tgname from pg_trigger where not tgisinternal`),
    enums: await q(`select t.typname, string_agg(e.enumlabel, ',' order by e.enumsortorder) from pg_type t join pg_enum e on e.enumtypid = t.oid group by t.typname`),
  };
  await c.end();
  return snapshot;
}

describe("database migrations", () => {
  afterAll(async () => {
    const c = new pg.Client({ connectionString: admin.toString() });
    await c.connect();
    for (const name of created) await c.query(`drop database if exists "${name}" with (force)`);
    await c.end();
  });

  it("build exactly the schema that prisma/schema.prisma describes (no drift)", async () => {
    const fromMigrations = await scratch(`postino_drift_m_${process.pid}`);
    const fromSchema = await scratch(`postino_drift_s_${process.pid}`);
    execFileSync(prismaBin, ["migrate", "deploy"], { cwd: root, env: env(fromMigrations), stdio: "pipe" });
    const sql = execFileSync(prismaBin, ["migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"], { cwd: root, env: env(fromSchema), stdio: "pipe" }).toString();
    const c = new pg.Client({ connectionString: fromSchema });
    await c.connect();
    await c.query(sql);
    await c.end();
    const [a, b] = await Promise.all([catalog(fromMigrations), catalog(fromSchema)]);
    expect(a.columns.length).toBeGreaterThan(50);
    // Keys a migration replaced by statement-level triggers (the schema keeps the relations for queries).
    for (const [key, trigger] of REPLACED_KEYS) {
      expect(b.constraints.some((x) => x.includes(` | ${key} | `)), `${key} is still a relation in the schema`).toBe(true);
      b.constraints = b.constraints.filter((x) => !x.includes(` | ${key} | `));
      expect(a.triggers, `${key} is replaced by trigger ${trigger}`).toContain(trigger);
    }
    for (const name of HAND_MADE_INDEXES) {
      expect(a.indexes.filter((x) => x.includes(`INDEX ${name} ON`) && x.includes(" WHERE ")), `${name} is made by a migration`).toHaveLength(1);
      a.indexes = a.indexes.filter((x) => !x.includes(`INDEX ${name} ON`));
    }
    delete (a as Partial<typeof a>).triggers;
    delete (b as Partial<typeof b>).triggers;
    // Extra objects a migration adds by hand (triggers, partial indexes) are allowed only if listed above.
    expect(a, "prisma/schema.prisma has changes that no migration makes (create one with scripts/new-migration.mjs)").toEqual(b);
  });
});

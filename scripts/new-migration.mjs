// Writes prisma/migrations/<timestamp>_<name>/migration.sql for the changes made to
// prisma/schema.prisma since the last commit (or since --from FILE).
//   node scripts/new-migration.mjs add_contact_notes [--from old-schema.prisma]
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { prismaEnv, root, fail, log } from "./lib/services.mjs";

const [name, flag, fromFile] = process.argv.slice(2);
if (!name || !/^[a-z0-9_]+$/.test(name)) fail("usage: node scripts/new-migration.mjs snake_case_name [--from old-schema.prisma]");
let base = fromFile;
if (flag !== "--from") {
  base = path.join(root, ".tmp", "schema-head.prisma");
  mkdirSync(path.dirname(base), { recursive: true });
  writeFileSync(base, execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], { cwd: root }));
}
const sql = execFileSync(path.join(root, "node_modules/.bin/prisma"),
  ["migrate", "diff", "--from-schema-datamodel", base, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  { cwd: root, env: prismaEnv({ DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://unused@127.0.0.1/unused" }) }).toString();
if (!sql.split("\n").some((l) => l.trim() && !l.startsWith("--"))) fail("no schema changes to migrate");
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(root, "prisma/migrations", `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
log(`wrote ${path.relative(root, dir)}/migration.sql`);

// Runs one scenario in its own process (clean heap, its own peak RSS) and prints its metrics.
import path from "node:path";
import { pathToFileURL } from "node:url";

export type Metric = {
  metric: string;
  value: number;
  unit: string;
  /** The raw floor this figure is judged against, measured in the same run. */
  floor?: { metric: string; value: number; unit: string };
  /** The bar an issue sets, in words (e.g. "≥ 20,000/s"). */
  bar?: string;
};

const name = process.argv[2];
if (!name) throw new Error("usage: tsx bench/run-scenario.ts NAME");
const mod = (await import(pathToFileURL(path.resolve(import.meta.dirname, "scenarios", `${name}.ts`)).href)) as { run: () => Promise<Metric[]> };
const top = Number(process.env.BENCH_PG_STATEMENTS ?? 0);
if (top) await pgStatements("reset");
const metrics = await mod.run();
if (top) await pgStatements("report", top);
process.stdout.write(`\nBENCH_RESULT ${JSON.stringify(metrics)}\n`);
process.exit(0);

/** BENCH_PG_STATEMENTS=N: pg_stat_statements reset before the scenario, its top N printed after it. */
async function pgStatements(what: "reset" | "report", top = 0): Promise<void> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    if (what === "reset") {
      await client.query("SELECT pg_stat_statements_reset()");
      return;
    }
    const { rows } = await client.query(
      `SELECT round(total_exec_time)::int AS ms, calls, rows, round((total_exec_time / GREATEST(calls, 1))::numeric, 3) AS per_call,
              wal_records, left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query
         FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT $1`,
      [top],
    );
    console.error(`PostgreSQL's top ${top} statements by execution time:`);
    for (const r of rows) console.error(`${String(r.ms).padStart(8)} ms ${String(r.calls).padStart(7)} calls ${String(r.rows).padStart(9)} rows ${String(r.wal_records).padStart(9)} wal  ${r.query}`);
  } finally {
    await client.end();
  }
}

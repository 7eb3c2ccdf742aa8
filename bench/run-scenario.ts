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
const metrics = await mod.run();
process.stdout.write(`\nBENCH_RESULT ${JSON.stringify(metrics)}\n`);
process.exit(0);

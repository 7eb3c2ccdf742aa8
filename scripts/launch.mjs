// How Postino's long-running node services start (workers, the inbound gateway, the MMSC simulator), the same
// way for npm start, `npm run workers|gateway|mmsc`, the tests and the bench:
//   node [WORKER_NODE_FLAGS for workers] scripts/launch.mjs <service>/main.ts
// bundles the entry and what it imports from the project into one ES module (esbuild; packages stay in
// node_modules) and runs it in this process. tsx as a loader keeps its transpiler on a thread of its own for the
// life of a process and wraps functions for their names: an idle worker held 177 MB RSS under tsx and 127 MB as a
// bundle (its bar is 300 MB), and the simulator took 10 % more SubmitReq/s as a bundle. Stack traces name the
// bundle's lines; each file's code follows a "// lib/…/file.ts" comment there.
import { buildSync } from "esbuild";
import { mkdirSync, renameSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * Node flags of worker processes. V8's default heap limit (about 2 GB here) lets a worker's RSS float far above
 * what it holds: an import or a campaign's dispatch churns through short-lived rows and buffers, and old space
 * grew to 350–440 MB before a full collection. Capped, the collector runs sooner; a worker holds well under this
 * (a 1,000,000-row import ran with 96 MB). Media bytes are Buffers, outside this heap.
 */
export const WORKER_NODE_FLAGS = ["--max-old-space-size=192"];

/** The entries launch.mjs runs: Postino's long-running node services. */
export const SERVICE_ENTRIES = ["workers/main.ts", "gateway/main.ts", "mmsc/main.ts"];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Bundles `entry` (a path from the project root, e.g. "workers/main.ts") into .tmp/bundles/ (about 0.1 s); returns the bundle's path. */
export function buildBundle(entry) {
  const dir = path.join(root, ".tmp", "bundles");
  mkdirSync(dir, { recursive: true });
  const out = path.join(dir, `${entry.replace(/\.ts$/, "").replace(/[\\/]/g, "-")}.mjs`);
  // Processes started together each build: written aside and renamed, so none ever runs a half-written file.
  const tmp = `${out}.${process.pid}.${Date.now()}.tmp`;
  buildSync({
    entryPoints: [path.join(root, entry)],
    outfile: tmp,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    tsconfig: path.join(root, "tsconfig.json"),
    logLevel: "warning",
  });
  renameSync(tmp, out);
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const entry = process.argv[2];
  if (!SERVICE_ENTRIES.includes(entry)) {
    console.error(`usage: node scripts/launch.mjs <entry>, where <entry> is one of ${SERVICE_ENTRIES.join(", ")}`);
    process.exit(2);
  }
  await import(pathToFileURL(buildBundle(entry)).href);
}

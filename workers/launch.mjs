// How a worker process starts, the same way for npm start, `npm run workers`, the tests and the bench:
//   node <WORKER_NODE_FLAGS> workers/launch.mjs
// bundles workers/main.ts and what it imports from the project into one ES module (esbuild, packages left to
// node_modules) and runs it in this process (stack traces name the bundle's lines; each file's code follows a
// "// lib/…/file.ts" comment there). tsx as a loader keeps its transpiler on a thread of its own for the
// life of the process: 50 MB of a worker's RSS (177 → 127 MB idle), against a 300 MB bar, and twice the start-up.
import { buildSync } from "esbuild";
import { mkdirSync, renameSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * V8's default heap limit (about 2 GB here) lets a worker's RSS float far above what it holds: an import or a
 * campaign's dispatch churns through short-lived rows and buffers, and old space grew to 350–440 MB before a full
 * collection. Capped, the collector runs sooner; a worker holds well under this (a 1,000,000-row import ran with
 * 96 MB). Media bytes are Buffers, outside this heap.
 */
export const WORKER_NODE_FLAGS = ["--max-old-space-size=192"];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Bundles workers/main.ts into .tmp/workers/ (about 0.1 s) and returns the bundle's path. */
export function buildWorkerBundle() {
  const dir = path.join(root, ".tmp", "workers");
  mkdirSync(dir, { recursive: true });
  const out = path.join(dir, "main.mjs");
  // Processes started together each build: written aside and renamed, so none ever runs a half-written file.
  const tmp = path.join(dir, `main.${process.pid}.${Date.now()}.mjs`);
  buildSync({
    entryPoints: [path.join(root, "workers/main.ts")],
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
  await import(pathToFileURL(buildWorkerBundle()).href);
}

// Every way of starting a worker process runs it with the same node flags (workers/node-flags.mjs).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { WORKER_NODE_FLAGS } from "../../workers/node-flags.mjs";

const root = path.resolve(import.meta.dirname, "../..");

describe("worker node flags", () => {
  it("are in `npm run workers` and in npm start's worker command", () => {
    const script = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).scripts.workers as string;
    for (const flag of WORKER_NODE_FLAGS) expect(script.split(" ")).toContain(flag);
    expect(readFileSync(path.join(root, "scripts/start.mjs"), "utf8")).toContain(`startChild("workers", [...WORKER_NODE_FLAGS`);
  });
});

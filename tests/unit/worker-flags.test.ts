// Every way of starting a worker process runs it the same way: node with the flags in scripts/launch.mjs,
// running the workers' bundle that launch.mjs builds.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { WORKER_NODE_FLAGS } from "../../scripts/launch.mjs";

const root = path.resolve(import.meta.dirname, "../..");

describe("worker node flags", () => {
  it("are in `npm run workers` and in npm start's worker command", () => {
    const script = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).scripts.workers as string;
    expect(script).toBe(`node ${WORKER_NODE_FLAGS.join(" ")} scripts/launch.mjs workers/main.ts`);
    expect(readFileSync(path.join(root, "scripts/start.mjs"), "utf8")).toContain(`startChild("workers", [...WORKER_NODE_FLAGS, "scripts/launch.mjs", "workers/main.ts"])`);
  });
});

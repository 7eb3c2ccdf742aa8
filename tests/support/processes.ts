// Real child processes for integration tests (workers, gateway, simulator), with the test's env.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { WORKER_NODE_FLAGS } from "../../scripts/launch.mjs";

export const root = path.resolve(import.meta.dirname, "../..");

export type Proc = { child: ChildProcess; output: () => string; stop: (signal?: NodeJS.Signals) => Promise<number | null> };

/** Starts `tsx <entry>` and resolves once `readyPattern` appears in its output. */
export async function startProcess(entry: string, opts: { env?: Record<string, string>; readyPattern?: RegExp; timeoutMs?: number; nodeArgs?: string[] } = {}): Promise<Proc> {
  // Services start as they do in production: plain node running their bundle (scripts/launch.mjs), in this one
  // process, so a test that SIGKILLs it kills the real worker, not a wrapper.
  const args = [...(entry === "workers/main.ts" ? WORKER_NODE_FLAGS : []), ...(opts.nodeArgs ?? []), path.join(root, "scripts/launch.mjs"), entry];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: "info", ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const ready = opts.readyPattern ?? /ready/;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} not ready after ${opts.timeoutMs ?? 30_000} ms:\n${out}`)), opts.timeoutMs ?? 30_000);
    const check = () => {
      if (ready.test(out)) { clearTimeout(timer); resolve(); }
    };
    child.stdout!.on("data", check);
    child.stderr!.on("data", check);
    child.once("exit", (code) => { clearTimeout(timer); reject(new Error(`${entry} exited with ${code} before ready:\n${out}`)); });
  });
  return {
    child,
    output: () => out,
    stop: (signal = "SIGTERM") =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        child.once("exit", (code) => resolve(code));
        child.kill(signal);
      }),
  };
}

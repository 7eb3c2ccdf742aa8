// Child processes for benchmark scenarios: servers and load generators run in their own processes,
// so the figure measured is the server's, not a shared event loop's.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SERVICE_ENTRIES } from "../../scripts/launch.mjs";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const TSX = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Starts `tsx ...args` and resolves once its output matches `ready`. */
export function start(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; out: () => string }> {
  // A service starts as in production (scripts/launch.mjs runs its bundle); the bench's own roles run under tsx.
  const argv = SERVICE_ENTRIES.includes(args[0]!) ? [path.join(ROOT, "scripts/launch.mjs"), ...args] : [TSX, ...args];
  const child = spawn(process.execPath, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`not ready: ${args.join(" ")}\n${out}`)), 60_000);
    const check = () => ready.test(out) && (clearTimeout(t), resolve({ child, out: () => out }));
    child.stdout!.on("data", check);
    child.stderr!.on("data", check);
    child.once("exit", (code) => (clearTimeout(t), reject(new Error(`exited ${code}: ${args.join(" ")}\n${out}`))));
  });
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

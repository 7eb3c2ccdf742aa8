// The production web app (built by scripts/test.mjs before the e2e tier) on a free port.
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { root } from "./processes";

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export async function startWebApp(env: Record<string, string> = {}): Promise<{ url: string; stop: () => Promise<void>; output: () => string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", APP_URL: url, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited:\n${out}`);
    try {
      const res = await fetch(`${url}/sign-in`);
      if (res.ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`next start not ready:\n${out}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    output: () => out,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    }),
  };
}

// The real moving parts of a campaign for integration tests: the MMSC simulator, the inbound
// gateway and worker processes, each its own process, wired to one carrier connection.
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { db } from "@/lib/db/client";
import { pgPool } from "@/lib/db/pg";
import type { MemberContext } from "@/lib/auth/context";
import { createWorkspace } from "../../support/fixtures";
import { startProcess, type Proc } from "../../support/processes";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

export const tmpDir = (name: string) => {
  const d = path.join(process.env.POSTINO_TMP ?? "/tmp", `${name}-${randomBytes(3).toString("hex")}`);
  mkdirSync(d, { recursive: true });
  return d;
};

export type Stack = {
  ctx: MemberContext;
  workspaceId: string;
  connectionId: string;
  mmscUrl: string;
  mmsc: Proc;
  gateway: Proc;
  workers: Proc[];
  workerEnv: Record<string, string>;
  startWorker: () => Promise<Proc>;
  mmscAdmin: <T = unknown>(p: string, init?: { method?: string; body?: unknown }) => Promise<T>;
  stop: () => Promise<void>;
};

export async function startStack(opts: { faults?: Record<string, unknown>; workers?: number; workerEnv?: Record<string, string>; maxPerSecond?: number; timeoutMs?: number; mmscEnv?: Record<string, string> } = {}): Promise<Stack> {
  const { workspaceId, user, workspace } = await createWorkspace();
  await db.workspace.update({ where: { id: workspaceId }, data: { timeZone: "Europe/Rome" } });
  const ctx: MemberContext = { user: { id: user.id, name: user.name, email: user.email }, workspaceId, workspaceName: workspace.name, role: "owner" };
  const [mmscPort, gwPort] = [await freePort(), await freePort()];
  const mmscUrl = `http://127.0.0.1:${mmscPort}`;
  const secret = randomBytes(12).toString("hex");
  const conn = await db.carrierConnection.create({
    data: {
      workspaceId, name: "Simulator", url: `${mmscUrl}/mm7`, username: "postino", password: "vasp-pw", vaspId: "POSTINO", vasId: "CAMPAIGNS",
      senderAddress: "12345", senderType: "shortcode", maxPerSecond: opts.maxPerSecond ?? 5_000, timeoutMs: opts.timeoutMs ?? 1_000,
      inboundUsername: "mmsc", inboundSecretHash: createHash("sha256").update(secret).digest("hex"),
    },
  });
  const mmsc = await startProcess("mmsc/main.ts", {
    readyPattern: /mmsc ready/,
    env: {
      MMSC_PORT: String(mmscPort), MMSC_HOST: "127.0.0.1", MMSC_DATA_DIR: tmpDir("mmsc"), MMSC_AUTO_FETCH_MS: "20",
      MMSC_VASPS: JSON.stringify([{ vaspId: "POSTINO", vasId: "CAMPAIGNS", username: "postino", password: "vasp-pw", deliverUrl: `http://127.0.0.1:${gwPort}/mm7/${conn.id}`, deliverUsername: "mmsc", deliverPassword: secret }]),
      ...(opts.faults ? { MMSC_FAULTS: JSON.stringify(opts.faults) } : {}),
      ...opts.mmscEnv,
    },
  });
  const gateway = await startProcess("gateway/main.ts", { readyPattern: /gateway ready/, env: { GATEWAY_PORT: String(gwPort) } });
  const workerEnv = { DISPATCH_LOCK_MS: "3000", CAMPAIGN_SWEEP_MS: "2000", DISPATCH_JOBS: "6", DISPATCH_CHUNK: "20", DISPATCH_RETRY_BASE_MS: "300", ...opts.workerEnv };
  const workers: Proc[] = [];
  const startWorker = async () => {
    const w = await startProcess("workers/main.ts", { readyPattern: /workers ready/, env: workerEnv, timeoutMs: 120_000 });
    workers.push(w);
    return w;
  };
  for (let i = 0; i < (opts.workers ?? 1); i++) await startWorker();
  const mmscAdmin = async <T,>(p: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
    const res = await fetch(`${mmscUrl}${p}`, { method: init.method ?? "GET", headers: { "content-type": "application/json" }, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
    if (!res.ok) throw new Error(`mmsc admin ${p}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    ctx, workspaceId, connectionId: conn.id, mmscUrl, mmsc, gateway, workers, workerEnv, startWorker, mmscAdmin,
    stop: async () => {
      await Promise.all(workers.map((w) => w.stop("SIGKILL")));
      await gateway.stop("SIGKILL");
      await mmsc.stop("SIGKILL");
    },
  };
}

/** `n` contacts in one INSERT … SELECT generate_series; phones never end in 8 or 9 (the simulator's small and legacy phones). */
export async function seedContacts(workspaceId: string, n: number, opts: { tokyoEvery?: number; optedOutEvery?: number } = {}): Promise<void> {
  await pgPool().query(
    `INSERT INTO contact ("workspaceId", phone, "firstName", "timeZone", consent, "updatedAt")
     SELECT $1, '+3933' || lpad(g::text, 6, '0') || (g % 8)::text, 'Name' || g,
            CASE WHEN $3::int > 0 AND g % $3::int = 0 THEN 'Asia/Tokyo' END,
            CASE WHEN $4::int > 0 AND g % $4::int = 1 THEN 'unsubscribed'::consent_state ELSE 'subscribed'::consent_state END, now()
       FROM generate_series(1, $2::int) AS g`,
    [workspaceId, n, opts.tokyoEvery ?? 0, opts.optedOutEvery ?? 0],
  );
}

export async function everyoneSegment(workspaceId: string): Promise<string> {
  const s = await db.segment.create({ data: { workspaceId, name: "Everyone", rules: { kind: "group", combinator: "and", children: [{ kind: "consent", op: "in", value: ["subscribed", "unsubscribed", "never_asked"] }] } } });
  return s.id;
}

export async function textCampaign(workspaceId: string, connectionId: string, segmentId: string, extra: Record<string, unknown> = {}) {
  return db.campaign.create({
    data: {
      workspaceId, name: "Saldi", connectionId, messageClass: "advertisement", subject: "Saldi {{ first_name }}",
      slides: [{ id: "s1", text: "Ciao {{ first_name | default: \"amico\" }}, i saldi sono iniziati!" }],
      audience: { segmentIds: [segmentId], excludeSegmentIds: [], contactIds: [], numbers: [] },
      ...extra,
    },
  });
}

export async function statusCounts(campaignId: string): Promise<Record<string, number>> {
  const { rows } = await pgPool().query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM message WHERE "campaignId" = $1 GROUP BY status`, [campaignId]);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 250): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export function writeClock(file: string, iso: string): void {
  writeFileSync(file, iso);
}

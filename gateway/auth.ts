// Per-connection Basic auth for the carrier-facing gateway. Credentials are cached a few seconds so
// a burst of reports costs one SELECT, and a rotated secret takes effect within that window.
import { createHash, timingSafeEqual } from "node:crypto";
import { pgPool } from "@/lib/db/pg";

export type GatewayConnection = { id: string; workspaceId: string; namespace: string; mm7Version: string; usePrefix: boolean; inboundUsername: string; inboundSecretHash: Buffer };

const TTL_MS = 5_000;
const cache = new Map<string, { at: number; conn: GatewayConnection | null }>();
/** Authorization header values already verified for a connection: skips the hash on keep-alive bursts. */
const verified = new Map<string, { at: number; header: string }>();

async function lookup(id: string): Promise<GatewayConnection | null> {
  const hit = cache.get(id);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.conn;
  const { rows } = await pgPool().query(
    `SELECT id, "workspaceId", namespace, "mm7Version", "usePrefix", "inboundUsername", "inboundSecretHash" FROM carrier_connection WHERE id = $1`,
    [id],
  );
  const r = rows[0];
  const conn: GatewayConnection | null = r ? { ...r, inboundSecretHash: Buffer.from(r.inboundSecretHash, "hex") } : null;
  if (cache.size > 10_000) cache.clear();
  cache.set(id, { at: Date.now(), conn });
  verified.delete(id);
  return conn;
}

function sha256(s: string): Buffer {
  return createHash("sha256").update(s, "utf8").digest();
}

/** The connection when the header's credentials match it; null otherwise (unknown id and wrong password look the same). */
export async function authenticate(id: string, header: string | undefined): Promise<GatewayConnection | null> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id) || !header) return null;
  const conn = await lookup(id);
  if (!conn) return null;
  const v = verified.get(id);
  if (v && v.header === header && Date.now() - v.at < TTL_MS) return conn;
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!m) return null;
  const decoded = Buffer.from(m[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  const userOk = timingSafeEqual(sha256(decoded.slice(0, colon)), sha256(conn.inboundUsername));
  const secret = sha256(decoded.slice(colon + 1));
  const secretOk = conn.inboundSecretHash.length === secret.length && timingSafeEqual(secret, conn.inboundSecretHash);
  if (!(userOk && secretOk)) return null;
  verified.set(id, { at: Date.now(), header });
  return conn;
}

// Carrier connections: what Settings › Carrier connections edits. Every function takes the
// workspace id from the caller's MemberContext and scopes by it; outbound passwords and the
// inbound secret never leave this module (the secret is shown once, then only its hash exists).
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { config } from "@/lib/config";
import { db, Prisma, type CarrierConnection } from "@/lib/db/client";
import { badRequest, notFound } from "@/lib/http/errors";
import { MM7_NAMESPACES } from "@/lib/mms";
import { getConnector, type ConnectionConfig } from "./connector";

const retryTable = z.record(z.string().regex(/^(\d{4}|client|server|service)$/, "use a 4-digit MM7 status code"), z.enum(["retry", "permanent"]));

export const connectionInput = z.object({
  name: z.string().trim().min(1, "Give the connection a name").max(100),
  url: z.string().trim().url("The MMSC URL must be a full http(s):// address").refine((u) => /^https?:/i.test(u), "The MMSC URL must start with http:// or https://"),
  username: z.string().trim().max(200).optional().nullable(),
  /** Omitted on edit = keep the stored password. */
  password: z.string().max(200).optional().nullable(),
  vaspId: z.string().trim().min(1, "The VASP ID is given by the carrier").max(100),
  vasId: z.string().trim().max(100).optional().nullable(),
  namespace: z.enum(MM7_NAMESPACES).default("REL-6-MM7-1-4"),
  mm7Version: z.string().trim().regex(/^\d+\.\d+\.\d+$/, "MM7 version looks like 6.8.0").default("6.8.0"),
  usePrefix: z.boolean().default(true),
  senderAddress: z.string().trim().min(1, "Enter the sender number or short code").max(40),
  senderType: z.enum(["number", "shortcode"]).default("number"),
  maxPerSecond: z.number().int().min(1).max(5000).default(50),
  maxMessageBytes: z.number().int().min(10_000).max(5_000_000).default(307_200),
  timeoutMs: z.number().int().min(1000).max(120_000).default(15_000),
  retryTable: retryTable.default({}),
});
export type ConnectionInput = z.input<typeof connectionInput>;

export type PublicConnection = Omit<CarrierConnection, "password" | "inboundSecretHash"> & { hasPassword: boolean; inboundUrl: string };
export type InboundCredentials = { url: string; username: string; secret: string };

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function inboundUrlOf(id: string): string {
  return `${config().GATEWAY_URL.replace(/\/$/, "")}/mm7/${id}`;
}

function toPublic(c: CarrierConnection): PublicConnection {
  const { password, inboundSecretHash: _h, ...rest } = c;
  return { ...rest, hasPassword: !!password, inboundUrl: inboundUrlOf(c.id) };
}

function newSecret() {
  const secret = randomBytes(24).toString("base64url");
  return { secret, hash: hashSecret(secret) };
}

function newId(): string {
  // Same alphabet and length class as Prisma's cuid, but known before the INSERT (the simulator needs it).
  return "c" + randomBytes(12).toString("hex");
}

export async function listConnections(workspaceId: string): Promise<PublicConnection[]> {
  const rows = await db.carrierConnection.findMany({ where: { workspaceId }, orderBy: { createdAt: "asc" } });
  return rows.map(toPublic);
}

async function owned(workspaceId: string, id: string): Promise<CarrierConnection> {
  const row = await db.carrierConnection.findFirst({ where: { id, workspaceId } });
  if (!row) throw notFound("This carrier connection");
  return row;
}

export async function getConnection(workspaceId: string, id: string): Promise<PublicConnection> {
  return toPublic(await owned(workspaceId, id));
}

/** For workers: the wire configuration of one connection (no workspace in scope there; ids come from our own rows). */
export async function loadConnectionConfig(id: string): Promise<(ConnectionConfig & { workspaceId: string }) | null> {
  return db.carrierConnection.findUnique({ where: { id } });
}

type SimulatorSetup = { url: string; username: string; password: string };

/** Registers the VASP account with the built-in MMSC simulator, delivering back to our gateway. */
async function registerWithSimulator(id: string, c: { vaspId: string; vasId?: string | null }, inbound: { username: string; secret: string }): Promise<SimulatorSetup> {
  const base = config().MMSC_URL.replace(/\/$/, "");
  const account = { username: `vasp-${id.slice(-10)}`, password: randomBytes(18).toString("base64url") };
  let res: Response;
  try {
    res = await fetch(`${base}/admin/vasps`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ vaspId: c.vaspId, vasId: c.vasId ?? undefined, ...account, deliverUrl: inboundUrlOf(id), deliverUsername: inbound.username, deliverPassword: inbound.secret }),
      signal: AbortSignal.timeout(5_000),
    });
  } catch {
    throw badRequest(`The built-in simulator is not reachable at ${base}. Start it with "npm run mmsc" and try again.`);
  }
  if (!res.ok) throw badRequest(`The built-in simulator refused the account (HTTP ${res.status}).`);
  return { url: `${base}/mm7`, ...account };
}

export async function createConnection(
  workspaceId: string,
  input: ConnectionInput,
  opts: { useSimulator?: boolean } = {},
): Promise<{ connection: PublicConnection; inbound: InboundCredentials }> {
  const data = connectionInput.parse(input);
  const id = newId();
  const { secret, hash } = newSecret();
  const inboundUsername = `postino-${randomBytes(4).toString("hex")}`;
  let wire = { url: data.url, username: data.username ?? null, password: data.password ?? null };
  if (opts.useSimulator) wire = await registerWithSimulator(id, data, { username: inboundUsername, secret });
  const row = await db.carrierConnection.create({
    data: { ...data, ...wire, id, workspaceId, retryTable: data.retryTable as Prisma.InputJsonValue, inboundUsername, inboundSecretHash: hash },
  });
  return { connection: toPublic(row), inbound: { url: inboundUrlOf(id), username: inboundUsername, secret } };
}

export async function updateConnection(workspaceId: string, id: string, input: ConnectionInput): Promise<PublicConnection> {
  const current = await owned(workspaceId, id);
  const data = connectionInput.parse(input);
  const row = await db.carrierConnection.update({
    where: { id: current.id },
    data: { ...data, password: data.password === undefined ? current.password : data.password, retryTable: data.retryTable as Prisma.InputJsonValue },
  });
  return toPublic(row);
}

export async function deleteConnection(workspaceId: string, id: string): Promise<void> {
  const current = await owned(workspaceId, id);
  await db.carrierConnection.delete({ where: { id: current.id } });
}

/** A new inbound secret (the old one stops working at once, after the gateway's few-second cache). */
export async function rotateInboundSecret(workspaceId: string, id: string): Promise<InboundCredentials> {
  const current = await owned(workspaceId, id);
  const { secret, hash } = newSecret();
  await db.carrierConnection.update({ where: { id: current.id }, data: { inboundSecretHash: hash } });
  return { url: inboundUrlOf(id), username: current.inboundUsername, secret };
}

/** Points an existing connection at the built-in simulator (new inbound secret, registered with it). */
export async function useSimulator(workspaceId: string, id: string): Promise<{ connection: PublicConnection; inbound: InboundCredentials }> {
  const current = await owned(workspaceId, id);
  const { secret, hash } = newSecret();
  const wire = await registerWithSimulator(id, current, { username: current.inboundUsername, secret });
  const row = await db.carrierConnection.update({ where: { id }, data: { ...wire, inboundSecretHash: hash } });
  return { connection: toPublic(row), inbound: { url: inboundUrlOf(id), username: current.inboundUsername, secret } };
}

export async function testConnection(workspaceId: string, id: string): Promise<{ ok: boolean; detail: string; ms: number; at: Date }> {
  const current = await owned(workspaceId, id);
  const result = await getConnector(current).test();
  const at = new Date();
  await db.carrierConnection.update({ where: { id }, data: { lastTestAt: at, lastTestResult: result } });
  return { ...result, at };
}

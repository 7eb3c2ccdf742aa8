// Server-side client of the MMSC simulator's admin API (the browser never talks to the simulator directly).
import { config } from "@/lib/config";
import { AppError, badRequest, notFound } from "@/lib/http/errors";

export type PhoneProfile = { name: string; kind: "mms" | "legacy" | "off" | "unknown" | "deferring"; maxBytes: number; contentClass: string; accept: string[]; uaProf?: string };
export type PhoneAlert = {
  messageId: string;
  at: string;
  state: string;
  note?: string;
  read: boolean;
  subject?: string;
  notification: {
    type: string;
    transactionId?: string;
    from?: string;
    subject?: string;
    messageClass?: string;
    contentClass?: string;
    messageSize?: number;
    expiry?: string;
    contentLocation?: string;
    deliveryReport?: boolean;
  };
};
export type PhoneSms = { messageId: string; at: string; state: string; from: string; text: string; link?: string };
export type PhoneReply = { id: string; at: string; to: string; text?: string; image?: { contentType: string; size: number }; linkedId?: string; delivery: "queued" | "delivered" | "failed"; failure?: string };
export type PhoneView = { msisdn: string; profile: PhoneProfile; alerts: PhoneAlert[]; sms: PhoneSms[]; replies: PhoneReply[] };

export type MediaRef = { part: number; contentType: string };
export type MessageView = {
  id: string;
  from: string;
  subject?: string;
  at: string;
  expiry: string;
  size: number;
  messageClass: string;
  contentClass: string;
  state?: string;
  read: boolean;
  adaptation: string[];
  rejected?: string;
  slides: Array<{ durationMs?: number; image?: MediaRef; video?: MediaRef; audio?: MediaRef; text?: string }>;
  parts: Array<{ part: number; contentType: string; size: number; name?: string }>;
};
export type ReplyInput = { to?: string; text?: string; imageBase64?: string; imageType?: string };

const unavailable = () => new AppError(502, "simulator_unavailable", "The MMSC simulator is not reachable. Is it running (npm run mmsc)?");

async function call(path: string, init: { method?: string; json?: unknown } = {}): Promise<Response> {
  const token = process.env.MMSC_ADMIN_TOKEN;
  let res: Response;
  try {
    res = await fetch(`${config().MMSC_URL.replace(/\/+$/, "")}/admin${path}`, {
      method: init.method ?? (init.json !== undefined ? "POST" : "GET"),
      headers: { ...(init.json !== undefined ? { "content-type": "application/json" } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
      cache: "no-store",
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    throw unavailable();
  }
  if (res.ok) return res;
  const message = ((await res.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message;
  if (res.status === 404) throw notFound("This message");
  if (res.status === 400 || res.status === 409) throw badRequest(message ?? "The simulator refused this request.");
  throw unavailable();
}

const enc = encodeURIComponent;

export async function fetchPhone(msisdn: string): Promise<PhoneView> {
  return (await call(`/phones/${enc(msisdn)}`)).json() as Promise<PhoneView>;
}

/** The handset opens a message: it fetches it first if it has not yet (delivery report follows). */
export async function openMessage(msisdn: string, messageId: string): Promise<MessageView> {
  return (await call(`/phones/${enc(msisdn)}/open/${enc(messageId)}`, { json: {} })).json() as Promise<MessageView>;
}

export async function markRead(msisdn: string, messageId: string): Promise<{ read: boolean; readReplyRequested: boolean }> {
  return (await call(`/phones/${enc(msisdn)}/read/${enc(messageId)}`, { json: {} })).json() as Promise<{ read: boolean; readReplyRequested: boolean }>;
}

/** Bytes of one part as this handset received it (adapted). */
export async function fetchPart(msisdn: string, messageId: string, n: number): Promise<{ contentType: string; body: ArrayBuffer }> {
  const res = await call(`/messages/${enc(messageId)}/parts/${n}?to=${enc(msisdn)}`);
  return { contentType: res.headers.get("content-type") ?? "application/octet-stream", body: await res.arrayBuffer() };
}

export async function sendReply(msisdn: string, input: ReplyInput): Promise<{ id: string; linkedId?: string; to: string; delivery: string }> {
  return (await call(`/phones/${enc(msisdn)}/reply`, { json: input })).json() as Promise<{ id: string; linkedId?: string; to: string; delivery: string }>;
}

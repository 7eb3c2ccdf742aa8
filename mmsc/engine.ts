// The store-and-forward core, modelled on Mbuni's MMSC: accept (durably) -> per recipient, by handset profile:
// notify (WAP push with m-notification-ind) and let the handset fetch + acknowledge, or send legacy handsets an SMS
// with a web-view link -> report back to the VASP (DeliveryReportReq / ReadReplyReq) -> expire what is never fetched.
// All state is rebuilt from the ledger at start; nothing here reads Postino's database.
import { randomBytes } from "node:crypto";
import {
  DecodedBodies,
  buildSmil,
  buildWapPush,
  encodePdu,
  type MimeEntity,
  type Mm7Address,
  type Mm7DeliverReq,
  type Mm7Message,
  type Mm7MmStatus,
  type Mm7SubmitReq,
  type MmsPdu,
} from "@/lib/mms";
import { childLogger } from "@/lib/log";
import { adaptFor, fitsAsIs, type Adapted } from "./adapt";
import type { MmscConfig } from "./config";
import { contentClassOf, isTextOnly, leaves, loadEntity, plainText, storedSize, storeEntity, toPduBody, type StoredEntity } from "./content";
import type { Faults } from "./faults";
import { Outbound, reviveMessage, type OutItem } from "./outbound";
import { intern, internRecord } from "./intern";
import type { HandsetProfile, ProfileBook } from "./profiles";
import type { BlobStore } from "./store/blobs";
import type { Ledger } from "./store/ledger";
import type { VaspAccount, VaspRegistry } from "./vasps";

const log = childLogger("mmsc");

export type RcptState = "notified" | "deferred" | "retrieved" | "rejected" | "expired" | "unrecognised" | "legacy" | "sms" | "cancelled";
export type Rcpt = { to: string; state: RcptState; at: number; note?: string; read?: boolean };
export type StoredMessage = {
  id: string;
  at: number;
  vaspId: string;
  tid: string;
  from: Mm7Address;
  subject?: string;
  cls: string;
  priority?: string;
  expiry: number;
  dr: boolean;
  rr: boolean;
  linkedId?: string;
  content: StoredEntity;
  size: number;
  contentClass: string;
  textOnly: boolean;
  rcpts: Rcpt[];
  cancelled?: boolean;
};
export type MoMessage = {
  id: string;
  at: number;
  from: string;
  to: string;
  vaspId: string;
  text?: string;
  image?: { hash: string; ct: string; size: number };
  linkedId?: string;
  oid?: string;
  delivery: "queued" | "delivered" | "failed";
  failure?: string;
};
export type Phone = { inbox: Array<{ id: string; idx: number }>; mo: MoMessage[] };

const WAITING: ReadonlySet<RcptState> = new Set(["notified", "deferred"]);
const INBOX_CAP = 200;

/** xs:duration ("P1DT2H", "PT30M") -> seconds; undefined when unreadable. */
export function durationSeconds(d: string): number | undefined {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(d.trim());
  if (!m) return undefined;
  const [, y, mo, w, dd, h, mi, s] = m.map((x) => (x ? Number(x) : 0));
  return (((y * 365 + mo * 30 + w * 7 + dd) * 24 + h) * 60 + mi) * 60 + s;
}

export function plmn(a: Mm7Address): string {
  return a.kind === "number" ? `${a.value}/TYPE=PLMN` : a.value;
}

export class Engine {
  readonly messages = new Map<string, StoredMessage>();
  readonly phones = new Map<string, Phone>();
  private readonly dupKeys = new Map<string, number>();
  private readonly byRecipient = new Map<string, number>();
  readonly counters = { accepted: 0, duplicates: 0, cancelled: 0, replaced: 0, refused: 0, mo: 0, forgotten: 0 };
  private readonly waiting = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly adaptCache = new Map<string, Promise<Adapted | null>>();
  private readonly replayedOut = new Map<string, OutItem>();
  private readonly moByOid = new Map<string, MoMessage>();
  private sweeper: NodeJS.Timeout | null = null;
  /** Where the last eviction pass stopped (Map iteration is insertion order: oldest first, live under deletes). */
  private evictCursor: Iterator<StoredMessage> | null = null;
  private seq = 0;
  private readonly prefix = `${Date.now().toString(36)}${randomBytes(2).toString("hex")}`;
  readonly outbound: Outbound;
  /** A campaign's shared picture arrives identical in every SubmitReq: decoded (and hashed) once. */
  readonly decodedBodies = new DecodedBodies();

  constructor(
    readonly cfg: MmscConfig,
    private readonly ledger: Ledger,
    readonly blobs: BlobStore,
    readonly vasps: VaspRegistry,
    readonly profiles: ProfileBook,
    readonly faults: Faults,
  ) {
    this.outbound = new Outbound(ledger, vasps, {
      concurrency: cfg.MMSC_REPORT_CONCURRENCY,
      maxAttempts: cfg.MMSC_REPORT_MAX_ATTEMPTS,
      prefix: `o${this.prefix}-`,
      onDone: (oid, failure) => this.outDone(oid, failure),
    });
  }

  // ───────────── start, replay, stop ─────────────

  async start(): Promise<void> {
    await this.ledger.open((rec) => this.replay(rec));
    for (const v of this.cfg.MMSC_VASPS ?? []) await this.registerVasp(v);
    for (const m of this.messages.values()) {
      m.rcpts.forEach((r, idx) => {
        // "notified" may also be a recipient whose delivery never started before a crash: start it (idempotent).
        if (r.state === "notified") void this.deliverTo(m, idx).catch(() => {});
        else if (r.state === "deferred") {
          this.waiting.add(`${m.id}.${idx}`);
          this.scheduleHandset(m, idx);
        }
      });
    }
    for (const item of this.replayedOut.values()) this.outbound.restore(item);
    this.replayedOut.clear();
    this.sweeper = setInterval(() => {
      this.sweepExpired();
      this.forgetSettled();
    }, 1000);
    this.sweeper.unref();
  }

  async stop(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.outbound.close();
    await this.ledger.close();
  }

  private replay(rec: Record<string, unknown>): void {
    switch (rec.t) {
      case "vasp":
        this.vasps.upsert(rec.v as VaspAccount);
        return;
      case "submit":
        this.index(rec.m as StoredMessage);
        return;
      case "rcpt": {
        const m = this.messages.get(rec.id as string);
        const r = m?.rcpts[rec.i as number];
        if (r) Object.assign(r, { state: rec.s, at: rec.at, ...(rec.n ? { note: rec.n } : {}), ...(rec.read ? { read: true } : {}) });
        return;
      }
      case "cancel": {
        const m = this.messages.get(rec.id as string);
        if (m) this.applyCancel(m, rec.at as number);
        return;
      }
      case "replace": {
        const m = this.messages.get(rec.id as string);
        if (m) this.applyReplace(m, rec.content as StoredEntity);
        return;
      }
      case "mo":
        this.indexMo(rec.mo as MoMessage);
        return;
      case "out":
        this.replayedOut.set(rec.oid as string, { oid: rec.oid as string, vaspId: rec.vaspId as string, msg: reviveMessage(rec.msg as Mm7Message), attempt: 0, notBefore: 0 });
        return;
      case "outDone":
        this.replayedOut.delete(rec.oid as string);
        this.outDone(rec.oid as string, rec.failure as string | undefined);
        return;
    }
  }

  async registerVasp(input: VaspAccount): Promise<VaspAccount> {
    const v = this.vasps.upsert(input);
    await this.ledger.append({ t: "vasp", v });
    return v;
  }

  // ───────────── MM7: submit, cancel, replace ─────────────

  private newId(): string {
    return `${this.prefix}${(++this.seq).toString(36).padStart(5, "0")}`;
  }

  /** Stores the message durably (blobs + ledger) and returns it; delivery starts separately. */
  async accept(vasp: VaspAccount, req: Mm7SubmitReq): Promise<StoredMessage> {
    const recipients = [...(req.recipients.to ?? []), ...(req.recipients.cc ?? []), ...(req.recipients.bcc ?? [])];
    const content: StoredEntity = req.content
      ? await storeEntity(this.blobs, req.content)
      : { ct: "text/plain", params: { charset: "utf-8" }, hash: await this.blobs.put(Buffer.alloc(0)), size: 0 };
    const now = Date.now();
    let expirySeconds = this.cfg.MMSC_DEFAULT_EXPIRY_S;
    if (req.expiryDate instanceof Date) expirySeconds = Math.round((req.expiryDate.getTime() - now) / 1000);
    else if (req.expiryDate) expirySeconds = durationSeconds(req.expiryDate.relative) ?? expirySeconds;
    expirySeconds = Math.min(expirySeconds, this.cfg.MMSC_MAX_EXPIRY_S);
    const m: StoredMessage = {
      id: this.newId(),
      at: now,
      vaspId: vasp.vaspId,
      tid: req.transactionId,
      from: internRecord<Mm7Address>(req.senderIdentification?.senderAddress ?? { kind: "shortCode", value: vasp.vasId ?? vasp.vaspId }),
      cls: intern(req.messageClass ?? "Personal"),
      expiry: now + expirySeconds * 1000,
      dr: req.deliveryReport ?? false,
      rr: req.readReply ?? false,
      content,
      size: storedSize(content),
      contentClass: intern(req.contentClass ?? contentClassOf(content)),
      textOnly: !req.content || isTextOnly(content),
      rcpts: recipients.map((a) => ({ to: a.value, state: "notified" as RcptState, at: now })),
    };
    if (req.subject !== undefined) m.subject = req.subject;
    if (req.priority) m.priority = req.priority;
    if (req.linkedId) m.linkedId = req.linkedId;
    await this.ledger.append({ t: "submit", m });
    this.index(m);
    return m;
  }

  /** Dedupe key of the contract: (vaspId, recipient, TransactionID before "-a"), so retried attempts collide. */
  private index(m: StoredMessage): void {
    this.messages.set(m.id, m);
    this.counters.accepted++;
    const base = m.tid.replace(/-a[^-]*$/, "");
    m.rcpts.forEach((r, idx) => {
      const key = `${m.vaspId}\u0000${r.to}\u0000${base}`;
      const n = (this.dupKeys.get(key) ?? 0) + 1;
      this.dupKeys.set(key, n);
      if (n > 1) this.counters.duplicates++;
      this.byRecipient.set(r.to, (this.byRecipient.get(r.to) ?? 0) + 1);
      const phone = this.phone(r.to);
      phone.inbox.push({ id: m.id, idx });
      if (phone.inbox.length > INBOX_CAP) phone.inbox.splice(0, phone.inbox.length - INBOX_CAP);
    });
  }

  phone(msisdn: string): Phone {
    let p = this.phones.get(msisdn);
    if (!p) {
      p = { inbox: [], mo: [] };
      this.phones.set(msisdn, p);
    }
    return p;
  }

  /** Starts delivery to each recipient after the SubmitRsp is decided (accepted = durable). */
  deliver(m: StoredMessage): void {
    m.rcpts.forEach((_r, idx) => {
      void this.deliverTo(m, idx).catch((err) => log.error({ messageId: m.id, err: String(err) }, "delivery failed"));
    });
  }

  private async deliverTo(m: StoredMessage, idx: number): Promise<void> {
    const r = m.rcpts[idx];
    const profile = this.profiles.forNumber(r.to);
    if (profile.kind === "unknown") {
      this.setState(m, idx, "unrecognised", "no such subscriber");
      this.report(m, idx, "Unrecognised", "Recipient is not a subscriber of this network");
      return;
    }
    if (profile.kind === "legacy") {
      if (m.textOnly) {
        this.setState(m, idx, "sms", "delivered as SMS");
        this.report(m, idx, "Retrieved", "Delivered as SMS", profile);
      } else {
        this.setState(m, idx, "legacy", "SMS with web link sent");
        this.report(m, idx, "NotSupported", "Handset does not support MMS; an SMS with a web link was sent", profile);
      }
      return;
    }
    this.waiting.add(`${m.id}.${idx}`);
    this.scheduleHandset(m, idx);
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  /** The virtual handset's own behaviour after a notification. */
  private scheduleHandset(m: StoredMessage, idx: number): void {
    const delay = this.cfg.MMSC_AUTO_FETCH_MS;
    const profile = this.profiles.forNumber(m.rcpts[idx].to);
    if (delay === "off" || profile.kind === "off" || profile.autoFetch === false) return;
    if (profile.kind === "deferring" && m.rcpts[idx].state === "notified") {
      this.later(delay, () => {
        if (m.rcpts[idx].state !== "notified") return;
        this.acknowledge(m.id, idx, "Deferred");
        this.later(delay * 3, () => void this.handsetFetch(m.id, idx).catch(() => {}));
      });
      return;
    }
    this.later(delay, () => void this.handsetFetch(m.id, idx).catch((err) => log.warn({ messageId: m.id, err: String(err) }, "auto fetch failed")));
  }

  cancel(vasp: VaspAccount, messageId: string): "ok" | "not-found" | "not-possible" {
    const m = this.messages.get(messageId);
    if (!m || m.vaspId !== vasp.vaspId || m.cancelled) return "not-found";
    if (!m.rcpts.some((r) => WAITING.has(r.state))) return "not-possible";
    const at = Date.now();
    this.ledger.note({ t: "cancel", id: m.id, at });
    this.applyCancel(m, at);
    return "ok";
  }

  private applyCancel(m: StoredMessage, at: number): void {
    m.cancelled = true;
    this.counters.cancelled++;
    m.rcpts.forEach((r, idx) => {
      if (!WAITING.has(r.state)) return;
      Object.assign(r, { state: "cancelled", at });
      this.waiting.delete(`${m.id}.${idx}`);
    });
  }

  async replace(vasp: VaspAccount, messageId: string, content: MimeEntity | undefined): Promise<"ok" | "not-found" | "not-possible"> {
    const m = this.messages.get(messageId);
    if (!m || m.vaspId !== vasp.vaspId || m.cancelled) return "not-found";
    if (!m.rcpts.some((r) => WAITING.has(r.state))) return "not-possible";
    if (content) {
      const stored = await storeEntity(this.blobs, content);
      await this.ledger.append({ t: "replace", id: m.id, content: stored });
      this.applyReplace(m, stored);
    }
    return "ok";
  }

  private applyReplace(m: StoredMessage, content: StoredEntity): void {
    m.content = content;
    m.size = storedSize(content);
    m.contentClass = contentClassOf(content);
    m.textOnly = isTextOnly(content);
    this.counters.replaced++;
  }

  // ───────────── MM1: notification, retrieval, acknowledgement ─────────────

  contentLocation(m: StoredMessage, idx: number): string {
    return `${this.cfg.publicUrl}/mms/${m.id}.${idx}`;
  }

  notificationPdu(m: StoredMessage, idx: number): MmsPdu {
    const pdu: MmsPdu = {
      type: "m-notification-ind",
      transactionId: `${m.id}.${idx}`,
      mmsVersion: "1.2",
      from: plmn(m.from),
      messageClass: m.cls,
      messageSize: m.size,
      expiry: { absolute: new Date(m.expiry) },
      contentLocation: this.contentLocation(m, idx),
      deliveryReport: m.dr,
    };
    if (m.subject !== undefined) pdu.subject = m.subject;
    if (m.priority) pdu.priority = m.priority as MmsPdu["priority"];
    if (m.contentClass) pdu.contentClass = m.contentClass;
    return pdu;
  }

  /** The WAP push (connectionless WSP) carrying the m-notification-ind, as sent to the handset over SMS. */
  wapPush(m: StoredMessage, idx: number): Buffer {
    return buildWapPush(encodePdu(this.notificationPdu(m, idx)), { transactionId: (this.seq + idx) & 0xff });
  }

  /** Content adapted for a handset profile (cached: a campaign sends the same content to many handsets). */
  adapted(m: StoredMessage, profile: HandsetProfile): Promise<Adapted | null> {
    const key = `${JSON.stringify(m.content)}|${profile.name}|${this.cfg.MMSC_ADAPTATION}`;
    let p = this.adaptCache.get(key);
    if (!p) {
      p = loadEntity(this.blobs, m.content).then((c) => adaptFor(c, profile, this.cfg.MMSC_ADAPTATION));
      this.adaptCache.set(key, p);
      p.catch(() => this.adaptCache.delete(key));
      if (this.adaptCache.size > 256) this.adaptCache.delete(this.adaptCache.keys().next().value!);
    }
    return p;
  }

  /** m-retrieve-conf for a handset GET of the Content-Location; null when gone (cancelled, expired, unknown). */
  async retrieve(messageId: string, idx: number, encode = true): Promise<{ pdu: Buffer; m: StoredMessage } | { rejected: string; m: StoredMessage } | null> {
    const m = this.messages.get(messageId);
    const r = m?.rcpts[idx];
    if (!m || !r || !this.retrievable(m, r)) return null;
    const profile = this.profiles.forNumber(r.to);
    const adapted = await this.adapted(m, profile);
    if (!adapted) return { rejected: `message of ${m.size} bytes exceeds the handset limit of ${profile.maxBytes}`, m };
    const pdu: MmsPdu = {
      type: "m-retrieve-conf",
      transactionId: `${m.id}.${idx}`,
      mmsVersion: "1.2",
      messageId: m.id,
      date: new Date(m.at),
      from: plmn(m.from),
      to: [`${r.to}/TYPE=PLMN`],
      messageClass: m.cls,
      deliveryReport: m.dr,
      readReport: m.rr,
      ...toPduBody(adapted.content),
    };
    if (m.subject !== undefined) pdu.subject = m.subject;
    if (m.priority) pdu.priority = m.priority as MmsPdu["priority"];
    if (adapted.notes.length) this.ledger.note({ t: "adapt", id: m.id, i: idx, notes: adapted.notes });
    // The in-process handset needs the outcome, not the bytes (the HTTP path and tests check the bytes).
    return { pdu: encode ? encodePdu(pdu) : Buffer.alloc(0), m };
  }

  /**
   * The virtual handset fetches and acknowledges. Content it must adapt goes through the same code as an HTTP GET;
   * content it takes as stored is neither loaded nor adapted, as only the outcome matters in process (at campaign
   * rates, serialising and loading every message to find nothing to change cost several per cent of its CPU).
   */
  async handsetFetch(messageId: string, idx: number): Promise<RcptState | null> {
    const m = this.messages.get(messageId);
    const r = m?.rcpts[idx];
    if (m && r && this.retrievable(m, r) && fitsAsIs(leaves(m.content).map((l) => ({ contentType: l.ct, size: l.size ?? 0 })), this.profiles.forNumber(r.to))) {
      return this.fetched(m, idx);
    }
    const got = await this.retrieve(messageId, idx, false);
    if (!got) return null;
    if ("rejected" in got) {
      this.acknowledge(messageId, idx, "Rejected", got.rejected);
      return "rejected";
    }
    return this.fetched(got.m, idx);
  }

  private fetched(m: StoredMessage, idx: number): RcptState {
    this.acknowledge(m.id, idx, "Retrieved");
    if (m.rr && this.cfg.MMSC_AUTO_READ_MS !== "off") this.later(this.cfg.MMSC_AUTO_READ_MS, () => this.read(m.id, idx));
    return "retrieved";
  }

  /** Whether the recipient's copy can still be fetched (not cancelled, expired, or past its expiry unfetched). */
  private retrievable(m: StoredMessage, r: Rcpt): boolean {
    return r.state !== "cancelled" && r.state !== "expired" && (r.state === "retrieved" || Date.now() <= m.expiry);
  }

  /** m-notifyresp-ind / m-acknowledge-ind: the handset's verdict, reported to the VASP once. */
  acknowledge(messageId: string, idx: number, status: "Retrieved" | "Deferred" | "Rejected" | "Unrecognised", note?: string): boolean {
    const m = this.messages.get(messageId);
    const r = m?.rcpts[idx];
    if (!m || !r || !WAITING.has(r.state)) return false;
    const state: RcptState = status === "Retrieved" ? "retrieved" : status === "Deferred" ? "deferred" : status === "Rejected" ? "rejected" : "unrecognised";
    this.setState(m, idx, state, note);
    if (!WAITING.has(state)) this.waiting.delete(`${m.id}.${idx}`);
    const profile = this.profiles.forNumber(r.to);
    this.report(m, idx, status, note, profile);
    if (status !== "Deferred" && this.faults.draw("outOfOrderReports")) this.report(m, idx, "Deferred", "stale report (fault injection)", profile, 50);
    return true;
  }

  /** The recipient opened the message: ReadReplyReq when the VASP asked for one. */
  read(messageId: string, idx: number): boolean {
    const m = this.messages.get(messageId);
    const r = m?.rcpts[idx];
    if (!m || !r || r.state !== "retrieved" || r.read) return false;
    r.read = true;
    this.ledger.note({ t: "rcpt", id: m.id, i: idx, s: r.state, at: r.at, read: true });
    if (!m.rr) return true;
    this.outbound.enqueue(m.vaspId, {
      type: "ReadReplyReq",
      transactionId: "",
      mmsRelayServerId: "postino-mmsc-sim",
      messageId: m.id,
      recipient: { kind: "number", value: r.to },
      sender: m.from,
      timeStamp: new Date(),
      mmStatus: "Read",
      statusText: "Read",
    });
    return true;
  }

  private setState(m: StoredMessage, idx: number, state: RcptState, note?: string): void {
    const r = m.rcpts[idx];
    r.state = state;
    r.at = Date.now();
    if (note) r.note = note;
    this.ledger.note({ t: "rcpt", id: m.id, i: idx, s: state, at: r.at, ...(note ? { n: note } : {}) });
  }

  private report(m: StoredMessage, idx: number, mmStatus: Mm7MmStatus, statusText?: string, profile?: HandsetProfile, delayMs = 0): void {
    if (!m.dr) return;
    const msg: Mm7Message = {
      type: "DeliveryReportReq",
      transactionId: "",
      mmsRelayServerId: "postino-mmsc-sim",
      messageId: m.id,
      recipient: { kind: "number", value: m.rcpts[idx].to },
      sender: m.from,
      date: new Date(),
      mmStatus,
      ...(statusText ? { statusText } : {}),
      ...(profile?.uaProf ? { uaCapabilities: { uaProf: profile.uaProf } } : {}),
    };
    this.outbound.enqueue(m.vaspId, msg, delayMs);
    if (this.faults.draw("duplicateReports")) this.outbound.enqueue(m.vaspId, msg, delayMs + 20);
  }

  private sweepExpired(): void {
    const now = Date.now();
    for (const key of this.waiting) {
      const dot = key.lastIndexOf(".");
      const m = this.messages.get(key.slice(0, dot));
      const idx = Number(key.slice(dot + 1));
      if (!m) {
        this.waiting.delete(key);
        continue;
      }
      if (now <= m.expiry) continue;
      this.waiting.delete(key);
      this.setState(m, idx, "expired", "not retrieved before expiry");
      this.report(m, idx, "Expired", "Message expired before retrieval", this.profiles.forNumber(m.rcpts[idx].to));
    }
  }

  /** Nothing left to happen to it: no recipient waiting, no automatic read report still to come. */
  private settled(m: StoredMessage): boolean {
    const autoRead = m.rr && this.cfg.MMSC_AUTO_READ_MS !== "off";
    return m.rcpts.every((r) => !WAITING.has(r.state) && !(autoRead && r.state === "retrieved" && !r.read));
  }

  /**
   * Forgets the oldest settled messages beyond MMSC_KEEP_MESSAGES, a bounded number per tick so a sweep never
   * stalls intake. Their reports are already queued with their own copy of what they say; the dedupe keys and
   * per-recipient counts stay, so duplicates are still seen across the whole run.
   */
  forgetSettled(maxScan = 20_000): number {
    let forgotten = 0;
    for (let scanned = 0; this.messages.size > this.cfg.MMSC_KEEP_MESSAGES && scanned < maxScan; scanned++) {
      this.evictCursor ??= this.messages.values();
      const next = this.evictCursor.next();
      if (next.done) {
        this.evictCursor = null;
        break;
      }
      const m = next.value;
      if (!this.settled(m)) continue;
      this.messages.delete(m.id);
      for (const r of m.rcpts) {
        const phone = this.phones.get(r.to);
        if (!phone) continue;
        phone.inbox = phone.inbox.filter((e) => e.id !== m.id);
        if (!phone.inbox.length && !phone.mo.length) this.phones.delete(r.to);
      }
      forgotten++;
    }
    this.counters.forgotten += forgotten;
    return forgotten;
  }

  // ───────────── MO: a virtual phone replies ─────────────

  async reply(from: string, input: { to?: string; text?: string; image?: Buffer; imageType?: string; subject?: string; vaspId?: string }): Promise<MoMessage> {
    const phone = this.phone(from);
    // Reply to the latest message from that sender (LinkedID), as a handset's "reply" does.
    let linked: StoredMessage | undefined;
    for (let i = phone.inbox.length - 1; i >= 0; i--) {
      const m = this.messages.get(phone.inbox[i].id);
      if (m && (!input.to || m.from.value === input.to) && (!input.vaspId || m.vaspId === input.vaspId)) {
        linked = m;
        break;
      }
    }
    const vasp = this.vasps.get(input.vaspId ?? linked?.vaspId ?? "") ?? (this.vasps.list().length === 1 ? this.vasps.list()[0] : undefined);
    if (!vasp) throw new Error("no VASP to deliver to: this phone has no message from that sender");
    const to = input.to ?? linked?.from.value ?? vasp.vasId ?? vasp.vaspId;
    const mo: MoMessage = { id: this.newId(), at: Date.now(), from, to, vaspId: vasp.vaspId, delivery: "queued" };
    if (input.text) mo.text = input.text;
    if (linked) mo.linkedId = linked.id;
    const textPart: MimeEntity | undefined = input.text ? { contentType: "text/plain", params: { charset: "utf-8" }, contentId: "text", contentLocation: "text.txt", body: Buffer.from(input.text, "utf8") } : undefined;
    let content: MimeEntity | undefined = textPart;
    if (input.image) {
      const ct = input.imageType ?? "image/jpeg";
      mo.image = { hash: await this.blobs.put(input.image), ct, size: input.image.length };
      const ext = ct.split("/")[1]?.replace("jpeg", "jpg") ?? "bin";
      const img: MimeEntity = { contentType: ct, contentId: "image", contentLocation: `image.${ext}`, body: input.image };
      const smil = buildSmil([{ image: { src: "cid:image", contentType: ct }, ...(textPart ? { text: { src: "cid:text" } } : {}) }]);
      content = {
        contentType: "multipart/related",
        params: { type: "application/smil", start: "<smil>" },
        parts: [{ contentType: "application/smil", contentId: "smil", contentLocation: "smil.xml", body: Buffer.from(smil, "utf8") }, img, ...(textPart ? [textPart] : [])],
      };
    }
    const toAddr: Mm7Address = /^\d{3,8}$/.test(to) ? { kind: "shortCode", value: to } : { kind: "number", value: to };
    const req: Mm7DeliverReq = {
      type: "DeliverReq",
      transactionId: "",
      mmsRelayServerId: "postino-mmsc-sim",
      vaspId: vasp.vaspId,
      ...(vasp.vasId ? { vasId: vasp.vasId } : {}),
      ...(mo.linkedId ? { linkedId: mo.linkedId } : {}),
      sender: { kind: "number", value: from },
      recipients: { to: [toAddr] },
      timeStamp: new Date(mo.at),
      ...(input.subject ? { subject: input.subject } : {}),
      uaCapabilities: { uaProf: this.profiles.forNumber(from).uaProf ?? "" },
      ...(content ? { content } : {}),
    };
    mo.oid = this.outbound.nextOid();
    await this.ledger.append({ t: "mo", mo });
    this.indexMo(mo);
    this.outbound.enqueue(vasp.vaspId, req, 0, mo.oid);
    return mo;
  }

  private indexMo(mo: MoMessage): void {
    this.counters.mo++;
    const p = this.phone(mo.from);
    p.mo.push(mo);
    if (p.mo.length > INBOX_CAP) p.mo.splice(0, p.mo.length - INBOX_CAP);
    if (mo.oid) this.moByOid.set(mo.oid, mo);
  }

  private outDone(oid: string, failure?: string): void {
    const mo = this.moByOid.get(oid);
    if (!mo) return;
    this.moByOid.delete(oid);
    mo.delivery = failure ? "failed" : "delivered";
    if (failure) mo.failure = failure;
  }

  // ───────────── ledger statistics ─────────────

  stats(withRecipients = true) {
    return {
      ...this.counters,
      messages: this.messages.size,
      blobs: this.blobs.count,
      waiting: this.waiting.size,
      reports: { ...this.outbound.stats, backlog: this.outbound.backlog },
      faults: { ...this.faults.injected },
      ...(withRecipients ? { byRecipient: Object.fromEntries(this.byRecipient) } : {}),
    };
  }

  /** Plain text of a message (what a legacy phone shows as SMS). */
  text(m: StoredMessage): Promise<string> {
    return plainText(this.blobs, m.content);
  }
}

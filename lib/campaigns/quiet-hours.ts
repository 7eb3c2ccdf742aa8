// When advertisements may reach a phone: a daily window in the RECIPIENT's local time (TCPA: not
// before 8 a.m. or after 9 p.m. at the recipient's location). Enforced at submit time, because
// queues delay messages. Rules: Campaign.quietHours, else Workspace.settings.quietHours, else 08:00–21:00.
import { z } from "zod";

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Write times as HH:MM, e.g. 08:00.");

export const SendWindowSchema = z.object({
  /** Local time from which advertisements may be sent. */
  start: hhmm.default("08:00"),
  /** Local time from which they may not (exclusive). A window may cross midnight. */
  end: hhmm.default("21:00"),
  /** false switches the window off (informational traffic in a jurisdiction with no rule). */
  enabled: z.boolean().default(true),
});
export type SendWindow = z.infer<typeof SendWindowSchema>;

export const DEFAULT_WINDOW: SendWindow = { start: "08:00", end: "21:00", enabled: true };

/** The window that applies to a campaign: its own rule, else the workspace's, else the default. */
export function resolveWindow(campaignRule: unknown, workspaceSettings: unknown): SendWindow {
  const c = campaignRule && typeof campaignRule === "object" ? SendWindowSchema.safeParse(campaignRule) : null;
  if (c?.success) return c.data;
  const ws = workspaceSettings && typeof workspaceSettings === "object" ? (workspaceSettings as Record<string, unknown>).quietHours : undefined;
  const w = ws && typeof ws === "object" ? SendWindowSchema.safeParse(ws) : null;
  if (w?.success) return w.data;
  return DEFAULT_WINDOW;
}

export function appliesTo(messageClass: string): boolean {
  return messageClass.toLowerCase() === "advertisement";
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatter(tz: string): Intl.DateTimeFormat | null {
  let f = formatters.get(tz);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat("en-GB", { timeZone: tz, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    } catch {
      f = null;
    }
    formatters.set(tz, f);
  }
  return f;
}

export function isValidTimeZone(tz: string | null | undefined): tz is string {
  return !!tz && formatter(tz) !== null;
}

/** The first valid zone of the list (contact's, then workspace's), else UTC. */
export function pickZone(...zones: Array<string | null | undefined>): string {
  return zones.find(isValidTimeZone) ?? "UTC";
}

type Local = { y: number; mo: number; d: number; h: number; mi: number; s: number };

function localParts(ms: number, tz: string): Local {
  const parts = formatter(tz)!.formatToParts(new Date(ms));
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return { y: get("year"), mo: get("month"), d: get("day"), h: get("hour"), mi: get("minute"), s: get("second") };
}

/** The zone's offset from UTC at `ms`, in ms (positive east of Greenwich). */
function offsetAt(ms: number, tz: string): number {
  const l = localParts(ms, tz);
  return Date.UTC(l.y, l.mo - 1, l.d, l.h, l.mi, l.s) - Math.floor(ms / 1000) * 1000;
}

/** The instant at which the wall clock in `tz` shows the given local time (first one on DST overlaps). */
export function zonedTimeToUtc(y: number, mo: number, d: number, h: number, mi: number, tz: string): number {
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  let t = guess - offsetAt(guess, tz);
  // A second pass settles DST changes between the guess and the answer.
  t = guess - offsetAt(t, tz);
  return t;
}

const minutes = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

export function isInsideWindow(atMs: number, tz: string, w: SendWindow): boolean {
  if (!w.enabled || w.start === w.end) return true;
  const l = localParts(atMs, tz);
  const m = l.h * 60 + l.mi;
  const s = minutes(w.start);
  const e = minutes(w.end);
  return s < e ? m >= s && m < e : m >= s || m < e;
}

/** When the window next opens after `atMs` (the caller checks isInsideWindow first). */
export function nextWindowStart(atMs: number, tz: string, w: SendWindow): number {
  const l = localParts(atMs, tz);
  const s = minutes(w.start);
  let t = zonedTimeToUtc(l.y, l.mo, l.d, Math.floor(s / 60), s % 60, tz);
  if (t <= atMs) {
    const next = new Date(Date.UTC(l.y, l.mo - 1, l.d + 1));
    t = zonedTimeToUtc(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), Math.floor(s / 60), s % 60, tz);
  }
  return t;
}

/** Null when `atMs` may be used; else the instant to wait for. */
export function deferUntil(atMs: number, tz: string, w: SendWindow): number | null {
  return isInsideWindow(atMs, tz, w) ? null : nextWindowStart(atMs, tz, w);
}

/** "Send at 10:00 in each recipient's zone": the next such instant at or after `fromMs`. */
export function nextLocalTime(fromMs: number, tz: string, hhmmValue: string): number {
  const l = localParts(fromMs, tz);
  const m = minutes(hhmmValue);
  let t = zonedTimeToUtc(l.y, l.mo, l.d, Math.floor(m / 60), m % 60, tz);
  if (t < fromMs) {
    const next = new Date(Date.UTC(l.y, l.mo - 1, l.d + 1));
    t = zonedTimeToUtc(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), Math.floor(m / 60), m % 60, tz);
  }
  return t;
}

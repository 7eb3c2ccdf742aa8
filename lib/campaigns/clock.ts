// The pipeline's notion of "now". Quiet hours, schedules and expiry are all decided against it, so
// tests can move time across every worker process without waiting for 21:00 to come round.
//   POSTINO_FAKE_NOW=2026-01-10T22:30:00Z   the clock starts there and runs at real speed
//   POSTINO_CLOCK_FILE=/tmp/x               the file holds an ISO time; re-read every 200 ms, so a
//                                           test can jump the clock of running processes
import { readFileSync, statSync } from "node:fs";

let offsetMs = 0;
let fileChecked = 0;
let fileMtime = -1;
let testOverride: (() => number) | null = null;

function initialOffset(): number {
  const fake = process.env.POSTINO_FAKE_NOW;
  if (!fake) return 0;
  const t = Date.parse(fake);
  if (Number.isNaN(t)) throw new Error(`POSTINO_FAKE_NOW is not a date: ${fake}`);
  return t - Date.now();
}
offsetMs = initialOffset();

function refreshFromFile(): void {
  const file = process.env.POSTINO_CLOCK_FILE;
  if (!file) return;
  const real = Date.now();
  if (real - fileChecked < 200) return;
  fileChecked = real;
  try {
    const st = statSync(file);
    if (st.mtimeMs === fileMtime) return;
    fileMtime = st.mtimeMs;
    const t = Date.parse(readFileSync(file, "utf8").trim());
    // The time written is "now" as of the moment it was written; it keeps running from there.
    if (!Number.isNaN(t)) offsetMs = t - st.mtimeMs;
  } catch {
    /* no file yet: real time */
  }
}

export function nowMs(): number {
  if (testOverride) return testOverride();
  refreshFromFile();
  return Date.now() + offsetMs;
}

export function now(): Date {
  return new Date(nowMs());
}

/** True when the clock is not the wall clock (BullMQ delays still run on real time: keep them short). */
export function isFakeClock(): boolean {
  return !!testOverride || !!process.env.POSTINO_FAKE_NOW || !!process.env.POSTINO_CLOCK_FILE;
}

/** In-process tests: pin the clock to a function; null restores the wall clock. */
export function setClockForTests(fn: (() => number) | null): void {
  testOverride = fn;
}

/** How long BullMQ should really wait until the pipeline clock reaches `at`. */
export function realDelayUntil(at: Date | number, maxMs: number): number {
  const ms = (typeof at === "number" ? at : at.getTime()) - nowMs();
  const cap = isFakeClock() ? Math.min(maxMs, 2_000) : maxMs;
  return Math.max(0, Math.min(cap, ms));
}

import { describe, expect, it } from "vitest";
import { DEFAULT_WINDOW, deferUntil, isInsideWindow, nextLocalTime, resolveWindow } from "@/lib/campaigns/quiet-hours";
import { isPlain, judge, outcomeFor } from "@/lib/campaigns/dispatch";

const t = (iso: string) => Date.parse(iso);
const row = (over: Record<string, unknown> = {}) => ({ id: "1", phone: "+393331234567", attempts: 0, firstName: null, lastName: null, attributes: {}, handsetClass: null, timeZone: null, consent: "subscribed", suppressed: false, ...over });
const kit = { advertisement: true, messageClass: "Advertisement" as const, window: DEFAULT_WINDOW, workspaceZone: "Europe/Rome", expiresAt: null };

describe("quiet hours in the recipient's zone", () => {
  it("allows 08:00–21:00 local and defers the rest to the next 08:00", () => {
    expect(isInsideWindow(t("2026-01-15T19:59:00Z"), "Europe/Rome", DEFAULT_WINDOW)).toBe(true); // 20:59
    expect(isInsideWindow(t("2026-01-15T20:00:00Z"), "Europe/Rome", DEFAULT_WINDOW)).toBe(false); // 21:00
    expect(deferUntil(t("2026-01-15T20:30:00Z"), "Europe/Rome", DEFAULT_WINDOW)).toBe(t("2026-01-16T07:00:00Z"));
    expect(deferUntil(t("2026-01-15T19:50:00Z"), "Asia/Tokyo", DEFAULT_WINDOW)).toBe(t("2026-01-15T23:00:00Z"));
  });
  it("handles daylight saving: 08:00 in Rome is 06:00 UTC in summer", () => {
    expect(deferUntil(t("2026-07-01T05:00:00Z"), "Europe/Rome", DEFAULT_WINDOW)).toBe(t("2026-07-01T06:00:00Z"));
  });
  it("takes the campaign's rule over the workspace's, and the default when neither is valid", () => {
    expect(resolveWindow({ start: "10:00", end: "18:00" }, { quietHours: { start: "09:00", end: "20:00" } })).toMatchObject({ start: "10:00", end: "18:00" });
    expect(resolveWindow(null, { quietHours: { start: "09:00", end: "20:00" } })).toMatchObject({ start: "09:00" });
    expect(resolveWindow({ start: "25:00" }, {})).toEqual(DEFAULT_WINDOW);
  });
  it("computes a local send time for each zone", () => {
    expect(nextLocalTime(t("2026-01-15T12:00:00Z"), "America/New_York", "10:00")).toBe(t("2026-01-15T15:00:00Z"));
    expect(nextLocalTime(t("2026-01-15T16:00:00Z"), "America/New_York", "10:00")).toBe(t("2026-01-16T15:00:00Z"));
  });
});

describe("the dispatcher's last checks", () => {
  it("skips opted-out and suppressed rows, defers advertisements at night, sends the rest", () => {
    const v = judge(kit, [row({ id: "a", consent: "unsubscribed" }), row({ id: "b", suppressed: true }), row({ id: "c", timeZone: "Asia/Tokyo" }), row({ id: "d" }), row({ id: "e", timeZone: "Not/AZone" })], t("2026-01-15T19:50:00Z"));
    expect(v.map((x) => x.kind)).toEqual(["skip", "skip", "defer", "send", "send"]);
    expect(judge({ ...kit, advertisement: false }, [row({ timeZone: "Asia/Tokyo" })], t("2026-01-15T19:50:00Z"))[0]!.kind).toBe("send");
    expect(judge({ ...kit, expiresAt: new Date(t("2026-01-15T00:00:00Z")) }, [row()], t("2026-01-15T19:50:00Z"))[0]).toMatchObject({ kind: "fail", reason: "expired before sending" });
  });
  it("is plain (claimed in SQL on consent and suppression alone) only when that is all the judge looks at", () => {
    const at = t("2026-01-15T19:50:00Z"); // night in Tokyo and Rome
    const rows = ["subscribed", "never_asked", "unsubscribed"].flatMap((consent) => [false, true].flatMap((suppressed) =>
      [null, "Asia/Tokyo", "Not/AZone"].map((timeZone, i) => row({ id: `${consent}-${suppressed}-${i}`, consent, suppressed, timeZone }))));
    const kits = [kit, { ...kit, advertisement: false }, { ...kit, advertisement: false, expiresAt: new Date(at) }, { ...kit, advertisement: false, expiresAt: new Date(at + 1) }];
    for (const k of kits) {
      const sqlWouldClaim = rows.map((r) => isPlain(k, at) && r.consent !== "unsubscribed" && !r.suppressed);
      if (isPlain(k, at)) expect(judge(k, rows, at).map((v) => v.kind === "send")).toEqual(sqlWouldClaim);
    }
    expect(kits.map((k) => isPlain(k, at))).toEqual([false, true, false, true]);
  });
  it("never resends an unknown, retries a retryable with back-off, gives up with the reason", () => {
    expect(outcomeFor({ id: "1", attempt: 1 }, { kind: "unknown", reason: "timeout" }, 0).status).toBe("unknown");
    const r = outcomeFor({ id: "1", attempt: 1 }, { kind: "retry", reason: "busy", statusCode: 4006 }, 1_000);
    expect(r.status).toBe("retry");
    expect(r.notBefore).toBeGreaterThan(1_000);
    expect(outcomeFor({ id: "1", attempt: 5 }, { kind: "retry", reason: "busy" }, 0)).toMatchObject({ status: "failed", reason: "busy (gave up after 5 attempts)" });
    expect(outcomeFor({ id: "1", attempt: 1 }, { kind: "accepted", messageId: "M1", statusCode: 1000 }, 0)).toMatchObject({ status: "submitted", mmscMessageId: "M1" });
  });
});

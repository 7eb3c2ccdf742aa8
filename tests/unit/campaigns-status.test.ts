import { describe, expect, it } from "vitest";
import { allowedFrom, canMove, MESSAGE_STATUSES } from "@/lib/campaigns/status";

describe("message ledger state machine", () => {
  it("never moves a delivered or read message backwards", () => {
    for (const s of ["queued", "retry", "submitting", "submitted", "unknown", "skipped"] as const) {
      expect(canMove("delivered", s)).toBe(false);
      expect(canMove("read", s)).toBe(false);
    }
    expect(canMove("delivered", "read")).toBe(true);
  });
  it("never resubmits a row whose outcome is unknown (only a user's explicit resend may)", () => {
    expect(canMove("unknown", "submitting")).toBe(false);
    expect(allowedFrom("submitting").sort()).toEqual(["queued", "retry"]);
  });
  it("lets a delivery report that overtakes the submit response be applied after it", () => {
    expect(allowedFrom("delivered")).toContain("submitted");
    expect(allowedFrom("delivered")).toContain("unknown");
  });
  it("has a rule for every status", () => {
    for (const s of MESSAGE_STATUSES) expect(() => canMove(s, "read")).not.toThrow();
  });
});

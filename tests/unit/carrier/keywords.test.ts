import { describe, expect, it } from "vitest";
import { defaultKeywordSettings, matchKeyword, resolveKeywordSettings } from "@/lib/inbound/keywords";
import { reportTarget } from "@/lib/inbound/reports";

const lists = defaultKeywordSettings("Acme");

describe("reply keywords", () => {
  it.each([
    ["STOP", "optOut"], [" stop ", "optOut"], ["Stop!", "optOut"], ["stop please", "optOut"], ["Arrêt", "optOut"], ["ARRET", "optOut"],
    ["annulla", "optOut"], ["Baja", "optOut"], ["stopp", "optOut"], ["Abmelden bitte", "optOut"], ["opt-out", "optOut"], ["OPT OUT", "optOut"],
    ["START", "optIn"], ["unstop", "optIn"], ["Démarrer", "optIn"], ["HELP", "help"], ["aiuto?", "help"], ["Hilfe", "help"], ["info", "help"],
  ])("%j → %s", (text, action) => {
    expect(matchKeyword(text, lists)?.action).toBe(action);
  });
  it("ignores keywords that are not the whole message or its first word", () => {
    expect(matchKeyword("please don't stop", lists)).toBeNull();
    expect(matchKeyword("Stopwatch offer?", lists)).toBeNull();
    expect(matchKeyword("", lists)).toBeNull();
  });
  it("opt-out wins when a message carries several keywords", () => {
    expect(matchKeyword("STOP HELP", lists)?.action).toBe("optOut");
  });
  it("a damaged stored list falls back to the defaults, so STOP always works", () => {
    expect(resolveKeywordSettings({ optOut: [] }).optOut).toContain("STOP");
    expect(resolveKeywordSettings({ optOut: ["BASTA"] }).optOut).toEqual(["BASTA"]);
  });
});

describe("report → ledger status", () => {
  it("maps MMStatus to forward-only statuses", () => {
    expect(reportTarget("delivery_report", "Retrieved").status).toBe("delivered");
    expect(reportTarget("delivery_report", "retrieved").status).toBe("delivered");
    expect(reportTarget("delivery_report", "Expired")).toMatchObject({ status: "failed" });
    expect(reportTarget("delivery_report", "NotSupported").reason).toMatch(/MMS/);
    expect(reportTarget("delivery_report", "Deferred").status).toBeNull();
    expect(reportTarget("delivery_report", "Indeterminate").status).toBeNull();
    expect(reportTarget("read_reply", "Read").status).toBe("read");
    expect(reportTarget("read_reply", "Deleted").status).toBeNull();
  });
});

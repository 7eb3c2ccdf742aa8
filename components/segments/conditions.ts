// What the rule builder offers for each condition kind: labels, operators, and a fresh condition
// to start from. The rule shapes themselves are lib/segments/rules.ts (also used here to validate
// before asking the server for a count).
import type { Condition, Group } from "@/lib/segments/rules";

export type Node = Group | Condition;
export type Kind = Condition["kind"];

export const KIND_LABEL: Record<Kind, string> = {
  attribute: "Attribute (imported column)",
  field: "Name, number or language",
  tag: "Tag",
  consent: "Consent",
  country: "Country",
  timeZone: "Time zone",
  handset: "Handset capability",
  created: "Date added",
  engagement: "Campaign engagement",
};

export const OP_LABEL: Record<string, string> = {
  equals: "is", not_equals: "is not", contains: "contains", not_contains: "does not contain", starts_with: "starts with",
  in: "is one of", not_in: "is none of", is_set: "is filled in", is_not_set: "is empty",
  gt: "is more than", gte: "is at least", lt: "is less than", lte: "is at most", between: "is between",
  before: "is before", after: "is after", within_last_days: "is within the last … days", not_within_last_days: "is not within the last … days",
  is_true: "is yes", is_false: "is no", includes: "includes", not_includes: "does not include",
  has: "has", has_not: "does not have", has_any: "has any of", has_all: "has all of", has_none: "has none of",
};

export const fresh = (kind: Kind): Condition => {
  switch (kind) {
    case "attribute": return { kind, key: "", type: "text", op: "equals", value: "" };
    case "field": return { kind, field: "firstName", op: "equals", value: "" };
    case "tag": return { kind, op: "has", value: "" };
    case "consent": return { kind, op: "in", value: ["subscribed"] };
    case "country": return { kind, op: "in", value: ["IT"] };
    case "timeZone": return { kind, op: "is_set" };
    case "handset": return { kind, op: "in", value: ["standard", "rich"] };
    case "created": return { kind, op: "within_last_days", value: 30 };
    case "engagement": return { kind, event: "received" };
  }
};

export const emptyGroup = (): Group => ({ kind: "group", combinator: "and", children: [] });

/** The group's mode as one choice: all/any of, or their negations. */
export type Mode = "all" | "any" | "none" | "not_all";
export const modeOf = (g: Group): Mode => (g.combinator === "and" ? (g.negate ? "not_all" : "all") : g.negate ? "none" : "any");
export const withMode = (g: Group, m: Mode): Group => ({ ...g, combinator: m === "all" || m === "not_all" ? "and" : "or", negate: m === "none" || m === "not_all" ? true : undefined });
export const MODE_LABEL: Record<Mode, string> = { all: "all of", any: "any of", none: "none of", not_all: "not all of" };

// Segment rule tree, stored as JSON in Segment.rules. Validated here on every write and before every
// compile, so the compiler only ever sees well-formed trees.
import { z } from "zod";

export const CONSENT_STATES = ["subscribed", "unsubscribed", "never_asked"] as const;
export const HANDSET_CLASSES = ["unknown", "legacy", "basic", "standard", "rich"] as const;

const text = z.string().max(500);
const key = z.string().trim().min(1, "Choose an attribute.").max(100);
const list = z.array(text).min(1, "Add at least one value.").max(1000);

export const ATTRIBUTE_OPS = {
  text: ["equals", "not_equals", "contains", "not_contains", "starts_with", "in", "not_in", "is_set", "is_not_set"],
  number: ["equals", "not_equals", "gt", "gte", "lt", "lte", "between", "is_set", "is_not_set"],
  date: ["before", "after", "between", "within_last_days", "not_within_last_days", "is_set", "is_not_set"],
  boolean: ["is_true", "is_false", "is_set", "is_not_set"],
  list: ["includes", "not_includes", "is_set", "is_not_set"],
} as const;

const attributeCondition = z
  .object({
    kind: z.literal("attribute"),
    key,
    type: z.enum(["text", "number", "date", "boolean", "list"]),
    op: z.string(),
    value: z.union([text, z.number(), list]).optional(),
    value2: z.union([text, z.number()]).optional(),
  })
  .superRefine((c, ctx) => {
    const ops = ATTRIBUTE_OPS[c.type] as readonly string[];
    if (!ops.includes(c.op)) ctx.addIssue({ code: "custom", message: `"${c.op}" does not apply to a ${c.type} attribute.`, path: ["op"] });
    const needsValue = !["is_set", "is_not_set", "is_true", "is_false"].includes(c.op);
    if (needsValue && (c.value === undefined || c.value === "")) ctx.addIssue({ code: "custom", message: "Enter a value.", path: ["value"] });
    if (c.op === "between" && (c.value2 === undefined || c.value2 === "")) ctx.addIssue({ code: "custom", message: "Enter both ends of the range.", path: ["value2"] });
    if ((c.op === "in" || c.op === "not_in") && !Array.isArray(c.value)) ctx.addIssue({ code: "custom", message: "Give a list of values.", path: ["value"] });
    if (c.type === "number" && needsValue && !Array.isArray(c.value) && !Number.isFinite(Number(c.value))) ctx.addIssue({ code: "custom", message: "Enter a number.", path: ["value"] });
    if (c.type === "date" && ["before", "after", "between"].includes(c.op) && Number.isNaN(Date.parse(String(c.value)))) ctx.addIssue({ code: "custom", message: "Enter a date (YYYY-MM-DD).", path: ["value"] });
    if (c.type === "date" && c.op.includes("within") && !(Number.isInteger(Number(c.value)) && Number(c.value) > 0)) ctx.addIssue({ code: "custom", message: "Enter a number of days.", path: ["value"] });
  });

const fieldCondition = z.object({
  kind: z.literal("field"),
  field: z.enum(["firstName", "lastName", "phone", "locale"]),
  op: z.enum(["equals", "not_equals", "contains", "starts_with", "is_set", "is_not_set"]),
  value: text.optional(),
});

const tagCondition = z.object({
  kind: z.literal("tag"),
  op: z.enum(["has", "has_not", "has_any", "has_all", "has_none"]),
  value: z.union([z.string().trim().min(1).max(100), z.array(z.string().trim().min(1).max(100)).min(1).max(200)]),
});

const consentCondition = z.object({ kind: z.literal("consent"), op: z.enum(["in", "not_in"]), value: z.array(z.enum(CONSENT_STATES)).min(1) });
const countryCondition = z.object({ kind: z.literal("country"), op: z.enum(["in", "not_in"]), value: z.array(z.string().regex(/^[A-Z]{2}$/, "Use two-letter country codes.")).min(1).max(300) });
const zoneCondition = z.object({ kind: z.literal("timeZone"), op: z.enum(["in", "not_in", "is_set", "is_not_set"]), value: z.array(text).max(500).optional() });
const handsetCondition = z.object({ kind: z.literal("handset"), op: z.enum(["in", "not_in"]), value: z.array(z.enum(HANDSET_CLASSES)).min(1) });
const createdCondition = z.object({ kind: z.literal("created"), op: z.enum(["within_last_days", "before", "after"]), value: z.union([z.number().int().positive(), text]) });

const engagementCondition = z.object({
  kind: z.literal("engagement"),
  /** received: a message was submitted to the carrier; delivered: a delivery report confirmed it. */
  event: z.enum(["received", "delivered", "replied", "not_received"]),
  /** A campaign of this workspace; without it, any campaign. */
  campaignId: z.string().min(1).max(64).optional(),
  withinDays: z.number().int().positive().max(3650).optional(),
});

export const conditionSchema = z.discriminatedUnion("kind", [
  attributeCondition,
  fieldCondition,
  tagCondition,
  consentCondition,
  countryCondition,
  zoneCondition,
  handsetCondition,
  createdCondition,
  engagementCondition,
]);

export type Condition = z.infer<typeof conditionSchema>;
export type Group = { kind: "group"; combinator: "and" | "or"; negate?: boolean; children: Array<Group | Condition> };

const MAX_DEPTH = 6;

export const groupSchema: z.ZodType<Group> = z.lazy(() =>
  z.object({
    kind: z.literal("group"),
    combinator: z.enum(["and", "or"]),
    negate: z.boolean().optional(),
    children: z.array(z.union([groupSchema, conditionSchema])).max(100),
  }),
);

export const rulesSchema = groupSchema.superRefine((g, ctx) => {
  const depth = (n: Group | Condition, d: number): number =>
    n.kind === "group" ? Math.max(d, ...n.children.map((c) => depth(c, d + 1))) : d;
  if (depth(g, 1) > MAX_DEPTH) ctx.addIssue({ code: "custom", message: `Groups can be nested at most ${MAX_DEPTH} deep.` });
});

export type Rules = Group;

export const emptyRules = (): Rules => ({ kind: "group", combinator: "and", children: [] });

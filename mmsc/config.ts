// The simulator's own settings. It is a carrier stand-in, so it does not read Postino's config (no database, no
// auth secret): only MMSC_* variables, validated once, with a sentence for each bad value.
import path from "node:path";
import { z } from "zod";
import { faultsSchema } from "./faults";
import { profilesSchema } from "./profiles";
import { vaspInputSchema } from "./vasps";

function jsonEnv<T extends z.ZodTypeAny>(name: string, schema: T) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (!raw || !raw.trim()) return undefined;
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: `${name} is not valid JSON` });
        return z.NEVER;
      }
    })
    .pipe(schema.optional());
}

const schema = z.object({
  MMSC_PORT: z.coerce.number().int().min(0).max(65535).default(3200),
  MMSC_HOST: z.string().default("0.0.0.0"),
  /** How handsets and VASPs reach us (Content-Location URLs, web-view links). Defaults to http://localhost:<port>. */
  MMSC_PUBLIC_URL: z.string().url().optional(),
  MMSC_DATA_DIR: z.string().default(".data/mmsc"),
  /** Optional bearer token for /admin; the dashboard sends it server-side. */
  MMSC_ADMIN_TOKEN: z.string().optional(),
  /** Delay before a virtual handset fetches a notified message on its own; "off" leaves fetching to the admin API. */
  MMSC_AUTO_FETCH_MS: z.union([z.literal("off"), z.coerce.number().int().min(0)]).default(300),
  /** Delay before an automatic read report, when the VASP asked for one; "off" = only on demand. */
  MMSC_AUTO_READ_MS: z.union([z.literal("off"), z.coerce.number().int().min(0)]).default("off"),
  /** Expiry when the SubmitReq sets none, and the cap it cannot exceed (seconds). */
  MMSC_DEFAULT_EXPIRY_S: z.coerce.number().int().positive().default(3 * 24 * 3600),
  MMSC_MAX_EXPIRY_S: z.coerce.number().int().positive().default(7 * 24 * 3600),
  /** Oversize content: "adapt" (shrink images, drop what does not fit) or "reject" (MMStatus Rejected). */
  MMSC_ADAPTATION: z.enum(["adapt", "reject"]).default("adapt"),
  /**
   * Settled messages (every recipient past waiting, any automatic read report sent) kept in memory for the
   * virtual phones, web views and admin look-ups; older ones are forgotten (they stay in the ledger file),
   * as a carrier's MMSC deletes what it has delivered. Keeps a million-message campaign flat in memory.
   */
  MMSC_KEEP_MESSAGES: z.coerce.number().int().min(0).default(100_000),
  /** Group-commit window of the ledger (ms). */
  MMSC_COMMIT_MS: z.coerce.number().int().min(0).default(2),
  /** Largest MM7 request body accepted. */
  MMSC_MAX_BODY_BYTES: z.coerce.number().int().positive().default(5 * 1024 * 1024),
  /**
   * Outgoing reports (DeliveryReportReq, ReadReplyReq, DeliverReq) in flight per VASP. Under a 1M campaign on
   * 2 cores, 64 lets reports trail the submits (243k queued at the last submit), and the gateway and the
   * inbound drain then take them in large batches; 256 kept them level but took the same time to the last
   * delivered status (1,040 s against 1,046 s) and slowed the submits (962 against 1,048 msg/s).
   */
  MMSC_REPORT_CONCURRENCY: z.coerce.number().int().positive().default(64),
  MMSC_REPORT_MAX_ATTEMPTS: z.coerce.number().int().positive().default(12),
  MMSC_VASPS: jsonEnv("MMSC_VASPS", z.array(vaspInputSchema)),
  MMSC_PROFILES: jsonEnv("MMSC_PROFILES", profilesSchema),
  MMSC_FAULTS: jsonEnv("MMSC_FAULTS", faultsSchema),
});

export type MmscConfig = z.infer<typeof schema> & { publicUrl: string; dataDir: string };

export function loadMmscConfig(env: NodeJS.ProcessEnv = process.env): MmscConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`MMSC simulator configuration is invalid:\n${lines.join("\n")}`);
  }
  const c = parsed.data;
  return {
    ...c,
    publicUrl: (c.MMSC_PUBLIC_URL ?? `http://localhost:${c.MMSC_PORT}`).replace(/\/+$/, ""),
    dataDir: path.resolve(c.MMSC_DATA_DIR),
  };
}

// One validated view of the environment. Every process (web, workers, gateway, simulator)
// reads settings through here, so a bad value fails at start with a sentence, not later with a stack.
import { z } from "zod";

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no"])
  .transform((v) => v === "1" || v === "true" || v === "yes");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url({ message: "DATABASE_URL must be a postgresql:// URL" }),
  REDIS_URL: z.string().url({ message: "REDIS_URL must be a redis:// URL" }),
  /** Key prefix for every BullMQ queue, so several Postino installs (or test runs) can share one Redis. */
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_{}-]+$/).default("postino"),
  /** Public base URL of the dashboard, used in links (password reset, web views, SMS notices). */
  APP_URL: z.string().url().default("http://localhost:3000"),
  /** Secret for session cookies and tokens; at least 32 characters. */
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Media storage backend: "db" (PostgreSQL, works across machines with no extra service) or "s3". */
  STORAGE_BACKEND: z.enum(["db", "s3"]).default("db"),
  STORAGE_CACHE_DIR: z.string().default(".data/cache"),
  S3_ENDPOINT: z.string().url().optional(),
  S3_BUCKET: z.string().optional(),
  S3_REGION: z.string().default("us-east-1"),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  FFMPEG_PATH: z.string().optional(),
  FFPROBE_PATH: z.string().optional(),
  /** Base URL of the inbound MM7 gateway as carriers should reach it. */
  GATEWAY_URL: z.string().url().default("http://localhost:3100"),
  GATEWAY_PORT: z.coerce.number().int().positive().default(3100),
  /** The built-in MMSC simulator (a carrier stand-in). */
  MMSC_URL: z.string().url().default("http://localhost:3200"),
  MMSC_PORT: z.coerce.number().int().positive().default(3200),
  WORKER_CONCURRENCY: z.coerce.number().int().positive().default(8),
  /**
   * Platform operators (comma-separated e-mails): the only users who may open /admin/queues, which
   * shows every workspace's jobs. Workspace owners are tenants, not operators.
   */
  PLATFORM_ADMIN_EMAILS: z
    .string()
    .default("")
    .transform((s) => s.split(",").map((e) => e.trim().toLowerCase()).filter(Boolean)),
  /** Demo and tests: show password-reset links in the server log instead of e-mailing them. */
  AUTH_LOG_RESET_LINKS: bool.default(true),
});

export type Config = z.infer<typeof schema>;

let cached: Config | undefined;

export function config(): Config {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Postino configuration is invalid (see .env.example):\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

// Virtual handset capability profiles, chosen by number range. A carrier knows each subscriber's handset from
// provisioning (Mbuni's prov-server-sub-status-script answers "MMS capable or not"); here configuration decides.
import { z } from "zod";

const profileSchema = z.object({
  /**
   * mms: fetches and acknowledges; legacy: no MMS, gets an SMS with a web-view link; off: never fetches (Expired);
   * unknown: not a subscriber (Unrecognised); deferring: answers the first notification with Deferred, fetches later.
   */
  kind: z.enum(["mms", "legacy", "off", "unknown", "deferring"]).default("mms"),
  /** Largest message the handset retrieves (bytes). */
  maxBytes: z.number().int().positive().default(300 * 1024),
  /** OMA content class the handset conforms to (shown in the alert). */
  contentClass: z.string().default("content-rich"),
  /** Media types (or "image/*" patterns) the handset renders; others are dropped on adaptation. */
  accept: z.array(z.string()).default(["text/*", "application/smil", "image/*", "audio/*", "video/*"]),
  /** Longest image side the handset displays. */
  maxImagePx: z.number().int().positive().default(1280),
  uaProf: z.string().optional(),
  /** false: the handset only fetches when someone opens the message (admin API / dashboard). */
  autoFetch: z.boolean().default(true),
});
export type HandsetProfile = z.infer<typeof profileSchema> & { name: string };

const rangeSchema = z.object({
  /** A regular expression over the E.164 number ("+" included), e.g. "9$" or "^\\+3859". */
  match: z.string(),
  profile: z.string(),
});

export const profilesSchema = z.object({
  profiles: z.record(z.string(), profileSchema.partial()).default({}),
  /** First match wins; numbers matching none get `default`. */
  ranges: z.array(rangeSchema).optional(),
  default: z.string().default("standard"),
});
export type ProfilesConfig = z.infer<typeof profilesSchema>;

const BUILTIN: Record<string, z.input<typeof profileSchema>> = {
  standard: { kind: "mms", maxBytes: 300 * 1024, contentClass: "content-rich", uaProf: "http://mmsc.sim/uaprof/standard.xml" },
  basic: {
    kind: "mms",
    maxBytes: 100 * 1024,
    contentClass: "image-rich",
    accept: ["text/plain", "application/smil", "image/jpeg", "image/gif", "image/png", "audio/amr"],
    maxImagePx: 640,
    uaProf: "http://mmsc.sim/uaprof/basic.xml",
  },
  rich: { kind: "mms", maxBytes: 600 * 1024, contentClass: "megapixel", maxImagePx: 1600, uaProf: "http://mmsc.sim/uaprof/rich.xml" },
  legacy: { kind: "legacy", maxBytes: 0 + 1, contentClass: "text", accept: ["text/plain"], uaProf: "http://mmsc.sim/uaprof/legacy.xml" },
  off: { kind: "off" },
  unknown: { kind: "unknown" },
  deferring: { kind: "deferring" },
};

const DEFAULT_RANGES = [
  { match: "9$", profile: "legacy" },
  { match: "8$", profile: "basic" },
];

export class ProfileBook {
  private readonly profiles = new Map<string, HandsetProfile>();
  private readonly ranges: Array<{ re: RegExp; profile: string }>;
  private readonly fallback: string;

  constructor(cfg: ProfilesConfig = { profiles: {}, default: "standard" }) {
    for (const [name, p] of Object.entries({ ...BUILTIN })) this.profiles.set(name, { name, ...profileSchema.parse(p) });
    for (const [name, p] of Object.entries(cfg.profiles ?? {})) {
      this.profiles.set(name, { name, ...profileSchema.parse({ ...(BUILTIN[name] ?? {}), ...p }) });
    }
    this.ranges = (cfg.ranges ?? DEFAULT_RANGES).map((r) => {
      if (!this.profiles.has(r.profile)) throw new Error(`MMSC_PROFILES: range ${r.match} names unknown profile ${r.profile}`);
      return { re: new RegExp(r.match), profile: r.profile };
    });
    this.fallback = cfg.default ?? "standard";
    if (!this.profiles.has(this.fallback)) throw new Error(`MMSC_PROFILES: default profile ${this.fallback} is not defined`);
  }

  forNumber(msisdn: string): HandsetProfile {
    for (const r of this.ranges) if (r.re.test(msisdn)) return this.profiles.get(r.profile)!;
    return this.profiles.get(this.fallback)!;
  }
}

export function accepts(profile: HandsetProfile, contentType: string): boolean {
  const ct = contentType.toLowerCase();
  return profile.accept.some((a) => (a.endsWith("/*") ? ct.startsWith(a.slice(0, -1)) : ct === a.toLowerCase()));
}

// The one place that decides what each workspace role may do. Route handlers and server actions
// call `can()` (through requireMember); the UI uses the same table only to hide what would be refused.
export const ROLES = ["owner", "admin", "marketer", "agent", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  marketer: "Marketer",
  agent: "Support agent",
  viewer: "Viewer",
};

export type Permission =
  | "workspace.read"
  | "workspace.manage"
  | "members.manage"
  | "connections.manage"
  | "contacts.read"
  | "contacts.write"
  | "contacts.import"
  | "contacts.export"
  | "segments.write"
  | "media.write"
  | "campaigns.write"
  | "campaigns.send"
  | "inbox.reply"
  | "phones.use"
  | "reports.read";

const everyone: Permission[] = ["workspace.read", "contacts.read", "reports.read"];
const marketer: Permission[] = [
  ...everyone,
  "contacts.write",
  "contacts.import",
  "contacts.export",
  "segments.write",
  "media.write",
  "campaigns.write",
  "campaigns.send",
  "inbox.reply",
  "phones.use",
];
const admin: Permission[] = [...marketer, "workspace.manage", "members.manage", "connections.manage"];

const table: Record<Role, ReadonlySet<Permission>> = {
  owner: new Set(admin),
  admin: new Set(admin),
  marketer: new Set(marketer),
  // Support agents answer customers one at a time: contacts, inbox, quick sends; no bulk campaigns or settings.
  agent: new Set<Permission>([...everyone, "contacts.write", "inbox.reply", "campaigns.send", "phones.use", "media.write"]),
  viewer: new Set(everyone),
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function can(role: string | null | undefined, permission: Permission): boolean {
  return isRole(role) && table[role].has(permission);
}

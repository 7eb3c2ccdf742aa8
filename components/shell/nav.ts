import type { Permission } from "@/lib/auth/roles";

export type NavItem = { href: string; label: string; icon: string; permission?: Permission };

export const mainNav: NavItem[] = [
  { href: "/", label: "Home", icon: "home" },
  { href: "/campaigns", label: "Campaigns", icon: "send", permission: "campaigns.write" },
  { href: "/contacts", label: "Contacts", icon: "users" },
  { href: "/segments", label: "Segments", icon: "filter" },
  { href: "/media", label: "Media", icon: "image" },
  { href: "/inbox", label: "Inbox", icon: "inbox" },
  { href: "/reports", label: "Reports", icon: "chart" },
  { href: "/phones", label: "Test phones", icon: "phone", permission: "phones.use" },
];

export const settingsNav: NavItem[] = [
  { href: "/settings", label: "Workspace", icon: "settings" },
  { href: "/settings/members", label: "Members and roles", icon: "shield" },
  { href: "/settings/connections", label: "Carrier connections", icon: "plug", permission: "connections.manage" },
  { href: "/settings/keywords", label: "Keywords", icon: "keyword", permission: "workspace.manage" },
  { href: "/settings/suppressions", label: "Suppression list", icon: "ban", permission: "contacts.write" },
];

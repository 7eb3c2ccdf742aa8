// Display helpers and wire types shared by the contacts table, the contact page and the import screens.
import { Badge, type Tone } from "@/components/ui/badge";

export type ContactRow = {
  id: string; phone: string; firstName: string | null; lastName: string | null; country: string | null; timeZone: string | null;
  tags: string[]; consent: string; handsetClass: string; createdAt: string;
};
export type ContactPage = { items: ContactRow[]; nextCursor: string | null };
export type ContactFilter = { q?: string; tag?: string; consent?: string; segmentId?: string };

export const CONSENT_LABEL: Record<string, string> = { subscribed: "Subscribed", unsubscribed: "Opted out", never_asked: "Never asked" };
const CONSENT_TONE: Record<string, Tone> = { subscribed: "green", unsubscribed: "red", never_asked: "gray" };

export const HANDSET_LABEL: Record<string, string> = {
  unknown: "Unknown", legacy: "Legacy (100 KB)", basic: "Basic (300 KB)", standard: "Standard (600 KB)", rich: "Rich (1 MB+)",
};

export function ConsentBadge({ state }: { state: string }) {
  return <Badge tone={CONSENT_TONE[state] ?? "gray"}>{CONSENT_LABEL[state] ?? state}</Badge>;
}

export const fullName = (c: { firstName: string | null; lastName: string | null }) => [c.firstName, c.lastName].filter(Boolean).join(" ");

/** Query string of a filter without empty keys (list, count, export and bulk share it). */
export function filterQuery(f: ContactFilter): string {
  return new URLSearchParams(Object.entries(f).filter(([, v]) => !!v) as Array<[string, string]>).toString();
}

export const when = (d: string | Date | null | undefined) => (d ? new Date(d).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" }) : "—");

/** Server → client props: bigint ids and dates as plain JSON. */
export const plain = <T,>(v: unknown): T => JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x))) as T;

export const COUNTRIES: Array<[string, string]> = [
  ["IT", "Italy"], ["FR", "France"], ["DE", "Germany"], ["ES", "Spain"], ["GB", "United Kingdom"], ["IE", "Ireland"], ["NL", "Netherlands"],
  ["BE", "Belgium"], ["CH", "Switzerland"], ["AT", "Austria"], ["PT", "Portugal"], ["PL", "Poland"], ["GR", "Greece"], ["SE", "Sweden"],
  ["US", "United States"], ["CA", "Canada"], ["MX", "Mexico"], ["BR", "Brazil"], ["AR", "Argentina"], ["AU", "Australia"], ["IN", "India"],
  ["ZA", "South Africa"], ["NG", "Nigeria"], ["KE", "Kenya"], ["JP", "Japan"], ["SG", "Singapore"], ["AE", "United Arab Emirates"],
];

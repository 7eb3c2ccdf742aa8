// The demo workspace's content: realistic contacts across districts, two segments. Each step
// checks whether it already ran, so restarts keep what the user changed.
import { db } from "@/lib/db/client";
import { pgPool } from "@/lib/db/pg";
import type { Rules } from "@/lib/segments/rules";

const FIRST = ["Giulia", "Marco", "Francesca", "Luca", "Chiara", "Alessandro", "Sara", "Matteo", "Valentina", "Davide", "Elena", "Simone", "Martina", "Andrea", "Anna", "Paolo", "Federica", "Giorgio", "Silvia", "Roberto", "Laura", "Stefano", "Ilaria", "Nicola"];
const LAST = ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti"];
const DISTRICTS = ["D1", "D2", "D3", "D4", "D5", "D6", "D7"];
const TAGS = ["volunteer", "donor", "newsletter", "vip", "event-2026"];

/** Deterministic pseudo-random numbers so every demo install looks the same. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export async function seedDemoWorkspace(workspaceId: string, userId: string) {
  const existing = await db.contact.count({ where: { workspaceId } });
  if (existing === 0) {
    const r = rng(42);
    const rows = Array.from({ length: 300 }, (_, i) => {
      const first = FIRST[Math.floor(r() * FIRST.length)]!;
      const last = LAST[Math.floor(r() * LAST.length)]!;
      // Mobile numbers in the +39 3xx range; the simulator treats numbers ending in 9 as legacy phones.
      const phone = `+3933${String(10000000 + i * 7919).slice(0, 8)}`;
      const tags = TAGS.filter(() => r() < 0.25);
      const consent = i % 23 === 0 ? "unsubscribed" : r() < 0.85 ? "subscribed" : "never_asked";
      return {
        workspaceId, phone, firstName: first, lastName: last, locale: "it", timeZone: "Europe/Rome", country: "IT",
        attributes: { district: DISTRICTS[i % DISTRICTS.length], age: 18 + Math.floor(r() * 60), city: r() < 0.6 ? "Napoli" : "Caserta" },
        tags, consent: consent as "subscribed" | "unsubscribed" | "never_asked", consentAt: consent === "never_asked" ? null : new Date(Date.now() - Math.floor(r() * 200) * 86_400_000),
      };
    });
    await db.contact.createMany({ data: rows, skipDuplicates: true });
    // Consent history for those who have a state, as an import with a signed form would leave it.
    await pgPool().query(
      `insert into consent_event ("workspaceId", "contactId", state, source, detail, "actorUserId", "occurredAt")
       select "workspaceId", id, consent, 'import', 'Demo data: signed form at the 2026 open day', $2, coalesce("consentAt", now())
       from contact where "workspaceId" = $1 and consent <> 'never_asked'`,
      [workspaceId, userId],
    );
  }
  if ((await db.segment.count({ where: { workspaceId } })) === 0) {
    await db.segment.createMany({
      data: [
        { workspaceId, name: "District 7 volunteers", description: "Volunteers in D7 who have not opted out", createdById: userId,
          rules: { kind: "group", combinator: "and", children: [
            { kind: "attribute", key: "district", type: "text", op: "equals", value: "D7" },
            { kind: "tag", op: "has", value: "volunteer" },
            { kind: "consent", op: "not_in", value: ["unsubscribed"] },
          ] } satisfies Rules },
        { workspaceId, name: "Newsletter subscribers", description: "Everyone tagged newsletter who said yes", createdById: userId,
          rules: { kind: "group", combinator: "and", children: [
            { kind: "tag", op: "has", value: "newsletter" },
            { kind: "consent", op: "in", value: ["subscribed"] },
          ] } satisfies Rules },
      ],
    });
  }
}

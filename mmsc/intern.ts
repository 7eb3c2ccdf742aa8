// The simulator keeps every message it accepted in memory, and a campaign sends the same SMIL, content
// types, ids and parameters in each of its 100,000s of messages, each parsed into fresh strings. Sharing
// one copy of each repeated value keeps the live heap, and with it the cost of every garbage collection,
// from growing with the copies (2.2 KB a message before).
const MAX = 10_000;
const strings = new Map<string, string>();
const objects = new Map<string, object>();

/** One shared copy of a repeated string (bounded: forgotten wholesale once MAX are held). */
export function intern(s: string): string {
  const hit = strings.get(s);
  if (hit !== undefined) return hit;
  if (strings.size >= MAX) strings.clear();
  strings.set(s, s);
  return s;
}

/** One shared, frozen copy of a repeated flat record (MIME parameters, an address). Never mutate the result. */
export function internRecord<T extends object>(r: T): T {
  const key = JSON.stringify(r);
  const hit = objects.get(key);
  if (hit !== undefined) return hit as T;
  if (objects.size >= MAX) objects.clear();
  const frozen = Object.freeze(Object.fromEntries(Object.entries(r).map(([k, v]) => [intern(k), typeof v === "string" ? intern(v) : v])));
  objects.set(key, frozen);
  return frozen as T;
}

/** "First Last", or null when the contact has no name (the UI then shows the number). */
export function contactName(c: { firstName: string | null; lastName: string | null }): string | null {
  const n = [c.firstName, c.lastName].filter((x) => x && x.trim()).join(" ").trim();
  return n || null;
}

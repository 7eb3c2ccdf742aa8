// Collects bind parameters while SQL text is assembled, so user input (values *and* attribute keys)
// only ever travels as $n parameters, never inside the SQL string.
export class SqlParams {
  readonly values: unknown[] = [];
  constructor(private readonly offset = 0) {}

  /** Adds a value and returns its placeholder, with an explicit cast when given. */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    const ph = `$${this.offset + this.values.length}`;
    return cast ? `${ph}::${cast}` : ph;
  }
}

/** Escapes LIKE wildcards so a user's "50%" matches literally. */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (m) => `\\${m}`);
}

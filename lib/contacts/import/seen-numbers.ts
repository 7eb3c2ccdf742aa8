// The numbers an import has already met, with the line each was first seen on, so a repeat anywhere
// in the file is reported against its first occurrence without asking the database. E.164 holds at
// most 15 digits, which a double represents exactly, so a number is one slot of a Float64Array
// (open addressing, linear probing) and its line one slot of an Int32Array: 12 bytes a slot, against
// about 100 for a string key in a Map, and nothing for the garbage collector to trace.
//
// Memory is bounded: the table never holds more than `maxNumbers`. From then on it is frozen (it
// still answers for what it holds) and the caller checks later numbers in the database instead.

const EMPTY = 0; // no E.164 number is +0
const MAX_LOAD = 0.8;
/** 1.5M numbers: 21.5 MiB at most (1.875M slots of 12 bytes). */
export const MAX_SEEN_NUMBERS = 1_500_000;

export type SeenAnswer =
  /** First time: remembered now. */
  | { kind: "new" }
  /** A repeat: the line the number was first seen on. */
  | { kind: "repeat"; firstLine: number }
  /** Not seen here, and the table is full: the database must decide. */
  | { kind: "unknown" };

const NEW: SeenAnswer = { kind: "new" };
const UNKNOWN: SeenAnswer = { kind: "unknown" };

const slotsFor = (numbers: number) => Math.max(8, Math.ceil(numbers / MAX_LOAD));

export class SeenNumbers {
  private keys: Float64Array;
  private lines: Int32Array;
  /** Numbers the current table takes before it must grow. */
  private room: number;
  private count = 0;

  constructor(private readonly maxNumbers = MAX_SEEN_NUMBERS, initialNumbers = 10_000) {
    this.room = Math.min(initialNumbers, maxNumbers);
    this.keys = new Float64Array(slotsFor(this.room));
    this.lines = new Int32Array(this.keys.length);
  }

  get size(): number {
    return this.count;
  }

  /**
   * Makes room for `numbers` in one step (bounded by the maximum), when the caller can estimate
   * them: growing by doubling would briefly hold the old table beside a new one twice its size.
   */
  reserve(numbers: number): void {
    const want = Math.min(numbers, this.maxNumbers);
    if (want > this.room) this.resize(want);
  }

  /** Looks `e164` up and remembers it (with `line`) when it is new and there is room. */
  check(e164: string, line: number): SeenAnswer {
    const key = Number(e164.slice(1));
    const slots = this.keys.length;
    let i = slotOf(key, slots);
    for (;;) {
      const k = this.keys[i]!;
      if (k === key) return { kind: "repeat", firstLine: this.lines[i]! };
      if (k === EMPTY) break;
      if (++i === slots) i = 0;
    }
    if (this.count === this.room) {
      if (this.room === this.maxNumbers) return UNKNOWN;
      this.resize(Math.min(this.room * 2, this.maxNumbers));
      return this.check(e164, line);
    }
    this.keys[i] = key;
    this.lines[i] = line;
    this.count++;
    return NEW;
  }

  private resize(numbers: number) {
    const oldKeys = this.keys;
    const oldLines = this.lines;
    const slots = slotsFor(numbers);
    this.keys = new Float64Array(slots);
    this.lines = new Int32Array(slots);
    this.room = numbers;
    for (let j = 0; j < oldKeys.length; j++) {
      const key = oldKeys[j]!;
      if (key === EMPTY) continue;
      let i = slotOf(key, slots);
      while (this.keys[i] !== EMPTY) if (++i === slots) i = 0;
      this.keys[i] = key;
      this.lines[i] = oldLines[j]!;
    }
  }
}

/** A slot from a 32-bit mix of the number's low and high words (numbers of one country share their high digits). */
function slotOf(key: number, slots: number): number {
  let h = Math.imul((key >>> 0) ^ Math.imul(Math.floor(key / 4294967296), 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return Math.floor(((h >>> 0) / 4294967296) * slots);
}

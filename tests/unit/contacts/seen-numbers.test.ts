// The in-memory table that catches repeated numbers in an import: exact across growth, telling
// apart numbers that differ only in their high digits, and honest when it is full.
import { describe, expect, it } from "vitest";
import { SeenNumbers } from "@/lib/contacts/import/seen-numbers";

describe("seen numbers", () => {
  it("remembers each number's first line through many doublings", () => {
    const seen = new SeenNumbers(1_000_000, 10);
    const n = 200_000;
    let fresh = 0;
    for (let i = 0; i < n; i++) if (seen.check(`+39333${String(i).padStart(7, "0")}`, i + 2).kind === "new") fresh++;
    expect(fresh).toBe(n);
    expect(seen.size).toBe(n);
    for (let i = 0; i < n; i += 997) expect(seen.check(`+39333${String(i).padStart(7, "0")}`, 999_999)).toEqual({ kind: "repeat", firstLine: i + 2 });
    expect(seen.size).toBe(n);
  });

  it("tells apart 15-digit numbers that share their low 32 bits", () => {
    const seen = new SeenNumbers();
    // 2^32 apart: the same low word, different high words.
    const a = 123_456_789_012_345;
    const b = a - 2 ** 32;
    expect(seen.check(`+${a}`, 2).kind).toBe("new");
    expect(seen.check(`+${b}`, 3).kind).toBe("new");
    expect(seen.check(`+${b}`, 4)).toEqual({ kind: "repeat", firstLine: 3 });
  });

  it("stops remembering at its size, and still answers for what it holds", () => {
    const seen = new SeenNumbers(11, 4);
    const kinds = Array.from({ length: 14 }, (_, i) => seen.check(`+4479000000${String(i).padStart(2, "0")}`, i + 2).kind);
    expect(kinds.slice(0, 11)).toEqual(Array(11).fill("new"));
    expect(kinds.slice(11)).toEqual(["unknown", "unknown", "unknown"]);
    expect(seen.check("+447900000003", 99)).toEqual({ kind: "repeat", firstLine: 5 });
    expect(seen.check("+447900000012", 99).kind).toBe("unknown");
    expect(seen.size).toBe(11);
  });

  it("keeps what it holds when room is reserved ahead", () => {
    const seen = new SeenNumbers(1_000, 10);
    for (let i = 0; i < 10; i++) seen.check(`+3933312345${i}`, i + 2);
    seen.reserve(5_000);
    expect(seen.check("+39333123457", 99)).toEqual({ kind: "repeat", firstLine: 9 });
    let fresh = 0;
    for (let i = 0; i < 990; i++) if (seen.check(`+44790${String(i).padStart(6, "0")}`, i).kind === "new") fresh++;
    expect(fresh).toBe(990);
    expect(seen.check("+447911111111", 1).kind).toBe("unknown");
  });
});

/**
 * Fuzz: 100,000 mutated PDUs (seeded, reproducible) through decodePdu. Each must decode or throw PduDecodeError;
 * anything else (TypeError, RangeError, hang) fails. Set MMS_FUZZ_SEED to reproduce a CI failure.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodePdu, encodePdu, PduDecodeError } from "../../../lib/mms/index.js";
import { PDU_CASES } from "./pdu-cases.js";
import { mutate, pduFixtureFiles, prng } from "./helpers.js";

const SEED = Number(process.env.MMS_FUZZ_SEED ?? 20240301);
const ITERATIONS = 100_000;

describe("PDU decoder fuzz", () => {
  it(`${ITERATIONS} mutated PDUs (seed ${SEED}) decode or fail with PduDecodeError`, () => {
    // Corpus: small real fixtures (big ones cut to 4 KB: the header and first entries are where the parsing is) plus all generated PDUs.
    const corpus: Buffer[] = pduFixtureFiles().map((f) => {
      const b = readFileSync(f.file);
      return b.length > 4096 ? b.subarray(0, 4096) : b;
    });
    for (const [, p] of PDU_CASES) corpus.push(encodePdu(p));
    const rand = prng(SEED);
    let ok = 0;
    let typed = 0;
    const started = performance.now();
    for (let i = 0; i < ITERATIONS; i++) {
      const input = mutate(corpus[i % corpus.length], rand);
      try {
        decodePdu(input);
        ok++;
      } catch (e) {
        if (!(e instanceof PduDecodeError)) {
          throw new Error(`iteration ${i} (seed ${SEED}): ${String(e)} for ${input.toString("hex").slice(0, 400)}`);
        }
        typed++;
      }
    }
    expect(ok + typed).toBe(ITERATIONS);
    expect(typed).toBeGreaterThan(1000);
    // Wall-clock guard against pathological slowness only (about 10 s idle on 2 cores; shared CI boxes vary).
    expect(performance.now() - started).toBeLessThan(150_000);
  }, 180_000);
});

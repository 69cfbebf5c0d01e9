// The vote tally (src/features/voting/tally.ts): property tests against an independent,
// deliberately naive reference (tally-reference.ts), on inputs drawn by tally-arbitraries.ts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalBallot, tally, validateBallot } from "../../../src/features/voting/tally";
import type { TallyInput, ThresholdBase } from "../../../src/features/voting/tally-types";
import { inputArb, junkBallot, junkSpecArb, MAX_CANDIDATES } from "./tally-arbitraries";
import { perCandidateBallots, rules } from "./tally-ballots";
import { refIsValid, refTally } from "./tally-reference";

function deepFreeze<T>(x: T): T {
  if (x && typeof x === "object") {
    for (const v of Object.values(x)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
}

function shuffle<T>(xs: T[], rand: number[]): T[] {
  const out = xs.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = (rand[i % Math.max(rand.length, 1)] ?? 0) % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const RUNS = { numRuns: 400 };

// ---------------------------------------------------------------------------------------------
// Properties

describe("tally — properties", () => {
  it("the generator reaches the interesting cases (ties, shortfalls, over-full, invalid ballots)", () => {
    const seen = {
      tie: 0,
      shortfall: 0,
      overfullNoTie: 0,
      invalid: 0,
      allValid: 0,
      perCandidate: 0,
      choose: 0,
    };
    for (const input of fc.sample(inputArb, { numRuns: 1000, seed: 42 })) {
      const r = refTally(input);
      if (r.placesTied > 0) seen.tie++;
      if (r.shortfall > 0) seen.shortfall++;
      if (r.placesTied === 0 && r.results.filter((c) => c.passed).length > input.rules.places)
        seen.overfullNoTie++;
      if (r.invalid > 0) seen.invalid++;
      if (r.invalid === 0 && r.valid > 0) seen.allValid++;
      if (input.rules.form === "per_candidate" && r.placesFilled > 0) seen.perCandidate++;
      if (input.rules.form === "choose_n" && r.placesFilled > 0) seen.choose++;
    }
    for (const count of Object.values(seen)) expect(count).toBeGreaterThanOrEqual(50);
  });

  it("a. totals add up", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = tally(input);
        expect(r.valid + r.invalid).toBe(r.ballotsCast);
        expect(r.ballotsCast).toBe(input.ballots.length);
        expect(r.results.map((c) => c.candidateId)).toEqual(input.candidateIds);
        if (input.rules.form === "per_candidate") {
          for (const c of r.results) expect(c.support + c.against + c.abstain).toBe(r.valid);
        } else {
          let ticks = 0;
          for (const c of r.results) {
            expect(c.support).toBeLessThanOrEqual(r.valid);
            ticks += c.support;
          }
          expect(ticks).toBeLessThanOrEqual(r.valid * input.rules.maxTicks);
        }
      }),
      RUNS,
    );
  });

  it("b. the result equals the naive reference (validity, counts, threshold, rank, places, ties)", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const expected = refTally(input);
        const actual = tally(deepFreeze(input)); // frozen: tally must not touch its input
        expect(actual).toEqual(expected);
        for (const b of input.ballots) {
          expect(validateBallot(b, input.rules, input.candidateIds) !== null).toBe(
            refIsValid(b, input.rules, input.candidateIds),
          );
        }
      }),
      RUNS,
    );
  });

  it("b. (tie-heavy) the reference agrees when supports are drawn from a tiny range", () => {
    // Few distinct support levels, so ties at and above the cut-off are the rule, not the exception.
    const tieHeavy = fc
      .record({
        places: fc.integer({ min: 1, max: 10 }),
        base: fc.constantFrom<ThresholdBase>("all", "present", "valid"),
        support: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: MAX_CANDIDATES }),
        absent: fc.nat(4),
      })
      .map(({ places, base, support, absent }): TallyInput => {
        const ids = support.map((_, k) => 100 + k);
        const total = 6;
        return {
          rules: rules({ places, base }),
          candidateIds: ids,
          rosterSize: total + absent,
          present: total + (absent >> 1),
          ballots: perCandidateBallots(
            ids,
            support.map((n) => [n, 0, 0]),
            total,
          ),
        };
      });
    fc.assert(
      fc.property(tieHeavy, (input) => {
        expect(tally(input)).toEqual(refTally(input));
      }),
      RUNS,
    );
  });

  it("c. invalid ballots are never counted: adding any number changes only invalid and ballotsCast", () => {
    fc.assert(
      fc.property(
        inputArb,
        fc.array(fc.tuple(junkSpecArb, fc.nat()), { minLength: 1, maxLength: 20 }),
        (input, extra) => {
          const before = tally(input);
          const ballots = input.ballots.slice();
          for (const [spec, at] of extra) {
            const junk = junkBallot(spec, input.rules, input.candidateIds);
            expect(refIsValid(junk, input.rules, input.candidateIds)).toBe(false); // the test's own claim
            ballots.splice(at % (ballots.length + 1), 0, junk);
          }
          const after = tally({ ...input, ballots });
          expect(after).toEqual({
            ...before,
            invalid: before.invalid + extra.length,
            ballotsCast: before.ballotsCast + extra.length,
          });
        },
      ),
      RUNS,
    );
  });

  it("d. invariants hold and the order of ballots does not matter", () => {
    fc.assert(
      fc.property(inputArb, fc.array(fc.nat(), { maxLength: 80 }), (input, rand) => {
        const r = tally(input);
        const { places } = input.rules;
        const elected = r.results.filter((c) => c.elected);
        expect(elected.length).toBeLessThanOrEqual(places);
        expect(r.placesFilled).toBe(elected.length);
        expect(r.placesFilled + r.placesTied + r.shortfall).toBe(places);
        expect(Math.min(r.placesFilled, r.placesTied, r.shortfall)).toBeGreaterThanOrEqual(0);
        for (const c of r.results) {
          if (c.elected) expect(c.passed).toBe(true);
          if (c.tie) expect(c.passed && !c.elected).toBe(true);
          expect(c.elected && c.tie).toBe(false);
          // Elected beat everything not elected; tied candidates all share one support.
          if (c.elected)
            for (const o of r.results) if (!o.elected) expect(c.support).toBeGreaterThan(o.support);
        }
        const tied = r.results.filter((c) => c.tie);
        expect(new Set(tied.map((c) => c.support)).size).toBeLessThanOrEqual(1);
        expect(tied.length > r.placesTied).toBe(r.placesTied > 0); // more tied than places left
        if (r.shortfall > 0) expect(r.placesTied).toBe(0);
        expect(tally({ ...input, ballots: shuffle(input.ballots, rand) })).toEqual(r);
      }),
      RUNS,
    );
  });

  it("validateBallot: what it accepts it returns unchanged, and its output is accepted again", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        for (const b of input.ballots) {
          const out = validateBallot(JSON.parse(JSON.stringify(b)), input.rules, input.candidateIds);
          if (out === null) continue;
          expect(out).toEqual(b);
          expect(validateBallot(out, input.rules, input.candidateIds)).toEqual(out);
        }
      }),
      RUNS,
    );
  });

  it("canonicalBallot: the stored form counts the same, is accepted again, and is one per meaning", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const valid = input.ballots
          .map((b) => validateBallot(b, input.rules, input.candidateIds))
          .filter((b) => b !== null);
        const canonical = valid.map((b) => canonicalBallot(b, input.candidateIds));
        const r = tally({ ...input, ballots: valid });
        expect(tally({ ...input, ballots: canonical })).toEqual(r);
        for (const c of canonical) {
          expect(validateBallot(c, input.rules, input.candidateIds)).toEqual(c);
          // Idempotent: the canonical form of the canonical form is itself, byte for byte.
          expect(JSON.stringify(canonicalBallot(c, input.candidateIds))).toBe(JSON.stringify(c));
        }
      }),
      RUNS,
    );
  });
});

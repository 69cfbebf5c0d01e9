// The generators of the tally's property tests (tally.properties.test.ts). Everything is drawn as
// plain numbers and mapped to an input by `build`, so that fast-check can shrink a failure to a
// small case.
import fc from "fast-check";
import type {
  BallotBody,
  BallotForm,
  Choice,
  TallyInput,
  ThresholdBase,
  VoteRules,
} from "../../../src/features/voting/tally-types";

export const MAX_CANDIDATES = 15;

/** A valid-looking vote: per candidate 0 for, 1 against, 2 abstain, 3 left out; for choose_n 0 = tick. */
const marksArb = fc.array(
  fc.oneof(
    { arbitrary: fc.constant(0), weight: 7 },
    { arbitrary: fc.constant(1), weight: 2 },
    { arbitrary: fc.constant(2), weight: 1 },
    { arbitrary: fc.constant(3), weight: 1 },
  ),
  { minLength: MAX_CANDIDATES, maxLength: MAX_CANDIDATES },
);
/** keep: for choose_n, cut the ticks down to maxTicks (most ballots), or leave them (may over-tick). */
const voteSpecArb = fc.record({ marks: marksArb, keep: fc.boolean() });
type VoteSpec = { marks: number[]; keep: boolean };
/** A ballot that is invalid whatever the candidates and rules: `kind` picks the defect. */
export const junkSpecArb = fc.record({ kind: fc.integer({ min: 0, max: 11 }), a: fc.nat(20) });
type JunkSpec = { kind: number; a: number };

const scenarioArb = fc.record({
  places: fc.integer({ min: 1, max: 10 }),
  form: fc.constantFrom<BallotForm>("per_candidate", "choose_n"),
  maxTicks: fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 12 })), // -1: = places (the usual)
  base: fc.constantFrom<ThresholdBase>("all", "present", "valid"),
  threshold: fc.oneof(
    { arbitrary: fc.constant([1, 2]), weight: 4 }, // the default: more than half
    { arbitrary: fc.constant([2, 3]), weight: 2 },
    { arbitrary: fc.constantFrom([1, 3], [3, 4], [0, 1], [1, 1]), weight: 2 },
  ),
  ids: fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: MAX_CANDIDATES }),
  // Mostly realistic (ballots ≤ present ≤ roster: roster = ballots + a few absent/abstaining),
  // sometimes anything at all (the tally must not care).
  roster: fc.oneof(
    { arbitrary: fc.record({ absent: fc.nat(12) }), weight: 3 },
    { arbitrary: fc.record({ any: fc.nat(60) }), weight: 1 },
  ),
  presentPercent: fc.integer({ min: 0, max: 100 }),
  pool: fc.array(voteSpecArb, { minLength: 1, maxLength: 3 }),
  // Ballots: mostly copies of a few pool patterns (so that counts differ and tie), some fresh, some junk.
  picks: fc.array(
    fc.oneof(
      { arbitrary: fc.record({ pool: fc.nat() }), weight: 6 },
      { arbitrary: fc.record({ vote: voteSpecArb }), weight: 1 },
      { arbitrary: fc.record({ junk: junkSpecArb }), weight: 1 },
    ),
    { maxLength: 60, size: "+1" },
  ),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function voteBallot(spec: VoteSpec, r: VoteRules, ids: number[]): BallotBody {
  if (r.form === "per_candidate") {
    const choices: Record<string, Choice> = {};
    ids.forEach((id, k) => {
      const m = spec.marks[k];
      if (m === 0) choices[`${id}`] = "for";
      if (m === 1) choices[`${id}`] = "against";
      if (m === 2) choices[`${id}`] = "abstain";
    });
    return { form: "per_candidate", choices };
  }
  let ticks = ids.filter((_, k) => spec.marks[k] === 0);
  if (spec.keep) ticks = ticks.slice(0, r.maxTicks);
  return { form: "choose_n", ticks };
}

/** Always invalid for (r, ids): checked against the reference in the properties. */
export function junkBallot(spec: JunkSpec, r: VoteRules, ids: number[]): BallotBody {
  const first = ids[0] as number;
  const unknown = Math.max(...ids) + 1 + spec.a;
  const per = r.form === "per_candidate";
  const junk: unknown[] = [
    null,
    42,
    "for",
    [],
    {},
    per ? { form: "choose_n", ticks: [] } : { form: "per_candidate", choices: {} }, // the other form
    per ? { form: "per_candidate", choices: { [unknown]: "for" } } : { form: "choose_n", ticks: [unknown] },
    per
      ? { form: "per_candidate", choices: { [first]: ["yes", "FOR", "", 1, null][spec.a % 5] } }
      : { form: "choose_n", ticks: [`${first}`] },
    per ? { form: "per_candidate", choices: {}, extra: spec.a } : { form: "choose_n", ticks: [first, first] },
    per
      ? { form: "per_candidate", choices: ["for"] }
      : // over-tick: maxTicks + 1 distinct ids if there are enough candidates, else a duplicate
        {
          form: "choose_n",
          ticks:
            ids.length > r.maxTicks
              ? ids.slice(0, r.maxTicks + 1)
              : [...ids, ...Array.from({ length: r.maxTicks + 1 - ids.length }, () => first)],
        },
    per
      ? { form: "per_candidate", choices: { [`0${first}`]: "for" } }
      : { form: "choose_n", ticks: [first + 0.5] },
    per ? { form: "per_candidate", choices: null } : { form: "choose_n", ticks: null },
  ];
  return junk[spec.kind % junk.length] as BallotBody;
}

function build(s: Scenario): TallyInput {
  const r: VoteRules = {
    places: s.places,
    form: s.form,
    maxTicks: s.maxTicks < 0 ? s.places : s.maxTicks,
    base: s.base,
    thresholdNumerator: s.threshold[0] as number,
    thresholdDenominator: s.threshold[1] as number,
  };
  const ballots = s.picks.map((p) => {
    if ("pool" in p) return voteBallot(s.pool[p.pool % s.pool.length] as VoteSpec, r, s.ids);
    if ("vote" in p) return voteBallot(p.vote, r, s.ids);
    return junkBallot(p.junk, r, s.ids);
  });
  if ("any" in s.roster) {
    const present = Math.floor((s.roster.any * s.presentPercent) / 100);
    return { rules: r, candidateIds: s.ids, rosterSize: s.roster.any, present, ballots };
  }
  const present = ballots.length + Math.floor((s.roster.absent * s.presentPercent) / 100);
  return { rules: r, candidateIds: s.ids, rosterSize: ballots.length + s.roster.absent, present, ballots };
}

export const inputArb = scenarioArb.map(build);

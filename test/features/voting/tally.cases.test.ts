// The vote tally (src/features/voting/tally.ts) on worked examples: real cases from DOMAIN.md and
// the research, and what validateBallot accepts and refuses. The properties against an independent
// reference are in tally.properties.test.ts.
import { describe, expect, it } from "vitest";
import { tally } from "../../../src/features/voting/tally";
import type {
  BallotBody,
  BallotForm,
  Choice,
  TallyInput,
  TallyResult,
  ThresholdBase,
} from "../../../src/features/voting/tally-types";
import { chooseBallots, perCandidateBallots, rules } from "./tally-ballots";

const byId = (r: TallyResult, id: number) => {
  const found = r.results.find((c) => c.candidateId === id);
  if (!found) throw new Error(`no result for ${id}`);
  return found;
};
const electedIds = (r: TallyResult) => r.results.filter((c) => c.elected).map((c) => c.candidateId);
const tiedIds = (r: TallyResult) => r.results.filter((c) => c.tie).map((c) => c.candidateId);
const passedIds = (r: TallyResult) => r.results.filter((c) => c.passed).map((c) => c.candidateId);

// ---------------------------------------------------------------------------------------------
// Real cases

describe("tally — real cases", () => {
  it("祯埠乡 2017: 0 for, 43 against of 43 deputies → rejected, the place stays empty", () => {
    const r = tally({
      rules: rules(),
      candidateIds: [7],
      rosterSize: 43,
      present: 43,
      ballots: perCandidateBallots([7], [[0, 43, 0]], 43),
    });
    expect(r.results).toEqual([
      {
        candidateId: 7,
        support: 0,
        against: 43,
        abstain: 0,
        passed: false,
        rank: 1,
        elected: false,
        tie: false,
      },
    ]);
    expect(r).toMatchObject({ ballotsCast: 43, valid: 43, invalid: 0, thresholdBase: 43 });
    expect(r).toMatchObject({ placesFilled: 0, placesTied: 0, shortfall: 1 });
  });

  it("北坡镇 2019: 7 for 7 places (not 差额), 赞成51 反对0 弃权0 each → all elected, no tie", () => {
    const ids = [11, 12, 13, 14, 15, 16, 17];
    const r = tally({
      rules: rules({ places: 7 }),
      candidateIds: ids,
      rosterSize: 51,
      present: 51,
      ballots: perCandidateBallots(
        ids,
        ids.map(() => [51, 0, 0]),
        51,
      ),
    });
    for (const c of r.results) {
      expect(c).toMatchObject({ support: 51, against: 0, abstain: 0, passed: true, rank: 1, elected: true });
      expect(c.tie).toBe(false);
    }
    expect(r).toMatchObject({ valid: 51, placesFilled: 7, placesTied: 0, shortfall: 0 });
  });

  it("四屏镇 2023: 2选1 by ticking, 45 deputies, A 42 ticks (93.3%), B 3 → A elected, B fails", () => {
    const r = tally({
      rules: rules({ places: 1, form: "choose_n", maxTicks: 1 }),
      candidateIds: [1, 2],
      rosterSize: 45,
      present: 45,
      ballots: chooseBallots([1, 2], [42, 3], 45),
    });
    expect(byId(r, 1)).toMatchObject({ support: 42, passed: true, rank: 1, elected: true, tie: false });
    expect(byId(r, 2)).toMatchObject({ support: 3, passed: false, rank: 2, elected: false, tie: false });
    expect(byId(r, 1)).toMatchObject({ against: 0, abstain: 0 });
    expect(r).toMatchObject({ ballotsCast: 45, valid: 45, invalid: 0, thresholdBase: 45 });
    expect(r).toMatchObject({ placesFilled: 1, placesTied: 0, shortfall: 0 });
  });

  it("「12选10」(242 deputies, 230 present): 11 pass, the top 10 by 赞成 win, ranks follow support", () => {
    // Ballot order deliberately not the support order.
    const ids = [101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112];
    const support = [180, 230, 140, 100, 225, 220, 150, 210, 200, 190, 170, 160];
    const r = tally({
      rules: rules({ places: 10 }),
      candidateIds: ids,
      rosterSize: 242,
      present: 230,
      ballots: perCandidateBallots(
        ids,
        support.map((s) => [s, 230 - s - 5, 5]),
        230,
      ),
    });
    expect(r.results.map((c) => c.candidateId)).toEqual(ids); // ballot order
    expect(r.thresholdBase).toBe(242); // needs > 121
    expect(passedIds(r)).toEqual(ids.filter((id) => id !== 104)); // 100 < 122
    expect(electedIds(r)).toEqual(ids.filter((id) => id !== 104 && id !== 103)); // 140 is 11th
    expect(byId(r, 103)).toMatchObject({ passed: true, elected: false, tie: false, rank: 11 });
    expect(byId(r, 102).rank).toBe(1);
    expect(byId(r, 104).rank).toBe(12);
    expect(byId(r, 101)).toMatchObject({ support: 180, against: 45, abstain: 5 });
    expect(r).toMatchObject({ placesFilled: 10, placesTied: 0, shortfall: 0, valid: 230 });
  });

  it("exactly half is not more than half (100 deputies: 50 fails, 51 passes); 2/3 of 60: 40 fails, 41 passes", () => {
    const half = tally({
      rules: rules({ places: 2 }),
      candidateIds: [1, 2],
      rosterSize: 100,
      present: 100,
      ballots: perCandidateBallots(
        [1, 2],
        [
          [50, 50, 0],
          [51, 0, 0],
        ],
        100,
      ),
    });
    expect(byId(half, 1)).toMatchObject({ support: 50, passed: false, elected: false });
    expect(byId(half, 2)).toMatchObject({ support: 51, passed: true, elected: true });
    expect(half.shortfall).toBe(1);

    const twoThirds = tally({
      rules: rules({ places: 2, thresholdNumerator: 2, thresholdDenominator: 3 }),
      candidateIds: [1, 2],
      rosterSize: 60,
      present: 60,
      ballots: perCandidateBallots(
        [1, 2],
        [
          [40, 20, 0],
          [41, 0, 0],
        ],
        60,
      ),
    });
    expect(byId(twoThirds, 1).passed).toBe(false);
    expect(byId(twoThirds, 2).passed).toBe(true);
  });

  it("a tie at the 10th place: both tied, neither elected, placesTied = 1 (另行票决)", () => {
    const ids = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    const support = [200, 195, 190, 185, 180, 175, 170, 165, 160, 150, 150, 90];
    const r = tally({
      rules: rules({ places: 10 }),
      candidateIds: ids,
      rosterSize: 210,
      present: 205,
      ballots: perCandidateBallots(
        ids,
        support.map((s) => [s, 0, 0]),
        205,
      ),
    });
    expect(electedIds(r)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(tiedIds(r)).toEqual([10, 11]);
    expect(byId(r, 10)).toMatchObject({ passed: true, elected: false, tie: true, rank: 10 });
    expect(byId(r, 11)).toMatchObject({ passed: true, elected: false, tie: true, rank: 10 });
    expect(byId(r, 12)).toMatchObject({ passed: false, elected: false, tie: false, rank: 12 });
    expect(r).toMatchObject({ placesFilled: 9, placesTied: 1, shortfall: 0 });
  });

  it("three tied across the 9th–11th places: all three tied for two places; a tie above the cut-off is harmless", () => {
    const ids = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    const support = [200, 190, 190, 180, 170, 160, 150, 140, 130, 130, 130, 120];
    const r = tally({
      rules: rules({ places: 10 }),
      candidateIds: ids,
      rosterSize: 200,
      present: 200,
      ballots: perCandidateBallots(
        ids,
        support.map((s) => [s, 0, 0]),
        200,
      ),
    });
    expect(electedIds(r)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]); // 2 and 3 share rank 2, both elected
    expect(byId(r, 2).rank).toBe(2);
    expect(byId(r, 3).rank).toBe(2);
    expect(byId(r, 4).rank).toBe(4);
    expect(tiedIds(r)).toEqual([9, 10, 11]);
    expect(byId(r, 12)).toMatchObject({ passed: true, elected: false, tie: false, rank: 12 });
    expect(r).toMatchObject({ placesFilled: 8, placesTied: 2, shortfall: 0 });
  });

  it("a tie at the last place that fits exactly is no tie: both elected", () => {
    const r = tally({
      rules: rules({ places: 2 }),
      candidateIds: [1, 2, 3],
      rosterSize: 10,
      present: 10,
      ballots: perCandidateBallots(
        [1, 2, 3],
        [
          [8, 0, 0],
          [8, 0, 0],
          [7, 0, 0],
        ],
        10,
      ),
    });
    expect(electedIds(r)).toEqual([1, 2]);
    expect(tiedIds(r)).toEqual([]);
    expect(r).toMatchObject({ placesFilled: 2, placesTied: 0, shortfall: 0 });
  });

  it("a shortfall: only 8 of 12 pass for 10 places → all 8 elected, shortfall 2", () => {
    const ids = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    const support = [90, 80, 80, 70, 66, 61, 55, 51, 50, 40, 10, 0];
    const r = tally({
      rules: rules({ places: 10 }),
      candidateIds: ids,
      rosterSize: 100,
      present: 95,
      ballots: perCandidateBallots(
        ids,
        support.map((s) => [s, 95 - s, 0]),
        95,
      ),
    });
    expect(electedIds(r)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(tiedIds(r)).toEqual([]);
    expect(byId(r, 9)).toMatchObject({ support: 50, passed: false }); // exactly half of 100
    expect(r).toMatchObject({ placesFilled: 8, placesTied: 0, shortfall: 2 });
  });

  it("choose_n: an over-ticked ballot is invalid and counts for nobody; so are duplicate and unknown ticks", () => {
    const ids = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    const voteRules = rules({ places: 10, form: "choose_n", maxTicks: 10 });
    const good: BallotBody[] = [
      ...Array.from({ length: 30 }, (): BallotBody => ({ form: "choose_n", ticks: ids.slice(0, 10) })),
      ...Array.from({ length: 8 }, (): BallotBody => ({ form: "choose_n", ticks: ids.slice(2) })),
      { form: "choose_n", ticks: [] }, // ticks nobody: valid
    ];
    const bad: BallotBody[] = [
      { form: "choose_n", ticks: ids.slice(0, 11) }, // 11 ticks > 10
      { form: "choose_n", ticks: ids }, // 12 ticks
      { form: "choose_n", ticks: [12, 12] }, // duplicate
      { form: "choose_n", ticks: [12, 99] }, // unknown id
    ];
    const input = { rules: voteRules, candidateIds: ids, rosterSize: 45, present: 42 };
    const clean = tally({ ...input, ballots: good });
    const dirty = tally({ ...input, ballots: [...bad.slice(0, 2), ...good, ...bad.slice(2)] });
    expect(dirty).toEqual({ ...clean, invalid: 4, ballotsCast: clean.ballotsCast + 4 });
    expect(dirty).toMatchObject({ ballotsCast: 43, valid: 39, invalid: 4 });
    expect(byId(dirty, 1).support).toBe(30);
    expect(byId(dirty, 11).support).toBe(8); // the 11th tick of the over-ticked ballot is not counted
    expect(byId(dirty, 12).support).toBe(8);
    expect(byId(dirty, 3).support).toBe(38);
    expect(electedIds(dirty)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]); // 30 and 38 > 45/2; 8 is not
  });

  it("base all vs present vs valid: the same ballots give three different outcomes", () => {
    // 100 deputies, 80 present, 80 ballots of which 10 invalid → valid 70.
    const ids = [1, 2, 3];
    const valid = perCandidateBallots(
      ids,
      [
        [52, 18, 0],
        [45, 20, 5],
        [38, 30, 0],
      ],
      70,
    );
    const invalid = Array.from(
      { length: 10 },
      (): BallotBody => ({ form: "per_candidate", choices: { 1: "yes" as Choice } }),
    );
    const outcome = (base: ThresholdBase) =>
      tally({
        rules: rules({ places: 3, base }),
        candidateIds: ids,
        rosterSize: 100,
        present: 80,
        ballots: [...invalid, ...valid],
      });
    const all = outcome("all");
    const present = outcome("present");
    const byValid = outcome("valid");
    expect([all.thresholdBase, present.thresholdBase, byValid.thresholdBase]).toEqual([100, 80, 70]);
    expect(passedIds(all)).toEqual([1]); // > 50
    expect(passedIds(present)).toEqual([1, 2]); // > 40
    expect(passedIds(byValid)).toEqual([1, 2, 3]); // > 35
    expect([all.shortfall, present.shortfall, byValid.shortfall]).toEqual([2, 1, 0]);
    for (const r of [all, present, byValid])
      expect(r).toMatchObject({ ballotsCast: 80, valid: 70, invalid: 10 });
  });

  it("per_candidate: a candidate left out counts as 弃权; a ballot of the other form is invalid", () => {
    const r = tally({
      rules: rules({ places: 2 }),
      candidateIds: [1, 2],
      rosterSize: 5,
      present: 5,
      ballots: [
        { form: "per_candidate", choices: { 1: "for" } },
        { form: "per_candidate", choices: {} },
        { form: "per_candidate", choices: { 1: "for", 2: "against" } },
        { form: "per_candidate", choices: { 1: "for", 2: "abstain" } },
        { form: "choose_n", ticks: [1] },
      ],
    });
    expect(byId(r, 1)).toMatchObject({ support: 3, against: 0, abstain: 1, passed: true });
    expect(byId(r, 2)).toMatchObject({ support: 0, against: 1, abstain: 3, passed: false });
    expect(r).toMatchObject({ ballotsCast: 5, valid: 4, invalid: 1, placesFilled: 1, shortfall: 1 });
  });

  it("no ballots: nothing passes, even against a base of 0 valid ballots", () => {
    for (const base of ["all", "present", "valid"] as const) {
      const r = tally({
        rules: rules({ places: 3, base }),
        candidateIds: [1, 2],
        rosterSize: 9,
        present: 0,
        ballots: [],
      });
      expect(r.results.every((c) => !c.passed && c.rank === 1)).toBe(true);
      expect(r).toMatchObject({
        ballotsCast: 0,
        valid: 0,
        invalid: 0,
        placesFilled: 0,
        placesTied: 0,
        shortfall: 3,
      });
    }
  });

  it("rejects malformed rules and candidate lists instead of guessing", () => {
    const ok: TallyInput = { rules: rules(), candidateIds: [1, 2], rosterSize: 3, present: 3, ballots: [] };
    expect(() => tally(ok)).not.toThrow();
    const bad: TallyInput[] = [
      { ...ok, rules: rules({ places: 0 }) },
      { ...ok, rules: rules({ places: 1.5 }) },
      { ...ok, rules: rules({ thresholdDenominator: 0 }) },
      { ...ok, rules: rules({ thresholdNumerator: -1 }) },
      { ...ok, rules: rules({ maxTicks: -1 }) },
      { ...ok, rules: rules({ form: "ranked" as BallotForm }) },
      { ...ok, rules: rules({ base: "half" as ThresholdBase }) },
      { ...ok, candidateIds: [1, 1] },
      { ...ok, candidateIds: [1, 2.5] },
      { ...ok, rosterSize: -1 },
      { ...ok, present: Number.NaN },
    ];
    for (const input of bad) expect(() => tally(input)).toThrow(RangeError);
  });
});

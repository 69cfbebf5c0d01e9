// The vote tally (src/features/voting/tally.ts): real cases from DOMAIN.md and the research, then property
// tests against an independent, deliberately naive reference written below (no code shared with
// tally.ts: its own validity check, its own threshold by counting up, its own place allocation).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tally, validateBallot } from "../../../src/features/voting/tally";
import type {
  BallotBody,
  BallotForm,
  Choice,
  TallyInput,
  TallyResult,
  ThresholdBase,
  VoteRules,
} from "../../../src/features/voting/tally-types";

// ---------------------------------------------------------------------------------------------
// Helpers for hand-written cases

function rules(over: Partial<VoteRules> = {}): VoteRules {
  return {
    places: 1,
    form: "per_candidate",
    maxTicks: over.places ?? 1,
    base: "all",
    thresholdNumerator: 1,
    thresholdDenominator: 2,
    ...over,
  };
}

/**
 * `total` per-candidate ballots where candidate k gets exactly counts[k] = [for, against, abstain]
 * (ballot i votes for if i < for, against if i < for+against, explicit abstain if below the sum,
 * and leaves the candidate out otherwise — which also counts as 弃权).
 */
function perCandidateBallots(ids: number[], counts: Array<[number, number, number]>, total: number) {
  const ballots: BallotBody[] = [];
  for (let i = 0; i < total; i++) {
    const choices: Record<string, Choice> = {};
    ids.forEach((id, k) => {
      const [f, a, ab] = counts[k] ?? [0, 0, 0];
      if (i < f) choices[String(id)] = "for";
      else if (i < f + a) choices[String(id)] = "against";
      else if (i < f + a + ab) choices[String(id)] = "abstain";
    });
    ballots.push({ form: "per_candidate", choices });
  }
  return ballots;
}

/** `total` choose_n ballots with ticks[k] ticks for candidate k, dealt round-robin over the ballots. */
function chooseBallots(ids: number[], ticks: number[], total: number) {
  const ballots: number[][] = Array.from({ length: total }, () => []);
  let cursor = 0;
  ids.forEach((id, k) => {
    for (let t = 0; t < (ticks[k] ?? 0); t++) ballots[cursor++ % total]?.push(id);
  });
  return ballots.map((t): BallotBody => ({ form: "choose_n", ticks: t }));
}

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

// ---------------------------------------------------------------------------------------------
// validateBallot

describe("validateBallot", () => {
  const per = rules({ places: 2, form: "per_candidate" });
  const choose = rules({ places: 2, form: "choose_n", maxTicks: 2 });
  const ids = [3, 5, 8];

  it.each<[string, unknown]>([
    ["all three choices", { form: "per_candidate", choices: { 3: "for", 5: "against", 8: "abstain" } }],
    ["some left out", { form: "per_candidate", choices: { 5: "for" } }],
    ["empty (all 弃权)", { form: "per_candidate", choices: {} }],
  ])("per_candidate accepts %s", (_, body) => {
    expect(validateBallot(body, per, ids)).toEqual(body);
    expect(validateBallot(JSON.parse(JSON.stringify(body)), per, ids)).toEqual(body);
  });

  it.each<[string, unknown]>([
    ["null", null],
    ["a number", 3],
    ["a string", "for"],
    ["an array", [{ form: "per_candidate", choices: {} }]],
    ["no form", { choices: { 3: "for" } }],
    ["the other form", { form: "choose_n", ticks: [3] }],
    ["no choices", { form: "per_candidate" }],
    ["choices as an array", { form: "per_candidate", choices: ["for", "for", "for"] }],
    ["choices null", { form: "per_candidate", choices: null }],
    ["an unknown candidate", { form: "per_candidate", choices: { 4: "for" } }],
    ["a non-canonical id", { form: "per_candidate", choices: { "03": "for" } }],
    ["a non-canonical id 3.0", { form: "per_candidate", choices: { "3.0": "for" } }],
    ["a junk choice", { form: "per_candidate", choices: { 3: "yes" } }],
    ["an upper-case choice", { form: "per_candidate", choices: { 3: "FOR" } }],
    ["a numeric choice", { form: "per_candidate", choices: { 3: 1 } }],
    ["a null choice", { form: "per_candidate", choices: { 3: null } }],
    ["an extra field", { form: "per_candidate", choices: {}, voter: 17 }],
    ["a __proto__ key", JSON.parse('{"form":"per_candidate","choices":{"__proto__":"for"}}')],
    ["a constructor key", { form: "per_candidate", choices: { constructor: "for" } }],
  ])("per_candidate rejects %s", (_, body) => {
    expect(validateBallot(body, per, ids)).toBeNull();
  });

  it.each<[string, unknown]>([
    ["two ticks", { form: "choose_n", ticks: [8, 3] }],
    ["one tick", { form: "choose_n", ticks: [5] }],
    ["no tick", { form: "choose_n", ticks: [] }],
  ])("choose_n accepts %s", (_, body) => {
    expect(validateBallot(body, choose, ids)).toEqual(body);
  });

  it.each<[string, unknown]>([
    ["more ticks than allowed", { form: "choose_n", ticks: [3, 5, 8] }],
    ["a duplicate tick", { form: "choose_n", ticks: [3, 3] }],
    ["an unknown id", { form: "choose_n", ticks: [4] }],
    ["an id as a string", { form: "choose_n", ticks: ["3"] }],
    ["a fractional id", { form: "choose_n", ticks: [3.5] }],
    ["NaN", { form: "choose_n", ticks: [Number.NaN] }],
    ["ticks not an array", { form: "choose_n", ticks: "3" }],
    ["ticks as an object", { form: "choose_n", ticks: { 0: 3, length: 1 } }],
    ["the other form", { form: "per_candidate", choices: {} }],
    ["an extra field", { form: "choose_n", ticks: [], choices: {} }],
  ])("choose_n rejects %s", (_, body) => {
    expect(validateBallot(body, choose, ids)).toBeNull();
  });

  it("returns a copy, not the caller's object", () => {
    const body = { form: "choose_n", ticks: [3] };
    const out = validateBallot(body, choose, ids);
    expect(out).not.toBe(body);
    body.ticks.push(5);
    expect(out).toEqual({ form: "choose_n", ticks: [3] });
  });
});

// ---------------------------------------------------------------------------------------------
// The independent reference: naive loops, no code from tally.ts.

const CHOICE_WORDS = ["for", "against", "abstain"];

function refIsValid(body: unknown, r: VoteRules, ids: number[]): boolean {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return false;
  const b = body as Record<string, unknown>;
  const keys = Object.keys(b).sort();
  if (r.form === "per_candidate") {
    if (keys.length !== 2 || keys[0] !== "choices" || keys[1] !== "form") return false;
    if (b.form !== "per_candidate") return false;
    const choices = b.choices;
    if (choices === null || typeof choices !== "object" || Array.isArray(choices)) return false;
    for (const key of Object.keys(choices)) {
      let known = false;
      for (const id of ids) if (`${id}` === key) known = true;
      if (!known) return false;
      let ok = false;
      for (const w of CHOICE_WORDS) if ((choices as Record<string, unknown>)[key] === w) ok = true;
      if (!ok) return false;
    }
    return true;
  }
  if (keys.length !== 2 || keys[0] !== "form" || keys[1] !== "ticks") return false;
  if (b.form !== "choose_n" || !Array.isArray(b.ticks)) return false;
  const ticks = b.ticks as unknown[];
  if (ticks.length > r.maxTicks) return false;
  for (let i = 0; i < ticks.length; i++) {
    let known = false;
    for (const id of ids) if (ticks[i] === id) known = true;
    if (!known) return false;
    for (let j = 0; j < i; j++) if (ticks[j] === ticks[i]) return false;
  }
  return true;
}

interface RefCandidate {
  candidateId: number;
  support: number;
  against: number;
  abstain: number;
  passed: boolean;
  rank: number;
  elected: boolean;
  tie: boolean;
}

function refTally(input: TallyInput): TallyResult {
  const { rules: r, candidateIds: ids } = input;
  const rows: RefCandidate[] = [];
  for (const id of ids) {
    rows.push({
      candidateId: id,
      support: 0,
      against: 0,
      abstain: 0,
      passed: false,
      rank: 0,
      elected: false,
      tie: false,
    });
  }
  let valid = 0;
  let invalid = 0;
  for (const ballot of input.ballots) {
    if (!refIsValid(ballot, r, ids)) {
      invalid = invalid + 1;
      continue;
    }
    valid = valid + 1;
    for (const row of rows) {
      if (r.form === "per_candidate") {
        const choices = (ballot as { choices: Record<string, string> }).choices;
        let choice = "abstain";
        for (const key of Object.keys(choices))
          if (key === `${row.candidateId}`) choice = choices[key] as string;
        if (choice === "for") row.support += 1;
        if (choice === "against") row.against += 1;
        if (choice === "abstain") row.abstain += 1;
      } else {
        for (const t of (ballot as { ticks: number[] }).ticks) if (t === row.candidateId) row.support += 1;
      }
    }
  }

  // The least support that passes: count up until k × den > base × num.
  let base = input.rosterSize;
  if (r.base === "present") base = input.present;
  if (r.base === "valid") base = valid;
  let least = 0;
  while (least * r.thresholdDenominator <= base * r.thresholdNumerator) least++;
  for (const row of rows) row.passed = row.support >= least;

  // Rank: walk a sorted copy; equal support shares the rank of the first of them.
  const sorted = rows.slice().sort((a, b) => b.support - a.support);
  for (let i = 0; i < sorted.length; i++) {
    const row = sorted[i] as RefCandidate;
    const prev = sorted[i - 1];
    row.rank = prev && prev.support === row.support ? prev.rank : i + 1;
  }

  // Places: take the passed candidates group by group (equal support = one group), highest first.
  // A group that fits is elected whole; the first group that does not fit is tied whole.
  let free = r.places;
  let tiedPlaces = 0;
  const passedSorted = sorted.filter((row) => row.passed);
  let i = 0;
  while (i < passedSorted.length) {
    const group: RefCandidate[] = [];
    const level = (passedSorted[i] as RefCandidate).support;
    while (i < passedSorted.length && (passedSorted[i] as RefCandidate).support === level) {
      group.push(passedSorted[i] as RefCandidate);
      i++;
    }
    if (free === 0) break;
    if (group.length <= free) {
      for (const row of group) row.elected = true;
      free -= group.length;
    } else {
      for (const row of group) row.tie = true;
      tiedPlaces = free;
      free = 0;
    }
  }
  let filled = 0;
  for (const row of rows) if (row.elected) filled++;
  if (r.form === "choose_n") {
    for (const row of rows) {
      row.against = 0;
      row.abstain = 0;
    }
  }
  return {
    results: rows,
    ballotsCast: input.ballots.length,
    valid,
    invalid,
    thresholdBase: base,
    placesFilled: filled,
    placesTied: tiedPlaces,
    shortfall: free,
  };
}

// ---------------------------------------------------------------------------------------------
// Generators. Everything is drawn as plain numbers and mapped to an input by `build`, so that
// fast-check can shrink a failure to a small case.

const MAX_CANDIDATES = 15;

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
const junkSpecArb = fc.record({ kind: fc.integer({ min: 0, max: 11 }), a: fc.nat(20) });
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

/** Always invalid for (r, ids): checked against the reference in the properties below. */
function junkBallot(spec: JunkSpec, r: VoteRules, ids: number[]): BallotBody {
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

const inputArb = scenarioArb.map(build);

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
});

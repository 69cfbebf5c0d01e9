// The vote tally: ballots in, result out. Pure, no I/O, and no floating point in any decision
// (the threshold is compared as integers: support × den > base × num, in BigInt).
//
// Rules (DOMAIN.md §4 审议票决):
// - A ballot is valid only if it has the vote's form and names known candidates once each;
//   per_candidate choices are 赞成/反对/弃权 (a candidate left out counts as 弃权); choose_n may tick
//   at most maxTicks candidates (zero ticks is a valid ballot). Invalid ballots count for nobody.
// - A candidate passes with strictly more than num/den of the base (all deputies, present, or valid
//   ballots): exactly half is not more than half.
// - Passed candidates take the places in order of support. A tie at the last place is never broken:
//   every passed candidate with the cut-off support is marked tied and none of them is elected.
//   Too few passed → the empty places are a shortfall.
//
// The year-end 满意度测评 (DOMAIN.md §5) has its own tally, `tallyAssessment`, on "assess" ballots:
// per project 满意/基本满意/不满意 (and 弃权 when the rules allow it). The grade follows the 镇海 rule:
// 满意 if 满意 is more than half of the base; else 基本满意 if 满意+基本满意 is more than half; else
// 不满意 — exactly half is not more than half. Compared as integers (2 × count > base), in BigInt.
import type {
  AssessChoice,
  AssessmentInput,
  AssessmentResult,
  BallotBody,
  CandidateResult,
  Choice,
  Grade,
  ProjectAssessment,
  TallyInput,
  TallyResult,
  ThresholdBase,
  VoteRules,
} from "./tally-types";

const CHOICES: ReadonlySet<string> = new Set<Choice>(["for", "against", "abstain"]);
const ASSESS_CHOICES: ReadonlySet<string> = new Set<AssessChoice>(["satisfied", "basic", "unsatisfied"]);
const FORMS: ReadonlySet<string> = new Set(["per_candidate", "choose_n"]);
const BASES: ReadonlySet<string> = new Set<ThresholdBase>(["all", "present", "valid"]);

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== "object" || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** Exactly these own keys, no more, no fewer. */
function hasExactKeys(o: Record<string, unknown>, keys: string[]): boolean {
  const own = Object.keys(o);
  return own.length === keys.length && keys.every((k) => Object.hasOwn(o, k));
}

/**
 * Checks the shape of a ballot against the vote's rules and candidate list. Returns a fresh,
 * normalised copy of a valid ballot, or null for an invalid one: wrong form, extra fields, an
 * unknown candidate id, a choice other than for/against/abstain, a duplicate tick, or more ticks
 * than `rules.maxTicks`. An empty ballot (no choices / no ticks) is valid.
 *
 * An assessment ("assess") ballot answers each project 满意/基本满意/不满意, or 弃权 only when
 * `rules.allowAbstain`. Our choice for a project left blank: with 弃权 allowed it counts as 弃权 (as
 * on the vote's per-candidate ballot); without it, the ballot is invalid — the deputy was asked to
 * grade every project, and reading a blank as any grade would put words in their mouth. So the
 * phone ballot refuses to cast an incomplete one, and a paper one counts as invalid.
 */
export function validateBallot(
  body: unknown,
  rules: Pick<VoteRules, "form" | "maxTicks" | "allowAbstain">,
  candidateIds: readonly number[],
): BallotBody | null {
  if (!isPlainObject(body) || body.form !== rules.form) return null;
  if (rules.form === "assess") return validateAssessBallot(body, rules.allowAbstain === true, candidateIds);
  if (rules.form === "per_candidate") {
    if (!hasExactKeys(body, ["form", "choices"]) || !isPlainObject(body.choices)) return null;
    const known = new Set(candidateIds.map(String));
    const choices: Record<string, Choice> = {};
    for (const [key, choice] of Object.entries(body.choices)) {
      if (!known.has(key) || typeof choice !== "string" || !CHOICES.has(choice)) return null;
      choices[key] = choice as Choice;
    }
    return { form: "per_candidate", choices };
  }
  if (!hasExactKeys(body, ["form", "ticks"]) || !Array.isArray(body.ticks)) return null;
  if (body.ticks.length > rules.maxTicks) return null;
  const known = new Set(candidateIds);
  const seen = new Set<number>();
  for (const tick of body.ticks as unknown[]) {
    if (typeof tick !== "number" || !known.has(tick) || seen.has(tick)) return null;
    seen.add(tick);
  }
  return { form: "choose_n", ticks: [...seen] };
}

/**
 * A valid ballot in its one stored form, so that no deputy can mark a ballot by how it is written:
 * every candidate (or project) in ballot order with its choice, one left out written as 弃权 (which
 * is how the tally reads it), and a choose_n ballot's ticks in ballot order. An assessment without
 * 弃权 has every project answered already (validateBallot refuses it otherwise).
 */
export function canonicalBallot(ballot: BallotBody, candidateIds: readonly number[]): BallotBody {
  if (ballot.form === "choose_n") {
    const ticked = new Set(ballot.ticks);
    return { form: "choose_n", ticks: candidateIds.filter((id) => ticked.has(id)) };
  }
  if (ballot.form === "assess") {
    const given = ballot.choices;
    return {
      form: "assess",
      choices: Object.fromEntries(candidateIds.map((id) => [String(id), given[String(id)] ?? "abstain"])),
    };
  }
  const given = ballot.choices;
  return {
    form: "per_candidate",
    choices: Object.fromEntries(candidateIds.map((id) => [String(id), given[String(id)] ?? "abstain"])),
  };
}

function validateAssessBallot(
  body: Record<string, unknown>,
  allowAbstain: boolean,
  projectIds: readonly number[],
): BallotBody | null {
  if (!hasExactKeys(body, ["form", "choices"]) || !isPlainObject(body.choices)) return null;
  const known = new Set(projectIds.map(String));
  const choices: Record<string, AssessChoice> = {};
  for (const [key, choice] of Object.entries(body.choices)) {
    if (!known.has(key) || typeof choice !== "string") return null;
    if (!ASSESS_CHOICES.has(choice) && !(allowAbstain && choice === "abstain")) return null;
    choices[key] = choice as AssessChoice;
  }
  if (!allowAbstain && Object.keys(choices).length !== known.size) return null;
  return { form: "assess", choices };
}

function isCount(n: unknown): n is number {
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
}

/** Malformed input is a programming error upstream (the rules and list are checked when frozen). */
function checkInput(input: TallyInput): void {
  const { rules, candidateIds } = input;
  if (!FORMS.has(rules.form)) throw new RangeError(`tally: unknown ballot form ${String(rules.form)}`);
  if (!BASES.has(rules.base)) throw new RangeError(`tally: unknown threshold base ${String(rules.base)}`);
  if (!isCount(rules.places) || rules.places < 1)
    throw new RangeError("tally: places must be an integer ≥ 1");
  if (!isCount(rules.maxTicks)) throw new RangeError("tally: maxTicks must be an integer ≥ 0");
  if (
    !isCount(rules.thresholdNumerator) ||
    !isCount(rules.thresholdDenominator) ||
    rules.thresholdDenominator < 1
  )
    throw new RangeError("tally: threshold must be a fraction num/den with integers num ≥ 0, den ≥ 1");
  if (!isCount(input.rosterSize) || !isCount(input.present))
    throw new RangeError("tally: rosterSize and present must be integers ≥ 0");
  if (!candidateIds.every(Number.isSafeInteger) || new Set(candidateIds).size !== candidateIds.length)
    throw new RangeError("tally: candidate ids must be distinct integers");
}

/** Turns the ballots of a closed vote into its result. Throws RangeError on malformed rules/input. */
export function tally(input: TallyInput): TallyResult {
  checkInput(input);
  const { rules, candidateIds } = input;

  // 1. Count. Each valid ballot adds to every candidate; an invalid one to none.
  const counts = new Map<number, { support: number; against: number; abstain: number }>();
  for (const id of candidateIds) counts.set(id, { support: 0, against: 0, abstain: 0 });
  let valid = 0;
  let invalid = 0;
  for (const raw of input.ballots) {
    const ballot = validateBallot(raw, rules, candidateIds);
    if (!ballot) {
      invalid++;
      continue;
    }
    valid++;
    if (ballot.form === "per_candidate") {
      for (const id of candidateIds) {
        const c = counts.get(id) as { support: number; against: number; abstain: number };
        const choice = ballot.choices[String(id)] ?? "abstain";
        if (choice === "for") c.support++;
        else if (choice === "against") c.against++;
        else c.abstain++;
      }
    } else if (ballot.form === "choose_n") {
      for (const id of ballot.ticks) (counts.get(id) as { support: number }).support++;
    }
  }

  // 2. Threshold: passes iff support × den > base × num (strict).
  const base = rules.base === "all" ? input.rosterSize : rules.base === "present" ? input.present : valid;
  const num = BigInt(rules.thresholdNumerator);
  const den = BigInt(rules.thresholdDenominator);
  const passes = (support: number) => BigInt(support) * den > BigInt(base) * num;

  const results: CandidateResult[] = candidateIds.map((candidateId) => {
    const c = counts.get(candidateId) as { support: number; against: number; abstain: number };
    return { candidateId, ...c, passed: passes(c.support), rank: 0, elected: false, tie: false };
  });

  // 3. Competition rank over all candidates: 1 + number with strictly more support.
  for (const r of results) r.rank = 1 + results.filter((o) => o.support > r.support).length;

  // 4. Places. Passed candidates by support, highest first (ties never broken, so order among equals
  //    does not matter: equals are either all elected or all tied).
  const passed = results.filter((r) => r.passed).sort((a, b) => b.support - a.support);
  const { places } = rules;
  let placesTied = 0;
  let shortfall = 0;
  if (passed.length <= places) {
    for (const r of passed) r.elected = true;
    shortfall = places - passed.length;
  } else {
    const cutoff = (passed[places - 1] as CandidateResult).support;
    const next = (passed[places] as CandidateResult).support;
    for (const r of passed) {
      if (r.support > cutoff) r.elected = true;
      else if (r.support === cutoff && cutoff === next) r.tie = true;
      else if (r.support === cutoff) r.elected = true;
    }
  }
  const placesFilled = results.filter((r) => r.elected).length;
  if (passed.length > places) placesTied = places - placesFilled;

  return {
    results,
    ballotsCast: valid + invalid,
    valid,
    invalid,
    thresholdBase: base,
    placesFilled,
    placesTied,
    shortfall,
  };
}

// ---- The satisfaction assessment (满意度测评) ------------------------------------------------------

/**
 * The 镇海 rule: 满意 if 满意 is more than half of the base; otherwise 基本满意 if 满意 + 基本满意 is more
 * than half; otherwise 不满意. "More than half" is strict (2 × count > base), so exactly half is not.
 */
export function gradeOf(satisfied: number, basic: number, base: number): Grade {
  const b = BigInt(base);
  if (2n * BigInt(satisfied) > b) return "satisfied";
  if (2n * (BigInt(satisfied) + BigInt(basic)) > b) return "basic";
  return "unsatisfied";
}

/**
 * A rate numerator/denominator as a percentage with one decimal, rounded half up, computed on
 * integers (218/222 → "98.2%"); "—" when there is nothing to divide by.
 */
export function ratePercent(numerator: number, denominator: number): string {
  if (!isCount(numerator) || !isCount(denominator) || denominator === 0) return "—";
  const d = BigInt(denominator);
  const tenths = (BigInt(numerator) * 2000n + d) / (2n * d);
  return `${tenths / 10n}.${tenths % 10n}%`;
}

/** Turns the ballots of a closed assessment into per-project counts, grades and rates. */
export function tallyAssessment(input: AssessmentInput): AssessmentResult {
  const { rules, projectIds } = input;
  if (!BASES.has(rules.base)) throw new RangeError(`tally: unknown base ${String(rules.base)}`);
  if (!isCount(input.rosterSize) || !isCount(input.present))
    throw new RangeError("tally: rosterSize and present must be integers ≥ 0");
  if (!projectIds.every(Number.isSafeInteger) || new Set(projectIds).size !== projectIds.length)
    throw new RangeError("tally: project ids must be distinct integers");
  const form = { form: "assess" as const, maxTicks: 0, allowAbstain: rules.allowAbstain === true };
  const counts = new Map(
    projectIds.map((id) => [id, { satisfied: 0, basic: 0, unsatisfied: 0, abstain: 0 }]),
  );
  let valid = 0;
  let invalid = 0;
  for (const raw of input.ballots) {
    const ballot = validateBallot(raw, form, projectIds);
    if (ballot?.form !== "assess") {
      invalid++;
      continue;
    }
    valid++;
    for (const id of projectIds) {
      const c = counts.get(id) as { satisfied: number; basic: number; unsatisfied: number; abstain: number };
      c[ballot.choices[String(id)] ?? "abstain"]++;
    }
  }
  const base = rules.base === "all" ? input.rosterSize : rules.base === "present" ? input.present : valid;
  const results: ProjectAssessment[] = projectIds.map((candidateId) => {
    const c = counts.get(candidateId) as {
      satisfied: number;
      basic: number;
      unsatisfied: number;
      abstain: number;
    };
    return {
      candidateId,
      ...c,
      grade: gradeOf(c.satisfied, c.basic, base),
      rate: { numerator: c.satisfied + c.basic, denominator: valid },
    };
  });
  return { results, ballotsCast: valid + invalid, valid, invalid, gradeBase: base };
}

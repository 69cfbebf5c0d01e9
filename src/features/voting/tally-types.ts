// Types shared by the tally (src/features/voting/tally.ts) and the vote engine. Pure data, no I/O.

/**
 * How a ballot is filled in: per candidate 赞成/反对/弃权, tick at most N candidates, or (the year-end
 * 满意度测评) per project 满意/基本满意/不满意 (and 弃权 when the rules allow it).
 */
export type BallotForm = "per_candidate" | "choose_n" | "assess";

/** What "more than half" is counted against: all deputies (全体代表), those present (实到), or valid ballots. */
export type ThresholdBase = "all" | "present" | "valid";

export interface VoteRules {
  /** Number of places (e.g. 10 in 「12选10」). */
  places: number;
  form: BallotForm;
  /** For "choose_n": the most candidates a ballot may tick (usually = places); more makes it invalid. */
  maxTicks: number;
  base: ThresholdBase;
  /** A candidate passes with strictly more than numerator/denominator of the base (default 1/2). */
  thresholdNumerator: number;
  thresholdDenominator: number;
  /**
   * Assessment ("assess" form) only: 弃权 is on the ballot. When it is, a project left blank counts as
   * 弃权; when it is not (or this is absent), a ballot that leaves a project blank is invalid.
   */
  allowAbstain?: boolean;
}

export type Choice = "for" | "against" | "abstain";

/**
 * One ballot as cast. per_candidate: a choice per candidate id (a candidate left out counts as
 * 弃权). choose_n: the ticked candidate ids. Anything else (unknown ids, duplicates, over-ticks)
 * makes the ballot invalid.
 */
export type BallotBody =
  | { form: "per_candidate"; choices: Record<string, Choice> }
  | { form: "choose_n"; ticks: number[] }
  | { form: "assess"; choices: Record<string, AssessChoice> };

/** An assessment ballot's answer for one project: 满意 / 基本满意 / 不满意 / 弃权. */
export type AssessChoice = "satisfied" | "basic" | "unsatisfied" | "abstain";

/** The grade of a project under the 镇海 rule (DOMAIN.md §5). */
export type Grade = "satisfied" | "basic" | "unsatisfied";

export interface TallyInput {
  rules: VoteRules;
  /** The candidates on the ballot, by id. */
  candidateIds: number[];
  /** 应到: deputies of the congress at the time the vote was frozen. */
  rosterSize: number;
  /** 实到: deputies recorded present. */
  present: number;
  ballots: BallotBody[];
}

export interface CandidateResult {
  candidateId: number;
  /** per_candidate: 赞成; choose_n: ticks. */
  support: number;
  against: number;
  abstain: number;
  /** Support is strictly more than the threshold of the base. */
  passed: boolean;
  /** Competition rank by support among all candidates (1, 2, 2, 4 …). */
  rank: number;
  /** Takes one of the places. */
  elected: boolean;
  /** Tied at the last place with others: none of them is elected; a further vote (另行票决) decides. */
  tie: boolean;
}

export interface TallyResult {
  results: CandidateResult[];
  ballotsCast: number;
  valid: number;
  invalid: number;
  /** The number support must exceed (base × numerator / denominator), as a fraction to stay exact. */
  thresholdBase: number;
  placesFilled: number;
  /** Places left for a further vote among tied candidates. */
  placesTied: number;
  /** Places left empty because too few candidates passed (the presidium decides what follows). */
  shortfall: number;
}

export interface AssessmentInput {
  rules: Pick<VoteRules, "base" | "allowAbstain">;
  /** The projects on the ballot, by (candidate) id. */
  projectIds: number[];
  /** 应到: deputies of the congress at the time the assessment was frozen. */
  rosterSize: number;
  /** 实到: deputies recorded present. */
  present: number;
  ballots: unknown[];
}

export interface ProjectAssessment {
  candidateId: number;
  satisfied: number;
  basic: number;
  unsatisfied: number;
  /** Explicit 弃权, and blanks when 弃权 is allowed. */
  abstain: number;
  grade: Grade;
  /** (满意 + 基本满意) / valid ballots, kept as an exact fraction (denominator 0: no valid ballot). */
  rate: { numerator: number; denominator: number };
}

export interface AssessmentResult {
  results: ProjectAssessment[];
  ballotsCast: number;
  valid: number;
  invalid: number;
  /** The base of the grade (all deputies, present, or valid ballots): 满意 must be more than half of it. */
  gradeBase: number;
}

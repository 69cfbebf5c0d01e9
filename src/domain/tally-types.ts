// Types shared by the tally (src/domain/tally.ts) and the vote engine. Pure data, no I/O.

/** How a ballot is filled in: per candidate 赞成/反对/弃权, or tick at most N candidates. */
export type BallotForm = "per_candidate" | "choose_n";

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
}

export type Choice = "for" | "against" | "abstain";

/**
 * One ballot as cast. per_candidate: a choice per candidate id (a candidate left out counts as
 * 弃权). choose_n: the ticked candidate ids. Anything else (unknown ids, duplicates, over-ticks)
 * makes the ballot invalid.
 */
export type BallotBody =
  | { form: "per_candidate"; choices: Record<string, Choice> }
  | { form: "choose_n"; ticks: number[] };

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

// Hand-written ballots for the tally tests (tally.cases.test.ts, tally.properties.test.ts): the
// rules of a vote with their defaults, and ballots that give each candidate exact counts.
import type { BallotBody, Choice, VoteRules } from "../../../src/features/voting/tally-types";

export function rules(over: Partial<VoteRules> = {}): VoteRules {
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
export function perCandidateBallots(ids: number[], counts: Array<[number, number, number]>, total: number) {
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
export function chooseBallots(ids: number[], ticks: number[], total: number) {
  const ballots: number[][] = Array.from({ length: total }, () => []);
  let cursor = 0;
  ids.forEach((id, k) => {
    for (let t = 0; t < (ticks[k] ?? 0); t++) ballots[cursor++ % total]?.push(id);
  });
  return ballots.map((t): BallotBody => ({ form: "choose_n", ticks: t }));
}

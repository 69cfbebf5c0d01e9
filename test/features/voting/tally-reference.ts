// The independent reference the tally is checked against (tally.properties.test.ts): deliberately
// naive loops, no code shared with src/features/voting/tally.ts — its own validity check, its own
// threshold by counting up, its own place allocation.
import type { TallyInput, TallyResult, VoteRules } from "../../../src/features/voting/tally-types";

const CHOICE_WORDS = ["for", "against", "abstain"];

export function refIsValid(body: unknown, r: VoteRules, ids: number[]): boolean {
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

export function refTally(input: TallyInput): TallyResult {
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

// What bench/vote.ts checks after the casts: on our worker, turnout while open and no counts, then
// after close exactly the ballots sent, per candidate; in the minimal workers' D1, the rows written.
import type { DevServer } from "../../test/support/dev-server";
import type { Client } from "./client";
import type { Choice } from "./vote-cast";
import type { Check } from "./vote-report";
import { CANDIDATES, DEPUTIES, d1, getJson, postForm } from "./vote-setup";

interface ResultsBody {
  ballotsCast: number;
  valid: number;
  invalid: number;
  results: { candidateId: number; support: number; against: number; abstain: number }[];
}

interface Totals {
  support: number;
  against: number;
  abstain: number;
}

/** Per candidate, the totals the ballots sent must count to (a blank is 弃权). */
function expectedTotals(ballots: Record<string, Choice>[], candidateIds: number[]): Map<number, Totals> {
  const out = new Map(candidateIds.map((id) => [id, { support: 0, against: 0, abstain: 0 }]));
  for (const b of ballots) {
    for (const id of candidateIds) {
      const t = out.get(id) as Totals;
      const c = b[String(id)];
      if (c === "for") t.support++;
      else if (c === "against") t.against++;
      else t.abstain++;
    }
  }
  return out;
}

/** Staff check our vote's turnout while open, close it, and check its count against the ballots sent. */
export async function closeAndCount(
  staff: Client,
  at: { api: string; cyc: string; voteId: number; candidateIds: number[] },
  ballots: Record<string, Choice>[],
  label: string,
  checks: Check[],
): Promise<string> {
  const { api, cyc, voteId } = at;
  const status = await getJson<{ status: string; voted: number; results?: unknown }>(
    staff,
    `${api}/${voteId}/status`,
  );
  checks.push({ label: `${label}: turnout ${DEPUTIES} while open`, ok: status.voted === DEPUTIES });
  checks.push({ label: `${label}: no counts while open`, ok: status.results === undefined });
  await postForm(staff, `${cyc}/votes/${voteId}/close`, []);
  const res = await getJson<ResultsBody>(staff, `${api}/${voteId}/results`);
  const expected = expectedTotals(ballots, at.candidateIds);
  const wrong = res.results.filter((x) => {
    const e = expected.get(x.candidateId);
    return !e || e.support !== x.support || e.against !== x.against || e.abstain !== x.abstain;
  }).length;
  const ok = res.ballotsCast === DEPUTIES && res.valid === DEPUTIES && res.results.length === CANDIDATES;
  checks.push({ label: `${label}: exactly ${DEPUTIES} ballots counted, all valid`, ok });
  checks.push({ label: `${label}: per-candidate totals equal the ballots sent`, ok: wrong === 0 });
  return (
    `vote ${voteId} closed: ${res.ballotsCast} ballots counted (${res.valid} valid), ` +
    `${CANDIDATES - wrong}/${CANDIDATES} candidates' totals equal to the ballots sent`
  );
}

/** The minimal worker's writes, counted in its D1: each of the `used` votes holds DEPUTIES ballots and rows. */
export async function countMinimal(
  dev: DevServer,
  config: string,
  label: string,
  used: number,
  checks: Check[],
) {
  const counted = JSON.parse(
    await d1(
      dev,
      config,
      [
        "--command",
        "SELECT v.id AS vote, (SELECT count(*) FROM ballots b WHERE b.vote_id = v.id) AS ballots, " +
          "(SELECT count(*) FROM vote_voters r WHERE r.vote_id = v.id) AS register FROM votes v ORDER BY v.id",
      ],
      true,
    ),
  ) as { results: { vote: number; ballots: number; register: number }[] }[];
  const votes = (counted[0]?.results ?? []).filter((x) => x.ballots > 0 || x.register > 0);
  const full = votes.filter((x) => x.ballots === DEPUTIES && x.register === DEPUTIES).length;
  console.log(
    `  ${label}'s D1: ${votes.length} votes used, ${full} of them with exactly ${DEPUTIES} ballots and ` +
      `${DEPUTIES} register rows`,
  );
  checks.push({
    label: `${label} stored ${DEPUTIES} ballots and register rows per vote`,
    ok: votes.length === used && full === used,
  });
}

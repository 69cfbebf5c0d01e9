// A vote's stored results (vote_results) as the count and the assessment read them back: each
// row with its place on the vote's ballot (vote_candidates).
import { and, eq, type SQL } from "drizzle-orm";
import { voteCandidates, voteResults } from "../../platform/data/schema";

/** The join of a result row to its ballot row: the same vote and candidate. */
export function onBallot(): SQL {
  return and(
    eq(voteCandidates.voteId, voteResults.voteId),
    eq(voteCandidates.candidateId, voteResults.candidateId),
  ) as SQL;
}

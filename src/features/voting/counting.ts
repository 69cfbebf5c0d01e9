// The count: a closed vote's tally, computed from the stored ballots and written once, its results,
// and what the big screen shows (turnout while open; per-candidate counts only once closed).
import { asc, count, eq } from "drizzle-orm";
import type { Db } from "../../platform/data/db";
import { refreshCycleProjects, refreshYear } from "../../platform/data/rollups";
import {
  ballots,
  type Cycle,
  candidates,
  type Vote,
  voteCandidates,
  voteResults,
  votes,
} from "../../platform/data/schema";
import { AppError } from "../../platform/http/errors";
import { chunks } from "../../platform/lib/chunks";
import { pick } from "../../platform/lib/pick";
import { assessmentTallyStatements } from "./assessment";
import { headcount } from "./attendance";
import { ballotCandidates, turnout } from "./ballot-box";
import { onBallot } from "./results";
import { rulesOf } from "./rules";
import { tally } from "./tally";
import type { BallotBody } from "./tally-types";

/** A candidate's outcome in a project vote besides its id, as it is stored and as the API gives it. */
export const OUTCOME_FIELDS = ["support", "against", "abstain", "passed", "rank", "elected", "tie"] as const;

// ---- The tally ----------------------------------------------------------------------------------

/**
 * Computes and stores the tally of a closed vote, once. Safe to call again (it writes nothing).
 * The same batch rebuilds the cycle's project_state and year_totals (./rollups.ts): a project vote
 * decides the year's projects; an assessment grades them and opens a rectification for every
 * project graded 不满意 (./assessment.ts).
 */
export async function ensureTally(db: Db, vote: Vote, now: number): Promise<void> {
  if (vote.status !== "closed")
    throw new AppError("illegal_transition", { reason: "vote.reason.counts_sealed" });
  const [done] = await db.select({ n: count() }).from(voteResults).where(eq(voteResults.voteId, vote.id));
  if ((done?.n ?? 0) > 0) return;
  const [ids, rows, register] = await Promise.all([
    ballotCandidates(db, vote.id),
    db.select({ body: ballots.body }).from(ballots).where(eq(ballots.voteId, vote.id)),
    turnout(db, vote.id),
  ]);
  // The register and the ballot box are written together; if they ever disagree, stop loudly.
  if (rows.length !== register) throw new AppError("internal");
  if (vote.kind === "assessment") {
    const [first, ...rest] = assessmentTallyStatements(
      db,
      vote,
      ids.map((c) => c.id),
      rows.map((r) => JSON.parse(r.body) as unknown),
      vote.closedAt ?? (await closedAtOf(db, vote.id, now)),
      now,
    );
    if (!first) throw new AppError("internal");
    await db.batch([first, ...rest]);
    return;
  }
  const t = tally({
    rules: rulesOf(vote),
    candidateIds: ids.map((c) => c.id),
    rosterSize: vote.rosterSize ?? 0,
    present: vote.presentAtOpen ?? 0,
    ballots: rows.map((r) => JSON.parse(r.body) as BallotBody),
  });
  const resultRows = t.results.map((r) => ({
    voteId: vote.id,
    candidateId: r.candidateId,
    ...pick(r, OUTCOME_FIELDS),
  }));
  // Nine columns a row: ten rows a statement keeps each insert under D1's 100 bound parameters.
  const [first, ...more] = chunks(resultRows, 10).map((part) =>
    db.insert(voteResults).values(part).onConflictDoNothing(),
  );
  if (!first) throw new AppError("internal");
  await db.batch([
    first,
    ...more,
    db
      .update(votes)
      .set({
        ballotsCast: t.ballotsCast,
        validBallots: t.valid,
        invalidBallots: t.invalid,
        thresholdBase: t.thresholdBase,
        placesFilled: t.placesFilled,
        placesTied: t.placesTied,
        shortfall: t.shortfall,
      })
      .where(eq(votes.id, vote.id)),
    ...refreshCycleProjects(db, vote.cycleId, now),
    ...refreshYear(db, vote.cycleId, now),
  ]);
}

async function closedAtOf(db: Db, voteId: number, now: number): Promise<number> {
  const [row] = await db.select({ at: votes.closedAt }).from(votes).where(eq(votes.id, voteId));
  return row?.at ?? now;
}

export interface VoteOutcome {
  vote: Vote;
  results: (typeof voteResults.$inferSelect & { name: string; position: number })[];
}

/** The result of a vote: only once it is closed. While open, counts exist for no one. */
export async function getResults(db: Db, vote: Vote, now: number): Promise<VoteOutcome> {
  if (vote.status !== "closed")
    throw new AppError("illegal_transition", { reason: "vote.reason.counts_sealed" });
  await ensureTally(db, vote, now);
  const [fresh] = await db.select().from(votes).where(eq(votes.id, vote.id));
  const rows = await db
    .select({ r: voteResults, name: candidates.name, position: voteCandidates.position })
    .from(voteResults)
    .innerJoin(candidates, eq(candidates.id, voteResults.candidateId))
    .innerJoin(voteCandidates, onBallot())
    .where(eq(voteResults.voteId, vote.id))
    .orderBy(asc(voteCandidates.position));
  return { vote: fresh ?? vote, results: rows.map((x) => ({ ...x.r, name: x.name, position: x.position })) };
}

/** What the big screen shows: turnout while open; per-candidate counts only once closed. */
export async function screenState(db: Db, cycle: Cycle, vote: Vote, now: number) {
  const [count, voted] = await Promise.all([headcount(db, cycle, vote.meetingId), turnout(db, vote.id)]);
  const state = {
    id: vote.id,
    title: vote.title,
    status: vote.status,
    rosterSize: vote.rosterSize ?? count.rosterSize,
    present: vote.presentAtOpen ?? count.present,
    voted,
  };
  if (vote.status !== "closed") return state;
  const { vote: v, results } = await getResults(db, vote, now);
  return {
    ...state,
    valid: v.validBallots,
    invalid: v.invalidBallots,
    results: results.map((r) => ({
      name: r.name,
      support: r.support,
      against: r.against,
      abstain: r.abstain,
      passed: r.passed,
      elected: r.elected,
      tie: r.tie,
      // An assessment: support is 满意, against 不满意; 基本满意 and the grade are its own.
      ...(vote.kind === "assessment" ? { basic: r.basic, grade: r.grade } : {}),
    })),
  };
}

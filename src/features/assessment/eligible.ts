// Which projects an assessment (./assessment.ts) may put on its ballot: the first assessment, the
// year's projects; a re-assessment (复评), the projects an earlier one graded 不满意, each once its
// rectification is reported.
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../platform/data/db";
import {
  type Cycle,
  candidates,
  plans,
  problems,
  projectChanges,
  type Vote,
  voteCandidates,
  voteResults,
  votes,
} from "../../platform/data/schema";
import { AppError } from "../../platform/http/errors";
import { projectIds } from "../projects/projects";
import { onBallot } from "../voting/results";

export interface AssessableProject {
  id: number;
  position: number;
  name: string;
  responsibleUnit: string;
  /** Stopped by a recorded decision (终止): left off the assessment by default. */
  stopped: boolean;
}

/** The year's projects (candidates elected by the cycle's closed votes), in list order. */
export async function assessableProjects(db: Db, cycle: Cycle): Promise<AssessableProject[]> {
  const ids = await projectIds(db, cycle.id);
  if (ids.length === 0) return [];
  const [rows, changes] = await Promise.all([
    db
      .select({
        id: candidates.id,
        position: candidates.position,
        name: candidates.name,
        unit: candidates.responsibleUnit,
        planUnit: plans.responsibleUnit,
      })
      .from(candidates)
      .leftJoin(plans, eq(plans.candidateId, candidates.id))
      .where(and(eq(candidates.cycleId, cycle.id), inArray(candidates.id, ids.slice(0, 90))))
      .orderBy(asc(candidates.position)),
    db
      .select({ id: projectChanges.id, candidateId: projectChanges.candidateId, kind: projectChanges.kind })
      .from(projectChanges)
      .where(inArray(projectChanges.candidateId, ids.slice(0, 90))),
  ]);
  // A project's status is its latest change (as in project_state).
  const latest = new Map<number, { id: number; kind: string }>();
  for (const ch of changes) {
    const seen = latest.get(ch.candidateId);
    if (!seen || ch.id > seen.id) latest.set(ch.candidateId, ch);
  }
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    name: r.name,
    responsibleUnit: r.planUnit ?? r.unit,
    stopped: latest.get(r.id)?.kind === "stop",
  }));
}

export interface ReassessableProject {
  id: number;
  position: number;
  name: string;
  /** The rectification the 不满意 grade opened. */
  problemId: number | null;
  deadline: string | null;
  /** The responsible unit has reported its rectification (or the problem is closed). */
  rectified: boolean;
}

/** The projects an assessment graded 不满意, with the state of the rectification each one opened. */
export async function reassessable(db: Db, cycle: Cycle, parent: Vote): Promise<ReassessableProject[]> {
  if (parent.kind !== "assessment" || parent.cycleId !== cycle.id || parent.status !== "closed") return [];
  const rows = await db
    .select({
      id: candidates.id,
      position: voteCandidates.position,
      name: candidates.name,
      problemId: problems.id,
      deadline: problems.deadline,
      status: problems.status,
      rectifiedOn: problems.rectifiedOn,
    })
    .from(voteResults)
    .innerJoin(candidates, eq(candidates.id, voteResults.candidateId))
    .innerJoin(voteCandidates, onBallot())
    .leftJoin(
      problems,
      and(eq(problems.voteId, voteResults.voteId), eq(problems.candidateId, voteResults.candidateId)),
    )
    .where(and(eq(voteResults.voteId, parent.id), eq(voteResults.grade, "unsatisfied")))
    .orderBy(asc(voteCandidates.position));
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    name: r.name,
    problemId: r.problemId,
    deadline: r.deadline,
    rectified: r.status === "closed" || Boolean(r.rectifiedOn),
  }));
}

/** "Choose projects of this cycle": the error on the form's project list. */
const notAProject = () =>
  new AppError("invalid_input", { fields: { candidates: "assess.field.choose_project" } });

/**
 * Checks the projects chosen for a new assessment: projects of the cycle, or for a re-assessment
 * of `parentVoteId`, projects that closed assessment graded 不满意, each with its rectification
 * reported. Returns the parent's id (null for a first assessment).
 */
export async function checkChosenProjects(
  db: Db,
  cycle: Cycle,
  ids: number[],
  parentVoteId: number | undefined,
): Promise<number | null> {
  if (parentVoteId === undefined) {
    const known = new Set(await projectIds(db, cycle.id));
    if (!ids.every((id) => known.has(id))) throw notAProject();
    return null;
  }
  const [parent] = await db
    .select()
    .from(votes)
    .where(and(eq(votes.cycleId, cycle.id), eq(votes.id, parentVoteId)));
  if (parent?.kind !== "assessment") throw new AppError("not_found");
  if (parent.status !== "closed")
    throw new AppError("illegal_transition", { reason: "vote.reason.counts_sealed" });
  const eligible = await reassessable(db, cycle, parent);
  if (!ids.every((id) => eligible.some((p) => p.id === id))) throw notAProject();
  if (!ids.every((id) => eligible.find((p) => p.id === id)?.rectified))
    throw new AppError("illegal_transition", { reason: "assess.reason.not_rectified" });
  return parent.id;
}

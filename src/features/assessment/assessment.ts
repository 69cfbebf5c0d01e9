// 满意度测评: the year-end satisfaction assessment of the year's projects (DOMAIN.md §5). It is a
// vote of kind "assessment" (../voting/assessment.ts: its rules, its tally at close, its results)
// on the vote engine; this stage decides which projects go on it (./eligible.ts: the first
// assessment, the year's projects; a re-assessment 复评, the projects an earlier one graded 不满意
// whose rectification is reported), creates it, and lists a cycle's assessments.
import { and, asc, eq, type SQL } from "drizzle-orm";
import { type Writing, writer } from "../../platform/auth/writer";
import type { Db } from "../../platform/data/db";
import { votes } from "../../platform/data/schema";
import { AppError } from "../../platform/http/errors";
import { parse } from "../../platform/lib/validate";
import { AssessmentRulesInput, assessmentRuleColumns } from "../voting/assessment";
import { createDraft } from "../voting/drafts";
import { checkChosenProjects } from "./eligible";

// ---- Creating and changing ------------------------------------------------------------------------

/**
 * A new assessment (draft) on a meeting of the cycle, in 监督评估. Its items are projects of the
 * cycle; with `parentVoteId` it is a re-assessment (复评) of an earlier assessment's 不满意 projects,
 * each of them only once its rectification is reported.
 */
export const createAssessment = writer(
  "vote.manage",
  async (
    { db, cycle, now, auditEntry, options: opts = {} }: Writing<"vote.manage", { parentVoteId?: number }>,
    meetingId: number,
    input: unknown,
    projectIdList: number[],
  ) => {
    if (cycle.stage !== "supervise")
      throw new AppError("illegal_transition", { reason: "vote.reason.stage" });
    const rules = parse(AssessmentRulesInput, input);
    const ids = [...new Set(projectIdList)];
    if (ids.length === 0 || ids.length > 90)
      throw new AppError("invalid_input", { fields: { candidates: "assess.field.choose_project" } });
    const parentVoteId = await checkChosenProjects(db, cycle, ids, opts.parentVoteId);
    return createDraft(
      { db, cycle, now, auditEntry },
      {
        ...assessmentRuleColumns(rules),
        meetingId,
        kind: "assessment",
        parentVoteId,
        form: "assess",
        // The assessment ballot has no ticks: every project gets one of the grades.
        maxTicks: 0,
        places: ids.length,
        thresholdNumerator: 1,
        thresholdDenominator: 2,
        allowEqual: true,
      },
      ids,
      { kind: "assessment", projects: ids.length, base: rules.base, parent: parentVoteId },
    );
  },
);

/** The cycle's assessments, oldest first (staff see drafts; `closedOnly` for the public). */
export function listAssessments(db: Db, cycleId: number, closedOnly = false) {
  const where: SQL[] = [eq(votes.cycleId, cycleId), eq(votes.kind, "assessment")];
  if (closedOnly) where.push(eq(votes.status, "closed"));
  return db
    .select()
    .from(votes)
    .where(and(...where))
    .orderBy(asc(votes.id));
}

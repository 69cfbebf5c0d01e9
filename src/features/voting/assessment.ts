// 满意度测评 as a kind of vote: the year-end satisfaction assessment (DOMAIN.md §5) runs on the same
// ballot engine as the project vote (./votes.ts): a vote of kind "assessment" with the "assess"
// ballot form, on a meeting (attendance and quorum as for the vote), with the cycle's projects as
// its items. Freezing, opening, casting, sealing and closing are the vote's own code paths, so the
// same guarantees hold: a secret ballot (register and ballot in one batch, no link between them),
// one ballot per present deputy of this congress, retries counted once, no count before close.
//
// What the vote engine needs to know of this kind lives here: its rules (base, 弃权 on the ballot or
// not, the rectification period), the statements ./counting.ts puts in the batch that stores the
// tally at close (the results with their 镇海 grade, a rectification problem for every 不满意 project,
// the read models), and its results in the assessment's own words. Which projects go on an
// assessment, and creating one, is the assessment stage's (../assessment/assessment.ts).
import { and, eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import * as v from "valibot";
import { writer } from "../../platform/auth/writer";
import type { Db } from "../../platform/data/db";
import { refreshCycleProjects, refreshYear } from "../../platform/data/rollups";
import { problems, type Vote, voteResults, votes } from "../../platform/data/schema";
import { chunks } from "../../platform/lib/chunks";
import { addDays, todayInChina } from "../../platform/lib/dates";
import { checkbox, intField, optionalText, requiredText } from "../../platform/lib/validate";
import { changeDraftRules } from "./drafts";
import { tallyAssessment } from "./tally";
import type { Grade, ProjectAssessment } from "./tally-types";

/** Days a 不满意 project has to be rectified, counted from the day the assessment closes. */
export const DEFAULT_RECTIFY_DAYS = 90;

/** The description of the problem a 不满意 grade opens (data, kept in Chinese as entered records are). */
export const ASSESSMENT_PROBLEM = "满意度测评结果为不满意，须整改";

/** The assessment's rules (测评办法). The grade is always the 镇海 rule: more than half of the base. */
export const AssessmentRulesInput = v.pipe(
  v.object({
    title: requiredText(100),
    base: v.picklist(["all", "present", "valid"], "field.invalid"),
    allowAbstain: checkbox,
    rectifyDays: v.optional(intField(1, 730), String(DEFAULT_RECTIFY_DAYS)),
    quorumNumerator: v.optional(intField(1, 99), "2"),
    quorumDenominator: v.optional(intField(2, 100), "3"),
    chiefScrutineer: optionalText(40),
    scrutineers: optionalText(200),
    counters: optionalText(200),
  }),
  v.forward(
    v.check((r) => r.quorumNumerator < r.quorumDenominator, "field.fraction"),
    ["quorumNumerator"],
  ),
);

/** The rectification period of an assessment (votes.rectify_days), or the default. */
export function rectifyDaysOf(vote: Pick<Vote, "kind" | "rectifyDays">): number {
  return vote.kind === "assessment" && (vote.rectifyDays ?? 0) > 0
    ? (vote.rectifyDays as number)
    : DEFAULT_RECTIFY_DAYS;
}

/** The rules as the votes table's columns. */
export function assessmentRuleColumns(r: v.InferOutput<typeof AssessmentRulesInput>) {
  return {
    title: r.title,
    base: r.base,
    allowAbstain: r.allowAbstain,
    rectifyDays: r.rectifyDays,
    quorumNumerator: r.quorumNumerator,
    quorumDenominator: r.quorumDenominator,
    chiefScrutineer: r.chiefScrutineer ?? null,
    scrutineers: r.scrutineers ?? null,
    counters: r.counters ?? null,
  };
}

/** The rules of an assessment as form values (for its console). */
export function assessmentRuleValues(vote: Vote): Record<string, string> {
  return {
    title: vote.title,
    base: vote.base,
    allowAbstain: vote.allowAbstain ? "1" : "",
    rectifyDays: String(rectifyDaysOf(vote)),
    quorumNumerator: String(vote.quorumNumerator),
    quorumDenominator: String(vote.quorumDenominator),
    chiefScrutineer: vote.chiefScrutineer ?? "",
    scrutineers: vote.scrutineers ?? "",
    counters: vote.counters ?? "",
  };
}

/** Changes the rules of a draft assessment; once frozen they never change (as for a vote). */
export const updateAssessmentRules = writer("vote.manage", AssessmentRulesInput, (w, rules, vote: Vote) =>
  changeDraftRules(
    w,
    vote,
    assessmentRuleColumns(rules),
    { base: rules.base, allowAbstain: rules.allowAbstain, rectifyDays: rules.rectifyDays },
    // A draft assessment only.
    eq(votes.kind, "assessment"),
  ),
);

// ---- At close -------------------------------------------------------------------------------------

/**
 * The statements that store a closed assessment's tally, for the one batch ./votes.ts `ensureTally`
 * writes: the per-project results (满意 in support, 基本满意 in basic, 不满意 in against, 弃权 in
 * abstain, the grade; never elected, so an assessment decides no project), the vote's totals, a
 * rectification problem for every project graded 不满意 (guarded: a second tally of the same vote
 * opens none), and project_state/year_totals rebuilt. `closedAt` dates the problem (Beijing time)
 * and its deadline; the problem's author is whoever closed the vote (from its audit entry).
 */
export function assessmentTallyStatements(
  db: Db,
  vote: Vote,
  projectIdList: number[],
  ballots: unknown[],
  closedAt: number,
  now: number,
): BatchItem<"sqlite">[] {
  const t = tallyAssessment({
    rules: { base: vote.base, allowAbstain: vote.allowAbstain },
    projectIds: projectIdList,
    rosterSize: vote.rosterSize ?? 0,
    present: vote.presentAtOpen ?? 0,
    ballots,
  });
  const rows = t.results.map((r) => ({
    voteId: vote.id,
    candidateId: r.candidateId,
    support: r.satisfied,
    basic: r.basic,
    against: r.unsatisfied,
    abstain: r.abstain,
    passed: r.grade !== "unsatisfied",
    rank: 0,
    elected: false,
    tie: false,
    grade: r.grade,
  }));
  const foundOn = todayInChina(closedAt);
  const deadline = addDays(foundOn, rectifyDaysOf(vote));
  const closer = sql`COALESCE((SELECT CAST(substr(a.actor, 6) AS INTEGER) FROM audit_log a
    WHERE a.target = ${`vote:${vote.id}`} AND a.action = 'vote.close' AND a.actor LIKE 'user:%'
      AND a.jurisdiction_code = (SELECT y.jurisdiction_code FROM cycles y WHERE y.id = ${vote.cycleId})
    LIMIT 1), 0)`;
  const opened = t.results
    .filter((r) => r.grade === "unsatisfied")
    .map((r) =>
      db.insert(problems).select(
        // Columns in the order of the problems table (src/platform/data/schema.ts).
        sql`SELECT NULL, c.id, 'assessment', NULL, ${vote.id}, ${foundOn}, ${ASSESSMENT_PROBLEM},
          COALESCE(pl.responsible_unit, c.responsible_unit), ${deadline}, 'open', NULL, NULL, NULL, NULL,
          ${closer}, ${now}
        FROM candidates c LEFT JOIN plans pl ON pl.candidate_id = c.id
        WHERE c.id = ${r.candidateId} AND NOT EXISTS
          (SELECT 1 FROM problems p WHERE p.vote_id = ${vote.id} AND p.candidate_id = ${r.candidateId})`,
      ),
    );
  // Eleven columns a row: nine rows a statement keeps each insert under D1's 100 bound parameters.
  const inserts = chunks(rows, 9).map((part) => db.insert(voteResults).values(part).onConflictDoNothing());
  return [
    ...inserts,
    db
      .update(votes)
      .set({
        ballotsCast: t.ballotsCast,
        validBallots: t.valid,
        invalidBallots: t.invalid,
        thresholdBase: t.gradeBase,
        placesFilled: 0,
        placesTied: 0,
        shortfall: 0,
      })
      .where(eq(votes.id, vote.id)),
    ...opened,
    ...refreshCycleProjects(db, vote.cycleId, now),
    ...refreshYear(db, vote.cycleId, now),
  ];
}

// ---- Reading ------------------------------------------------------------------------------------

/** One project's line of a closed assessment: its counts, grade and rate, with its place and name. */
export interface AssessedProject extends ProjectAssessment {
  position: number;
  name: string;
}

/** A closed assessment's results (from ./votes.ts getResults) in the assessment's own words. */
export function assessedProjects(
  vote: Pick<Vote, "validBallots">,
  results: {
    candidateId: number;
    position: number;
    name: string;
    support: number;
    basic: number;
    against: number;
    abstain: number;
    grade: Grade | null;
  }[],
): AssessedProject[] {
  return results.map((r) => ({
    candidateId: r.candidateId,
    position: r.position,
    name: r.name,
    satisfied: r.support,
    basic: r.basic,
    unsatisfied: r.against,
    abstain: r.abstain,
    grade: r.grade ?? "unsatisfied",
    rate: { numerator: r.support + r.basic, denominator: vote.validBallots ?? 0 },
  }));
}

/** The rectifications a closed assessment opened (public: a unit, a deadline, a status). */
export function assessmentProblems(db: Db, voteId: number) {
  return db
    .select({
      id: problems.id,
      candidateId: problems.candidateId,
      deadline: problems.deadline,
      status: problems.status,
      responsibleUnit: problems.responsibleUnit,
    })
    .from(problems)
    .where(and(eq(problems.voteId, voteId), eq(problems.source, "assessment")));
}

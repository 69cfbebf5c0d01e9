// Problems (问题 → 责任 → 整改): found on a project (on an inspection, in a report, by the assessment),
// given to the unit responsible with a deadline, rectified by that unit (or the government) and
// closed by congress staff once verified, or sent back with a reason.
//
// A doubled submit records once: a new problem is guarded by "no identical open problem yet" and a
// status change by "the status is still the one the user saw", in the batch itself. Writes that
// change a problem's status rebuild the project's read model (project_state.open_problems) and the
// year's totals in the same batch. problems.created_by holds the recorder's id (see ./inspections.ts).
import { and, desc, eq, sql } from "drizzle-orm";
import type { SQLiteUpdateSetSource } from "drizzle-orm/sqlite-core";
import * as v from "valibot";
import { transition } from "../../platform/audit/audit";
import { assertRectifierOf, assertSupervising } from "../../platform/auth/permissions";
import { type Frame, writer } from "../../platform/auth/writer";
import { type Db, firstOrNotFound } from "../../platform/data/db";
import { refreshProject, refreshYear } from "../../platform/data/rollups";
import { type Cycle, inspections, type Problem, problems } from "../../platform/data/schema";
import { AppError } from "../../platform/http/errors";
import { dateField, pastDateField, todayInChina } from "../../platform/lib/dates";
import { requiredText } from "../../platform/lib/validate";
import { getProject } from "../projects/projects";
import { assertRecordingOn } from "./inspections";
import { insertOnce } from "./once";

const ProblemInput = (now: number) =>
  v.pipe(
    v.object({
      description: requiredText(2000),
      responsibleUnit: requiredText(60),
      foundOn: pastDateField(now),
      deadline: dateField,
      inspectionId: v.pipe(
        v.optional(v.string("field.invalid"), ""),
        v.regex(/^\d{0,9}$/, "field.invalid"),
        v.transform((s) => (s === "" ? null : Number(s))),
      ),
    }),
    v.forward(
      v.check((p) => p.deadline >= p.foundOn, "field.sup.deadline_before"),
      ["deadline"],
    ),
  );

export function listProblems(db: Db, candidateId: number): Promise<Problem[]> {
  return db.select().from(problems).where(eq(problems.candidateId, candidateId)).orderBy(desc(problems.id));
}

export async function getProblem(
  db: Db,
  cycle: Cycle,
  candidateId: number,
  problemId: number,
  now: number,
): Promise<Problem> {
  await getProject(db, cycle, candidateId, now);
  return firstOrNotFound(
    db
      .select()
      .from(problems)
      .where(and(eq(problems.id, problemId), eq(problems.candidateId, candidateId))),
  );
}

/**
 * Records a problem found on a project, with the unit responsible and a deadline. Staff may record
 * one directly (found in a report or elsewhere); a deputy of the group records it from one of the
 * project's inspections. The same problem still open is not recorded twice.
 */
export const createProblem = writer(
  "supervision.record",
  ProblemInput,
  async ({ db, actor, cycle, now, auditEntry }, p, candidateId: number) => {
    await assertRecordingOn(db, actor, cycle, candidateId, now);
    if (p.inspectionId === null && actor.kind === "deputy")
      throw new AppError("invalid_input", { fields: { inspectionId: "field.sup.inspection_required" } });
    if (p.inspectionId !== null) {
      const [insp] = await db
        .select({ id: inspections.id })
        .from(inspections)
        .where(and(eq(inspections.id, p.inspectionId), eq(inspections.candidateId, candidateId)));
      if (!insp) throw new AppError("invalid_input", { fields: { inspectionId: "field.invalid" } });
    }
    const source = p.inspectionId === null ? "report" : "inspection";
    const same = and(
      eq(problems.candidateId, candidateId),
      eq(problems.description, p.description),
      sql`${problems.status} <> 'closed'`,
    );
    return insertOnce(
      db,
      problems,
      same,
      auditEntry("problem.create", `project:${candidateId}`, {
        source,
        inspectionId: p.inspectionId,
        deadline: p.deadline,
      }),
      (guard) => [
        db.insert(problems).select(
          sql`SELECT NULL, ${candidateId}, ${source}, ${p.inspectionId}, NULL, ${p.foundOn}, ${p.description},
            ${p.responsibleUnit}, ${p.deadline}, 'open', NULL, NULL, NULL, NULL, ${actor.id}, ${now}
            WHERE ${guard}`,
        ),
        ...refreshProject(db, candidateId, now),
        ...refreshYear(db, cycle.id, now),
      ],
    );
  },
);

// ---- Status steps: open → rectifying → closed, or back to open ------------------------------------

const RectifyInput = (now: number) =>
  v.object({
    rectification: requiredText(2000),
    rectifiedOn: pastDateField(now),
  });

const ReopenInput = v.object({ reason: requiredText(1000) });

/** One entry of the rectification record: what was done (or why it was sent back), dated. */
function logEntry(date: string, tag: "rectified" | "returned", text: string) {
  return `【${date} ${tag === "rectified" ? "整改" : "退回"}】${text}`;
}

function appendLog(entry: string) {
  return sql`CASE WHEN ${problems.rectification} IS NULL OR ${problems.rectification} = '' THEN ${entry}
    ELSE ${problems.rectification} || char(10) || ${entry} END`;
}

/** Why a step from `from` is refused when the problem is in another status. */
const NOT_IN = { open: "sup.reason.not_open", rectifying: "sup.reason.not_rectifying" } as const;

interface Step {
  from: keyof typeof NOT_IN;
  to: Problem["status"];
  set: Omit<SQLiteUpdateSetSource<typeof problems>, "status">;
  action: string;
  /** The entry the step adds to the rectification record, if any. */
  entry?: string;
}

/** Whether the problem already shows the step: a doubled submit that arrived second. */
function shows(p: Problem, s: Step): boolean {
  return p.status === s.to && (s.entry === undefined || (p.rectification ?? "").endsWith(s.entry));
}

/**
 * Moves a problem of the project from one status to the next, in the 监督评估 stage, guarded by the
 * status the user saw, in one batch with its audit entry and the project's read models. A repeat of
 * the same step is answered as done; a step from any other status is refused.
 */
async function step(
  { db, cycle, now, auditEntry }: Frame,
  at: { candidateId: number; problemId: number },
  s: Step,
): Promise<void> {
  const problem = await getProblem(db, cycle, at.candidateId, at.problemId, now);
  assertSupervising(cycle);
  if (shows(problem, s)) return;
  if (problem.status !== s.from) throw new AppError("illegal_transition", { reason: NOT_IN[s.from] });
  const written = await transition(
    db,
    problems,
    and(eq(problems.id, problem.id), eq(problems.status, s.from)),
    { ...s.set, status: s.to },
    auditEntry(s.action, `problem:${problem.id}`, { project: problem.candidateId, from: s.from, to: s.to }),
    () => [...refreshProject(db, problem.candidateId, now), ...refreshYear(db, cycle.id, now)],
  );
  if (written) return;
  const [current] = await db.select().from(problems).where(eq(problems.id, problem.id));
  if (!current || !shows(current, s)) throw new AppError("illegal_transition", { reason: NOT_IN[s.from] });
}

/** Open → rectifying: the responsible unit (its own projects only) or the government says what was done. */
export const rectifyProblem = writer(
  "problem.rectify",
  RectifyInput,
  async (w, r, candidateId: number, problemId: number) => {
    assertRectifierOf(w.actor, w.cycle, await getProject(w.db, w.cycle, candidateId, w.now));
    const entry = logEntry(r.rectifiedOn, "rectified", r.rectification);
    await step(
      w,
      { candidateId, problemId },
      {
        from: "open",
        to: "rectifying",
        set: { rectification: appendLog(entry), rectifiedOn: r.rectifiedOn },
        action: "problem.rectify",
        entry,
      },
    );
  },
);

/** Rectifying → closed: staff verified the rectification. */
export const closeProblem = writer("supervision.manage", (w, candidateId: number, problemId: number) =>
  step(
    w,
    { candidateId, problemId },
    {
      from: "rectifying",
      to: "closed",
      set: { closedAt: w.now, closedBy: w.actor.id },
      action: "problem.close",
    },
  ),
);

/** Rectifying → open: staff send the rectification back, with the reason kept in the record. */
export const reopenProblem = writer(
  "supervision.manage",
  ReopenInput,
  (w, r, candidateId: number, problemId: number) => {
    const entry = logEntry(todayInChina(w.now), "returned", r.reason);
    return step(
      w,
      { candidateId, problemId },
      {
        from: "rectifying",
        to: "open",
        set: { rectification: appendLog(entry), rectifiedOn: null },
        action: "problem.reopen",
        entry,
      },
    );
  },
);

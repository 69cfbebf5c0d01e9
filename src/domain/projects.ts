// 监督评估, first part: the year's projects (the candidates the vote decided), their implementation
// plans with milestones, and progress reports by the responsible unit. A project behind its
// milestones, or with money far behind its progress, is flagged.
import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import * as v from "valibot";
import type { Db } from "../data/db";
import {
  type Cycle,
  candidateFunding,
  candidates,
  FUNDING_SOURCES,
  type Milestone,
  milestones,
  type Plan,
  type ProgressReport,
  plans,
  progressReports,
  voteResults,
  votes,
} from "../data/schema";
import { AppError } from "../errors";
import { dateField, todayInChina } from "../lib/dates";
import { intField, parse, requiredText } from "../lib/validate";
import type { Actor } from "./actor";
import { commitWithAudit } from "./audit";
import { optionalWan } from "./money";

export interface ProjectSummary {
  id: number;
  position: number;
  name: string;
  content: string;
  responsibleUnit: string;
  locationCode: string;
  plannedYuan: number;
  plannedBySource: Partial<Record<(typeof FUNDING_SOURCES)[number], number>>;
  plan: Plan | null;
  latest: ProgressReport | null;
  milestones: Milestone[];
  /** Milestones past due and not done. */
  overdue: number;
  /** Disbursed share trails the reported progress by more than 40 points. */
  moneyBehind: boolean;
}

/** Money "far behind" progress: the share disbursed trails the share done by more than this. */
export const MONEY_LAG_POINTS = 40;

/** The candidate ids the cycle's closed votes elected: the year's projects. */
export async function projectIds(db: Db, cycleId: number): Promise<number[]> {
  const rows = await db
    .select({ id: voteResults.candidateId })
    .from(voteResults)
    .innerJoin(votes, eq(votes.id, voteResults.voteId))
    .where(and(eq(votes.cycleId, cycleId), eq(votes.status, "closed"), eq(voteResults.elected, true)));
  return [...new Set(rows.map((r) => r.id))];
}

export async function listProjects(db: Db, cycle: Cycle, today = todayInChina()): Promise<ProjectSummary[]> {
  const ids = await projectIds(db, cycle.id);
  if (ids.length === 0) return [];
  const [cands, money, planRows, ms, reports] = await Promise.all([
    db.select().from(candidates).where(inArray(candidates.id, ids)).orderBy(asc(candidates.position)),
    db.select().from(candidateFunding).where(inArray(candidateFunding.candidateId, ids)),
    db.select().from(plans).where(inArray(plans.candidateId, ids)),
    db.select().from(milestones).where(inArray(milestones.candidateId, ids)).orderBy(asc(milestones.dueOn)),
    // The latest report of each project: newest first, first seen wins.
    db
      .select()
      .from(progressReports)
      .where(inArray(progressReports.candidateId, ids))
      .orderBy(desc(progressReports.id)),
  ]);
  return cands.map((c) => {
    const plannedBySource: ProjectSummary["plannedBySource"] = {};
    for (const m of money) if (m.candidateId === c.id) plannedBySource[m.source] = m.amountYuan;
    const plannedYuan = Object.values(plannedBySource).reduce((a, b) => a + (b ?? 0), 0);
    const latest = reports.find((r) => r.candidateId === c.id) ?? null;
    const mine = ms.filter((m) => m.candidateId === c.id);
    const overdue = mine.filter((m) => !m.doneOn && m.dueOn < today).length;
    const spentShare = plannedYuan > 0 && latest ? (latest.disbursedYuan * 100) / plannedYuan : 0;
    return {
      id: c.id,
      position: c.position,
      name: c.name,
      content: c.content,
      responsibleUnit: planRows.find((p) => p.candidateId === c.id)?.responsibleUnit ?? c.responsibleUnit,
      locationCode: c.locationCode,
      plannedYuan,
      plannedBySource,
      plan: planRows.find((p) => p.candidateId === c.id) ?? null,
      latest,
      milestones: mine,
      overdue,
      moneyBehind: latest !== null && latest.percent - spentShare > MONEY_LAG_POINTS,
    };
  });
}

export async function getProject(db: Db, cycle: Cycle, id: number): Promise<ProjectSummary> {
  const p = (await listProjects(db, cycle)).find((x) => x.id === id);
  if (!p) throw new AppError("not_found");
  return p;
}

export function reportsOf(db: Db, candidateId: number) {
  return db
    .select()
    .from(progressReports)
    .where(eq(progressReports.candidateId, candidateId))
    .orderBy(desc(progressReports.id));
}

/** Milestones as staff write them: one per line, "YYYY-MM-DD 标题". */
const milestoneLines = v.pipe(
  v.optional(v.string(), ""),
  v.transform((s) =>
    s
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean),
  ),
  v.check(
    (lines) => lines.length <= 30 && lines.every((l) => /^\d{4}-\d{2}-\d{2}\s+\S/.test(l)),
    "field.milestones",
  ),
  v.transform((lines) =>
    lines.map((l) => ({ dueOn: l.slice(0, 10), title: l.slice(10).trim().slice(0, 100) })),
  ),
);

export const PlanInput = v.object({
  responsibleUnit: requiredText(60),
  annualTarget: requiredText(500),
  milestones: milestoneLines,
});

/** The government writes (and publishes) a project's implementation plan. */
export async function savePlan(
  db: Db,
  actor: Actor,
  cycle: Cycle,
  id: number,
  input: unknown,
  publish: boolean,
): Promise<void> {
  const p = parse(PlanInput, input);
  if (cycle.stage !== "supervise")
    throw new AppError("illegal_transition", { reason: "project.reason.stage" });
  const project = await getProject(db, cycle, id);
  const now = Date.now();
  const publishedAt = project.plan?.publishedAt ?? (publish ? now : null);
  await commitWithAudit(
    db,
    {
      jurisdictionCode: cycle.jurisdictionCode,
      actor,
      action: publish ? "plan.publish" : "plan.save",
      target: `project:${id}`,
      detail: { milestones: p.milestones.length },
    },
    () => [
      db
        .insert(plans)
        .values({
          candidateId: id,
          responsibleUnit: p.responsibleUnit,
          annualTarget: p.annualTarget,
          publishedAt,
          updatedAt: now,
        })
        .onConflictDoUpdate({
          target: plans.candidateId,
          set: {
            responsibleUnit: p.responsibleUnit,
            annualTarget: p.annualTarget,
            publishedAt,
            updatedAt: now,
          },
        }),
      // Milestones already reached stay; the open ones are replaced by the new list.
      db.delete(milestones).where(and(eq(milestones.candidateId, id), isNull(milestones.doneOn))),
      ...(p.milestones.length
        ? [
            db
              .insert(milestones)
              .values(p.milestones.map((m) => ({ candidateId: id, title: m.title, dueOn: m.dueOn }))),
          ]
        : []),
    ],
  );
}

export const ReportInput = v.object({
  reportedOn: dateField,
  percent: intField(0, 100),
  body: requiredText(4000),
  ...Object.fromEntries(FUNDING_SOURCES.map((s) => [`disbursed_${s}`, optionalWan])),
  done: v.optional(v.array(v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number))), []),
}) as unknown as v.GenericSchema<
  Record<string, unknown>,
  {
    reportedOn: string;
    percent: number;
    body: string;
    done: number[];
    [k: `disbursed_${string}`]: number | undefined;
  }
>;

/**
 * The responsible unit reports progress on its own project only: percent complete, money
 * disbursed to date by source (exact yuan), and milestones reached.
 */
export async function reportProgress(
  db: Db,
  actor: Actor,
  cycle: Cycle,
  id: number,
  input: unknown,
): Promise<void> {
  const r = parse(ReportInput, input);
  if (cycle.stage !== "supervise")
    throw new AppError("illegal_transition", { reason: "project.reason.stage" });
  const project = await getProject(db, cycle, id);
  if (
    actor.kind !== "user" ||
    actor.role !== "unit" ||
    actor.jurisdictionCode !== cycle.jurisdictionCode ||
    actor.unitName !== project.responsibleUnit
  ) {
    throw new AppError("not_found");
  }
  if (!project.plan?.publishedAt)
    throw new AppError("illegal_transition", { reason: "project.reason.no_plan" });
  const disbursed: Record<string, number> = {};
  for (const s of FUNDING_SOURCES) {
    const x = r[`disbursed_${s}`];
    if (typeof x === "number" && x > 0) disbursed[s] = x;
  }
  const disbursedYuan = Object.values(disbursed).reduce((a, b) => a + b, 0);
  const done = r.done.filter((m) => project.milestones.some((x) => x.id === m && !x.doneOn));
  await commitWithAudit(
    db,
    {
      jurisdictionCode: cycle.jurisdictionCode,
      actor,
      action: "progress.report",
      target: `project:${id}`,
      detail: { percent: r.percent, disbursedYuan },
    },
    () => [
      db.insert(progressReports).values({
        candidateId: id,
        reportedOn: r.reportedOn,
        percent: r.percent,
        body: r.body,
        disbursed: JSON.stringify(disbursed),
        disbursedYuan,
        userId: actor.id,
        createdAt: Date.now(),
      }),
      ...(done.length
        ? [db.update(milestones).set({ doneOn: r.reportedOn }).where(inArray(milestones.id, done))]
        : []),
    ],
  );
}

// 监督评估, first part: the year's projects (the candidates the vote decided) as their supervisors
// and the public read them. A project behind its milestones, or with money far behind its
// progress, is flagged. Plans are written in ./plans.ts, progress reports in ./reports.ts.
import { and, asc, desc, eq, inArray, isNull, lt, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { commitWithAudit } from "../../platform/audit/audit";
import type { Frame } from "../../platform/auth/writer";
import type { Db } from "../../platform/data/db";
import { refreshProject, refreshYear } from "../../platform/data/rollups";
import {
  type Cycle,
  candidateFunding,
  candidates,
  FUNDING_SOURCES,
  type Milestone,
  milestones,
  type Plan,
  type ProgressReport,
  type ProjectChange,
  type ProjectState,
  plans,
  progressReports,
  projectChanges,
  projectState,
  voteResults,
  votes,
  type YearTotals,
  yearTotals,
} from "../../platform/data/schema";
import { AppError } from "../../platform/http/errors";
import { todayInChina } from "../../platform/lib/dates";
import { yuanToWan } from "../../platform/lib/money";
import { electedSql } from "./photos";

// Who reports on a project is decided with the role matrix (src/platform/auth/permissions.ts).

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
const MONEY_LAG_POINTS = 40;

/** Plans and reports are written while the cycle is in 监督评估. */
export function assertProjectStage(cycle: Cycle) {
  if (cycle.stage !== "supervise")
    throw new AppError("illegal_transition", { reason: "project.reason.stage" });
}

/**
 * A write to one project of the cycle: `changes` and one audit entry (target `project:<id>`), with
 * the read models (project_state, year_totals) refreshed in the same batch.
 */
export async function commitProjectWrite(
  { db, cycle, now, auditEntry }: Frame,
  write: { id: number; action: string; detail: Record<string, unknown> },
  changes: () => BatchItem<"sqlite">[],
): Promise<void> {
  const { id } = write;
  await commitWithAudit(db, auditEntry(write.action, `project:${id}`, write.detail), () => [
    ...changes(),
    ...refreshProject(db, id, now),
    ...refreshYear(db, cycle.id, now),
  ]);
}

/** The kind of the project's latest change, or null when it has none (a stopped project takes no report). */
export async function latestChangeKind(db: Db, candidateId: number): Promise<ProjectChange["kind"] | null> {
  const [row] = await db
    .select({ kind: projectChanges.kind })
    .from(projectChanges)
    .where(eq(projectChanges.candidateId, candidateId))
    .orderBy(desc(projectChanges.id))
    .limit(1);
  return row?.kind ?? null;
}

/** The candidate ids the cycle's closed votes elected: the year's projects. */
export async function projectIds(db: Db, cycleId: number): Promise<number[]> {
  const rows = await db
    .select({ id: voteResults.candidateId })
    .from(voteResults)
    .innerJoin(votes, eq(votes.id, voteResults.voteId))
    .where(and(eq(votes.cycleId, cycleId), eq(votes.status, "closed"), eq(voteResults.elected, true)));
  return [...new Set(rows.map((r) => r.id))];
}

export async function listProjects(db: Db, cycle: Cycle, now: number): Promise<ProjectSummary[]> {
  const ids = await projectIds(db, cycle.id);
  if (ids.length === 0) return [];
  return summaries(db, inArray(candidates.id, ids), (candidateId) => inArray(candidateId, ids), now);
}

/**
 * The summaries of the candidates `which` picks, from their funding, plans, milestones and latest
 * reports (the rows `of` picks by candidate id), in list order, in one D1 round trip. `oneReport`:
 * a single project reads its latest report only.
 */
async function summaries(
  db: Db,
  which: SQL | undefined,
  of: (candidateId: AnySQLiteColumn) => SQL,
  now: number,
  oneReport = false,
): Promise<ProjectSummary[]> {
  const today = todayInChina(now);
  // The latest report of each project: newest first, first seen wins.
  const reportRows = db
    .select()
    .from(progressReports)
    .where(of(progressReports.candidateId))
    .orderBy(desc(progressReports.id))
    .$dynamic();
  const [cands, money, planRows, ms, reports] = await db.batch([
    db.select().from(candidates).where(which).orderBy(asc(candidates.position)),
    db.select().from(candidateFunding).where(of(candidateFunding.candidateId)),
    db.select().from(plans).where(of(plans.candidateId)),
    db.select().from(milestones).where(of(milestones.candidateId)).orderBy(asc(milestones.dueOn)),
    oneReport ? reportRows.limit(1) : reportRows,
  ]);
  return cands.map((c) =>
    summarize(
      c,
      money.filter((m) => m.candidateId === c.id),
      planRows.find((p) => p.candidateId === c.id) ?? null,
      ms.filter((m) => m.candidateId === c.id),
      reports.find((r) => r.candidateId === c.id) ?? null,
      today,
    ),
  );
}

function summarize(
  c: typeof candidates.$inferSelect,
  money: (typeof candidateFunding.$inferSelect)[],
  plan: Plan | null,
  mine: Milestone[],
  latest: ProgressReport | null,
  today: string,
): ProjectSummary {
  const plannedBySource: ProjectSummary["plannedBySource"] = {};
  for (const m of money) plannedBySource[m.source] = m.amountYuan;
  const plannedYuan = Object.values(plannedBySource).reduce((a, b) => a + (b ?? 0), 0);
  const overdue = mine.filter((m) => !m.doneOn && m.dueOn < today).length;
  const spentShare = plannedYuan > 0 && latest ? (latest.disbursedYuan * 100) / plannedYuan : 0;
  return {
    id: c.id,
    position: c.position,
    name: c.name,
    content: c.content,
    responsibleUnit: plan?.responsibleUnit ?? c.responsibleUnit,
    locationCode: c.locationCode,
    plannedYuan,
    plannedBySource,
    plan,
    latest,
    milestones: mine,
    overdue,
    moneyBehind: latest !== null && latest.percent - spentShare > MONEY_LAG_POINTS,
  };
}

/**
 * One project of the cycle, read on its own (one D1 round trip, rows of this project only): not
 * found unless a closed vote of the cycle elected it.
 */
export async function getProject(db: Db, cycle: Cycle, id: number, now: number): Promise<ProjectSummary> {
  const which = and(eq(candidates.id, id), eq(candidates.cycleId, cycle.id), electedSql(candidates.id));
  const [project] = await summaries(db, which, (candidateId) => eq(candidateId, id), now, true);
  if (!project) throw new AppError("not_found");
  return project;
}

// ---- The public site: read models -----------------------------------------------------------------
// The list, its totals and the open data read project_state (one row per project) and year_totals
// (one row per jurisdiction and year): a page reads about as many rows as it shows, whatever the
// number of years, reports and photos behind it.

/** Projects per page of the public list and the open API. */
const PROJECT_PAGE_SIZE = 20;
/** Reports per page of a project's history. */
const REPORT_PAGE_SIZE = 10;

/** A keyset cursor over (position, id): "12-345". */
function parseCursor(after: string | undefined): { position: number; id: number } | null {
  const m = /^(\d{1,6})-(\d{1,12})$/.exec(after ?? "");
  return m ? { position: Number(m[1]), id: Number(m[2]) } : null;
}

export interface StatePage {
  rows: ProjectState[];
  /** Cursor of the next page, when there is one. */
  next: string | null;
}

/** One page of a cycle's projects from project_state, in list order (keyset on position, id). */
export async function projectStatePage(
  db: Db,
  cycleId: number,
  after?: string,
  limit = PROJECT_PAGE_SIZE,
): Promise<StatePage> {
  const cur = parseCursor(after);
  const rows = await db
    .select()
    .from(projectState)
    .where(
      cur
        ? and(
            eq(projectState.cycleId, cycleId),
            sql`(${projectState.position}, ${projectState.candidateId}) > (${cur.position}, ${cur.id})`,
          )
        : eq(projectState.cycleId, cycleId),
    )
    .orderBy(asc(projectState.position), asc(projectState.candidateId))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > limit && last ? `${last.position}-${last.candidateId}` : null };
}

/** Every project row of a cycle (staff's flagged view, downloads): one row per project. */
export function allProjectStates(db: Db, cycleId: number): Promise<ProjectState[]> {
  return db
    .select()
    .from(projectState)
    .where(eq(projectState.cycleId, cycleId))
    .orderBy(asc(projectState.position), asc(projectState.candidateId));
}

export async function projectStateOf(db: Db, candidateId: number): Promise<ProjectState | null> {
  const [row] = await db.select().from(projectState).where(eq(projectState.candidateId, candidateId));
  return row ?? null;
}

/** The year's totals of the cycle's jurisdiction (one row; none before the vote decides projects). */
export async function yearTotalsOf(db: Db, cycle: Cycle): Promise<YearTotals | null> {
  const [row] = await db
    .select()
    .from(yearTotals)
    .where(and(eq(yearTotals.jurisdictionCode, cycle.jurisdictionCode), eq(yearTotals.year, cycle.year)));
  return row ?? null;
}

export interface Flags {
  overdue: number;
  moneyBehind: boolean;
}

/** Flags of the projects shown (for supervisors): milestones of these projects only. */
export async function flagsOf(db: Db, rows: ProjectState[], now: number): Promise<Map<number, Flags>> {
  const today = todayInChina(now);
  const ids = rows.map((r) => r.candidateId);
  const late = ids.length
    ? await db
        .select({ candidateId: milestones.candidateId, n: sql<number>`count(*)` })
        .from(milestones)
        .where(
          and(inArray(milestones.candidateId, ids), isNull(milestones.doneOn), lt(milestones.dueOn, today)),
        )
        .groupBy(milestones.candidateId)
    : [];
  const out = new Map<number, Flags>();
  for (const r of rows) {
    const spentShare = r.plannedYuan > 0 ? (r.disbursedYuan * 100) / r.plannedYuan : 0;
    out.set(r.candidateId, {
      overdue: Number(late.find((l) => l.candidateId === r.candidateId)?.n ?? 0),
      moneyBehind: r.latestReportId !== null && r.percent - spentShare > MONEY_LAG_POINTS,
    });
  }
  return out;
}

/** A project's reports, newest first, one page at a time (keyset on id). */
export async function reportsPage(
  db: Db,
  candidateId: number,
  before?: number,
  limit = REPORT_PAGE_SIZE,
): Promise<{ rows: ProgressReport[]; next: number | null }> {
  const rows = await db
    .select()
    .from(progressReports)
    .where(
      before
        ? and(eq(progressReports.candidateId, candidateId), lt(progressReports.id, before))
        : eq(progressReports.candidateId, candidateId),
    )
    .orderBy(desc(progressReports.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { rows: page, next: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null };
}

/** Money disbursed to date by source, from a report's JSON (integer yuan). */
export function disbursedBySource(
  r: ProgressReport | null,
): Partial<Record<(typeof FUNDING_SOURCES)[number], number>> {
  if (!r) return {};
  const raw = JSON.parse(r.disbursed) as Record<string, unknown>;
  const out: Partial<Record<(typeof FUNDING_SOURCES)[number], number>> = {};
  for (const s of FUNDING_SOURCES) {
    const x = raw[s];
    if (typeof x === "number" && Number.isInteger(x)) out[s] = x;
  }
  return out;
}

/**
 * The satisfaction rate (满意+基本满意)/valid as a percentage with one decimal, rounded half up in
 * integer arithmetic ("92.3"); null when nothing was assessed.
 */
export function satisfactionRate(satisfiedOrBasic: number | null, valid: number | null): string | null {
  if (satisfiedOrBasic === null || !valid) return null;
  const tenths = Math.floor((satisfiedOrBasic * 2000 + valid) / (2 * valid));
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

/** 万元 text for tables and files: exact, without thousands separators. */
export const wanPlain = (yuan: number) => yuanToWan(yuan).replace(/,/g, "");

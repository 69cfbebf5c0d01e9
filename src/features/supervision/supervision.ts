// 监督评估, supervision: one supervision group of deputies per project (set by congress staff),
// inspections (视察, announced or unannounced), and problems tracked from finding to responsibility to
// rectification (问题 → 责任 → 整改) until staff close them. Plus what the public may see of it
// (`publicSupervision`: no user ids, no deputies' names) and the half-year report's figures.
//
// Every write is one D1 batch with its audit entry. A doubled submit records once: inserts are
// guarded by "no identical record yet" and status changes by "the status is still the one the user
// saw", in the batch itself. Writes that change a problem's status rebuild the project's read model
// (project_state.open_problems) and the year's totals in the same batch.
//
// inspections.user_id and problems.created_by hold the recorder's id: a staff user's or, for an
// inspection a deputy recorded, the deputy's. The audit entry written in the same batch names which.
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { SQLiteUpdateSetSource } from "drizzle-orm/sqlite-core";
import * as v from "valibot";
import { commitWithAudit, transition } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/actor";
import { assertSupervising, isStaffOf } from "../../platform/auth/permissions";
import type { Db } from "../../platform/data/db";
import { refreshProject, refreshYear } from "../../platform/data/rollups";
import {
  type Cycle,
  candidates,
  cycles,
  deputies,
  type Inspection,
  inspections,
  type Problem,
  problems,
  supervisionGroups,
  supervisionMembers,
} from "../../platform/data/schema";
import { AppError } from "../../platform/http/errors";
import { chunks } from "../../platform/lib/chunks";
import { dateField, pastDateField, todayInChina } from "../../platform/lib/dates";
import { parse, requiredText } from "../../platform/lib/validate";
import { currentTerm } from "../../platform/roster/roster";
import { getProject, ownsProject, type ProjectSummary, projectIds } from "../projects/projects";
import { type ChangeKind, listChanges } from "./changes";

// ---- Shared checks ----------------------------------------------------------------------------

function requireStaff(actor: Actor, cycle: Cycle) {
  if (isStaffOf(actor, cycle)) return;
  throw new AppError(actor.jurisdictionCode === cycle.jurisdictionCode ? "forbidden" : "not_found");
}

// ---- Supervision groups -------------------------------------------------------------------------

export interface GroupMember {
  id: number;
  name: string;
  number: string;
  delegation: string;
}

export interface GroupView {
  candidateId: number;
  name: string;
  leaderDeputyId: number | null;
  members: GroupMember[];
}

/** The deputies a group may take: the jurisdiction's current-term deputies still in office. */
export async function eligibleDeputies(db: Db, jurisdictionCode: string): Promise<GroupMember[]> {
  const term = await currentTerm(db, jurisdictionCode);
  if (term === null) return [];
  return db
    .select({
      id: deputies.id,
      name: deputies.name,
      number: deputies.number,
      delegation: deputies.delegation,
    })
    .from(deputies)
    .where(
      and(
        eq(deputies.jurisdictionCode, jurisdictionCode),
        eq(deputies.term, term),
        eq(deputies.status, "active"),
      ),
    )
    .orderBy(asc(deputies.delegation), asc(deputies.number));
}

export async function getGroup(db: Db, candidateId: number): Promise<GroupView | null> {
  const [group] = await db
    .select()
    .from(supervisionGroups)
    .where(eq(supervisionGroups.candidateId, candidateId));
  if (!group) return null;
  const members = await db
    .select({
      id: deputies.id,
      name: deputies.name,
      number: deputies.number,
      delegation: deputies.delegation,
    })
    .from(supervisionMembers)
    .innerJoin(deputies, eq(deputies.id, supervisionMembers.deputyId))
    .where(eq(supervisionMembers.candidateId, candidateId))
    .orderBy(asc(deputies.delegation), asc(deputies.number));
  return { candidateId, name: group.name, leaderDeputyId: group.leaderDeputyId, members };
}

async function isMember(db: Db, candidateId: number, deputyId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: supervisionMembers.deputyId })
    .from(supervisionMembers)
    .where(and(eq(supervisionMembers.candidateId, candidateId), eq(supervisionMembers.deputyId, deputyId)));
  return Boolean(row);
}

const idList = v.pipe(
  v.optional(v.union([v.string(), v.array(v.string())]), []),
  v.transform((x) => (Array.isArray(x) ? x : [x]).filter((s) => s !== "")),
  v.check((xs) => xs.every((s) => /^\d{1,9}$/.test(s)), "field.invalid"),
  v.transform((xs) => [...new Set(xs.map(Number))]),
);

const GroupInput = v.pipe(
  v.object({
    name: requiredText(60),
    members: v.pipe(
      idList,
      v.check((xs) => xs.length > 0, "field.sup.members"),
      v.check((xs) => xs.length <= 50, "field.sup.members_max"),
    ),
    leader: v.pipe(
      v.string("field.sup.leader"),
      v.regex(/^\d{1,9}$/, "field.sup.leader"),
      v.transform(Number),
    ),
  }),
  v.forward(
    v.check((g) => g.members.includes(g.leader), "field.sup.leader_member"),
    ["leader"],
  ),
);

/** Staff set (or replace) a project's supervision group: a name, its members and a leader among them. */
export async function saveGroup(
  db: Db,
  actor: Actor,
  cycle: Cycle,
  candidateId: number,
  input: unknown,
  now: number,
): Promise<void> {
  const g = parse(GroupInput, input);
  requireStaff(actor, cycle);
  assertSupervising(cycle);
  await getProject(db, cycle, candidateId, now);
  const eligible = new Set((await eligibleDeputies(db, cycle.jurisdictionCode)).map((d) => d.id));
  if (!g.members.every((id) => eligible.has(id)))
    throw new AppError("invalid_input", { fields: { members: "field.sup.members_term" } });
  await commitWithAudit(
    db,
    {
      jurisdictionCode: cycle.jurisdictionCode,
      at: now,
      actor,
      action: "supervision.group",
      target: `project:${candidateId}`,
      detail: { members: g.members.length, leader: g.leader },
    },
    () => [
      db
        .insert(supervisionGroups)
        .values({ candidateId, name: g.name, leaderDeputyId: g.leader, createdAt: now })
        .onConflictDoUpdate({
          target: supervisionGroups.candidateId,
          set: { name: g.name, leaderDeputyId: g.leader },
        }),
      db.delete(supervisionMembers).where(eq(supervisionMembers.candidateId, candidateId)),
      ...chunks(g.members, 45).map((part) =>
        db.insert(supervisionMembers).values(part.map((deputyId) => ({ candidateId, deputyId }))),
      ),
    ],
  );
}

export interface MyProject {
  candidateId: number;
  name: string;
  jurisdictionCode: string;
  year: number;
  groupName: string;
  leader: boolean;
}

/** "My supervision projects": the groups a deputy belongs to, newest year first. */
export async function myProjects(db: Db, deputyId: number): Promise<MyProject[]> {
  const rows = await db
    .select({
      candidateId: candidates.id,
      name: candidates.name,
      position: candidates.position,
      jurisdictionCode: cycles.jurisdictionCode,
      year: cycles.year,
      groupName: supervisionGroups.name,
      leaderDeputyId: supervisionGroups.leaderDeputyId,
    })
    .from(supervisionMembers)
    .innerJoin(supervisionGroups, eq(supervisionGroups.candidateId, supervisionMembers.candidateId))
    .innerJoin(candidates, eq(candidates.id, supervisionMembers.candidateId))
    .innerJoin(cycles, eq(cycles.id, candidates.cycleId))
    .where(eq(supervisionMembers.deputyId, deputyId))
    .orderBy(desc(cycles.year), asc(candidates.position));
  return rows.map((r) => ({
    candidateId: r.candidateId,
    name: r.name,
    jurisdictionCode: r.jurisdictionCode,
    year: r.year,
    groupName: r.groupName,
    leader: r.leaderDeputyId === deputyId,
  }));
}

// ---- Inspections ----------------------------------------------------------------------------------

const checkbox = v.pipe(
  v.optional(v.union([v.string(), v.boolean()]), ""),
  v.transform((x) => x === true || x === "1" || x === "on" || x === "true"),
);

const InspectionInput = (now: number) =>
  v.object({
    inspectedOn: pastDateField(now),
    unannounced: checkbox,
    participants: requiredText(200),
    findings: requiredText(4000),
  });

export function listInspections(db: Db, candidateId: number): Promise<Inspection[]> {
  return db
    .select()
    .from(inspections)
    .where(eq(inspections.candidateId, candidateId))
    .orderBy(desc(inspections.inspectedOn), desc(inspections.id));
}

/** Staff, or a deputy of the project's supervision group, may record what the group found. */
async function requireRecorder(db: Db, actor: Actor, cycle: Cycle, candidateId: number) {
  if (isStaffOf(actor, cycle)) return;
  if (actor.kind === "deputy" && actor.jurisdictionCode === cycle.jurisdictionCode) {
    if (await isMember(db, candidateId, actor.id)) return;
    throw new AppError("forbidden", { reason: "sup.reason.not_member" });
  }
  throw new AppError(actor.jurisdictionCode === cycle.jurisdictionCode ? "forbidden" : "not_found");
}

/** Whether the actor may record inspections and problems on this project (for showing the forms). */
export async function mayRecord(db: Db, actor: Actor | null, cycle: Cycle, candidateId: number) {
  if (!actor || cycle.stage !== "supervise") return false;
  if (isStaffOf(actor, cycle)) return true;
  return (
    actor.kind === "deputy" &&
    actor.jurisdictionCode === cycle.jurisdictionCode &&
    (await isMember(db, candidateId, actor.id))
  );
}

/** Records an inspection. The same record sent twice (a double click, a retry) is stored once. */
export async function recordInspection(
  db: Db,
  actor: Actor,
  cycle: Cycle,
  candidateId: number,
  input: unknown,
  now: number,
): Promise<{ id: number; created: boolean }> {
  const i = parse(InspectionInput(now), input);
  await getProject(db, cycle, candidateId, now);
  await requireRecorder(db, actor, cycle, candidateId);
  assertSupervising(cycle);
  const same = and(
    eq(inspections.candidateId, candidateId),
    eq(inspections.inspectedOn, i.inspectedOn),
    eq(inspections.participants, i.participants),
    eq(inspections.findings, i.findings),
  );
  const guard = sql`NOT EXISTS (SELECT 1 FROM ${inspections} WHERE ${same})`;
  const { written } = await commitWithAudit(
    db,
    {
      jurisdictionCode: cycle.jurisdictionCode,
      at: now,
      actor,
      action: "inspection.record",
      target: `project:${candidateId}`,
      detail: { inspectedOn: i.inspectedOn, unannounced: i.unannounced },
    },
    () => [
      db
        .insert(inspections)
        .select(
          sql`SELECT NULL, ${candidateId}, ${i.inspectedOn}, ${i.unannounced ? 1 : 0}, ${i.participants}, ${i.findings}, ${actor.id}, ${now} WHERE ${guard}`,
        ),
    ],
    guard,
  );
  const [row] = await db
    .select({ id: inspections.id })
    .from(inspections)
    .where(same)
    .orderBy(desc(inspections.id));
  if (!row) throw new AppError("internal");
  return { id: row.id, created: written };
}

// ---- Problems: 问题 → 责任 → 整改 -------------------------------------------------------------------

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

export function isOverdue(p: Pick<Problem, "status" | "deadline">, today: string): boolean {
  return p.status !== "closed" && p.deadline < today;
}

export async function getProblem(
  db: Db,
  cycle: Cycle,
  candidateId: number,
  problemId: number,
  now: number,
): Promise<Problem> {
  await getProject(db, cycle, candidateId, now);
  const [row] = await db
    .select()
    .from(problems)
    .where(and(eq(problems.id, problemId), eq(problems.candidateId, candidateId)));
  if (!row) throw new AppError("not_found");
  return row;
}

/**
 * Records a problem found on a project, with the unit responsible and a deadline. Staff may record
 * one directly (found in a report or elsewhere); a deputy of the group records it from one of the
 * project's inspections. The same problem still open is not recorded twice.
 */
export async function createProblem(
  db: Db,
  actor: Actor,
  cycle: Cycle,
  candidateId: number,
  input: unknown,
  now: number,
): Promise<{ id: number; created: boolean }> {
  const p = parse(ProblemInput(now), input);
  await getProject(db, cycle, candidateId, now);
  await requireRecorder(db, actor, cycle, candidateId);
  assertSupervising(cycle);
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
  const guard = sql`NOT EXISTS (SELECT 1 FROM ${problems} WHERE ${same})`;
  const { written } = await commitWithAudit(
    db,
    {
      jurisdictionCode: cycle.jurisdictionCode,
      at: now,
      actor,
      action: "problem.create",
      target: `project:${candidateId}`,
      detail: { source, inspectionId: p.inspectionId, deadline: p.deadline },
    },
    () => [
      db.insert(problems).select(
        sql`SELECT NULL, ${candidateId}, ${source}, ${p.inspectionId}, NULL, ${p.foundOn}, ${p.description},
            ${p.responsibleUnit}, ${p.deadline}, 'open', NULL, NULL, NULL, NULL, ${actor.id}, ${now}
            WHERE ${guard}`,
      ),
      ...refreshProject(db, candidateId, now),
      ...refreshYear(db, cycle.id, now),
    ],
    guard,
  );
  const [row] = await db.select({ id: problems.id }).from(problems).where(same).orderBy(desc(problems.id));
  if (!row) throw new AppError("internal");
  return { id: row.id, created: written };
}

/** The responsible unit (of the project, per its plan) or the government records a rectification. */
export function mayRectify(
  actor: Actor | null,
  cycle: Cycle,
  project: Pick<ProjectSummary, "responsibleUnit">,
) {
  if (!actor) return false;
  if (actor.kind === "user" && actor.role === "gov" && actor.jurisdictionCode === cycle.jurisdictionCode)
    return true;
  return ownsProject(actor, cycle, project);
}

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

interface Step {
  from: Problem["status"];
  to: Problem["status"];
  set: Omit<SQLiteUpdateSetSource<typeof problems>, "status">;
  action: string;
  /** The entry the step adds to the rectification record, if any. */
  entry?: string;
  /** Why the step is refused when the problem is in another status. */
  reason: string;
}

/** Whether the problem already shows the step: a doubled submit that arrived second. */
function shows(p: Problem, s: Step): boolean {
  return p.status === s.to && (s.entry === undefined || (p.rectification ?? "").endsWith(s.entry));
}

/**
 * Moves a problem from one status to the next, guarded by the status the user saw, in one batch
 * with its audit entry and the project's read models. A repeat of the same step is answered as
 * done; a step from any other status is refused.
 */
async function step(
  db: Db,
  actor: Actor,
  cycle: Cycle,
  problem: Problem,
  s: Step,
  now: number,
): Promise<void> {
  if (shows(problem, s)) return;
  if (problem.status !== s.from) throw new AppError("illegal_transition", { reason: s.reason });
  const written = await transition(
    db,
    problems,
    and(eq(problems.id, problem.id), eq(problems.status, s.from)),
    { ...s.set, status: s.to },
    {
      jurisdictionCode: cycle.jurisdictionCode,
      at: now,
      actor,
      action: s.action,
      target: `problem:${problem.id}`,
      detail: { project: problem.candidateId, from: s.from, to: s.to },
    },
    () => [...refreshProject(db, problem.candidateId, now), ...refreshYear(db, cycle.id, now)],
  );
  if (written) return;
  const [current] = await db.select().from(problems).where(eq(problems.id, problem.id));
  if (!current || !shows(current, s)) throw new AppError("illegal_transition", { reason: s.reason });
}

/** Open → rectifying: the responsible unit (its own projects only) or the government says what was done. */
export async function rectifyProblem(
  db: Db,
  actor: Actor,
  cycle: Cycle,
  candidateId: number,
  problemId: number,
  input: unknown,
  now: number,
): Promise<void> {
  const r = parse(RectifyInput(now), input);
  const project = await getProject(db, cycle, candidateId, now);
  if (!mayRectify(actor, cycle, project)) {
    const visible =
      actor.jurisdictionCode === cycle.jurisdictionCode && !(actor.kind === "user" && actor.role === "unit");
    throw new AppError(visible ? "forbidden" : "not_found");
  }
  const problem = await getProblem(db, cycle, candidateId, problemId, now);
  assertSupervising(cycle);
  const entry = logEntry(r.rectifiedOn, "rectified", r.rectification);
  await step(
    db,
    actor,
    cycle,
    problem,
    {
      from: "open",
      to: "rectifying",
      set: { rectification: appendLog(entry), rectifiedOn: r.rectifiedOn },
      action: "problem.rectify",
      entry,
      reason: "sup.reason.not_open",
    },
    now,
  );
}

/** Rectifying → closed: staff verified the rectification. */
export async function closeProblem(
  db: Db,
  actor: Actor,
  cycle: Cycle,
  candidateId: number,
  problemId: number,
  now: number,
): Promise<void> {
  requireStaff(actor, cycle);
  const problem = await getProblem(db, cycle, candidateId, problemId, now);
  assertSupervising(cycle);
  await step(
    db,
    actor,
    cycle,
    problem,
    {
      from: "rectifying",
      to: "closed",
      set: { closedAt: now, closedBy: actor.id },
      action: "problem.close",
      reason: "sup.reason.not_rectifying",
    },
    now,
  );
}

/** Rectifying → open: staff send the rectification back, with the reason kept in the record. */
export async function reopenProblem(
  db: Db,
  actor: Actor,
  cycle: Cycle,
  candidateId: number,
  problemId: number,
  input: unknown,
  now: number,
): Promise<void> {
  const r = parse(ReopenInput, input);
  requireStaff(actor, cycle);
  const problem = await getProblem(db, cycle, candidateId, problemId, now);
  assertSupervising(cycle);
  const entry = logEntry(todayInChina(now), "returned", r.reason);
  await step(
    db,
    actor,
    cycle,
    problem,
    {
      from: "rectifying",
      to: "open",
      set: { rectification: appendLog(entry), rectifiedOn: null },
      action: "problem.reopen",
      entry,
      reason: "sup.reason.not_rectifying",
    },
    now,
  );
}

// ---- The cycle overview and the half-year report ---------------------------------------------------

interface CycleProblem extends Problem {
  projectName: string;
  overdue: boolean;
}

export interface CycleSupervision {
  groups: Map<number, { name: string; leader: string | null; members: number }>;
  inspections: Map<number, Inspection[]>;
  problems: CycleProblem[];
}

/** Groups, inspections and problems of every project of a cycle, for the overview and the report. */
export async function cycleSupervision(db: Db, cycle: Cycle, now: number): Promise<CycleSupervision> {
  const today = todayInChina(now);
  const ids = await projectIds(db, cycle.id);
  const out: CycleSupervision = { groups: new Map(), inspections: new Map(), problems: [] };
  if (ids.length === 0) return out;
  const [groupRows, memberCounts, inspectionRows, problemRows] = await Promise.all([
    db
      .select({
        candidateId: supervisionGroups.candidateId,
        name: supervisionGroups.name,
        leader: deputies.name,
      })
      .from(supervisionGroups)
      .leftJoin(deputies, eq(deputies.id, supervisionGroups.leaderDeputyId))
      .where(inArray(supervisionGroups.candidateId, ids)),
    db
      .select({ candidateId: supervisionMembers.candidateId, n: sql<number>`count(*)` })
      .from(supervisionMembers)
      .where(inArray(supervisionMembers.candidateId, ids))
      .groupBy(supervisionMembers.candidateId),
    db
      .select()
      .from(inspections)
      .where(inArray(inspections.candidateId, ids))
      .orderBy(asc(inspections.inspectedOn), asc(inspections.id)),
    db
      .select({ p: problems, projectName: candidates.name })
      .from(problems)
      .innerJoin(candidates, eq(candidates.id, problems.candidateId))
      .where(inArray(problems.candidateId, ids))
      .orderBy(asc(problems.deadline), asc(problems.id)),
  ]);
  for (const g of groupRows) {
    const n = memberCounts.find((m) => m.candidateId === g.candidateId)?.n ?? 0;
    out.groups.set(g.candidateId, { name: g.name, leader: g.leader, members: Number(n) });
  }
  for (const i of inspectionRows) {
    const list = out.inspections.get(i.candidateId) ?? [];
    list.push(i);
    out.inspections.set(i.candidateId, list);
  }
  out.problems = problemRows.map((r) => ({
    ...r.p,
    projectName: r.projectName,
    overdue: isOverdue(r.p, today),
  }));
  return out;
}

// ---- What the public sees ------------------------------------------------------------------------

/** A change decision as published (变更公告): no account ids. */
interface PublicChange {
  id: number;
  kind: ChangeKind;
  announcementNo: number;
  decisionBody: string;
  decisionNo: string;
  decidedOn: string;
  reason: string;
  detail: string;
  /** Carry-over: the year the project continues in, when that year's cycle exists. */
  carriedToYear: number | null;
}

/** A problem as the public sees it: what was found, who must fix it, by when, and what was done. */
interface PublicProblem {
  id: number;
  source: Problem["source"];
  foundOn: string;
  description: string;
  /** The responsible unit (an office, not a person). */
  responsibleUnit: string;
  deadline: string;
  status: Problem["status"];
  overdue: boolean;
  /** The rectification record: dated entries, one per line. */
  rectification: string | null;
  rectifiedOn: string | null;
  /** The day staff closed it (Beijing time), once closed. */
  closedOn: string | null;
}

export interface PublicSupervision {
  changes: PublicChange[];
  problems: PublicProblem[];
  /** Inspections by date; who took part and what they wrote stay with the congress. */
  inspections: { inspectedOn: string; unannounced: boolean }[];
}

/**
 * Changes, problems and inspection dates of one project for public pages and the open API. Carries
 * no user or deputy ids and no deputy names: responsible units are offices. Oldest first.
 */
export async function publicSupervision(
  db: Db,
  candidateId: number,
  now: number,
): Promise<PublicSupervision> {
  const today = todayInChina(now);
  const [changes, problemRows, inspectionRows] = await Promise.all([
    listChanges(db, candidateId),
    db.select().from(problems).where(eq(problems.candidateId, candidateId)).orderBy(asc(problems.id)),
    db
      .select({ inspectedOn: inspections.inspectedOn, unannounced: inspections.unannounced })
      .from(inspections)
      .where(eq(inspections.candidateId, candidateId))
      .orderBy(asc(inspections.inspectedOn), asc(inspections.id)),
  ]);
  return {
    changes: changes.map((c) => ({
      id: c.id,
      kind: c.kind,
      announcementNo: c.announcementNo,
      decisionBody: c.decisionBody,
      decisionNo: c.decisionNo,
      decidedOn: c.decidedOn,
      reason: c.reason,
      detail: c.detail,
      carriedToYear: c.carriedToYear,
    })),
    problems: problemRows.map((p) => ({
      id: p.id,
      source: p.source,
      foundOn: p.foundOn,
      description: p.description,
      responsibleUnit: p.responsibleUnit,
      deadline: p.deadline,
      status: p.status,
      overdue: isOverdue(p, today),
      rectification: p.rectification,
      rectifiedOn: p.rectifiedOn,
      closedOn: p.closedAt === null ? null : todayInChina(p.closedAt),
    })),
    inspections: inspectionRows.map((i) => ({ inspectedOn: i.inspectedOn, unannounced: i.unannounced })),
  };
}

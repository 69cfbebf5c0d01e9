// 监督评估, supervision: one supervision group of deputies per project (./groups.ts), inspections
// (./inspections.ts) and problems tracked from finding to rectification (./problems.ts), changes
// decided by the standing committee (./changes.ts). This module is what supervision shows: a
// deputy's own projects, the cycle's overview and the half-year report's figures, and what the
// public may see of it (`publicSupervision`: no user ids, no deputies' names).
import { asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../platform/data/db";
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
import { todayInChina } from "../../platform/lib/dates";
import { projectIds } from "../projects/projects";
import { type ChangeKind, listChanges } from "./changes";

export function isOverdue(p: Pick<Problem, "status" | "deadline">, today: string): boolean {
  return p.status !== "closed" && p.deadline < today;
}

// ---- A deputy's supervision projects ---------------------------------------------------------------

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

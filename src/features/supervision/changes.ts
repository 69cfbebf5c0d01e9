// Changes to a project (延期 postpone / 变更 change / 终止 stop / 结转 carry over), only by a recorded
// decision of the standing committee (or, for a township, the township congress), each published as
// a numbered public announcement (变更公告 第N号, numbered per jurisdiction and year).
//
// The number is computed inside the guarded INSERT itself, so two decisions recorded at the same
// moment never share a number (D1 runs one batch at a time). A stop or a carry-over ends the
// project's year: no change follows it. The project's status in project_state follows the latest
// change (src/platform/data/rollups.ts), rebuilt in the same batch.
import { and, asc, desc, eq, inArray, or, sql } from "drizzle-orm";
import * as v from "valibot";
import { commitWithAudit } from "../../platform/audit/audit";
import { assertSupervising } from "../../platform/auth/permissions";
import { writer } from "../../platform/auth/writer";
import type { Db } from "../../platform/data/db";
import { refreshProject, refreshYear } from "../../platform/data/rollups";
import {
  CHANGE_KINDS,
  type Cycle,
  cycles,
  type ProjectChange,
  projectChanges,
} from "../../platform/data/schema";
import { AppError } from "../../platform/http/errors";
import { pastDateField } from "../../platform/lib/dates";
import { requiredText } from "../../platform/lib/validate";
import { getProject, latestChangeKind } from "../projects/projects";

export type ChangeKind = (typeof CHANGE_KINDS)[number];
// The latest change's kind lives with the projects (a stop ends their reports too); the change
// pages still import it from here.

/** Kinds after which the project takes no further change (nor, when stopped, progress reports). */
export const FINAL_KINDS: readonly ChangeKind[] = ["stop", "carry_over"];

const ChangeInput = (now: number) =>
  v.object({
    kind: v.picklist(CHANGE_KINDS, "field.sup.kind"),
    decisionBody: requiredText(100),
    decisionNo: requiredText(60),
    decidedOn: pastDateField(now),
    reason: requiredText(2000),
    detail: requiredText(2000),
    /** The decision cannot be undone: the form asks to confirm it. */
    confirm: v.pipe(
      v.optional(v.string(), ""),
      v.check((s) => s === "1" || s === "on", "field.sup.confirm"),
    ),
  });

export interface ChangeView extends ProjectChange {
  /** Carry-over: the year of the cycle the project continues in. */
  carriedToYear: number | null;
}

export async function listChanges(db: Db, candidateId: number): Promise<ChangeView[]> {
  const rows = await db
    .select({ change: projectChanges, carriedToYear: cycles.year })
    .from(projectChanges)
    .leftJoin(cycles, eq(cycles.id, projectChanges.carriedToCycleId))
    .where(eq(projectChanges.candidateId, candidateId))
    .orderBy(asc(projectChanges.id));
  return rows.map((r) => ({ ...r.change, carriedToYear: r.carriedToYear }));
}

/** The changes of several projects (a cycle's), oldest first. */
export function changesOf(db: Db, candidateIds: number[]): Promise<ProjectChange[]> {
  if (candidateIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(projectChanges)
    .where(inArray(projectChanges.candidateId, candidateIds))
    .orderBy(asc(projectChanges.id));
}

/** One change of a project of the cycle (public: the announcement). */
export async function getChange(
  db: Db,
  cycle: Cycle,
  candidateId: number,
  id: number,
  now: number,
): Promise<ChangeView> {
  await getProject(db, cycle, candidateId, now);
  const found = (await listChanges(db, candidateId)).find((c) => c.id === id);
  if (!found) throw new AppError("not_found");
  return found;
}

/**
 * Records a decision changing a project, with its public announcement number: congress staff of
 * the jurisdiction. The same decision (same 文号 and kind) sent twice is recorded once; a project
 * stopped or carried over takes no further change.
 */
export const recordChange = writer(
  "supervision.manage",
  ChangeInput,
  async ({ db, actor, cycle, now, auditEntry }, ch, candidateId: number) => {
    await getProject(db, cycle, candidateId, now);
    assertSupervising(cycle);

    const same = and(
      eq(projectChanges.candidateId, candidateId),
      eq(projectChanges.kind, ch.kind),
      eq(projectChanges.decisionNo, ch.decisionNo),
    );
    const existing = async () =>
      (await db.select().from(projectChanges).where(same).orderBy(desc(projectChanges.id)).limit(1))[0];
    const seen = await existing();
    if (seen) return { id: seen.id, announcementNo: seen.announcementNo, created: false };
    if (FINAL_KINDS.includes((await latestChangeKind(db, candidateId)) as ChangeKind))
      throw new AppError("illegal_transition", { reason: "sup.reason.final" });

    let carriedTo: number | null = null;
    if (ch.kind === "carry_over") {
      const [next] = await db
        .select({ id: cycles.id })
        .from(cycles)
        .where(and(eq(cycles.jurisdictionCode, cycle.jurisdictionCode), eq(cycles.year, cycle.year + 1)));
      carriedTo = next?.id ?? null;
    }

    // Not recorded yet, and nothing final before it: checked again inside the batch.
    const blocking = or(
      eq(projectChanges.decisionNo, ch.decisionNo),
      inArray(projectChanges.kind, [...FINAL_KINDS]),
    );
    const guard = sql`NOT EXISTS (SELECT 1 FROM ${projectChanges} WHERE ${projectChanges.candidateId} = ${candidateId} AND ${blocking})`;
    const nextNo = sql`(SELECT COALESCE(MAX(pc.announcement_no), 0) + 1 FROM project_changes pc
    JOIN candidates c ON c.id = pc.candidate_id WHERE c.cycle_id = ${cycle.id})`;
    const { written } = await commitWithAudit(
      db,
      auditEntry(`project.${ch.kind}`, `project:${candidateId}`, {
        kind: ch.kind,
        decidedOn: ch.decidedOn,
        carriedToCycle: carriedTo,
      }),
      () => [
        db.insert(projectChanges).select(
          sql`SELECT NULL, ${candidateId}, ${ch.kind}, ${ch.decisionBody}, ${ch.decisionNo}, ${ch.decidedOn},
            ${ch.reason}, ${ch.detail}, ${carriedTo}, ${nextNo}, ${actor.id}, ${now} WHERE ${guard}`,
        ),
        ...refreshProject(db, candidateId, now),
        ...refreshYear(db, cycle.id, now),
      ],
      guard,
    );
    const row = await existing();
    if (row) return { id: row.id, announcementNo: row.announcementNo, created: written };
    // Lost to another decision in the meantime: a final one, or another kind under the same 文号.
    if (FINAL_KINDS.includes((await latestChangeKind(db, candidateId)) as ChangeKind))
      throw new AppError("illegal_transition", { reason: "sup.reason.final" });
    throw new AppError("invalid_input", { fields: { decisionNo: "field.sup.decision_taken" } });
  },
);

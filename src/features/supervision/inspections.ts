// Inspections (视察): what a project's supervision group (or congress staff) saw on a visit,
// announced or unannounced. inspections.user_id holds the recorder's id, a staff user's or a
// deputy's: the audit entry written in the same batch names which.
import { and, desc, eq, sql } from "drizzle-orm";
import * as v from "valibot";
import type { Actor } from "../../platform/auth/actor";
import { assertRecorderOf, assertSupervising } from "../../platform/auth/permissions";
import { writer } from "../../platform/auth/writer";
import type { Db } from "../../platform/data/db";
import { type Cycle, type Inspection, inspections } from "../../platform/data/schema";
import { pastDateField } from "../../platform/lib/dates";
import { requiredText } from "../../platform/lib/validate";
import { getProject } from "../projects/projects";
import { insertOnce } from "./once";

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

/** Behind a supervision.record grant: a project of the cycle, one the actor records on, in 监督评估. */
export async function assertRecordingOn(
  db: Db,
  actor: Actor,
  cycle: Cycle,
  candidateId: number,
  now: number,
) {
  await getProject(db, cycle, candidateId, now);
  await assertRecorderOf(db, actor, cycle, candidateId);
  assertSupervising(cycle);
}

/**
 * Staff, or a deputy of the project's supervision group, record what the group found. The same
 * record sent twice (a double click, a retry) is stored once.
 */
export const recordInspection = writer(
  "supervision.record",
  InspectionInput,
  async ({ db, actor, cycle, now, auditEntry }, i, candidateId: number) => {
    await assertRecordingOn(db, actor, cycle, candidateId, now);
    const same = and(
      eq(inspections.candidateId, candidateId),
      eq(inspections.inspectedOn, i.inspectedOn),
      eq(inspections.participants, i.participants),
      eq(inspections.findings, i.findings),
    );
    return insertOnce(
      db,
      inspections,
      same,
      auditEntry("inspection.record", `project:${candidateId}`, {
        inspectedOn: i.inspectedOn,
        unannounced: i.unannounced,
      }),
      (guard) => [
        db
          .insert(inspections)
          .select(
            sql`SELECT NULL, ${candidateId}, ${i.inspectedOn}, ${i.unannounced ? 1 : 0}, ${i.participants}, ${i.findings}, ${actor.id}, ${now} WHERE ${guard}`,
          ),
      ],
    );
  },
);

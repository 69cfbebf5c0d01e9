// 会议 and 签到: the congress session at which the vote is taken, and who is present (应到 / 实到).
// Deputies sign in on their phone; staff record the others. Only presence is kept, never a time.
import { and, count, eq, inArray, type SQL } from "drizzle-orm";
import * as v from "valibot";
import { commitWithAudit, createWithAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/actor";
import { writer } from "../../platform/auth/writer";
import { type Db, firstOrNotFound } from "../../platform/data/db";
import { attendance, type Cycle, deputies, type Meeting, meetings } from "../../platform/data/schema";
import { AppError } from "../../platform/http/errors";
import { chunks } from "../../platform/lib/chunks";
import { dateField } from "../../platform/lib/dates";
import { requiredText } from "../../platform/lib/validate";
import { countActiveDeputies, currentTerm } from "../../platform/roster/roster";

const MeetingInput = v.object({ title: requiredText(100), heldOn: dateField });

export function listMeetings(db: Db, cycleId: number) {
  return db.select().from(meetings).where(eq(meetings.cycleId, cycleId));
}

export async function getMeeting(db: Db, cycle: Cycle, id: number): Promise<Meeting> {
  return firstOrNotFound(
    db
      .select()
      .from(meetings)
      .where(and(eq(meetings.cycleId, cycle.id), eq(meetings.id, id))),
  );
}

export const createMeeting = writer(
  "vote.manage",
  MeetingInput,
  async ({ db, cycle, now, auditEntry }, m) => {
    return createWithAudit(db, meetings, meetings.id, async (id) => ({
      insert: db
        .insert(meetings)
        .values({ id, cycleId: cycle.id, title: m.title, heldOn: m.heldOn, createdAt: now }),
      audit: auditEntry("meeting.create", `meeting:${id}`, { title: m.title }),
    }));
  },
);

/** The deputies of the jurisdiction's `term` still in office. */
const serving = (jurisdictionCode: string, term: number) =>
  and(
    eq(deputies.jurisdictionCode, jurisdictionCode),
    eq(deputies.term, term),
    eq(deputies.status, "active"),
  );

/** The serving deputies of the jurisdiction's current term: who may attend and vote. */
export async function servingDeputies(db: Db, jurisdictionCode: string) {
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
    .where(serving(jurisdictionCode, term));
}

export interface Headcount {
  /** 应到 */
  rosterSize: number;
  /** 实到 */
  present: number;
}

export async function headcount(db: Db, cycle: Cycle, meetingId: number): Promise<Headcount> {
  const term = await currentTerm(db, cycle.jurisdictionCode);
  if (term === null) return { rosterSize: 0, present: 0 };
  const [rosterSize, [present]] = await Promise.all([
    countActiveDeputies(db, cycle.jurisdictionCode, term),
    db
      .select({ n: count() })
      .from(attendance)
      .innerJoin(deputies, eq(deputies.id, attendance.deputyId))
      .where(and(eq(attendance.meetingId, meetingId), serving(cycle.jurisdictionCode, term))),
  ]);
  return { rosterSize, present: present?.n ?? 0 };
}

/** The query behind `isPresent`, for a batch: a row when the deputy is present (the meeting may be a subquery). */
function presenceQuery(db: Db, meetingId: number | SQL, deputyId: number) {
  return db
    .select({ d: attendance.deputyId })
    .from(attendance)
    .where(and(eq(attendance.meetingId, meetingId), eq(attendance.deputyId, deputyId)));
}

export async function isPresent(db: Db, meetingId: number, deputyId: number): Promise<boolean> {
  const [row] = await presenceQuery(db, meetingId, deputyId);
  return Boolean(row);
}

/** A deputy signs in to the meeting on their phone. Signing in twice is harmless. */
export async function checkIn(db: Db, actor: Actor, cycle: Cycle, meeting: Meeting): Promise<void> {
  if (actor.kind !== "deputy" || actor.jurisdictionCode !== cycle.jurisdictionCode)
    throw new AppError("forbidden");
  await db
    .insert(attendance)
    .values({ meetingId: meeting.id, deputyId: actor.id, source: "self" })
    .onConflictDoNothing();
}

/**
 * Staff set who is present: the deputies listed as present are marked (kept if they signed in
 * themselves); the others of the roster page shown (`shown`) are marked absent.
 */
export const markAttendance = writer(
  "vote.manage",
  async ({ db, cycle, auditEntry }, meeting: Meeting, presentIds: number[], shownIds: number[]) => {
    const serving = new Set((await servingDeputies(db, cycle.jurisdictionCode)).map((d) => d.id));
    const present = [...new Set(presentIds)].filter((id) => serving.has(id));
    const absent = [...new Set(shownIds)].filter((id) => serving.has(id) && !present.includes(id));
    await commitWithAudit(
      db,
      auditEntry("attendance.mark", `meeting:${meeting.id}`, {
        present: present.length,
        absent: absent.length,
      }),
      () => [
        ...chunks(absent).map((ids) =>
          db
            .delete(attendance)
            .where(and(eq(attendance.meetingId, meeting.id), inArray(attendance.deputyId, ids))),
        ),
        ...chunks(present, 30).map((ids) =>
          db
            .insert(attendance)
            .values(ids.map((deputyId) => ({ meetingId: meeting.id, deputyId, source: "staff" as const })))
            .onConflictDoNothing(),
        ),
      ],
    );
  },
);

export async function presentIds(db: Db, meetingId: number): Promise<Set<number>> {
  const rows = await db
    .select({ id: attendance.deputyId })
    .from(attendance)
    .where(eq(attendance.meetingId, meetingId));
  return new Set(rows.map((r) => r.id));
}

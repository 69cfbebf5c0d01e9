// A vote is created as a draft, and its rules change only while it is one: once frozen they never
// change. The creation and the change for both kinds of vote, the project vote (./votes.ts) and the
// assessment (../assessment/assessment.ts), which differ in their rules and their items.
import { and, eq, type SQL } from "drizzle-orm";
import type { SQLiteUpdateSetSource } from "drizzle-orm/sqlite-core";
import { createWithAudit, transition } from "../../platform/audit/audit";
import type { Frame } from "../../platform/auth/writer";
import { type Vote, voteCandidates, votes } from "../../platform/data/schema";
import { AppError } from "../../platform/http/errors";
import { getMeeting } from "./attendance";

/**
 * Creates a draft vote of the cycle from `row` (its meeting, kind and rules), with its items
 * (`itemIds`, in ballot order) and its audit entry ("vote.create", `detail`), in one batch.
 * The meeting is resolved inside the cycle first: a vote takes its quorum, its presence and its
 * announcement's number from its meeting, so another cycle's or jurisdiction's meeting is "not
 * found", and no meeting chosen is a field error. Returns the new vote's id.
 */
export async function createDraft(
  { db, cycle, now, auditEntry }: Frame,
  row: Omit<typeof votes.$inferInsert, "id" | "cycleId" | "status" | "createdAt">,
  itemIds: number[],
  detail: Record<string, unknown>,
): Promise<number> {
  if (!Number.isSafeInteger(row.meetingId) || row.meetingId <= 0)
    throw new AppError("invalid_input", { fields: { meetingId: "field.invalid" } });
  await getMeeting(db, cycle, row.meetingId);
  return createWithAudit(db, votes, votes.id, async (voteId) => ({
    insert: db
      .insert(votes)
      .values({ ...row, id: voteId, cycleId: cycle.id, status: "draft", createdAt: now }),
    audit: auditEntry("vote.create", `vote:${voteId}`, detail),
    changes: [
      db
        .insert(voteCandidates)
        .values(itemIds.map((candidateId, i) => ({ voteId, candidateId, position: i + 1 }))),
    ],
  }));
}

/**
 * Writes the rules `set` on a draft vote, with its audit entry ("vote.rules", `detail`): both on the
 * condition, inside the batch, that the vote is still a draft (and `only`, if given), so a vote
 * frozen meanwhile keeps its rules and the change is refused.
 */
export async function changeDraftRules(
  { db, auditEntry }: Frame,
  vote: Vote,
  set: SQLiteUpdateSetSource<typeof votes>,
  detail: Record<string, unknown>,
  only?: SQL,
): Promise<void> {
  if (vote.status !== "draft") throw new AppError("illegal_transition", { reason: "vote.reason.frozen" });
  const written = await transition(
    db,
    votes,
    and(eq(votes.id, vote.id), eq(votes.status, "draft"), only),
    set,
    auditEntry("vote.rules", `vote:${vote.id}`, detail),
  );
  if (!written) throw new AppError("illegal_transition", { reason: "vote.reason.frozen" });
}

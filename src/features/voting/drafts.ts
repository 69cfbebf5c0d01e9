// A vote's rules change only while it is a draft: once frozen they never change. The one change
// for both kinds of vote, the project vote (./votes.ts) and the assessment (../assessment/assessment.ts),
// which differ only in their rules.
import { and, eq, type SQL } from "drizzle-orm";
import type { SQLiteUpdateSetSource } from "drizzle-orm/sqlite-core";
import { transition } from "../../platform/audit/audit";
import type { Writing } from "../../platform/auth/writer";
import { type Vote, votes } from "../../platform/data/schema";
import { AppError } from "../../platform/http/errors";

/**
 * Writes the rules `set` on a draft vote, with its audit entry ("vote.rules", `detail`): both on the
 * condition, inside the batch, that the vote is still a draft (and `only`, if given), so a vote
 * frozen meanwhile keeps its rules and the change is refused.
 */
export async function changeDraftRules(
  { db, actor, cycle, now }: Writing,
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
    {
      jurisdictionCode: cycle.jurisdictionCode,
      at: now,
      actor,
      action: "vote.rules",
      target: `vote:${vote.id}`,
      detail,
    },
  );
  if (!written) throw new AppError("illegal_transition", { reason: "vote.reason.frozen" });
}

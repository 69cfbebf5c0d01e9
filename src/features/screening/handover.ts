// 移交. The government hands the candidate list, with its report, to the congress; from then on
// the list is locked for the government. A return recorded by congress staff unlocks it, and the
// next hand-over locks it again.
import { and, eq, sql } from "drizzle-orm";
import * as v from "valibot";
import { commitWithAudit } from "../../platform/audit/audit";
import { writer } from "../../platform/auth/writer";
import { checkAdvance } from "../../platform/cycle/stages";
import { cycles, handovers, proposals } from "../../platform/data/schema";
import { AppError } from "../../platform/http/errors";
import { requiredText } from "../../platform/lib/validate";
import {
  assertListEditable,
  isLocked,
  latestHandover,
  listCandidates,
  missingFields,
  requiredReason,
} from "./candidates";

const HandoverInput = v.object({
  report: v.pipe(requiredText(20000), v.minLength(10, "field.report_short")),
});

/**
 * Hands the candidate list to the congress. Refused while any proposal waits for an outcome, when
 * there is no candidate, or when a candidate lacks a required field (the reason names which). The
 * first hand-over also moves the cycle from 筛选移交 to 酝酿协商, in the same batch.
 */
export const handOver = writer(
  "candidate.edit",
  HandoverInput,
  async ({ db, actor, cycle, now, auditEntry }, { report }) => {
    await assertListEditable(db, cycle);
    const [list, undecided] = await Promise.all([
      listCandidates(db, cycle.id),
      db
        .select({ id: proposals.id })
        .from(proposals)
        .where(and(eq(proposals.cycleId, cycle.id), eq(proposals.status, "received")))
        .limit(1),
    ]);
    if (undecided.length > 0)
      throw new AppError("illegal_transition", { reason: "handover.reason.undecided" });
    if (list.length === 0)
      throw new AppError("illegal_transition", { reason: "handover.reason.no_candidates" });
    const incomplete = list.find((c) => missingFields(c).length > 0);
    if (incomplete) {
      throw new AppError("illegal_transition", {
        reason: "handover.reason.incomplete",
        fields: { [`candidate.${incomplete.id}`]: missingFields(incomplete).join(",") },
      });
    }
    const moves = cycle.stage === "screen";
    if (moves) {
      const verdict = checkAdvance("screen", "deliberate", actor.role, {
        activeDeputies: 1,
        collectionClosed: true,
        handedOver: true,
        votesFrozen: 0,
        votesOpen: 0,
        votesClosed: 0,
      });
      if (!verdict.ok) throw new AppError(verdict.code, { reason: verdict.reason });
    }
    // Only if nobody handed over meanwhile (a double click hands over once). The hand-over row
    // carries the same condition as the audit entry, so a doubled request writes neither.
    const noneOpen = sql`NOT EXISTS (SELECT 1 FROM handovers WHERE cycle_id = ${cycle.id} AND returned_at IS NULL)`;
    const { written } = await commitWithAudit(
      db,
      auditEntry("candidates.handover", `cycle:${cycle.year}`, {
        candidates: list.length,
        ...(moves ? { from: "screen", to: "deliberate" } : {}),
      }),
      () => [
        db
          .insert(handovers)
          .select(
            sql`SELECT NULL, ${cycle.id}, ${report}, ${list.length}, ${now}, ${actor.id}, NULL, NULL, NULL WHERE ${noneOpen}`,
          ),
        ...(moves
          ? [
              db
                .update(cycles)
                .set({ stage: "deliberate", stageSince: now })
                .where(and(eq(cycles.id, cycle.id), eq(cycles.stage, "screen"))),
            ]
          : []),
      ],
      noneOpen,
    );
    if (!written) throw new AppError("conflict", { reason: "handover.reason.locked" });
  },
);

const ReturnInput = v.object({ reason: requiredReason(2000) });

/** Congress staff return the list to the government, with a reason: it unlocks for editing. */
export const returnList = writer(
  "handover.return",
  ReturnInput,
  async ({ db, actor, cycle, now, auditEntry }, { reason }) => {
    const h = await latestHandover(db, cycle.id);
    if (!h || !isLocked(h) || cycle.stage !== "deliberate")
      throw new AppError("illegal_transition", { reason: "handover.reason.not_handed" });
    await commitWithAudit(
      db,
      auditEntry("candidates.return", `cycle:${cycle.year}`, { handover: h.id }),
      () => [
        db
          .update(handovers)
          .set({ returnedAt: now, returnedBy: actor.id, returnReason: reason })
          .where(and(eq(handovers.id, h.id), sql`${handovers.returnedAt} IS NULL`)),
      ],
    );
  },
);

// 筛选: the government gives every proposal of the cycle an outcome with a reason — merged into
// another, accepted into a candidate, put in reserve (储备库), or not adopted — one at a time or many
// at once. Decisions are recorded on the proposal (who, when) and in the audit log.
import { and, count, eq, inArray } from "drizzle-orm";
import * as v from "valibot";
import { commitWithAudit } from "../../platform/audit/audit";
import { writer } from "../../platform/auth/writer";
import type { Db } from "../../platform/data/db";
import { candidates, proposals } from "../../platform/data/schema";
import { AppError } from "../../platform/http/errors";
import { chunks } from "../../platform/lib/chunks";
import { optionalText } from "../../platform/lib/validate";
import { TRACKING_NO } from "../collection/proposals";
import { assertListEditable, requiredReason } from "./candidates";

/** The negative list of a collection notice (DOMAIN.md), as clauses a refusal can cite. */
export const NEGATIVE_CLAUSES = [
  "single_beneficiary",
  "office_equipment",
  "adds_debt",
  "higher_level",
  "duplicate_plan",
] as const;

const ids = v.pipe(
  v.union([v.string(), v.array(v.string())], "field.select_proposals"),
  v.transform((x) => (Array.isArray(x) ? x : [x]).map(Number)),
  v.check(
    (a) => a.length > 0 && a.length <= 500 && a.every((n) => Number.isInteger(n) && n > 0),
    "field.select_proposals",
  ),
);

const DecisionInput = v.variant(
  "action",
  [
    v.object({
      action: v.literal("reserve"),
      ids,
      reason: requiredReason(500),
    }),
    v.object({
      action: v.literal("reject"),
      ids,
      clause: v.optional(v.union([v.literal(""), v.picklist(NEGATIVE_CLAUSES)], "field.invalid"), ""),
      reason: optionalText(500),
    }),
    v.object({
      action: v.literal("merge"),
      ids,
      into: v.pipe(v.string("field.required"), v.trim(), v.regex(TRACKING_NO, "field.tracking_no")),
      reason: optionalText(500),
    }),
    v.object({
      action: v.literal("accept"),
      ids,
      candidate: v.pipe(
        v.string("field.required"),
        v.regex(/^\d+$/, "field.choose_candidate"),
        v.transform(Number),
      ),
    }),
  ],
  "field.choose_action",
);

/** Records one decision for many proposals at once. Returns how many proposals it touched. */
export const decide = writer(
  "proposal.screen",
  DecisionInput,
  async ({ db, actor, cycle, now, auditEntry }, d) => {
    await assertListEditable(db, cycle);
    if (d.action === "reject" && !d.clause && !d.reason) {
      throw new AppError("invalid_input", { fields: { reason: "field.reason_required" } });
    }
    const unique = [...new Set(d.ids)];
    const found = (
      await Promise.all(
        chunks(unique).map((part) =>
          db
            .select({ id: proposals.id })
            .from(proposals)
            .where(and(eq(proposals.cycleId, cycle.id), inArray(proposals.id, part))),
        ),
      )
    ).flat();
    if (found.length !== unique.length) throw new AppError("not_found");

    let set: Partial<typeof proposals.$inferInsert>;
    const who = { decidedBy: actor.id, decidedAt: now };
    if (d.action === "reserve")
      set = { status: "reserve", outcomeReason: d.reason, mergedInto: null, candidateId: null };
    else if (d.action === "reject") {
      const reason = [d.clause ? `negative:${d.clause}` : "", d.reason ?? ""].filter(Boolean).join("\n");
      set = { status: "rejected", outcomeReason: reason, mergedInto: null, candidateId: null };
    } else if (d.action === "merge") {
      const [target] = await db
        .select()
        .from(proposals)
        .where(and(eq(proposals.cycleId, cycle.id), eq(proposals.trackingNo, d.into)));
      if (!target) throw new AppError("invalid_input", { fields: { into: "field.tracking_unknown" } });
      if (unique.includes(target.id) || target.status === "merged") {
        throw new AppError("invalid_input", { fields: { into: "field.merge_target" } });
      }
      // Merged proposals follow their target into its candidate, if it has one.
      set = {
        status: "merged",
        mergedInto: target.id,
        outcomeReason: d.reason ?? `merged:${target.trackingNo}`,
        candidateId: target.candidateId,
      };
    } else {
      const [cand] = await db
        .select({ id: candidates.id })
        .from(candidates)
        .where(and(eq(candidates.cycleId, cycle.id), eq(candidates.id, d.candidate)));
      if (!cand) throw new AppError("invalid_input", { fields: { candidate: "field.choose_candidate" } });
      set = {
        status: "accepted",
        candidateId: cand.id,
        mergedInto: null,
        outcomeReason: `candidate:${cand.id}`,
      };
    }
    await commitWithAudit(
      db,
      auditEntry(`proposal.${d.action}`, `cycle:${cycle.year}`, {
        proposals: unique,
        ...(d.action === "merge" ? { into: d.into } : {}),
        ...(d.action === "accept" ? { candidate: d.candidate } : {}),
      }),
      () =>
        chunks(unique).flatMap((part) => [
          db
            .update(proposals)
            .set({ ...set, ...who })
            .where(and(eq(proposals.cycleId, cycle.id), inArray(proposals.id, part))),
          // Proposals merged into these follow them into (or out of) a candidate.
          db
            .update(proposals)
            .set({ candidateId: set.candidateId ?? null })
            .where(
              and(
                eq(proposals.cycleId, cycle.id),
                eq(proposals.status, "merged"),
                inArray(proposals.mergedInto, part),
              ),
            ),
        ]),
    );
    return unique.length;
  },
);

/** How many proposals of the cycle still wait for an outcome (counted on the status index). */
export async function undecidedCount(db: Db, cycleId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(proposals)
    .where(and(eq(proposals.cycleId, cycleId), eq(proposals.status, "received")));
  return row?.n ?? 0;
}

// 酝酿协商: deputies read the candidate materials and record an opinion per candidate; staff see
// the opinions grouped by delegation (代表团 / 代表小组). Opinions are statements, not ballots:
// they carry the deputy's name.
import { and, asc, eq } from "drizzle-orm";
import * as v from "valibot";
import type { Actor } from "../../platform/auth/actor";
import type { Db } from "../../platform/data/db";
import { type Cycle, candidates, deputies, opinions } from "../../platform/data/schema";
import { AppError } from "../../platform/http/errors";
import { parse } from "../../platform/lib/validate";

const OpinionInput = v.object({
  candidateId: v.pipe(v.string("field.required"), v.regex(/^\d+$/, "field.invalid"), v.transform(Number)),
  body: v.pipe(v.string("field.required"), v.trim(), v.maxLength(1000, "field.too_long")),
});

/** Saves (or, with an empty text, withdraws) a deputy's opinion on a candidate. */
export async function saveOpinion(
  db: Db,
  actor: Actor,
  cycle: Cycle,
  input: unknown,
  now: number,
): Promise<void> {
  const o = parse(OpinionInput, input);
  if (actor.kind !== "deputy" || actor.jurisdictionCode !== cycle.jurisdictionCode)
    throw new AppError("forbidden");
  if (cycle.stage !== "deliberate" && cycle.stage !== "vote")
    throw new AppError("illegal_transition", { reason: "opinion.reason.stage" });
  const [cand] = await db
    .select({ id: candidates.id })
    .from(candidates)
    .where(and(eq(candidates.cycleId, cycle.id), eq(candidates.id, o.candidateId)));
  if (!cand) throw new AppError("not_found");
  if (!o.body) {
    await db.delete(opinions).where(and(eq(opinions.candidateId, cand.id), eq(opinions.deputyId, actor.id)));
    return;
  }
  await db
    .insert(opinions)
    .values({
      cycleId: cycle.id,
      candidateId: cand.id,
      deputyId: actor.id,
      body: o.body,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: [opinions.candidateId, opinions.deputyId],
      set: { body: o.body, updatedAt: now },
    });
}

export function myOpinions(db: Db, cycleId: number, deputyId: number) {
  return db
    .select({ candidateId: opinions.candidateId, body: opinions.body })
    .from(opinions)
    .where(and(eq(opinions.cycleId, cycleId), eq(opinions.deputyId, deputyId)));
}

/** Every opinion of the cycle with the deputy's name and delegation, by delegation then candidate. */
export function opinionsByDelegation(db: Db, cycleId: number) {
  return db
    .select({
      delegation: deputies.delegation,
      deputy: deputies.name,
      candidateId: opinions.candidateId,
      candidate: candidates.name,
      position: candidates.position,
      body: opinions.body,
      updatedAt: opinions.updatedAt,
    })
    .from(opinions)
    .innerJoin(deputies, eq(deputies.id, opinions.deputyId))
    .innerJoin(candidates, eq(candidates.id, opinions.candidateId))
    .where(eq(opinions.cycleId, cycleId))
    .orderBy(asc(deputies.delegation), asc(candidates.position), asc(deputies.number));
}

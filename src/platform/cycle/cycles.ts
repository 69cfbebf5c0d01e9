// Cycles (年度票决): one per jurisdiction and year, moved forward only through `checkAdvance`.
import { and, count, desc, eq } from "drizzle-orm";
import * as v from "valibot";
import { commitWithAudit, transition } from "../audit/audit";
import { authorize, type Grant } from "../auth/permissions";
import { writer } from "../auth/writer";
import { type Db, firstOrNotFound } from "../data/db";
import { type Cycle, cycles, votes } from "../data/schema";
import { AppError } from "../http/errors";
import { intField, parse } from "../lib/validate";
import { countActiveDeputies, currentTerm } from "../roster/roster";
import { getNotice } from "./notices";
import { type CycleFacts, checkAdvance, isStage, type Stage } from "./stages";

/** Cycles are public: the public sees every stage. */
export function listCycles(db: Db, jurisdictionCode: string) {
  return db
    .select()
    .from(cycles)
    .where(eq(cycles.jurisdictionCode, jurisdictionCode))
    .orderBy(desc(cycles.year));
}

export async function getCycle(db: Db, jurisdictionCode: string, year: number): Promise<Cycle> {
  return firstOrNotFound(
    db
      .select()
      .from(cycles)
      .where(and(eq(cycles.jurisdictionCode, jurisdictionCode), eq(cycles.year, year))),
  );
}

const CreateCycleInput = v.object({ year: intField(2000, 2100) });

export async function createCycle(
  db: Db,
  grant: Grant<"cycle.create">,
  jurisdictionCode: string,
  input: unknown,
  now: number,
): Promise<void> {
  const actor = authorize(grant, "cycle.create", { jurisdictionCode });
  const { year } = parse(CreateCycleInput, input);
  const [dup] = await db
    .select({ id: cycles.id })
    .from(cycles)
    .where(and(eq(cycles.jurisdictionCode, jurisdictionCode), eq(cycles.year, year)));
  if (dup) throw new AppError("invalid_input", { fields: { year: "cycle.year_taken" } });
  await commitWithAudit(
    db,
    { jurisdictionCode, at: now, actor, action: "cycle.create", target: `cycle:${year}` },
    () => [
      db.insert(cycles).values({ jurisdictionCode, year, stage: "collect", stageSince: now, createdAt: now }),
    ],
  );
}

export async function cycleFacts(db: Db, cycle: Cycle, now: number): Promise<CycleFacts> {
  const [term, notice, byStatus] = await Promise.all([
    currentTerm(db, cycle.jurisdictionCode),
    getNotice(db, cycle.id),
    db
      .select({ status: votes.status, n: count() })
      .from(votes)
      .where(eq(votes.cycleId, cycle.id))
      .groupBy(votes.status),
  ]);
  const n = (s: string) => byStatus.find((r) => r.status === s)?.n ?? 0;
  return {
    activeDeputies: term === null ? 0 : await countActiveDeputies(db, cycle.jurisdictionCode, term),
    collectionClosed: Boolean(notice?.publishedAt) && now > (notice?.closesAt ?? 0),
    // Leaving 筛选移交 happens only through the hand-over (src/features/screening/candidates.ts).
    handedOver: false,
    votesFrozen: n("frozen") + n("open") + n("closed"),
    votesOpen: n("open"),
    votesClosed: n("closed"),
  };
}

const stage = v.pipe(
  v.string("field.required"),
  v.check(isStage, "field.invalid"),
  v.transform((s) => s as Stage),
);

const AdvanceInput = v.object({
  /** The stage the user saw and means to leave: a stale page or a double submit moves nothing. */
  from: stage,
  to: stage,
});

/**
 * Moves a cycle one stage forward. The update is conditional on the stage the user saw, so two
 * clicks (or two staff at once) move it once; the move and its audit entry commit together.
 */
export const advanceCycle = writer(
  "cycle.advance",
  AdvanceInput,
  async ({ db, actor, cycle, now, auditEntry }, { from, to }) => {
    if (from !== cycle.stage) throw new AppError("conflict", { reason: "stage.reason.stale" });
    const verdict = checkAdvance(cycle.stage, to, actor.role, await cycleFacts(db, cycle, now));
    if (!verdict.ok) throw new AppError(verdict.code, { reason: verdict.reason });
    const written = await transition(
      db,
      cycles,
      and(eq(cycles.id, cycle.id), eq(cycles.stage, from)),
      { stage: verdict.to, stageSince: now },
      auditEntry("cycle.advance", `cycle:${cycle.year}`, { from, to: verdict.to }),
    );
    // Someone moved it between our read and our write (a doubled click): nothing was changed.
    if (!written) throw new AppError("conflict", { reason: "stage.reason.stale" });
    return verdict.to;
  },
);

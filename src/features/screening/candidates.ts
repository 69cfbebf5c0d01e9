// 候选项目 and 移交. The government forms candidates from proposals (name, content, planned
// investment by funding source, responsible unit, deadline, annual target, location) and hands the
// list, with its report, to the congress. From then on the list is locked for the government; a
// return recorded by congress staff unlocks it, and the next hand-over locks it again.
import { and, asc, desc, eq, inArray, max, sql } from "drizzle-orm";
import * as v from "valibot";
import { type AuditInput, commitWithAudit, createWithAudit } from "../../platform/audit/audit";
import { authorize, type Grant } from "../../platform/auth/permissions";
import { checkAdvance } from "../../platform/cycle/stages";
import type { Db } from "../../platform/data/db";
import {
  type Candidate,
  type Cycle,
  candidateFunding,
  candidates,
  cycles,
  FUNDING_SOURCES,
  type Handover,
  handovers,
  jurisdictions,
  proposals,
} from "../../platform/data/schema";
import { AppError } from "../../platform/http/errors";
import { optionalWan } from "../../platform/lib/money";
import { parse, requiredText } from "../../platform/lib/validate";

type FundingSource = (typeof FUNDING_SOURCES)[number];

const text = (max: number) =>
  v.pipe(v.optional(v.string("field.invalid"), ""), v.trim(), v.maxLength(max, "field.too_long"));

/** Saving is lenient (a draft may lack fields); hand-over demands every required field. */
const CandidateInput = v.object({
  name: requiredText(60),
  content: text(2000),
  responsibleUnit: text(60),
  deadline: text(30),
  annualTarget: text(500),
  locationCode: v.pipe(v.string("field.required"), v.regex(/^\d{6}(\d{3})?$/, "field.required")),
  locationDetail: text(60),
  ...Object.fromEntries(FUNDING_SOURCES.map((s) => [`funding_${s}`, optionalWan])),
}) as v.GenericSchema<Record<string, unknown>, CandidateFields>;

interface CandidateFields {
  name: string;
  content: string;
  responsibleUnit: string;
  deadline: string;
  annualTarget: string;
  locationCode: string;
  locationDetail: string;
  [key: `funding_${string}`]: number | undefined;
}

export interface CandidateWithFunding extends Candidate {
  funding: Partial<Record<FundingSource, number>>;
  totalYuan: number;
  proposalCount: number;
}

/** The required fields a candidate still lacks (i18n keys of the field names), for hand-over. */
export function missingFields(c: CandidateWithFunding): string[] {
  const missing: string[] = [];
  if (!c.content) missing.push("content");
  if (!c.responsibleUnit) missing.push("responsibleUnit");
  if (!c.deadline) missing.push("deadline");
  if (!c.annualTarget) missing.push("annualTarget");
  if (c.totalYuan <= 0) missing.push("funding");
  return missing;
}

export async function listCandidates(db: Db, cycleId: number): Promise<CandidateWithFunding[]> {
  const rows = await db
    .select()
    .from(candidates)
    .where(eq(candidates.cycleId, cycleId))
    .orderBy(asc(candidates.position), asc(candidates.id));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [money, links] = await Promise.all([
    db.select().from(candidateFunding).where(inArray(candidateFunding.candidateId, ids)),
    db
      .select({ candidateId: proposals.candidateId, n: sql<number>`count(*)` })
      .from(proposals)
      .where(and(eq(proposals.cycleId, cycleId), inArray(proposals.candidateId, ids)))
      .groupBy(proposals.candidateId),
  ]);
  return rows.map((r) => {
    const funding: Partial<Record<FundingSource, number>> = {};
    for (const m of money) if (m.candidateId === r.id) funding[m.source] = m.amountYuan;
    const totalYuan = Object.values(funding).reduce((a, b) => a + (b ?? 0), 0);
    return { ...r, funding, totalYuan, proposalCount: links.find((l) => l.candidateId === r.id)?.n ?? 0 };
  });
}

/** The latest hand-over of the cycle, if any; the list is locked while it has not been returned. */
export async function latestHandover(db: Db, cycleId: number): Promise<Handover | null> {
  const [row] = await db
    .select()
    .from(handovers)
    .where(eq(handovers.cycleId, cycleId))
    .orderBy(desc(handovers.id))
    .limit(1);
  return row ?? null;
}

export function isLocked(h: Handover | null): boolean {
  return h !== null && h.returnedAt === null;
}

/** The government may change proposals' outcomes and candidates only while screening, or after a return. */
export async function assertListEditable(db: Db, cycle: Cycle): Promise<void> {
  const h = await latestHandover(db, cycle.id);
  if (isLocked(h)) throw new AppError("illegal_transition", { reason: "handover.reason.locked" });
  const editable = cycle.stage === "screen" || (cycle.stage === "deliberate" && h !== null);
  if (!editable) throw new AppError("illegal_transition", { reason: "screen.reason.not_screening" });
}

async function checkLocation(db: Db, cycle: Cycle, code: string) {
  const [place] = await db
    .select({ code: jurisdictions.code, parent: jurisdictions.parentCode })
    .from(jurisdictions)
    .where(eq(jurisdictions.code, code));
  if (!place || (place.code !== cycle.jurisdictionCode && place.parent !== cycle.jurisdictionCode)) {
    throw new AppError("invalid_input", { fields: { locationCode: "field.required" } });
  }
}

function fundingRows(candidateId: number, c: CandidateFields) {
  return FUNDING_SOURCES.flatMap((s) => {
    const amount = c[`funding_${s}`];
    return amount ? [{ candidateId, source: s, amountYuan: amount }] : [];
  });
}

/** Creates a candidate (optionally from proposals, which are marked accepted) or updates one. */
export async function saveCandidate(
  db: Db,
  grant: Grant<"candidate.edit">,
  cycle: Cycle,
  input: unknown,
  now: number,
  opts: { id?: number; fromProposals?: number[] } = {},
): Promise<number> {
  const actor = authorize(grant, "candidate.edit", cycle);
  const c = parse(CandidateInput, input);
  await assertListEditable(db, cycle);
  await checkLocation(db, cycle, c.locationCode);
  const values = {
    name: c.name,
    content: c.content,
    responsibleUnit: c.responsibleUnit,
    deadline: c.deadline,
    annualTarget: c.annualTarget,
    locationCode: c.locationCode,
    locationDetail: c.locationDetail || null,
    updatedAt: now,
  };
  const links = (opts.fromProposals ?? []).filter((n) => Number.isInteger(n) && n > 0).slice(0, 90);
  const audit = (id: number): AuditInput => ({
    jurisdictionCode: cycle.jurisdictionCode,
    at: now,
    actor,
    action: opts.id === undefined ? "candidate.create" : "candidate.update",
    target: `candidate:${id}`,
    detail: { name: c.name, ...(links.length ? { proposals: links } : {}) },
  });
  // The candidate's funding and the proposals it takes up, written in the batch that writes it.
  const dependents = (id: number) => {
    const money = fundingRows(id, c);
    return [
      db.delete(candidateFunding).where(eq(candidateFunding.candidateId, id)),
      ...(money.length ? [db.insert(candidateFunding).values(money)] : []),
      ...(links.length
        ? [
            db
              .update(proposals)
              .set({
                status: "accepted",
                candidateId: id,
                mergedInto: null,
                outcomeReason: `candidate:${id}`,
                decidedBy: actor.id,
                decidedAt: now,
              })
              .where(and(eq(proposals.cycleId, cycle.id), inArray(proposals.id, links))),
            // Proposals merged into these follow them into the candidate.
            db
              .update(proposals)
              .set({ candidateId: id })
              .where(
                and(
                  eq(proposals.cycleId, cycle.id),
                  eq(proposals.status, "merged"),
                  inArray(proposals.mergedInto, links),
                ),
              ),
          ]
        : []),
    ];
  };
  if (opts.id === undefined) {
    // New: last on the list, all in one batch (src/platform/audit/audit.ts createWithAudit).
    return createWithAudit(db, candidates, candidates.id, async (id) => {
      const [last] = await db
        .select({ p: max(candidates.position) })
        .from(candidates)
        .where(eq(candidates.cycleId, cycle.id));
      const position = (last?.p ?? 0) + 1;
      return {
        insert: db.insert(candidates).values({ ...values, id, cycleId: cycle.id, position, createdAt: now }),
        audit: audit(id),
        changes: dependents(id),
      };
    });
  }
  const id = opts.id;
  const [existing] = await db
    .select({ id: candidates.id })
    .from(candidates)
    .where(and(eq(candidates.cycleId, cycle.id), eq(candidates.id, id)));
  if (!existing) throw new AppError("not_found");
  await commitWithAudit(db, audit(id), () => [
    db.update(candidates).set(values).where(eq(candidates.id, id)),
    ...dependents(id),
  ]);
  return id;
}

const HandoverInput = v.object({
  report: v.pipe(
    v.string("field.required"),
    v.trim(),
    v.nonEmpty("field.required"),
    v.minLength(10, "field.report_short"),
    v.maxLength(20000, "field.too_long"),
  ),
});

/**
 * Hands the candidate list to the congress. Refused while any proposal waits for an outcome, when
 * there is no candidate, or when a candidate lacks a required field (the reason names which). The
 * first hand-over also moves the cycle from 筛选移交 to 酝酿协商, in the same batch.
 */
export async function handOver(
  db: Db,
  grant: Grant<"candidate.edit">,
  cycle: Cycle,
  input: unknown,
  now: number,
): Promise<void> {
  const actor = authorize(grant, "candidate.edit", cycle);
  const { report } = parse(HandoverInput, input);
  await assertListEditable(db, cycle);
  const [list, undecided] = await Promise.all([
    listCandidates(db, cycle.id),
    db
      .select({ id: proposals.id })
      .from(proposals)
      .where(and(eq(proposals.cycleId, cycle.id), eq(proposals.status, "received")))
      .limit(1),
  ]);
  if (undecided.length > 0) throw new AppError("illegal_transition", { reason: "handover.reason.undecided" });
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
    {
      jurisdictionCode: cycle.jurisdictionCode,
      at: now,
      actor,
      action: "candidates.handover",
      target: `cycle:${cycle.year}`,
      detail: { candidates: list.length, ...(moves ? { from: "screen", to: "deliberate" } : {}) },
    },
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
}

const ReturnInput = v.object({
  reason: v.pipe(
    v.string("field.required"),
    v.trim(),
    v.nonEmpty("field.reason_required"),
    v.maxLength(2000, "field.too_long"),
  ),
});

/** Congress staff return the list to the government, with a reason: it unlocks for editing. */
export async function returnList(
  db: Db,
  grant: Grant<"handover.return">,
  cycle: Cycle,
  input: unknown,
  now: number,
): Promise<void> {
  const actor = authorize(grant, "handover.return", cycle);
  const { reason } = parse(ReturnInput, input);
  const h = await latestHandover(db, cycle.id);
  if (!h || !isLocked(h) || cycle.stage !== "deliberate")
    throw new AppError("illegal_transition", { reason: "handover.reason.not_handed" });
  await commitWithAudit(
    db,
    {
      jurisdictionCode: cycle.jurisdictionCode,
      at: now,
      actor,
      action: "candidates.return",
      target: `cycle:${cycle.year}`,
      detail: { handover: h.id },
    },
    () => [
      db
        .update(handovers)
        .set({ returnedAt: now, returnedBy: actor.id, returnReason: reason })
        .where(and(eq(handovers.id, h.id), sql`${handovers.returnedAt} IS NULL`)),
    ],
  );
}

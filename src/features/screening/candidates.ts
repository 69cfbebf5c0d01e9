// 候选项目. The government forms candidates from proposals (name, content, planned investment by
// funding source, responsible unit, deadline, annual target, location) while it screens, and until
// it hands the list over (./handover.ts); from then on the list is locked for the government, until
// congress staff return it.
import { and, asc, desc, eq, inArray, max, sql } from "drizzle-orm";
import * as v from "valibot";
import { type AuditInput, commitWithAudit, createWithAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/actor";
import { can } from "../../platform/auth/permissions";
import { type Writing, writer } from "../../platform/auth/writer";
import type { Db } from "../../platform/data/db";
import {
  type Candidate,
  type Cycle,
  candidateFunding,
  candidates,
  FUNDING_SOURCES,
  type Handover,
  handovers,
  type Jurisdiction,
  proposals,
} from "../../platform/data/schema";
import { AppError } from "../../platform/http/errors";
import { optionalWan, yuanToWan } from "../../platform/lib/money";
import { requiredText } from "../../platform/lib/validate";
import { assertPlaceOf } from "../collection/proposals";

type FundingSource = (typeof FUNDING_SOURCES)[number];

const text = (max: number) =>
  v.pipe(v.optional(v.string("field.invalid"), ""), v.trim(), v.maxLength(max, "field.too_long"));

/** A reason the decision must give: trimmed, not empty, at most `max` characters. */
export const requiredReason = (max: number) => requiredText(max, "field.reason_required");

/** 万元 as a form or a sheet takes it: exact, without thousands separators (123456 → "12.3456"). */
export function plainWan(yuan: number): string {
  return yuanToWan(yuan).replace(/,/g, "");
}

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

type CandidateText = Pick<
  Candidate,
  "name" | "content" | "responsibleUnit" | "deadline" | "annualTarget" | "locationCode"
>;

/** A candidate's text fields (of a stored candidate or of its form), without the place's detail. */
export function candidateText(x: CandidateText): CandidateText {
  return {
    name: x.name,
    content: x.content,
    responsibleUnit: x.responsibleUnit,
    deadline: x.deadline,
    annualTarget: x.annualTarget,
    locationCode: x.locationCode,
  };
}

/** The form of a candidate as it is stored: every field as text, money in 万元. */
export function candidateValues(x: CandidateWithFunding): Record<string, string> {
  const values: Record<string, string> = { ...candidateText(x), locationDetail: x.locationDetail ?? "" };
  for (const s of FUNDING_SOURCES)
    values[`funding_${s}`] = x.funding[s] ? plainWan(x.funding[s] as number) : "";
  return values;
}

/**
 * The form of a new candidate taken up from proposals of the cycle: prefilled from the first of
 * them (the government edits the rest); from none, it is placed in the jurisdiction itself.
 */
export async function candidateDraft(db: Db, cycle: Cycle, from: number[]): Promise<Record<string, string>> {
  const [first] = from.length
    ? await db
        .select()
        .from(proposals)
        .where(and(eq(proposals.cycleId, cycle.id), inArray(proposals.id, from)))
        .limit(1)
    : [];
  if (!first) return { locationCode: cycle.jurisdictionCode };
  return {
    name: first.title,
    content: first.content,
    locationCode: first.locationCode,
    locationDetail: first.locationDetail ?? "",
    responsibleUnit: first.implementer ?? "",
    funding_county: first.estimateYuan ? plainWan(first.estimateYuan) : "",
  };
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

/** Until the first hand-over the list is the government's draft; from then on it is public. */
export function mayReadCandidates(actor: Actor | null, j: Jurisdiction, h: Handover | null): boolean {
  return h !== null || can(actor, j, "candidate.edit");
}

/** Whether the government may change the list now (see `assertListEditable`). */
export function listEditable(cycle: Cycle, h: Handover | null): boolean {
  return !isLocked(h) && (cycle.stage === "screen" || (cycle.stage === "deliberate" && h !== null));
}

/** The government may change proposals' outcomes and candidates only while screening, or after a return. */
export async function assertListEditable(db: Db, cycle: Cycle): Promise<void> {
  const h = await latestHandover(db, cycle.id);
  if (isLocked(h)) throw new AppError("illegal_transition", { reason: "handover.reason.locked" });
  if (!listEditable(cycle, h))
    throw new AppError("illegal_transition", { reason: "screen.reason.not_screening" });
}

function fundingRows(candidateId: number, c: CandidateFields) {
  return FUNDING_SOURCES.flatMap((s) => {
    const amount = c[`funding_${s}`];
    return amount ? [{ candidateId, source: s, amountYuan: amount }] : [];
  });
}

/** With `id`, the candidate to update; `fromProposals`, the proposals the new candidate takes up. */
interface CandidateOptions {
  id?: number;
  fromProposals?: number[];
}

/** Creates a candidate (optionally from proposals, which are marked accepted) or updates one. */
export const saveCandidate = writer(
  "candidate.edit",
  CandidateInput,
  async (
    { db, actor, cycle, now, auditEntry, options: opts = {} }: Writing<"candidate.edit", CandidateOptions>,
    c,
  ) => {
    await assertListEditable(db, cycle);
    await assertPlaceOf(db, cycle, c.locationCode);
    const values = { ...candidateText(c), locationDetail: c.locationDetail || null, updatedAt: now };
    const links = (opts.fromProposals ?? []).filter((n) => Number.isInteger(n) && n > 0).slice(0, 90);
    const audit = (id: number): AuditInput =>
      auditEntry(opts.id === undefined ? "candidate.create" : "candidate.update", `candidate:${id}`, {
        name: c.name,
        ...(links.length ? { proposals: links } : {}),
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
          insert: db
            .insert(candidates)
            .values({ ...values, id, cycleId: cycle.id, position, createdAt: now }),
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
  },
);

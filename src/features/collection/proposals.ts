// 项目建议: proposals from the public (no account), deputies, departments and townships while the
// collection notice is open. A submission carries an idempotency key from its form, so a refresh
// or a retry on a flaky network stores one proposal. The proposer's name and phone never leave
// the government's screens: `publicProposal` is the only shape public pages and the API see.
import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import * as v from "valibot";
import type { Actor } from "../../platform/auth/actor";
import { countEvent, isLimited, type Limit, PROPOSAL_LIMIT } from "../../platform/auth/rate-limit";
import { listChildren } from "../../platform/cycle/jurisdictions";
import { collectionState, getNotice } from "../../platform/cycle/notices";
import { type Db, firstOrNotFound } from "../../platform/data/db";
import {
  type Cycle,
  candidates,
  cycles,
  type Jurisdiction,
  jurisdictions,
  type Proposal,
  proposals,
} from "../../platform/data/schema";
import { AppError } from "../../platform/http/errors";
import { randomCode } from "../../platform/lib/crypto";
import { optionalWan } from "../../platform/lib/money";
import { optionalText, parse, requiredText } from "../../platform/lib/validate";

export const CATEGORIES = [
  "water",
  "roads",
  "education",
  "health",
  "elderly",
  "housing",
  "heating",
  "environment",
  "culture",
  "employment",
  "agriculture",
  "safety",
  "other",
] as const;

const phone = v.pipe(
  v.optional(v.string("field.invalid"), ""),
  v.trim(),
  v.check((s) => s === "" || /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/.test(s.replace(/\s/g, "")), "field.phone"),
  v.transform((s) => (s === "" ? undefined : s.replace(/\s/g, ""))),
);

const ProposalInput = v.object({
  idempotencyKey: v.pipe(v.string("field.invalid"), v.regex(/^[A-Za-z0-9_-]{16,64}$/, "field.invalid")),
  category: v.picklist(CATEGORIES, "field.required"),
  title: requiredText(60),
  background: requiredText(2000),
  content: requiredText(2000),
  locationCode: v.pipe(v.string("field.required"), v.regex(/^\d{6}(\d{3})?$/, "field.required")),
  locationDetail: optionalText(60),
  implementer: optionalText(60),
  estimate: optionalWan,
  fundingSource: optionalText(200),
  feasibility: optionalText(2000),
  proposerName: optionalText(30),
  proposerPhone: phone,
  /** A field people never see: a bot that fills it in is turned away. */
  website: v.optional(v.pipe(v.string(), v.maxLength(0, "field.invalid")), ""),
});

type Source = Proposal["source"];

/** Who is proposing decides the source; someone signed in elsewhere may not propose here. */
function sourceOf(actor: Actor | null, cycle: Cycle, actorParent: string | null): Source {
  if (!actor) return "public";
  if (actor.kind === "deputy") {
    if (actor.jurisdictionCode === cycle.jurisdictionCode) return "deputy";
    throw new AppError("forbidden");
  }
  if (["gov", "unit", "staff"].includes(actor.role)) {
    if (actor.jurisdictionCode === cycle.jurisdictionCode) return "department";
    if (actorParent === cycle.jurisdictionCode) return "township";
  }
  throw new AppError("forbidden");
}

/** The places a proposal or a candidate may name: the cycle's jurisdiction, then its townships by code. */
export async function placesOf(db: Db, j: Jurisdiction): Promise<Jurisdiction[]> {
  return [j, ...(await listChildren(db, j.code))];
}

/** Each place's name by its code, in Chinese or English. */
export function placeNames(places: Jurisdiction[], english: boolean): Map<string, string> {
  return new Map(places.map((p) => [p.code, english ? p.nameEn : p.name]));
}

/** Refuses a place outside the cycle's jurisdiction and its townships (a field error on `locationCode`). */
export async function assertPlaceOf(db: Db, cycle: Cycle, code: string): Promise<void> {
  const [place] = await db
    .select({ code: jurisdictions.code, parent: jurisdictions.parentCode })
    .from(jurisdictions)
    .where(eq(jurisdictions.code, code));
  if (!place || (place.code !== cycle.jurisdictionCode && place.parent !== cycle.jurisdictionCode)) {
    throw new AppError("invalid_input", { fields: { locationCode: "field.required" } });
  }
}

async function newTrackingNo(db: Db, year: number): Promise<string> {
  for (;;) {
    const no = `${year}-${randomCode().replace(/-/g, "").slice(0, 6)}`;
    const [dup] = await db.select({ id: proposals.id }).from(proposals).where(eq(proposals.trackingNo, no));
    if (!dup) return no;
  }
}

export interface SubmitResult {
  trackingNo: string;
  /** False when the same form was submitted before: nothing new was stored. */
  created: boolean;
}

export async function submitProposal(
  db: Db,
  actor: Actor | null,
  cycle: Cycle,
  input: unknown,
  address: string,
  now: number,
  limit: Limit = PROPOSAL_LIMIT,
): Promise<SubmitResult> {
  const p = parse(ProposalInput, input);
  // A repeat of a submission already stored answers with the same tracking number.
  const [seen] = await db
    .select({ trackingNo: proposals.trackingNo })
    .from(proposals)
    .where(and(eq(proposals.cycleId, cycle.id), eq(proposals.idempotencyKey, p.idempotencyKey)));
  if (seen) return { trackingNo: seen.trackingNo, created: false };

  const state = collectionState(cycle, await getNotice(db, cycle.id), now);
  if (state !== "open") throw new AppError("illegal_transition", { reason: `collect.state.${state}` });

  let parent: string | null = null;
  if (actor?.kind === "user" && actor.jurisdictionCode !== cycle.jurisdictionCode) {
    const [j] = await db
      .select({ parent: jurisdictions.parentCode })
      .from(jurisdictions)
      .where(eq(jurisdictions.code, actor.jurisdictionCode));
    parent = j?.parent ?? null;
  }
  const source = sourceOf(actor, cycle, parent);

  await assertPlaceOf(db, cycle, p.locationCode);

  const limitKey = `proposal:addr:${address}`;
  if (source === "public") {
    if (await isLimited(db, limitKey, limit, now))
      throw new AppError("rate_limited", { reason: "collect.too_many" });
  }

  const trackingNo = await newTrackingNo(db, cycle.year);
  const row = {
    cycleId: cycle.id,
    trackingNo,
    idempotencyKey: p.idempotencyKey,
    source,
    category: p.category,
    title: p.title,
    background: p.background,
    content: p.content,
    locationCode: p.locationCode,
    locationDetail: p.locationDetail ?? null,
    implementer: p.implementer ?? null,
    estimateYuan: p.estimate ?? null,
    fundingSource: p.fundingSource ?? null,
    feasibility: p.feasibility ?? null,
    proposerName: p.proposerName ?? (actor ? actor.name : null),
    proposerPhone: p.proposerPhone ?? null,
    deputyId: actor?.kind === "deputy" ? actor.id : null,
    userId: actor?.kind === "user" ? actor.id : null,
    submittedAt: now,
  };
  await db.batch([
    db
      .insert(proposals)
      .values(row)
      .onConflictDoNothing({ target: [proposals.cycleId, proposals.idempotencyKey] }),
    ...(source === "public" ? [countEvent(db, limitKey, limit, now)] : []),
  ]);
  // Two copies of one submission racing each other: both end with the one stored row.
  const [stored] = await db
    .select({ trackingNo: proposals.trackingNo })
    .from(proposals)
    .where(and(eq(proposals.cycleId, cycle.id), eq(proposals.idempotencyKey, p.idempotencyKey)));
  if (!stored) throw new AppError("internal");
  return { trackingNo: stored.trackingNo, created: stored.trackingNo === trackingNo };
}

/** What anyone may see of a proposal: no name, no phone, no account. */
export interface PublicProposal {
  trackingNo: string;
  source: Source;
  category: string;
  title: string;
  background: string;
  content: string;
  locationCode: string;
  locationDetail: string | null;
  estimateYuan: number | null;
  submittedAt: number;
  status: Proposal["status"];
  outcomeReason: string | null;
  mergedInto: number | null;
  candidateId: number | null;
  id: number;
}

export function publicProposal(p: Proposal): PublicProposal {
  return {
    id: p.id,
    trackingNo: p.trackingNo,
    source: p.source,
    category: p.category,
    title: p.title,
    background: p.background,
    content: p.content,
    locationCode: p.locationCode,
    locationDetail: p.locationDetail,
    estimateYuan: p.estimateYuan,
    submittedAt: p.submittedAt,
    status: p.status,
    outcomeReason: p.status === "received" ? null : p.outcomeReason,
    mergedInto: p.mergedInto,
    candidateId: p.candidateId,
  };
}

export const PUBLIC_PAGE_SIZE = 20;

const ListQuery = v.object({
  township: v.optional(v.pipe(v.string(), v.regex(/^(\d{6}|\d{9})?$/, "field.invalid")), ""),
  category: v.optional(v.union([v.literal(""), v.picklist(CATEGORIES)], "field.invalid"), ""),
  status: v.optional(
    v.union(
      [v.literal(""), v.picklist(["received", "merged", "accepted", "reserve", "rejected"])],
      "field.invalid",
    ),
    "",
  ),
  after: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d*$/, "field.invalid"),
      v.transform((s) => (s ? Number(s) : undefined)),
    ),
  ),
});

/** The list's query (township, category, status; `after` is the pager's) as conditions on a cycle's proposals. */
export function proposalFilter(cycleId: number, query: unknown) {
  const q = parse(ListQuery, query ?? {});
  const conds: SQL[] = [eq(proposals.cycleId, cycleId)];
  if (q.township) conds.push(eq(proposals.locationCode, q.township));
  if (q.category) conds.push(eq(proposals.category, q.category));
  if (q.status) conds.push(eq(proposals.status, q.status));
  return { q, conds };
}

/**
 * One page of a cycle's proposals, newest first, filtered by township, category or status. Keyset
 * pagination over indexes that start with (cycle, filter…, id), so a page reads about as many rows
 * as it shows however many proposals there are.
 */
export async function listProposals(db: Db, cycleId: number, query: unknown, pageSize = PUBLIC_PAGE_SIZE) {
  const { q, conds } = proposalFilter(cycleId, query);
  if (q.after) conds.push(lt(proposals.id, q.after));
  const rows = await db
    .select()
    .from(proposals)
    .where(and(...conds))
    .orderBy(desc(proposals.id))
    .limit(pageSize + 1);
  const page = rows.slice(0, pageSize);
  const next = rows.length > pageSize ? page[page.length - 1]?.id : undefined;
  return { rows: page, next, query: q };
}

/** The form of a tracking number ("2027-ABC234"). */
export const TRACKING_NO = /^\d{4}-[0-9A-Z]{6}$/;

/** A proposal by its tracking number, with its cycle and the cycle's jurisdiction (one query). */
export async function getProposalByTracking(
  db: Db,
  trackingNo: string,
): Promise<{ proposal: Proposal; cycle: Cycle; jurisdiction: Jurisdiction }> {
  if (!TRACKING_NO.test(trackingNo)) throw new AppError("not_found");
  return firstOrNotFound(
    db
      .select({ proposal: proposals, cycle: cycles, jurisdiction: jurisdictions })
      .from(proposals)
      .innerJoin(cycles, eq(cycles.id, proposals.cycleId))
      .innerJoin(jurisdictions, eq(jurisdictions.code, cycles.jurisdictionCode))
      .where(eq(proposals.trackingNo, trackingNo)),
  );
}

/** Candidate names of a cycle by id, for describing proposals' outcomes ("accepted into …"). */
export async function candidateNames(db: Db, cycleId: number): Promise<Map<number, string>> {
  const rows = await db
    .select({ id: candidates.id, name: candidates.name })
    .from(candidates)
    .where(eq(candidates.cycleId, cycleId));
  return new Map(rows.map((r) => [r.id, r.name]));
}

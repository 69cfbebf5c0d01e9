// 审议票决: the electronic secret ballot.
//
// What keeps it secret and whole:
// - The register of who voted (vote_voters) and the ballots are two tables with nothing in common
//   but the vote: no deputy id or time on a ballot, random 128-bit ballot keys, WITHOUT ROWID
//   tables (no insertion order), no logging of ballot bodies, receipts kept only as hashes.
// - A ballot and its register row are written in one D1 batch, guarded by "the vote is open";
//   the register's primary key (vote, deputy) makes a second ballot abort the whole batch.
// - While a vote is open only turnout exists for anyone; per-candidate counts are computed from
//   the stored ballots only after the vote is closed, and stored once.
import { and, asc, count, eq, inArray, type SQL, sql } from "drizzle-orm";
import * as v from "valibot";
import { createWithAudit, transition } from "../../platform/audit/audit";
import type { Actor, DeputyActor } from "../../platform/auth/actor";
import { authorize, type Grant } from "../../platform/auth/permissions";
import { type Db, isUniqueViolation } from "../../platform/data/db";
import { refreshCycleProjects, refreshYear } from "../../platform/data/rollups";
import {
  ballots,
  type Cycle,
  candidates,
  cycles,
  type Vote,
  voteCandidates,
  voteResults,
  votes,
  voteVoters,
} from "../../platform/data/schema";
import { AppError } from "../../platform/http/errors";
import { chunks } from "../../platform/lib/chunks";
import { sha256Hex, toHex } from "../../platform/lib/crypto";
import { intField, optionalText, parse, requiredText } from "../../platform/lib/validate";
import { currentTermQuery } from "../../platform/roster/roster";
import { assessmentTallyStatements, updateAssessmentRules } from "../assessment/assessment";
import { isLocked, latestHandover } from "../screening/candidates";
import { headcount, presenceQuery } from "./attendance";
import { type FrozenVote, RECEIPT_RE, rememberFrozenVote } from "./ballot-box";
import { tally, validateBallot } from "./tally";
import type { BallotBody, VoteRules } from "./tally-types";

// ---- Rules ---------------------------------------------------------------------------------------

const checkbox = v.pipe(
  v.optional(v.union([v.string(), v.boolean()]), ""),
  v.transform((x) => x === true || x === "1" || x === "on"),
);

const RulesInput = v.pipe(
  v.object({
    title: requiredText(100),
    places: intField(1, 50),
    form: v.picklist(["per_candidate", "choose_n"], "field.invalid"),
    maxTicks: v.optional(intField(0, 50), "0"),
    base: v.picklist(["all", "present", "valid"], "field.invalid"),
    thresholdNumerator: v.optional(intField(1, 99), "1"),
    thresholdDenominator: v.optional(intField(2, 100), "2"),
    quorumNumerator: v.optional(intField(1, 99), "2"),
    quorumDenominator: v.optional(intField(2, 100), "3"),
    allowEqual: checkbox,
    chiefScrutineer: optionalText(40),
    scrutineers: optionalText(200),
    counters: optionalText(200),
  }),
  v.forward(
    v.check((r) => r.thresholdNumerator < r.thresholdDenominator, "field.fraction"),
    ["thresholdNumerator"],
  ),
  v.forward(
    v.check((r) => r.quorumNumerator < r.quorumDenominator, "field.fraction"),
    ["quorumNumerator"],
  ),
);

export function rulesOf(vote: Vote): VoteRules {
  return {
    places: vote.places,
    form: vote.form,
    maxTicks: vote.maxTicks,
    base: vote.base,
    thresholdNumerator: vote.thresholdNumerator,
    thresholdDenominator: vote.thresholdDenominator,
    // The assessment ballot ("assess" form) may or may not offer 弃权 (./tally.ts validateBallot).
    allowAbstain: vote.allowAbstain,
  };
}

/** The quorum holds: strictly more than quorumNumerator/quorumDenominator of all deputies present. */
export function quorumHolds(
  vote: Pick<Vote, "quorumNumerator" | "quorumDenominator">,
  rosterSize: number,
  present: number,
) {
  return rosterSize > 0 && present * vote.quorumDenominator > rosterSize * vote.quorumNumerator;
}

// ---- Reading ------------------------------------------------------------------------------------

export function listVotes(db: Db, cycleId: number) {
  return db.select().from(votes).where(eq(votes.cycleId, cycleId)).orderBy(asc(votes.id));
}

export async function getVote(db: Db, cycle: Cycle, id: number): Promise<Vote> {
  const [row] = await db
    .select()
    .from(votes)
    .where(and(eq(votes.cycleId, cycle.id), eq(votes.id, id)));
  if (!row) throw new AppError("not_found");
  return row;
}

/**
 * A vote by its address — jurisdiction code, cycle year, vote id — with its cycle, in one query;
 * not_found when any of the three does not exist (a cycle's jurisdiction always does: foreign key).
 * The same answer as getJurisdiction, getCycle and getVote one after another, in one round trip.
 */
export async function getVoteAt(
  db: Db,
  jurisdictionCode: string,
  year: number,
  id: number,
): Promise<{ cycle: Cycle; vote: Vote }> {
  const [row] = await voteAtQuery(db, jurisdictionCode, year, id);
  if (!row) throw new AppError("not_found");
  return row;
}

function voteAtQuery(db: Db, jurisdictionCode: string, year: number, id: number) {
  return db
    .select({ cycle: cycles, vote: votes })
    .from(votes)
    .innerJoin(cycles, eq(cycles.id, votes.cycleId))
    .where(and(eq(cycles.jurisdictionCode, jurisdictionCode), eq(cycles.year, year), eq(votes.id, id)));
}

/**
 * What never changes about a vote once frozen, for the one-trip cast (./ballot-box.ts): one read
 * batch; null when the vote is unknown at this address or not frozen yet.
 */
export async function frozenVoteAt(
  db: Db,
  at: { jurisdictionCode: string; year: number; voteId: number },
): Promise<FrozenVote | null> {
  const [[row], ids] = await db.batch([
    voteAtQuery(db, at.jurisdictionCode, at.year, at.voteId),
    ballotCandidateIds(db, at.voteId),
  ]);
  if (!row || row.vote.status === "draft" || row.vote.frozenAt === null) return null;
  return {
    voteId: row.vote.id,
    jurisdictionCode: at.jurisdictionCode,
    year: at.year,
    meetingId: row.vote.meetingId,
    frozenAt: row.vote.frozenAt,
    rules: rulesOf(row.vote),
    candidateIds: ids.map((c) => c.id),
  };
}

/** The candidates on a vote's ballot, in ballot order. */
export function ballotCandidates(db: Db, voteId: number) {
  return db
    .select({
      id: candidates.id,
      name: candidates.name,
      position: voteCandidates.position,
      content: candidates.content,
    })
    .from(voteCandidates)
    .innerJoin(candidates, eq(candidates.id, voteCandidates.candidateId))
    .where(eq(voteCandidates.voteId, voteId))
    .orderBy(asc(voteCandidates.position));
}

/** Just the ids of the candidates on a vote's ballot (no join): what a ballot is checked against. */
function ballotCandidateIds(db: Db, voteId: number) {
  return db
    .select({ id: voteCandidates.candidateId })
    .from(voteCandidates)
    .where(eq(voteCandidates.voteId, voteId));
}

/** Turnout: how many have voted. The only figure that exists while a vote is open. */
export async function turnout(db: Db, voteId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(voteVoters).where(eq(voteVoters.voteId, voteId));
  return row?.n ?? 0;
}

/** The query behind `hasVoted`, for a batch: a row when the deputy is in the register. */
function registerQuery(db: Db, voteId: number, deputyId: number) {
  return db
    .select({ d: voteVoters.deputyId })
    .from(voteVoters)
    .where(and(eq(voteVoters.voteId, voteId), eq(voteVoters.deputyId, deputyId)));
}

export async function hasVoted(db: Db, voteId: number, deputyId: number): Promise<boolean> {
  const [row] = await registerQuery(db, voteId, deputyId);
  return Boolean(row);
}

// ---- Preparing a vote ---------------------------------------------------------------------------

function assertStage(cycle: Cycle, stages: Cycle["stage"][]) {
  if (!stages.includes(cycle.stage))
    throw new AppError("illegal_transition", { reason: "vote.reason.stage" });
}

/** Where a vote is prepared: the project vote in 酝酿协商/审议票决, the year-end assessment in 监督评估. */
function votingStages(vote: Pick<Vote, "kind">): Cycle["stage"][] {
  return vote.kind === "assessment" ? ["supervise"] : ["deliberate", "vote"];
}

function normalizeRules(r: v.InferOutput<typeof RulesInput>) {
  return { ...r, maxTicks: r.form === "choose_n" ? r.maxTicks || r.places : r.places };
}

/**
 * A new vote (draft) for a meeting, on the candidate list the government handed over. The presidium
 * may leave candidates off (`candidateIds`); the rules start from DOMAIN.md's defaults.
 */
export async function createVote(
  db: Db,
  actor: Actor,
  cycle: Cycle,
  meetingId: number,
  input: unknown,
  candidateIds: number[],
  now: number,
  opts: { kind?: "project" | "runoff"; parentVoteId?: number } = {},
): Promise<number> {
  assertStage(cycle, ["deliberate", "vote"]);
  const rules = normalizeRules(parse(RulesInput, input));
  if (!isLocked(await latestHandover(db, cycle.id)))
    throw new AppError("illegal_transition", { reason: "vote.reason.not_handed" });
  const ids = [...new Set(candidateIds)];
  const found = ids.length
    ? await db
        .select({ id: candidates.id })
        .from(candidates)
        .where(and(eq(candidates.cycleId, cycle.id), inArray(candidates.id, ids.slice(0, 90))))
    : [];
  if (found.length === 0 || found.length !== ids.length)
    throw new AppError("invalid_input", { fields: { candidates: "field.choose_candidate" } });
  return createWithAudit(db, votes, votes.id, async (voteId) => ({
    insert: db.insert(votes).values({
      ...rules,
      id: voteId,
      cycleId: cycle.id,
      meetingId,
      kind: opts.kind ?? "project",
      parentVoteId: opts.parentVoteId ?? null,
      status: "draft",
      createdAt: now,
    }),
    audit: {
      jurisdictionCode: cycle.jurisdictionCode,
      at: now,
      actor,
      action: "vote.create",
      target: `vote:${voteId}`,
      detail: { candidates: ids.length, places: rules.places },
    },
    changes: [
      db
        .insert(voteCandidates)
        .values(ids.map((candidateId, i) => ({ voteId, candidateId, position: i + 1 }))),
    ],
  }));
}

/** Changes the rules of a draft vote; a frozen vote's rules never change. */
export async function updateRules(
  db: Db,
  actor: Actor,
  cycle: Cycle,
  vote: Vote,
  input: unknown,
  now: number,
): Promise<void> {
  // An assessment (满意度测评) has rules of its own (./assessment.ts).
  if (vote.kind === "assessment") return updateAssessmentRules(db, actor, cycle, vote, input, now);
  const rules = normalizeRules(parse(RulesInput, input));
  if (vote.status !== "draft") throw new AppError("illegal_transition", { reason: "vote.reason.frozen" });
  const written = await transition(db, votes, and(eq(votes.id, vote.id), eq(votes.status, "draft")), rules, {
    jurisdictionCode: cycle.jurisdictionCode,
    at: now,
    actor,
    action: "vote.rules",
    target: `vote:${vote.id}`,
    detail: { places: rules.places, form: rules.form, base: rules.base },
  });
  if (!written) throw new AppError("illegal_transition", { reason: "vote.reason.frozen" });
}

/** Moves a vote from one status to the next, atomically, with its audit entry. */
async function move(
  db: Db,
  actor: Actor,
  cycle: Cycle,
  vote: Vote,
  from: Vote["status"],
  set: Partial<typeof votes.$inferInsert> | Record<string, SQL | number | string>,
  action: string,
  detail: Record<string, unknown>,
  now: number,
): Promise<void> {
  const written = await transition(db, votes, and(eq(votes.id, vote.id), eq(votes.status, from)), set, {
    jurisdictionCode: cycle.jurisdictionCode,
    at: now,
    actor,
    action,
    target: `vote:${vote.id}`,
    detail,
  });
  if (!written) throw new AppError("conflict", { reason: "vote.reason.moved" });
}

/**
 * The presidium freezes the candidate list and the rules (票决办法). From then on neither can
 * change for this vote. 差额 is checked: more candidates than places unless the rules allow 等额.
 */
export async function freezeVote(
  db: Db,
  grant: Grant<"vote.manage">,
  cycle: Cycle,
  vote: Vote,
  now: number,
): Promise<void> {
  const actor = authorize(grant, "vote.manage", cycle);
  assertStage(cycle, votingStages(vote));
  if (vote.status !== "draft") throw new AppError("illegal_transition", { reason: "vote.reason.frozen" });
  const list = await ballotCandidates(db, vote.id);
  // An assessment grades every project on it: no places, so no 差额 check.
  if (
    vote.kind !== "assessment" &&
    (list.length < vote.places || (list.length === vote.places && !vote.allowEqual))
  ) {
    throw new AppError("illegal_transition", { reason: "vote.reason.not_differential" });
  }
  const { rosterSize } = await headcount(db, cycle, vote.meetingId);
  if (rosterSize === 0) throw new AppError("illegal_transition", { reason: "stage.reason.no_roster" });
  await move(
    db,
    actor,
    cycle,
    vote,
    "draft",
    { status: "frozen", frozenAt: now, rosterSize },
    "vote.freeze",
    {
      candidates: list.length,
      places: vote.places,
      rosterSize,
    },
    now,
  );
}

/** Staff open the vote for the presidium: only in 审议票决, only on a frozen list, only with quorum. */
export async function openVote(
  db: Db,
  grant: Grant<"vote.manage">,
  cycle: Cycle,
  vote: Vote,
  now: number,
): Promise<void> {
  const actor = authorize(grant, "vote.manage", cycle);
  assertStage(cycle, vote.kind === "assessment" ? ["supervise"] : ["vote"]);
  if (vote.status !== "frozen")
    throw new AppError("illegal_transition", {
      reason: vote.status === "draft" ? "vote.reason.not_frozen" : "vote.reason.moved",
    });
  const { present } = await headcount(db, cycle, vote.meetingId);
  if (!quorumHolds(vote, vote.rosterSize ?? 0, present))
    throw new AppError("illegal_transition", { reason: "vote.reason.no_quorum" });
  await move(
    db,
    actor,
    cycle,
    vote,
    "frozen",
    { status: "open", openedAt: now, presentAtOpen: present },
    "vote.open",
    {
      rosterSize: vote.rosterSize,
      present,
    },
    now,
  );
}

/**
 * Closes the vote. First the status changes (in one guarded batch), so no ballot can arrive after;
 * then the tally is computed from the stored ballots and written once (`ensureTally`).
 * The announcement gets the next number of its meeting in the same statement.
 */
export async function closeVote(
  db: Db,
  grant: Grant<"vote.manage">,
  cycle: Cycle,
  vote: Vote,
  now: number,
): Promise<void> {
  const actor = authorize(grant, "vote.manage", cycle);
  if (vote.status !== "open") throw new AppError("illegal_transition", { reason: "vote.reason.not_open" });
  const closedAt = now;
  await move(
    db,
    actor,
    cycle,
    vote,
    "open",
    {
      status: "closed",
      closedAt,
      announcementNo: sql`(SELECT COALESCE(MAX(announcement_no), 0) + 1 FROM votes WHERE meeting_id = ${vote.meetingId})`,
    },
    "vote.close",
    {},
    now,
  );
  await ensureTally(db, { ...vote, status: "closed", closedAt }, now);
}

// ---- Casting --------------------------------------------------------------------------------------

/** Letters without look-alikes (no 0/O, 1/I/L, U), as on the sign-in slips: a receipt is read off a
 * phone and typed again to check it. */
const RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A receipt code for a ballot form: 16 characters (≈78 bits), shown to the deputy before and after casting. */
export function newReceipt(): string {
  const chars: string[] = [];
  while (chars.length < 16) {
    for (const b of crypto.getRandomValues(new Uint8Array(24))) {
      // Rejection sampling keeps every letter equally likely.
      if (b < 240 && chars.length < 16) chars.push(RECEIPT_ALPHABET[b % 30] as string);
    }
  }
  const s = chars.join("");
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}`;
}

export type CastOutcome =
  /** The ballot was stored now. */
  | { status: "recorded" }
  /** This very ballot (same receipt) was stored before: a retry after a lost answer. */
  | { status: "already_recorded" }
  /** The deputy has voted already, with another ballot; that one counts. */
  | { status: "already_voted" };

/** What the checks of a cast read, as queries for one batch (see castBallot). */
function castFactQueries(
  db: Db,
  jurisdictionCode: string,
  voteId: number,
  meetingId: number | SQL,
  deputyId: number,
) {
  return [
    currentTermQuery(db, jurisdictionCode),
    registerQuery(db, voteId, deputyId),
    presenceQuery(db, meetingId, deputyId),
    ballotCandidateIds(db, voteId),
  ] as const;
}

interface CastFacts {
  /** The jurisdiction's current term (null: no roster). */
  term: number | null;
  /** The deputy is in the vote's register already. */
  registered: boolean;
  /** The deputy is recorded present at the vote's meeting. */
  present: boolean;
  /** The ids of the candidates on the ballot. */
  candidateIds: number[];
}

function castFacts(
  rows: readonly [{ term: number | null }[], unknown[], unknown[], { id: number }[]],
): CastFacts {
  const [[term], registered, present, list] = rows;
  return {
    term: term?.term ?? null,
    registered: registered.length > 0,
    present: present.length > 0,
    candidateIds: list.map((c) => c.id),
  };
}

/**
 * Casts a deputy's ballot. Only a deputy of this congress, present at the meeting, while the vote
 * is open; once. The register row and the ballot are one batch; a retry never counts twice.
 *
 * What the checks read — the current term, the register, attendance, the ballot's candidate ids —
 * is read in one batch (one round trip to D1 instead of four, and one consistent state), then
 * checked in the same order as always (castChecked), so every refusal is the one it was. The
 * guarantees never rested on these reads alone: the write batch itself is guarded by "the vote is
 * open", and the register's primary key refuses a second ballot.
 */
export async function castBallot(
  db: Db,
  actor: Actor,
  cycle: Cycle,
  vote: Vote,
  body: unknown,
  receipt: string,
): Promise<CastOutcome> {
  if (actor.kind !== "deputy" || actor.jurisdictionCode !== cycle.jurisdictionCode)
    throw new AppError("forbidden");
  const facts = castFacts(
    await db.batch(castFactQueries(db, cycle.jurisdictionCode, vote.id, vote.meetingId, actor.id)),
  );
  return castChecked(db, actor, vote, facts, body, receipt);
}

/**
 * castBallot for the JSON API, where the vote comes by its address: the vote and its cycle are
 * read in the same batch as the checks' facts (the meeting by a subquery on the vote), so a cast
 * is three round trips to D1 — the session, this batch, the write — instead of nine. What is
 * refused, and in which order, is unchanged: an unknown vote is not_found before the body is read
 * (`readBody`: its JSON and shape, invalid_input), then castBallot's checks in castBallot's order.
 */
export async function castBallotAt(
  db: Db,
  actor: Actor,
  at: { jurisdictionCode: string; year: number; voteId: number },
  readBody: () => Promise<{ ballot: unknown; receipt: string }>,
): Promise<CastOutcome> {
  const { jurisdictionCode, year, voteId } = at;
  // Two statements, not getVoteAt's join: in a batch, D1 returns rows as objects, and the join's
  // columns of the same name (id, created_at) would overwrite each other.
  const cycleId = sql`(SELECT id FROM cycles WHERE jurisdiction_code = ${jurisdictionCode} AND year = ${year})`;
  const meeting = sql`(SELECT meeting_id FROM votes WHERE id = ${voteId})`;
  const [[cycle], [vote], ...rest] = await db.batch([
    db
      .select()
      .from(cycles)
      .where(and(eq(cycles.jurisdictionCode, jurisdictionCode), eq(cycles.year, year))),
    db
      .select()
      .from(votes)
      .where(and(eq(votes.id, voteId), eq(votes.cycleId, cycleId))),
    ...castFactQueries(db, jurisdictionCode, voteId, meeting, actor.id),
  ]);
  if (!cycle || !vote) throw new AppError("not_found");
  const facts = castFacts(rest);
  // A frozen vote's list and rules never change: remember them for the one-trip cast (./ballot-box).
  if (vote.status !== "draft" && vote.frozenAt !== null) {
    rememberFrozenVote({
      voteId: vote.id,
      jurisdictionCode,
      year,
      meetingId: vote.meetingId,
      frozenAt: vote.frozenAt,
      rules: rulesOf(vote),
      candidateIds: facts.candidateIds,
    });
  }
  const { ballot, receipt } = await readBody();
  if (actor.kind !== "deputy" || actor.jurisdictionCode !== cycle.jurisdictionCode)
    throw new AppError("forbidden");
  return castChecked(db, actor, vote, facts, ballot, receipt);
}

/** The checks of a cast on its facts, in order, then the guarded write (actor: a deputy of the congress). */
async function castChecked(
  db: Db,
  actor: DeputyActor,
  vote: Vote,
  facts: CastFacts,
  body: unknown,
  receipt: string,
): Promise<CastOutcome> {
  if (facts.term !== actor.term) throw new AppError("forbidden");
  if (!RECEIPT_RE.test(receipt))
    throw new AppError("invalid_input", { fields: { receipt: "field.invalid" } });
  const receiptHash = await sha256Hex(`receipt:${receipt}`);
  if (facts.registered) {
    const [mine] = await db
      .select({ id: ballots.id })
      .from(ballots)
      .where(and(eq(ballots.voteId, vote.id), eq(ballots.receiptHash, receiptHash)));
    return { status: mine ? "already_recorded" : "already_voted" };
  }
  if (vote.status !== "open") throw new AppError("illegal_transition", { reason: "vote.reason.not_open" });
  if (!facts.present) throw new AppError("illegal_transition", { reason: "vote.reason.not_present" });
  const ballot = validateBallot(body, rulesOf(vote), facts.candidateIds);
  if (!ballot) throw new AppError("invalid_input", { fields: { ballot: "field.invalid" } });
  const id = toHex(crypto.getRandomValues(new Uint8Array(16)));
  const open = sql`EXISTS (SELECT 1 FROM votes WHERE id = ${vote.id} AND status = 'open')`;
  try {
    const [reg] = await db.batch([
      db.insert(voteVoters).select(sql`SELECT ${vote.id}, ${actor.id} WHERE ${open}`),
      db
        .insert(ballots)
        .select(sql`SELECT ${id}, ${vote.id}, ${JSON.stringify(ballot)}, ${receiptHash} WHERE ${open}`),
    ]);
    if (((reg as { meta?: { changes?: number } }).meta?.changes ?? 0) === 0) {
      throw new AppError("illegal_transition", { reason: "vote.reason.not_open" });
    }
    return { status: "recorded" };
  } catch (e) {
    if (e instanceof AppError) throw e;
    // The register's key refused a second row for this deputy: whichever ballot came first counts.
    if (isUniqueViolation(e)) {
      const [mine] = await db
        .select({ id: ballots.id })
        .from(ballots)
        .where(and(eq(ballots.voteId, vote.id), eq(ballots.receiptHash, receiptHash)));
      return { status: mine ? "already_recorded" : "already_voted" };
    }
    throw e;
  }
}

/** Whether a receipt's ballot is in the ballot box (presence only: the receipt reveals no choice). */
export async function receiptRecorded(db: Db, voteId: number, receipt: string): Promise<boolean> {
  if (!RECEIPT_RE.test(receipt)) return false;
  const receiptHash = await sha256Hex(`receipt:${receipt}`);
  const [row] = await db
    .select({ id: ballots.id })
    .from(ballots)
    .where(and(eq(ballots.voteId, voteId), eq(ballots.receiptHash, receiptHash)));
  return Boolean(row);
}

// ---- The tally ----------------------------------------------------------------------------------

/**
 * Computes and stores the tally of a closed vote, once. Safe to call again (it writes nothing).
 * The same batch rebuilds the cycle's project_state and year_totals (./rollups.ts): a project vote
 * decides the year's projects; an assessment grades them and opens a rectification for every
 * project graded 不满意 (./assessment.ts).
 */
export async function ensureTally(db: Db, vote: Vote, now: number): Promise<void> {
  if (vote.status !== "closed")
    throw new AppError("illegal_transition", { reason: "vote.reason.counts_sealed" });
  const [done] = await db.select({ n: count() }).from(voteResults).where(eq(voteResults.voteId, vote.id));
  if ((done?.n ?? 0) > 0) return;
  const [ids, rows, register] = await Promise.all([
    ballotCandidates(db, vote.id),
    db.select({ body: ballots.body }).from(ballots).where(eq(ballots.voteId, vote.id)),
    turnout(db, vote.id),
  ]);
  // The register and the ballot box are written together; if they ever disagree, stop loudly.
  if (rows.length !== register) throw new AppError("internal");
  if (vote.kind === "assessment") {
    const [first, ...rest] = assessmentTallyStatements(
      db,
      vote,
      ids.map((c) => c.id),
      rows.map((r) => JSON.parse(r.body) as unknown),
      vote.closedAt ?? (await closedAtOf(db, vote.id, now)),
      now,
    );
    if (!first) throw new AppError("internal");
    await db.batch([first, ...rest]);
    return;
  }
  const t = tally({
    rules: rulesOf(vote),
    candidateIds: ids.map((c) => c.id),
    rosterSize: vote.rosterSize ?? 0,
    present: vote.presentAtOpen ?? 0,
    ballots: rows.map((r) => JSON.parse(r.body) as BallotBody),
  });
  const resultRows = t.results.map((r) => ({
    voteId: vote.id,
    candidateId: r.candidateId,
    support: r.support,
    against: r.against,
    abstain: r.abstain,
    passed: r.passed,
    rank: r.rank,
    elected: r.elected,
    tie: r.tie,
  }));
  // Nine columns a row: ten rows a statement keeps each insert under D1's 100 bound parameters.
  const [first, ...more] = chunks(resultRows, 10).map((part) =>
    db.insert(voteResults).values(part).onConflictDoNothing(),
  );
  if (!first) throw new AppError("internal");
  await db.batch([
    first,
    ...more,
    db
      .update(votes)
      .set({
        ballotsCast: t.ballotsCast,
        validBallots: t.valid,
        invalidBallots: t.invalid,
        thresholdBase: t.thresholdBase,
        placesFilled: t.placesFilled,
        placesTied: t.placesTied,
        shortfall: t.shortfall,
      })
      .where(eq(votes.id, vote.id)),
    ...refreshCycleProjects(db, vote.cycleId, now),
    ...refreshYear(db, vote.cycleId, now),
  ]);
}

async function closedAtOf(db: Db, voteId: number, now: number): Promise<number> {
  const [row] = await db.select({ at: votes.closedAt }).from(votes).where(eq(votes.id, voteId));
  return row?.at ?? now;
}

export interface VoteOutcome {
  vote: Vote;
  results: (typeof voteResults.$inferSelect & { name: string; position: number })[];
}

/** The result of a vote: only once it is closed. While open, counts exist for no one. */
export async function getResults(db: Db, vote: Vote, now: number): Promise<VoteOutcome> {
  if (vote.status !== "closed")
    throw new AppError("illegal_transition", { reason: "vote.reason.counts_sealed" });
  await ensureTally(db, vote, now);
  const [fresh] = await db.select().from(votes).where(eq(votes.id, vote.id));
  const rows = await db
    .select({ r: voteResults, name: candidates.name, position: voteCandidates.position })
    .from(voteResults)
    .innerJoin(candidates, eq(candidates.id, voteResults.candidateId))
    .innerJoin(
      voteCandidates,
      and(
        eq(voteCandidates.voteId, voteResults.voteId),
        eq(voteCandidates.candidateId, voteResults.candidateId),
      ),
    )
    .where(eq(voteResults.voteId, vote.id))
    .orderBy(asc(voteCandidates.position));
  return { vote: fresh ?? vote, results: rows.map((x) => ({ ...x.r, name: x.name, position: x.position })) };
}

/** A further vote (另行票决) among the candidates tied at the last place, for the tied places. */
export async function createRunoff(
  db: Db,
  actor: Actor,
  cycle: Cycle,
  vote: Vote,
  now: number,
): Promise<number> {
  const { vote: v0, results } = await getResults(db, vote, now);
  const tied = results.filter((r) => r.tie).map((r) => r.candidateId);
  if (tied.length === 0 || !v0.placesTied)
    throw new AppError("illegal_transition", { reason: "vote.reason.no_tie" });
  return createVote(
    db,
    actor,
    cycle,
    vote.meetingId,
    {
      title: `${vote.title}（另行票决）`,
      places: String(v0.placesTied),
      form: vote.form,
      maxTicks: String(v0.placesTied),
      base: vote.base,
      thresholdNumerator: String(vote.thresholdNumerator),
      thresholdDenominator: String(vote.thresholdDenominator),
      quorumNumerator: String(vote.quorumNumerator),
      quorumDenominator: String(vote.quorumDenominator),
      allowEqual: "1",
      chiefScrutineer: vote.chiefScrutineer ?? "",
      scrutineers: vote.scrutineers ?? "",
      counters: vote.counters ?? "",
    },
    tied,
    now,
    { kind: "runoff", parentVoteId: vote.id },
  );
}

/** What the big screen shows: turnout while open; per-candidate counts only once closed. */
export async function screenState(db: Db, cycle: Cycle, vote: Vote, now: number) {
  const [count, voted] = await Promise.all([headcount(db, cycle, vote.meetingId), turnout(db, vote.id)]);
  const state = {
    id: vote.id,
    title: vote.title,
    status: vote.status,
    rosterSize: vote.rosterSize ?? count.rosterSize,
    present: vote.presentAtOpen ?? count.present,
    voted,
  };
  if (vote.status !== "closed") return state;
  const { vote: v, results } = await getResults(db, vote, now);
  return {
    ...state,
    valid: v.validBallots,
    invalid: v.invalidBallots,
    results: results.map((r) => ({
      name: r.name,
      support: r.support,
      against: r.against,
      abstain: r.abstain,
      passed: r.passed,
      elected: r.elected,
      tie: r.tie,
      // An assessment: support is 满意, against 不满意; 基本满意 and the grade are its own.
      ...(vote.kind === "assessment" ? { basic: r.basic, grade: r.grade } : {}),
    })),
  };
}

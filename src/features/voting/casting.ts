// Casting a ballot: one path for the deputy's phone page and the JSON API.
//
// castBallot takes the frozen vote from the per-isolate cache (./ballot-box.ts), validates the
// ballot against its list and rules, and sends the one guarded batch that checks, inside D1, that
// the session's deputy may vote now (writeBallot). The rule lives there only. When the batch writes
// nothing, or the ballot could not be sent at all, a read-only step (explainRefusal) finds out why
// and gives the precise answer, in the order the callers have always given it: unknown vote,
// no session, not a deputy of this congress, receipt, already voted (this ballot, or another one),
// vote not open, not present, invalid ballot. A refusal that nothing explains (the remembered vote
// was stale, or the vote opened in between) sends the ballot once more, freshly read.
//
// What keeps the ballot secret and whole is in ./votes.ts's header.
import { and, eq, sql } from "drizzle-orm";
import type { Actor, DeputyActor } from "../../platform/auth/actor";
import { actorFromToken } from "../../platform/auth/sessions";
import type { Db } from "../../platform/data/db";
import { ballots, type Cycle, cycles, type Vote, votes } from "../../platform/data/schema";
import { AppError } from "../../platform/http/errors";
import { sha256Hex } from "../../platform/lib/crypto";
import {
  ballotCandidates,
  deputyOf,
  forgetFrozenVote,
  frozenVote,
  receiptHashOf,
  type VoteAddress,
  voterQuery,
  writeBallot,
} from "./ballot-box";
import { rulesOf } from "./rules";
import { canonicalBallot, validateBallot } from "./tally";
import type { VoteRules } from "./tally-types";

// ---- Receipts -------------------------------------------------------------------------------------

/** Letters without look-alikes (no 0/O, 1/I/L, U), as on the sign-in slips: a receipt is read off a
 * phone and typed again to check it. */
const RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

const RECEIPT_RE = /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/;

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

/** Whether a receipt's ballot is in the ballot box (presence only: the receipt reveals no choice). */
export async function receiptRecorded(db: Db, voteId: number, receipt: string): Promise<boolean> {
  if (!RECEIPT_RE.test(receipt)) return false;
  const [row] = await db
    .select({ id: ballots.id })
    .from(ballots)
    .where(and(eq(ballots.voteId, voteId), eq(ballots.receiptHash, await receiptHashOf(receipt))));
  return Boolean(row);
}

// ---- What the ballot's pages and a refusal read ------------------------------------------------------

export interface BallotFacts {
  cycle: Cycle | null;
  /** The vote of the address, if it belongs to the cycle. */
  vote: Vote | null;
  candidates: { id: number; name: string; position: number }[];
  /** Who the session is: its deputy, staff, or no one (no session, an ended one, a revoked slip). */
  actor: Actor | null;
  /** For a deputy: the jurisdiction's current term, the register, attendance at the vote's meeting. */
  term: number | null;
  registered: boolean;
  present: boolean;
}

/**
 * The cycle and vote of an address, the ballot's list and the session's deputy with what decides
 * whether that deputy may vote: one read batch (one round trip, one consistent state). A session
 * that is not a live deputy session costs a second read, for who it is (actorFromToken).
 */
export async function ballotFacts(
  db: Db,
  at: VoteAddress,
  token: string | undefined,
  now: number,
): Promise<BallotFacts> {
  // Two statements, not a join: in a batch, a join's columns of the same name would overwrite each other.
  const cycleId = sql`(SELECT id FROM cycles WHERE jurisdiction_code = ${at.jurisdictionCode} AND year = ${at.year})`;
  const reads = [
    db
      .select()
      .from(cycles)
      .where(and(eq(cycles.jurisdictionCode, at.jurisdictionCode), eq(cycles.year, at.year))),
    db
      .select()
      .from(votes)
      .where(and(eq(votes.id, at.voteId), eq(votes.cycleId, cycleId))),
    ballotCandidates(db, at.voteId),
  ] as const;
  const facts = { term: null, registered: false, present: false };
  if (!token || token.length > 100) {
    const [[cycle], [vote], list] = await db.batch(reads);
    return { cycle: cycle ?? null, vote: vote ?? null, candidates: list, actor: null, ...facts };
  }
  const [[cycle], [vote], list, [voter]] = await db.batch([
    ...reads,
    voterQuery(db, at, await sha256Hex(token), now),
  ]);
  const found = { cycle: cycle ?? null, vote: vote ?? null, candidates: list };
  if (!voter) return { ...found, actor: await actorFromToken(db, token, now), ...facts };
  return {
    ...found,
    actor: deputyOf(voter),
    term: voter.currentTerm,
    registered: Boolean(voter.registered),
    present: Boolean(voter.present),
  };
}

/**
 * The ballot's pages' order of refusals: no such cycle (not found), no session (sign in), a session
 * that is not a deputy of this jurisdiction (the ballot does not exist for it), no such vote.
 */
export function deputyBallot(facts: BallotFacts, actor: Actor | null, at: VoteAddress) {
  if (!facts.cycle) throw new AppError("not_found");
  if (!actor) throw new AppError("unauthenticated");
  if (!isDeputyOf(actor, at)) throw new AppError("not_found");
  if (!facts.vote) throw new AppError("not_found");
  return { cycle: facts.cycle, vote: facts.vote, deputy: actor };
}

function isDeputyOf(actor: Actor, at: VoteAddress): actor is DeputyActor {
  return actor.kind === "deputy" && actor.jurisdictionCode === at.jurisdictionCode;
}

// ---- Casting ------------------------------------------------------------------------------------

type CastOutcome =
  /** The ballot was stored now. */
  | { status: "recorded" }
  /** The deputy is in the register, with a ballot of this receipt: a retry after a lost answer. */
  | { status: "already_recorded" }
  /** The deputy has voted already, with another ballot; that one counts. */
  | { status: "already_voted" };

export interface CastRequest {
  at: VoteAddress;
  /** The session cookie's value. */
  token: string | undefined;
  now: number;
  /**
   * Who asks, for the order and the words of a refusal: the JSON API finds the vote before the
   * session and answers a session that is not a deputy of this congress `forbidden`; the ballot
   * page finds no ballot for it (deputyBallot), and shows who cast.
   */
  surface: "api" | "page";
  /**
   * The ballot and receipt of the request, for the vote's rules and list (a form's fields need
   * them); throws invalid_input when the request is malformed.
   */
  read(rules: VoteRules, candidateIds: number[]): Promise<{ ballot: unknown; receipt: string }>;
}

export interface Cast {
  outcome: CastOutcome;
  /** The deputy who cast (the ballot page's header); null on the API's recorded path, which does not ask. */
  deputy: DeputyActor | null;
}

/**
 * Casts a deputy's ballot. Only a serving deputy of this congress's current term, with a live
 * session and a slip neither revoked nor expired, present at the meeting, while the vote is open;
 * once (a retry never counts twice). The deputy's authority is the session, checked in the write.
 */
export async function castBallot(db: Db, req: CastRequest): Promise<Cast> {
  for (let attempt = 1; ; attempt++) {
    const vote = req.token ? await frozenVote(db, req.at) : null;
    if (vote && req.token) {
      const body = await req.read(vote.rules, vote.candidateIds).catch(() => null);
      const valid =
        body && RECEIPT_RE.test(body.receipt)
          ? validateBallot(body.ballot, vote.rules, vote.candidateIds)
          : null;
      // Stored in its one canonical form (./tally.ts), whatever way the client wrote it.
      const ballot = valid && canonicalBallot(valid, vote.candidateIds);
      if (body && ballot) {
        const written = await writeBallot(db, vote, {
          token: req.token,
          ballot,
          receipt: body.receipt,
          now: req.now,
          identify: req.surface === "page",
        });
        if (written.recorded) return { outcome: { status: "recorded" }, deputy: written.deputy };
      }
    }
    const explained = await explainRefusal(db, req);
    if (explained) return explained;
    // Nothing refuses the ballot now: read the vote again, and send it once more.
    forgetFrozenVote(req.at.voteId);
    if (attempt === 2) throw new AppError("conflict", { reason: "vote.reason.moved" });
  }
}

/**
 * Why the write recorded nothing, read-only: throws the refusal, or answers that the deputy has
 * voted already (with this ballot or another), or null when nothing refuses the ballot now.
 */
async function explainRefusal(db: Db, req: CastRequest): Promise<Cast | null> {
  const { at } = req;
  const facts = await ballotFacts(db, at, req.token, req.now);
  const { actor } = facts;
  const ids = facts.candidates.map((c) => c.id);
  let deputy: DeputyActor;
  let vote: Vote;
  let body: { ballot: unknown; receipt: string };
  if (req.surface === "api") {
    if (!facts.cycle || !facts.vote) throw new AppError("not_found");
    if (!actor) throw new AppError("unauthenticated");
    vote = facts.vote;
    body = await req.read(rulesOf(vote), ids);
    if (!isDeputyOf(actor, at)) throw new AppError("forbidden");
    deputy = actor;
  } else {
    ({ vote, deputy } = deputyBallot(facts, actor, at));
    body = await req.read(rulesOf(vote), ids);
  }
  if (facts.term !== deputy.term) throw new AppError("forbidden");
  if (!RECEIPT_RE.test(body.receipt))
    throw new AppError("invalid_input", { fields: { receipt: "field.invalid" } });
  const mine = () => receiptRecorded(db, vote.id, body.receipt);
  if (facts.registered)
    return { outcome: { status: (await mine()) ? "already_recorded" : "already_voted" }, deputy };
  if (vote.status !== "open") throw new AppError("illegal_transition", { reason: "vote.reason.not_open" });
  if (!facts.present) throw new AppError("illegal_transition", { reason: "vote.reason.not_present" });
  if (!validateBallot(body.ballot, rulesOf(vote), ids))
    throw new AppError("invalid_input", { fields: { ballot: "field.invalid" } });
  // The deputy is not in the register, but the receipt is in the box: someone else's ballot has it.
  // Whether a deputy's ballot is recorded is answered from their own entry in the register only
  // (above), never from a receipt another may know; this one is refused, and nothing is stored.
  if (await mine()) throw new AppError("conflict", { reason: "vote.reason.receipt_used" });
  return null;
}

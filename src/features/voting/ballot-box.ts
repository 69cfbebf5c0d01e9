// The ballot box: what is on a vote's ballot, who is in its register, and the one guarded write that
// records a ballot (./casting.ts decides when to call it and explains a refusal).
//
// In the hall, hundreds of deputies confirm their ballots within seconds, and each cast costs one
// round trip to D1: a single batch that checks, inside the database, everything that entitles a
// deputy to vote —
//
// - the session is live and belongs to an active deputy of this jurisdiction's current term, with a
//   credential neither revoked nor expired;
// - the vote is open, and is the very vote whose frozen list and rules this isolate remembers
//   (frozen_at matches, so a remembered vote can never be confused with another);
// - the deputy is recorded present at the vote's meeting;
// - the deputy is not in the register yet (the register's primary key refuses a second row, and the
//   whole batch, ballot included, is then rolled back).
//
// The register row is written only if all of that holds, and the ballot only if the register row
// was just written, in the same batch: neither exists without the other.
import { and, asc, count, eq, gt, isNull, type Placeholder, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { DeputyActor } from "../../platform/auth/actor";
import { type Db, isUniqueViolation } from "../../platform/data/db";
import { changesOf, prepared, rowsOf, slot } from "../../platform/data/prepared";
import {
  ballots,
  candidates,
  cycles,
  deputies,
  deputyCredentials,
  jurisdictions,
  sessions,
  voteCandidates,
  votes,
  voteVoters,
} from "../../platform/data/schema";
import { sha256Hex, toHex } from "../../platform/lib/crypto";
import { currentTermQuery } from "../../platform/roster/roster";
import { rulesOf } from "./rules";
import type { BallotBody, VoteRules } from "./tally-types";

/** Where a vote is: its jurisdiction's code, its cycle's year and its id (the address of its pages). */
export interface VoteAddress {
  jurisdictionCode: string;
  year: number;
  voteId: number;
}

// ---- The ballot and the register -----------------------------------------------------------------

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

// ---- What never changes once frozen ----------------------------------------------------------------

/** What never changes about a vote once its list and rules are frozen. */
export interface FrozenVote extends VoteAddress {
  meetingId: number;
  frozenAt: number;
  rules: VoteRules;
  candidateIds: number[];
}

// Per isolate. Entries are facts about frozen votes, which cannot change; the write re-checks
// frozen_at, so a stale entry (say, a database restored from a backup) costs only a refusal that
// nothing explains, after which the caster forgets it (forgetFrozenVote) and reads it again.
const frozen = new Map<number, FrozenVote>();
const MAX_REMEMBERED = 500;

function rememberFrozenVote(vote: FrozenVote): void {
  if (frozen.size >= MAX_REMEMBERED) frozen.clear();
  frozen.set(vote.voteId, vote);
}

export function forgetFrozenVote(voteId: number): void {
  frozen.delete(voteId);
}

// Loads in flight, per vote: when a vote opens, hundreds of ballots arrive before any has learned
// the frozen list, and they share one read instead of each reading it (single flight).
const loading = new Map<number, Promise<FrozenVote | null>>();

/** The remembered vote, or one read for all concurrent callers; null when not frozen, or unknown here. */
export async function frozenVote(db: Db, at: VoteAddress): Promise<FrozenVote | null> {
  let pending = frozen.get(at.voteId) ?? loading.get(at.voteId);
  if (!pending) {
    const load = frozenVoteAt(db, at)
      .then((v) => {
        if (v) rememberFrozenVote(v);
        return v;
      })
      .catch(() => null)
      .finally(() => loading.delete(at.voteId));
    loading.set(at.voteId, load);
    pending = load;
  }
  const vote = await pending;
  return vote && vote.jurisdictionCode === at.jurisdictionCode && vote.year === at.year ? vote : null;
}

/**
 * A frozen vote's facts at its address, in one read batch; null when the vote is unknown there or
 * still a draft. The cycle and the vote are two statements, not a join: in a batch D1 returns rows
 * as objects, and a join's columns of the same name (id, created_at) would overwrite each other.
 */
async function frozenVoteAt(db: Db, at: VoteAddress): Promise<FrozenVote | null> {
  const [[cycle], [vote], ids] = await db.batch([
    db
      .select({ id: cycles.id })
      .from(cycles)
      .where(and(eq(cycles.jurisdictionCode, at.jurisdictionCode), eq(cycles.year, at.year))),
    db.select().from(votes).where(eq(votes.id, at.voteId)),
    ballotCandidateIds(db, at.voteId),
  ]);
  if (!cycle || !vote || vote.cycleId !== cycle.id || vote.status === "draft" || vote.frozenAt === null)
    return null;
  return {
    ...at,
    meetingId: vote.meetingId,
    frozenAt: vote.frozenAt,
    rules: rulesOf(vote),
    candidateIds: ids.map((c) => c.id),
  };
}

// ---- The session's deputy ----------------------------------------------------------------------------

const s = alias(sessions, "s");
const k = alias(deputyCredentials, "k");
const d = alias(deputies, "d");

/** A value of a query, or the slot it is bound to per call (../../platform/data/prepared.ts). */
type Bound<T> = T | Placeholder;

/**
 * The rule of a deputy's live session, written once: the session (its token's hash) not expired,
 * its slip neither revoked nor expired, the deputy active — as actorFromToken has it for a deputy.
 */
function liveDeputySession(tokenHash: Bound<string>, now: Bound<number>) {
  return and(
    eq(s.tokenHash, tokenHash),
    gt(s.expiresAt, now),
    isNull(k.revokedAt),
    gt(k.expiresAt, now),
    eq(d.status, "active"),
  );
}

/** The jurisdiction's current term (platform/roster), as a subquery. */
const currentTerm = (db: Db, code: Bound<string>) => sql`(${currentTermQuery(db, code)})`;

/** What voterQuery reads for a vote: its id and its jurisdiction, with the session and the moment. */
interface VoterAt {
  voteId: Bound<number>;
  jurisdictionCode: Bound<string>;
}

/**
 * The deputy of a live session, with what decides whether that deputy may vote on `at`: the
 * jurisdiction's current term, the register, attendance at the vote's meeting. No row: no live
 * deputy session (a staff session, an ended one, a revoked slip).
 */
export function voterQuery(db: Db, at: VoterAt, tokenHash: Bound<string>, now: Bound<number>) {
  return db
    .select({
      id: d.id,
      name: d.name,
      jurisdictionCode: d.jurisdictionCode,
      jurisdictionPath: jurisdictions.path,
      term: d.term,
      delegation: d.delegation,
      currentTerm: sql<number | null>`${currentTerm(db, at.jurisdictionCode)}`.as("current_term"),
      registered:
        sql<number>`EXISTS (SELECT 1 FROM vote_voters r WHERE r.vote_id = ${at.voteId} AND r.deputy_id = ${d.id})`.as(
          "registered",
        ),
      present: sql<number>`EXISTS (SELECT 1 FROM attendance a WHERE a.deputy_id = ${d.id}
        AND a.meeting_id = (SELECT meeting_id FROM votes WHERE id = ${at.voteId}))`.as("present"),
    })
    .from(s)
    .innerJoin(k, eq(k.id, s.credentialId))
    .innerJoin(d, eq(d.id, s.deputyId))
    .innerJoin(jurisdictions, eq(jurisdictions.code, d.jurisdictionCode))
    .where(liveDeputySession(tokenHash, now));
}

type Voter = Awaited<ReturnType<typeof voterQuery>>[number];

/** voterQuery's columns, in the order it selects them (plain integers and text). */
const VOTER_KEYS = [
  "id",
  "name",
  "jurisdictionCode",
  "jurisdictionPath",
  "term",
  "delegation",
  "currentTerm",
  "registered",
  "present",
] as const satisfies readonly (keyof Voter)[];

/** The voter row as the actor it is. */
export function deputyOf(row: Voter): DeputyActor {
  const { currentTerm: _t, registered: _r, present: _p, ...deputy } = row;
  return { kind: "deputy", role: "deputy", ...deputy };
}

// ---- The one guarded write ---------------------------------------------------------------------------

/** The receipt's stored form: a hash, never the code (a receipt shows presence, never a choice). */
export const receiptHashOf = (receipt: string) => sha256Hex(`receipt:${receipt}`);

/** What the write's statements are bound to. */
interface Writing {
  voteId: number;
  code: string;
  frozenAt: number;
  meetingId: number;
  tokenHash: string;
  now: number;
}

// The register row: only for the session's deputy if the session is live, the deputy of this
// jurisdiction and its current term, the vote open with the remembered freeze, and the deputy
// present at its meeting.
const registerRow = prepared<Writing>((db) =>
  db.insert(voteVoters).select(
    db
      .select({ voteId: sql<number>`${slot("voteId")}`.as("vote_id"), deputyId: d.id })
      .from(s)
      .innerJoin(k, eq(k.id, s.credentialId))
      .innerJoin(d, eq(d.id, s.deputyId))
      .where(
        and(
          liveDeputySession(slot("tokenHash"), slot("now")),
          eq(d.jurisdictionCode, slot("code")),
          eq(d.term, currentTerm(db, slot("code"))),
          sql`EXISTS (SELECT 1 FROM votes WHERE id = ${slot("voteId")} AND status = 'open' AND frozen_at = ${slot("frozenAt")})`,
          sql`EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = ${slot("meetingId")} AND a.deputy_id = ${d.id})`,
        ),
      ),
  ),
);

// The ballot: only if the statement before it in the batch, the register insert, wrote its row
// (SQLite's changes() is the row count of the connection's last completed INSERT, and a batch
// runs its statements in order in one transaction).
const ballotRow = prepared<{ id: string; voteId: number; body: string; receiptHash: string }>((db) =>
  db
    .insert(ballots)
    .select(
      sql`SELECT ${slot("id")}, ${slot("voteId")}, ${slot("body")}, ${slot("receiptHash")} WHERE changes() = 1`,
    ),
);

/** Who cast (for a page's header), read in the same batch after the write. */
const voterRow = prepared<Writing>((db) =>
  voterQuery(db, { voteId: slot("voteId"), jurisdictionCode: slot("code") }, slot("tokenHash"), slot("now")),
);

/**
 * Records a valid ballot in one round trip if the session's deputy may cast it now, and answers
 * whether it did: nothing is written otherwise (a refusal, a second ballot, a reused receipt).
 * With `identify`, a recorded ballot also answers who cast it (for a page's header).
 */
export async function writeBallot(
  db: Db,
  vote: FrozenVote,
  cast: { token: string; ballot: BallotBody; receipt: string; now: number; identify: boolean },
): Promise<{ recorded: false } | { recorded: true; deputy: DeputyActor | null }> {
  const [tokenHash, receiptHash] = await Promise.all([sha256Hex(cast.token), receiptHashOf(cast.receipt)]);
  const id = toHex(crypto.getRandomValues(new Uint8Array(16)));
  const { voteId, jurisdictionCode: code, frozenAt, meetingId } = vote;
  const writing: Writing = { voteId, code, frozenAt, meetingId, tokenHash, now: cast.now };
  const statements = [
    registerRow(db, writing),
    ballotRow(db, { id, voteId, body: JSON.stringify(cast.ballot), receiptHash }),
  ];
  if (cast.identify) statements.push(voterRow(db, writing));
  try {
    const [register, , who] = await db.$client.batch(statements);
    if (changesOf(register) !== 1) return { recorded: false };
    const [row] = who ? (rowsOf(who, VOTER_KEYS) as Voter[]) : [];
    return { recorded: true, deputy: row ? deputyOf(row) : null };
  } catch (e) {
    // A second ballot (the register's key) or a reused receipt: the batch wrote nothing. Any other
    // failure is not a refusal: it goes up.
    if (isUniqueViolation(e)) return { recorded: false };
    throw e;
  }
}

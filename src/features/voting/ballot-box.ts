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
import { and, asc, count, eq } from "drizzle-orm";
import type { DeputyActor } from "../../platform/auth/actor";
import { type Db, isUniqueViolation } from "../../platform/data/db";
import { candidates, cycles, voteCandidates, votes, voteVoters } from "../../platform/data/schema";
import { sha256Hex, toHex } from "../../platform/lib/crypto";
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

/** The query behind "has voted", for a batch: a row when the deputy is in the register. */
export function registerQuery(db: Db, voteId: number, deputyId: number) {
  return db
    .select({ d: voteVoters.deputyId })
    .from(voteVoters)
    .where(and(eq(voteVoters.voteId, voteId), eq(voteVoters.deputyId, deputyId)));
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

// ---- The one guarded write ---------------------------------------------------------------------------

/**
 * The register row: only for the session's deputy if the session is live, the slip neither revoked
 * nor expired, the deputy active, of this jurisdiction and its current term, the vote open with the
 * remembered freeze, and the deputy present at its meeting. ?1 vote, ?2 token hash, ?3 now,
 * ?4 jurisdiction, ?5 frozen_at, ?6 meeting.
 */
const REGISTER = `INSERT INTO vote_voters (vote_id, deputy_id)
  SELECT ?1, s.deputy_id FROM sessions s
  JOIN deputy_credentials k ON k.id = s.credential_id
  JOIN deputies d ON d.id = s.deputy_id
  WHERE s.token_hash = ?2 AND s.expires_at > ?3 AND k.revoked_at IS NULL AND k.expires_at > ?3
    AND d.status = 'active' AND d.jurisdiction_code = ?4
    AND d.term = (SELECT max(term) FROM deputies WHERE jurisdiction_code = ?4)
    AND EXISTS (SELECT 1 FROM votes WHERE id = ?1 AND status = 'open' AND frozen_at = ?5)
    AND EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = ?6 AND a.deputy_id = s.deputy_id)`;

/**
 * The ballot: only if the statement before it in the batch, the register insert, wrote its row
 * (SQLite's changes() is the row count of the connection's last completed INSERT, and a batch runs
 * its statements in order in one transaction). ?1 id, ?2 vote, ?3 body, ?4 receipt hash.
 */
const BALLOT = `INSERT INTO ballots (id, vote_id, body, receipt_hash)
  SELECT ?1, ?2, ?3, ?4 WHERE changes() = 1`;

/**
 * Who the session is, for a page that shows the deputy signed in. Read after the register insert,
 * and used only when it wrote its row, which is the proof that the session may vote. ?1 token hash.
 */
const WHO = `SELECT d.id, d.name, d.jurisdiction_code AS code, j.path, d.term, d.delegation
  FROM sessions s JOIN deputies d ON d.id = s.deputy_id JOIN jurisdictions j ON j.code = d.jurisdiction_code
  WHERE s.token_hash = ?1`;

interface Who {
  id: number;
  name: string;
  code: string;
  path: string;
  term: number;
  delegation: string;
}

/** The receipt's stored form: a hash, never the code (a receipt shows presence, never a choice). */
export const receiptHashOf = (receipt: string) => sha256Hex(`receipt:${receipt}`);

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
  // D1's own prepared statements with constant SQL text: this runs hundreds of times a second in
  // the hall, and the text never changes (drizzle would build it again on every call).
  const d1 = db.$client;
  const statements = [
    d1
      .prepare(REGISTER)
      .bind(vote.voteId, tokenHash, cast.now, vote.jurisdictionCode, vote.frozenAt, vote.meetingId),
    d1.prepare(BALLOT).bind(id, vote.voteId, JSON.stringify(cast.ballot), receiptHash),
  ];
  if (cast.identify) statements.push(d1.prepare(WHO).bind(tokenHash));
  try {
    const [reg, , who] = await d1.batch<Who>(statements);
    if ((reg?.meta.changes ?? 0) !== 1) return { recorded: false };
    const d = who?.results[0];
    return {
      recorded: true,
      deputy: d
        ? {
            kind: "deputy",
            role: "deputy",
            id: d.id,
            name: d.name,
            jurisdictionCode: d.code,
            jurisdictionPath: d.path,
            term: d.term,
            delegation: d.delegation,
          }
        : null,
    };
  } catch (e) {
    // A second ballot (the register's key) or a reused receipt: the batch wrote nothing. Any other
    // failure is not a refusal: it goes up.
    if (isUniqueViolation(e)) return { recorded: false };
    throw e;
  }
}

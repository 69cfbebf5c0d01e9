// The ballot's hot path: in the hall, hundreds of deputies confirm their ballots within seconds, and
// each cast should cost one round trip to D1. This module casts a ballot in a single guarded write
// batch that checks, inside the database, everything the careful path (castBallotAt in ./votes.ts)
// checks by reading first:
//
// - the session is live and belongs to an active deputy of this jurisdiction's current term, with a
//   credential neither revoked nor expired (as actorFromToken and castChecked check it);
// - the vote is open, and is the very vote whose frozen list and rules this isolate remembers
//   (frozen_at matches, so a remembered vote can never be confused with another);
// - the deputy is recorded present at the vote's meeting;
// - the deputy is not in the register yet (the register's primary key refuses a second row, and the
//   whole batch, ballot included, is then rolled back).
//
// The register row is written only if all of that holds, and the ballot only if the register row
// was just written, in the same batch: neither exists without the other, exactly as on the careful
// path. When anything is not as expected (an unknown vote, a malformed body, any refusal, a retry) the
// fast path writes nothing and answers null, and the caller takes the careful path, which reads the
// facts and gives the precise answer. So the fast path changes how fast a ballot is recorded, never
// what is recorded or refused.
import { type Db, isUniqueViolation } from "../../platform/data/db";
import { sha256Hex, toHex } from "../../platform/lib/crypto";
import { validateBallot } from "./tally";
import type { VoteRules } from "./tally-types";

/** What never changes about a vote once its list and rules are frozen. */
export interface FrozenVote {
  voteId: number;
  jurisdictionCode: string;
  year: number;
  meetingId: number;
  frozenAt: number;
  rules: VoteRules;
  candidateIds: number[];
}

// Per isolate. Entries are facts about frozen votes, which cannot change; the write re-checks
// frozen_at, so a stale entry (say, a database restored from a backup) only costs the fast path.
const frozen = new Map<number, FrozenVote>();
const MAX_REMEMBERED = 500;

/** Called by the careful path when it has read a frozen (or open, or closed) vote. */
export function rememberFrozenVote(vote: FrozenVote): void {
  if (frozen.size >= MAX_REMEMBERED) frozen.clear();
  frozen.set(vote.voteId, vote);
}

// Loads in flight, per vote: when a vote opens, hundreds of ballots arrive before any has learned
// the frozen list, and they share one read instead of each reading it (single flight).
const loading = new Map<number, Promise<FrozenVote | null>>();

/** The remembered vote, or `load()` once for all concurrent callers (null: not frozen, or unknown). */
async function frozenVote(
  voteId: number,
  load: () => Promise<FrozenVote | null>,
): Promise<FrozenVote | null> {
  const known = frozen.get(voteId);
  if (known) return known;
  let pending = loading.get(voteId);
  if (!pending) {
    pending = load()
      .then((v) => {
        if (v) rememberFrozenVote(v);
        return v;
      })
      .catch(() => null)
      .finally(() => loading.delete(voteId));
    loading.set(voteId, pending);
  }
  return pending;
}

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

export const RECEIPT_RE = /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/;

/**
 * Casts in one round trip, or answers null when the careful path must decide (nothing is written
 * then). `token` is the session cookie's value; `body` is the parsed request, or null if it did
 * not parse; `load` reads the vote's frozen facts when this isolate does not know them yet.
 */
export async function castInOneTrip(
  db: Db,
  token: string,
  at: { jurisdictionCode: string; year: number; voteId: number },
  body: { ballot: unknown; receipt: string } | null,
  load: () => Promise<FrozenVote | null>,
  now: number,
): Promise<{ status: "recorded" } | null> {
  if (!body || !token || token.length > 100 || !RECEIPT_RE.test(body.receipt)) return null;
  const vote = await frozenVote(at.voteId, load);
  if (!vote || vote.jurisdictionCode !== at.jurisdictionCode || vote.year !== at.year) return null;
  const ballot = validateBallot(body.ballot, vote.rules, vote.candidateIds);
  if (!ballot) return null;
  const [tokenHash, receiptHash] = await Promise.all([
    sha256Hex(token),
    sha256Hex(`receipt:${body.receipt}`),
  ]);
  const id = toHex(crypto.getRandomValues(new Uint8Array(16)));
  // D1's own prepared statements with constant SQL text: this path runs hundreds of times a
  // second in the hall, and the text never changes (drizzle would build it again on every call).
  const d1 = db.$client;
  try {
    const [reg] = await d1.batch([
      d1
        .prepare(REGISTER)
        .bind(vote.voteId, tokenHash, now, vote.jurisdictionCode, vote.frozenAt, vote.meetingId),
      d1.prepare(BALLOT).bind(id, vote.voteId, JSON.stringify(ballot), receiptHash),
    ]);
    return (reg?.meta.changes ?? 0) === 1 ? { status: "recorded" } : null;
  } catch (e) {
    // A second ballot (the register's key) or a reused receipt: nothing was written; the careful
    // path tells the deputy what happened. Any other failure is not a refusal: it goes up.
    if (isUniqueViolation(e)) return null;
    throw e;
  }
}

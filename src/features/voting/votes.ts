// 审议票决: the electronic secret ballot — preparing a vote (the presidium's staff: create, rules,
// freeze, open, close, further vote) and reading it.
//
// What keeps it secret and whole:
// - The register of who voted (vote_voters) and the ballots are two tables with nothing in common
//   but the vote: no deputy id or time on a ballot, random 128-bit ballot keys, WITHOUT ROWID
//   tables (no insertion order), no logging of ballot bodies, receipts kept only as hashes.
// - A ballot and its register row are written in one D1 batch that checks inside the database
//   that the deputy may vote now (./ballot-box.ts); the register's primary key (vote, deputy)
//   makes a second ballot abort the whole batch.
// - While a vote is open only turnout exists for anyone; per-candidate counts are computed from
//   the stored ballots only after the vote is closed, and stored once (./counting.ts).
import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { transition } from "../../platform/audit/audit";
import { type Frame, type Writing, writer } from "../../platform/auth/writer";
import { type Db, firstOrNotFound } from "../../platform/data/db";
import { type Cycle, candidates, cycles, type Vote, votes } from "../../platform/data/schema";
import { AppError } from "../../platform/http/errors";
import { isLocked, latestHandover } from "../screening/candidates";
import { updateAssessmentRules } from "./assessment";
import { headcount } from "./attendance";
import { ballotCandidates } from "./ballot-box";
import { ensureTally, getResults } from "./counting";
import { changeDraftRules, createDraft } from "./drafts";
import { parseRules, runoffRules } from "./rules";

// Casting is ./casting.ts (with ./ballot-box.ts), the count ./counting.ts, the rules ./rules.ts;
// what the vote's pages and the other stages read from those is exported here too.

// ---- Rules ---------------------------------------------------------------------------------------

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
  return firstOrNotFound(
    db
      .select()
      .from(votes)
      .where(and(eq(votes.cycleId, cycle.id), eq(votes.id, id))),
  );
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
  return firstOrNotFound(voteAtQuery(db, jurisdictionCode, year, id));
}

function voteAtQuery(db: Db, jurisdictionCode: string, year: number, id: number) {
  return db
    .select({ cycle: cycles, vote: votes })
    .from(votes)
    .innerJoin(cycles, eq(cycles.id, votes.cycleId))
    .where(and(eq(cycles.jurisdictionCode, jurisdictionCode), eq(cycles.year, year), eq(votes.id, id)));
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

/** A runoff (另行票决) names its kind and the vote it follows; a project vote needs neither. */
interface VoteOptions {
  kind?: "project" | "runoff";
  parentVoteId?: number;
}

/**
 * A new vote (draft) for a meeting, on the candidate list the government handed over. The presidium
 * may leave candidates off (`candidateIds`); the rules start from DOMAIN.md's defaults.
 */
export const createVote = writer(
  "vote.manage",
  async (
    { db, cycle, now, auditEntry, options: opts = {} }: Writing<"vote.manage", VoteOptions>,
    meetingId: number,
    input: unknown,
    candidateIds: number[],
  ) => {
    assertStage(cycle, ["deliberate", "vote"]);
    const rules = parseRules(input);
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
    return createDraft(
      { db, cycle, now, auditEntry },
      { ...rules, meetingId, kind: opts.kind ?? "project", parentVoteId: opts.parentVoteId ?? null },
      ids,
      { candidates: ids.length, places: rules.places },
    );
  },
);

/** Changes the rules of a draft vote; a frozen vote's rules never change. */
export const updateRules = writer("vote.manage", async (w, vote: Vote, input: unknown): Promise<void> => {
  // An assessment (满意度测评) has rules of its own (../assessment/assessment.ts).
  if (vote.kind === "assessment") return updateAssessmentRules(w.db, w.grant, w.cycle, vote, input, w.now);
  const rules = parseRules(input);
  await changeDraftRules(w, vote, rules, { places: rules.places, form: rules.form, base: rules.base });
});

/** Moves a vote from one status to the next, atomically, with its audit entry. */
async function move(
  { db, auditEntry }: Pick<Frame, "db" | "auditEntry">,
  vote: Vote,
  from: Vote["status"],
  set: Partial<typeof votes.$inferInsert> | Record<string, SQL | number | string>,
  action: string,
  detail: Record<string, unknown>,
): Promise<void> {
  const written = await transition(
    db,
    votes,
    and(eq(votes.id, vote.id), eq(votes.status, from)),
    set,
    auditEntry(action, `vote:${vote.id}`, detail),
  );
  if (!written) throw new AppError("conflict", { reason: "vote.reason.moved" });
}

/**
 * The presidium freezes the candidate list and the rules (票决办法). From then on neither can
 * change for this vote. 差额 is checked: more candidates than places unless the rules allow 等额.
 */
export const freezeVote = writer("vote.manage", async ({ db, cycle, now, auditEntry }, vote: Vote) => {
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
    { db, auditEntry },
    vote,
    "draft",
    { status: "frozen", frozenAt: now, rosterSize },
    "vote.freeze",
    {
      candidates: list.length,
      places: vote.places,
      rosterSize,
    },
  );
});

/** Staff open the vote for the presidium: only in 审议票决, only on a frozen list, only with quorum. */
export const openVote = writer("vote.manage", async ({ db, cycle, now, auditEntry }, vote: Vote) => {
  assertStage(cycle, vote.kind === "assessment" ? ["supervise"] : ["vote"]);
  if (vote.status !== "frozen")
    throw new AppError("illegal_transition", {
      reason: vote.status === "draft" ? "vote.reason.not_frozen" : "vote.reason.moved",
    });
  const { present } = await headcount(db, cycle, vote.meetingId);
  if (!quorumHolds(vote, vote.rosterSize ?? 0, present))
    throw new AppError("illegal_transition", { reason: "vote.reason.no_quorum" });
  await move(
    { db, auditEntry },
    vote,
    "frozen",
    { status: "open", openedAt: now, presentAtOpen: present },
    "vote.open",
    {
      rosterSize: vote.rosterSize,
      present,
    },
  );
});

/**
 * Closes the vote. First the status changes (in one guarded batch), so no ballot can arrive after;
 * then the tally is computed from the stored ballots and written once (`ensureTally`).
 * The announcement gets the next number of its meeting in the same statement.
 */
export const closeVote = writer("vote.manage", async ({ db, now, auditEntry }, vote: Vote) => {
  if (vote.status !== "open") throw new AppError("illegal_transition", { reason: "vote.reason.not_open" });
  const closedAt = now;
  await move(
    { db, auditEntry },
    vote,
    "open",
    {
      status: "closed",
      closedAt,
      announcementNo: sql`(SELECT COALESCE(MAX(announcement_no), 0) + 1 FROM votes WHERE meeting_id = ${vote.meetingId})`,
    },
    "vote.close",
    {},
  );
  await ensureTally(db, { ...vote, status: "closed", closedAt }, now);
});

/** A further vote (另行票决) among the candidates tied at the last place, for the tied places. */
export const createRunoff = writer("vote.manage", async ({ db, grant, cycle, now }, vote: Vote) => {
  const { vote: v0, results } = await getResults(db, vote, now);
  const tied = results.filter((r) => r.tie).map((r) => r.candidateId);
  if (tied.length === 0 || !v0.placesTied)
    throw new AppError("illegal_transition", { reason: "vote.reason.no_tie" });
  return createVote(db, grant, cycle, vote.meetingId, runoffRules(vote, v0.placesTied), tied, now, {
    kind: "runoff",
    parentVoteId: vote.id,
  });
});

// Stages 3–4: deliberation, attendance, the secret ballot.
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { candidates } from "./collection";
import { id, ref } from "./columns";
import { cycles, deputies } from "./core";

// ---- Stages 3–4: deliberation, attendance, the secret ballot ------------------------------------

/** 意见: a deputy's opinion on a candidate during deliberation (not secret). */
export const opinions = sqliteTable(
  "opinions",
  {
    cycleId: ref("cycle_id", () => cycles.id),
    candidateId: ref("candidate_id", () => candidates.id),
    deputyId: ref("deputy_id", () => deputies.id),
    body: text("body").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.candidateId, t.deputyId] }), index("opinions_cycle_idx").on(t.cycleId)],
);

/** 会议: a session of the congress (e.g. 第五次会议); attendance and announcements belong to it. */
export const meetings = sqliteTable(
  "meetings",
  {
    id: id(),
    cycleId: ref("cycle_id", () => cycles.id),
    title: text("title").notNull(),
    heldOn: text("held_on").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("meetings_cycle_idx").on(t.cycleId)],
);

/** 签到: who is present at a meeting. No time is kept. */
export const attendance = sqliteTable(
  "attendance",
  {
    meetingId: ref("meeting_id", () => meetings.id),
    deputyId: ref("deputy_id", () => deputies.id),
    source: text("source", { enum: ["self", "staff"] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.deputyId] })],
);

export const VOTE_STATUSES = ["draft", "frozen", "open", "closed"] as const;

/** 票决: one vote on a frozen candidate list under frozen rules (票决办法). */
export const votes = sqliteTable(
  "votes",
  {
    id: id(),
    cycleId: ref("cycle_id", () => cycles.id),
    meetingId: ref("meeting_id", () => meetings.id),
    title: text("title").notNull(),
    /** project: the vote on candidates; runoff: a further vote among tied ones; assessment: 满意度测评. */
    kind: text("kind", { enum: ["project", "runoff", "assessment"] }).notNull(),
    parentVoteId: integer("parent_vote_id"),
    status: text("status", { enum: VOTE_STATUSES }).notNull(),
    places: integer("places").notNull(),
    /** assess: the 满意度测评 ballot (per project 满意/基本满意/不满意/弃权); no CHECK in SQLite, TS only. */
    form: text("form", { enum: ["per_candidate", "choose_n", "assess"] }).notNull(),
    maxTicks: integer("max_ticks").notNull(),
    base: text("base", { enum: ["all", "present", "valid"] }).notNull(),
    thresholdNumerator: integer("threshold_numerator").notNull(),
    thresholdDenominator: integer("threshold_denominator").notNull(),
    quorumNumerator: integer("quorum_numerator").notNull(),
    quorumDenominator: integer("quorum_denominator").notNull(),
    /** 等额: allow as many candidates as places (差额 is the default). */
    allowEqual: integer("allow_equal", { mode: "boolean" }).notNull().default(false),
    /** Assessment: whether 弃权 is on the ballot (the rules may leave it out). */
    allowAbstain: integer("allow_abstain", { mode: "boolean" }).notNull().default(true),
    /** Assessment: days a project graded 不满意 has to rectify (整改期限), from the close. */
    rectifyDays: integer("rectify_days"),
    chiefScrutineer: text("chief_scrutineer"),
    scrutineers: text("scrutineers"),
    counters: text("counters"),
    /** 应到, fixed when the list and rules are frozen. */
    rosterSize: integer("roster_size"),
    presentAtOpen: integer("present_at_open"),
    frozenAt: integer("frozen_at"),
    openedAt: integer("opened_at"),
    closedAt: integer("closed_at"),
    ballotsCast: integer("ballots_cast"),
    validBallots: integer("valid_ballots"),
    invalidBallots: integer("invalid_ballots"),
    thresholdBase: integer("threshold_base"),
    placesFilled: integer("places_filled"),
    placesTied: integer("places_tied"),
    shortfall: integer("shortfall"),
    /** 主席团公告 第N号, numbered per meeting, given at close. */
    announcementNo: integer("announcement_no"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("votes_cycle_idx").on(t.cycleId), index("votes_meeting_idx").on(t.meetingId)],
);

/** A candidate on a vote: the key of the ballot list and of the tally. */
const voteCandidate = () => ({
  voteId: ref("vote_id", () => votes.id),
  candidateId: ref("candidate_id", () => candidates.id),
});

export const voteCandidates = sqliteTable(
  "vote_candidates",
  {
    ...voteCandidate(),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.voteId, t.candidateId] })],
);

/**
 * The register of who has voted. Nothing else: no time, no ballot id, no order. It is written in
 * the same batch as the ballot, so neither exists without the other.
 */
export const voteVoters = sqliteTable(
  "vote_voters",
  {
    voteId: ref("vote_id", () => votes.id),
    deputyId: ref("deputy_id", () => deputies.id),
  },
  (t) => [primaryKey({ columns: [t.voteId, t.deputyId] })],
);

/**
 * The ballots: what was voted, apart from who voted. A random 128-bit key (the table is WITHOUT
 * ROWID, see the migration), no deputy, no time; the receipt is kept only as a hash.
 */
export const ballots = sqliteTable(
  "ballots",
  {
    id: text("id").primaryKey(),
    voteId: ref("vote_id", () => votes.id),
    body: text("body").notNull(),
    receiptHash: text("receipt_hash").notNull(),
  },
  (t) => [index("ballots_vote_idx").on(t.voteId), uniqueIndex("ballots_receipt_uq").on(t.receiptHash)],
);

/** The tally of a closed vote, per candidate. Written once, at close. */
export const voteResults = sqliteTable(
  "vote_results",
  {
    ...voteCandidate(),
    support: integer("support").notNull(),
    against: integer("against").notNull(),
    abstain: integer("abstain").notNull(),
    passed: integer("passed", { mode: "boolean" }).notNull(),
    rank: integer("rank").notNull(),
    elected: integer("elected", { mode: "boolean" }).notNull(),
    tie: integer("tie", { mode: "boolean" }).notNull(),
    /** Assessment only: 基本满意 (support holds 满意, against 不满意, abstain 弃权). */
    basic: integer("basic").notNull().default(0),
    /** Assessment only: the grade under the 镇海 rule. */
    grade: text("grade", { enum: ["satisfied", "basic", "unsatisfied"] }),
  },
  (t) => [
    primaryKey({ columns: [t.voteId, t.candidateId] }),
    // "Was this candidate elected / how was this project graded": by candidate, not by scanning.
    index("vote_results_candidate_idx").on(t.candidateId),
  ],
);

export type Meeting = typeof meetings.$inferSelect;
export type Vote = typeof votes.$inferSelect;
export type VoteResult = typeof voteResults.$inferSelect;

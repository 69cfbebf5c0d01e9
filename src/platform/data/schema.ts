// The database schema (D1 / SQLite) as drizzle tables.
// `npm run db:generate` turns changes here into SQL under migrations/; read every generated file.
// Money, when it arrives, is stored as integer yuan. Times are integer milliseconds since the epoch.
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** 行政区划: city (盟/市) → banner/county/district (旗/县/区) → township (苏木/乡/镇). */
export const jurisdictions = sqliteTable(
  "jurisdictions",
  {
    /** GB/T 2260 code: 6 digits for city and county level, 9 for townships. */
    code: text("code").primaryKey(),
    parentCode: text("parent_code"),
    level: text("level", { enum: ["city", "county", "township"] }).notNull(),
    name: text("name").notNull(),
    nameEn: text("name_en").notNull(),
    /** Materialised path "/city/county/township/" for subtree queries with a prefix match. */
    path: text("path").notNull(),
  },
  (t) => [index("jurisdictions_parent_idx").on(t.parentCode), index("jurisdictions_path_idx").on(t.path)],
);

/** Staff accounts: every role but the deputy signs in with a username and password. */
export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    username: text("username").notNull(),
    displayName: text("display_name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ["admin", "staff", "gov", "unit", "city"] }).notNull(),
    jurisdictionCode: text("jurisdiction_code")
      .notNull()
      .references(() => jurisdictions.code),
    /** For the role "unit": the responsible unit's name (责任单位). */
    unitName: text("unit_name"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("users_username_uq").on(t.username),
    index("users_jurisdiction_idx").on(t.jurisdictionCode),
  ],
);

/** The deputy roster (代表名册) per jurisdiction and term (届). */
export const deputies = sqliteTable(
  "deputies",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    jurisdictionCode: text("jurisdiction_code")
      .notNull()
      .references(() => jurisdictions.code),
    term: integer("term").notNull(),
    /** 代表证号 or 序号 as staff keep it; unique within jurisdiction and term. */
    number: text("number").notNull(),
    name: text("name").notNull(),
    gender: text("gender"),
    ethnicity: text("ethnicity"),
    /** 代表团 / 代表小组. */
    delegation: text("delegation").notNull(),
    /** 工作单位及职务. */
    workplace: text("workplace"),
    status: text("status", { enum: ["active", "suspended", "ended"] })
      .notNull()
      .default("active"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("deputies_number_uq").on(t.jurisdictionCode, t.term, t.number),
    index("deputies_delegation_idx").on(t.jurisdictionCode, t.term, t.delegation),
  ],
);

/** A deputy's personal sign-in credential, printed on a slip (QR code + typed code). */
export const deputyCredentials = sqliteTable(
  "deputy_credentials",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    deputyId: integer("deputy_id")
      .notNull()
      .references(() => deputies.id),
    /** SHA-256 of the code; the code itself is shown once, on the slip. */
    codeHash: text("code_hash").notNull(),
    issuedAt: integer("issued_at").notNull(),
    issuedBy: integer("issued_by").notNull(),
    expiresAt: integer("expires_at").notNull(),
    revokedAt: integer("revoked_at"),
  },
  (t) => [
    uniqueIndex("deputy_credentials_hash_uq").on(t.codeHash),
    index("deputy_credentials_deputy_idx").on(t.deputyId),
  ],
);

/** Sign-in sessions. Only the SHA-256 of the cookie token is stored. */
export const sessions = sqliteTable(
  "sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: integer("user_id").references(() => users.id),
    deputyId: integer("deputy_id").references(() => deputies.id),
    credentialId: integer("credential_id").references(() => deputyCredentials.id),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_deputy_idx").on(t.deputyId)],
);

/** Fixed-window counters for rate limits (sign-in failures per account and per address). */
export const rateLimits = sqliteTable(
  "rate_limits",
  {
    key: text("key").notNull(),
    windowStart: integer("window_start").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);

/** 年度票决: one cycle per jurisdiction and year. */
export const cycles = sqliteTable(
  "cycles",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    jurisdictionCode: text("jurisdiction_code")
      .notNull()
      .references(() => jurisdictions.code),
    year: integer("year").notNull(),
    stage: text("stage", { enum: ["collect", "screen", "deliberate", "vote", "supervise"] }).notNull(),
    stageSince: integer("stage_since").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("cycles_jurisdiction_year_uq").on(t.jurisdictionCode, t.year)],
);

/**
 * The audit log: append-only (triggers refuse UPDATE and DELETE) and hash-chained per
 * jurisdiction. Each entry is written in the same D1 batch as the change it records.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    jurisdictionCode: text("jurisdiction_code").notNull(),
    seq: integer("seq").notNull(),
    at: integer("at").notNull(),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    target: text("target").notNull(),
    detail: text("detail").notNull().default(sql`'{}'`),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionCode, t.seq] })],
);

export type Jurisdiction = typeof jurisdictions.$inferSelect;
export type User = typeof users.$inferSelect;
export type Deputy = typeof deputies.$inferSelect;
export type Cycle = typeof cycles.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;

// ---- Stages 1–2: collection and screening -------------------------------------------------------

/** 征集公告: one per cycle. Dates are stored as the first and last millisecond of the open period. */
export const notices = sqliteTable("notices", {
  cycleId: integer("cycle_id")
    .primaryKey()
    .references(() => cycles.id),
  title: text("title").notNull(),
  scope: text("scope").notNull(),
  exclusions: text("exclusions").notNull(),
  channels: text("channels").notNull(),
  /** The dates as typed (YYYY-MM-DD, China time), for showing and editing. */
  opensOn: text("opens_on").notNull(),
  closesOn: text("closes_on").notNull(),
  opensAt: integer("opens_at").notNull(),
  closesAt: integer("closes_at").notNull(),
  publishedAt: integer("published_at"),
  updatedAt: integer("updated_at").notNull(),
});

export const PROPOSAL_SOURCES = ["public", "deputy", "department", "township"] as const;
export const PROPOSAL_STATUSES = ["received", "merged", "accepted", "reserve", "rejected"] as const;

/** 项目建议. The proposer's name and phone are private: never on a public page or API. */
export const proposals = sqliteTable(
  "proposals",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    cycleId: integer("cycle_id")
      .notNull()
      .references(() => cycles.id),
    trackingNo: text("tracking_no").notNull(),
    /** Sent by the form with every submission; a repeat of the same key is the same proposal. */
    idempotencyKey: text("idempotency_key").notNull(),
    source: text("source", { enum: PROPOSAL_SOURCES }).notNull(),
    category: text("category").notNull(),
    title: text("title").notNull(),
    background: text("background").notNull(),
    content: text("content").notNull(),
    /** A township (or the jurisdiction itself) from the tree, and the village as typed. */
    locationCode: text("location_code").notNull(),
    locationDetail: text("location_detail"),
    implementer: text("implementer"),
    estimateYuan: integer("estimate_yuan"),
    fundingSource: text("funding_source"),
    feasibility: text("feasibility"),
    proposerName: text("proposer_name"),
    proposerPhone: text("proposer_phone"),
    deputyId: integer("deputy_id"),
    userId: integer("user_id"),
    submittedAt: integer("submitted_at").notNull(),
    status: text("status", { enum: PROPOSAL_STATUSES }).notNull().default("received"),
    /** The reason given with the outcome (public), or the negative-list clause number. */
    outcomeReason: text("outcome_reason"),
    mergedInto: integer("merged_into"),
    candidateId: integer("candidate_id"),
    decidedBy: integer("decided_by"),
    decidedAt: integer("decided_at"),
  },
  (t) => [
    uniqueIndex("proposals_tracking_uq").on(t.trackingNo),
    uniqueIndex("proposals_idem_uq").on(t.cycleId, t.idempotencyKey),
    index("proposals_cycle_idx").on(t.cycleId, t.id),
    index("proposals_location_idx").on(t.cycleId, t.locationCode, t.id),
    index("proposals_category_idx").on(t.cycleId, t.category, t.id),
    index("proposals_status_idx").on(t.cycleId, t.status, t.id),
    index("proposals_location_category_idx").on(t.cycleId, t.locationCode, t.category, t.id),
  ],
);

/** 候选项目, formed from one or more proposals. Money is integer yuan. */
export const candidates = sqliteTable(
  "candidates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    cycleId: integer("cycle_id")
      .notNull()
      .references(() => cycles.id),
    /** Order on the list (and the ballot later). */
    position: integer("position").notNull(),
    name: text("name").notNull(),
    content: text("content").notNull(),
    responsibleUnit: text("responsible_unit").notNull(),
    /** 完成时限, as a date (YYYY-MM-DD) or a short text such as 2027年11月底. */
    deadline: text("deadline").notNull(),
    annualTarget: text("annual_target").notNull(),
    locationCode: text("location_code").notNull(),
    locationDetail: text("location_detail"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("candidates_cycle_idx").on(t.cycleId, t.position)],
);

export const FUNDING_SOURCES = [
  "central",
  "region",
  "city",
  "county",
  "township",
  "social",
  "other",
] as const;

/** 计划投资 split by 资金来源. */
export const candidateFunding = sqliteTable(
  "candidate_funding",
  {
    candidateId: integer("candidate_id")
      .notNull()
      .references(() => candidates.id),
    source: text("source", { enum: FUNDING_SOURCES }).notNull(),
    amountYuan: integer("amount_yuan").notNull(),
  },
  (t) => [primaryKey({ columns: [t.candidateId, t.source] })],
);

/** 移交: the candidate list handed to the congress (locked), and a recorded return (unlocked). */
export const handovers = sqliteTable(
  "handovers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    cycleId: integer("cycle_id")
      .notNull()
      .references(() => cycles.id),
    /** 候选项目形成情况的报告. */
    report: text("report").notNull(),
    candidateCount: integer("candidate_count").notNull(),
    handedAt: integer("handed_at").notNull(),
    handedBy: integer("handed_by").notNull(),
    returnedAt: integer("returned_at"),
    returnedBy: integer("returned_by"),
    returnReason: text("return_reason"),
  },
  (t) => [
    index("handovers_cycle_idx").on(t.cycleId, t.id),
    // At most one hand-over in force per cycle: the database refuses a second one.
    uniqueIndex("handovers_one_open").on(t.cycleId).where(sql`returned_at IS NULL`),
  ],
);

export type Notice = typeof notices.$inferSelect;
export type Proposal = typeof proposals.$inferSelect;
export type Candidate = typeof candidates.$inferSelect;
export type Handover = typeof handovers.$inferSelect;

// ---- Stages 3–4: deliberation, attendance, the secret ballot ------------------------------------

/** 意见: a deputy's opinion on a candidate during deliberation (not secret). */
export const opinions = sqliteTable(
  "opinions",
  {
    cycleId: integer("cycle_id")
      .notNull()
      .references(() => cycles.id),
    candidateId: integer("candidate_id")
      .notNull()
      .references(() => candidates.id),
    deputyId: integer("deputy_id")
      .notNull()
      .references(() => deputies.id),
    body: text("body").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.candidateId, t.deputyId] }), index("opinions_cycle_idx").on(t.cycleId)],
);

/** 会议: a session of the congress (e.g. 第五次会议); attendance and announcements belong to it. */
export const meetings = sqliteTable(
  "meetings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    cycleId: integer("cycle_id")
      .notNull()
      .references(() => cycles.id),
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
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => meetings.id),
    deputyId: integer("deputy_id")
      .notNull()
      .references(() => deputies.id),
    source: text("source", { enum: ["self", "staff"] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.deputyId] })],
);

export const VOTE_STATUSES = ["draft", "frozen", "open", "closed"] as const;

/** 票决: one vote on a frozen candidate list under frozen rules (票决办法). */
export const votes = sqliteTable(
  "votes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    cycleId: integer("cycle_id")
      .notNull()
      .references(() => cycles.id),
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => meetings.id),
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

export const voteCandidates = sqliteTable(
  "vote_candidates",
  {
    voteId: integer("vote_id")
      .notNull()
      .references(() => votes.id),
    candidateId: integer("candidate_id")
      .notNull()
      .references(() => candidates.id),
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
    voteId: integer("vote_id")
      .notNull()
      .references(() => votes.id),
    deputyId: integer("deputy_id")
      .notNull()
      .references(() => deputies.id),
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
    voteId: integer("vote_id")
      .notNull()
      .references(() => votes.id),
    body: text("body").notNull(),
    receiptHash: text("receipt_hash").notNull(),
  },
  (t) => [index("ballots_vote_idx").on(t.voteId), uniqueIndex("ballots_receipt_uq").on(t.receiptHash)],
);

/** The tally of a closed vote, per candidate. Written once, at close. */
export const voteResults = sqliteTable(
  "vote_results",
  {
    voteId: integer("vote_id")
      .notNull()
      .references(() => votes.id),
    candidateId: integer("candidate_id")
      .notNull()
      .references(() => candidates.id),
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

// ---- Stage 5: implementation and supervision ----------------------------------------------------

/** 实施计划 of a project (a candidate elected by the vote). Public once published. */
export const plans = sqliteTable("plans", {
  candidateId: integer("candidate_id")
    .primaryKey()
    .references(() => candidates.id),
  responsibleUnit: text("responsible_unit").notNull(),
  annualTarget: text("annual_target").notNull(),
  publishedAt: integer("published_at"),
  updatedAt: integer("updated_at").notNull(),
});

export const milestones = sqliteTable(
  "milestones",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    candidateId: integer("candidate_id")
      .notNull()
      .references(() => candidates.id),
    title: text("title").notNull(),
    dueOn: text("due_on").notNull(),
    doneOn: text("done_on"),
  },
  (t) => [index("milestones_candidate_idx").on(t.candidateId, t.dueOn)],
);

/** 进度报告 by the responsible unit: percent complete and money disbursed to date, by source. */
export const progressReports = sqliteTable(
  "progress_reports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    candidateId: integer("candidate_id")
      .notNull()
      .references(() => candidates.id),
    reportedOn: text("reported_on").notNull(),
    percent: integer("percent").notNull(),
    body: text("body").notNull(),
    /** Money disbursed to date, integer yuan, as JSON { source: yuan }. */
    disbursed: text("disbursed").notNull(),
    disbursedYuan: integer("disbursed_yuan").notNull(),
    userId: integer("user_id").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("progress_candidate_idx").on(t.candidateId, t.id)],
);

export type Plan = typeof plans.$inferSelect;
export type Milestone = typeof milestones.$inferSelect;
export type ProgressReport = typeof progressReports.$inferSelect;

/** 进度照片: a photo attached to a progress report. The image itself is in R2 (binding PHOTOS). */
export const photos = sqliteTable(
  "photos",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    candidateId: integer("candidate_id")
      .notNull()
      .references(() => candidates.id),
    reportId: integer("report_id")
      .notNull()
      .references(() => progressReports.id),
    /** R2 object key (random, unguessable); the original and a display-sized copy share its prefix. */
    objectKey: text("object_key").notNull(),
    contentType: text("content_type").notNull(),
    bytes: integer("bytes").notNull(),
    caption: text("caption").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("photos_candidate_idx").on(t.candidateId, t.id), index("photos_report_idx").on(t.reportId)],
);

/** 监督小组: one supervision group of deputies per project, set up by congress staff. */
export const supervisionGroups = sqliteTable("supervision_groups", {
  candidateId: integer("candidate_id")
    .primaryKey()
    .references(() => candidates.id),
  name: text("name").notNull(),
  leaderDeputyId: integer("leader_deputy_id").references(() => deputies.id),
  createdAt: integer("created_at").notNull(),
});

export const supervisionMembers = sqliteTable(
  "supervision_members",
  {
    candidateId: integer("candidate_id")
      .notNull()
      .references(() => candidates.id),
    deputyId: integer("deputy_id")
      .notNull()
      .references(() => deputies.id),
  },
  (t) => [
    primaryKey({ columns: [t.candidateId, t.deputyId] }),
    index("supervision_deputy_idx").on(t.deputyId),
  ],
);

/** 视察: an inspection of a project (announced or unannounced, 明察暗访), with its findings. */
export const inspections = sqliteTable(
  "inspections",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    candidateId: integer("candidate_id")
      .notNull()
      .references(() => candidates.id),
    inspectedOn: text("inspected_on").notNull(),
    unannounced: integer("unannounced", { mode: "boolean" }).notNull().default(false),
    /** Who took part, as written by the recorder (e.g. "监督第三组 5 名代表"). */
    participants: text("participants").notNull(),
    findings: text("findings").notNull(),
    userId: integer("user_id").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("inspections_candidate_idx").on(t.candidateId, t.id)],
);

export const PROBLEM_STATUSES = ["open", "rectifying", "closed"] as const;
export const PROBLEM_SOURCES = ["inspection", "report", "assessment"] as const;

/**
 * 问题 → 责任 → 整改: a problem found on a project (at an inspection, in a report, or a 不满意
 * assessment), the unit made responsible, its rectification with a deadline, until closed.
 */
export const problems = sqliteTable(
  "problems",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    candidateId: integer("candidate_id")
      .notNull()
      .references(() => candidates.id),
    source: text("source", { enum: PROBLEM_SOURCES }).notNull(),
    inspectionId: integer("inspection_id").references(() => inspections.id),
    /** The assessment vote that graded the project 不满意 (source "assessment"). */
    voteId: integer("vote_id").references(() => votes.id),
    foundOn: text("found_on").notNull(),
    description: text("description").notNull(),
    responsibleUnit: text("responsible_unit").notNull(),
    deadline: text("deadline").notNull(),
    status: text("status", { enum: PROBLEM_STATUSES }).notNull(),
    /** What the responsible unit did (整改情况). */
    rectification: text("rectification"),
    rectifiedOn: text("rectified_on"),
    closedAt: integer("closed_at"),
    closedBy: integer("closed_by"),
    createdBy: integer("created_by").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("problems_candidate_idx").on(t.candidateId, t.id),
    index("problems_status_idx").on(t.status, t.deadline),
  ],
);

export const CHANGE_KINDS = ["postpone", "change", "stop", "carry_over"] as const;

/**
 * A change to a project (延期/变更/终止/结转), only by a recorded decision of the standing committee
 * (or the township congress), published as a public announcement.
 */
export const projectChanges = sqliteTable(
  "project_changes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    candidateId: integer("candidate_id")
      .notNull()
      .references(() => candidates.id),
    kind: text("kind", { enum: CHANGE_KINDS }).notNull(),
    /** The deciding body as written (e.g. 旗人大常委会第十二次会议). */
    decisionBody: text("decision_body").notNull(),
    /** 文号 of the decision (e.g. 青常发〔2026〕5号). */
    decisionNo: text("decision_no").notNull(),
    decidedOn: text("decided_on").notNull(),
    reason: text("reason").notNull(),
    /** What changes: the new deadline, the new content, or what is carried over. */
    detail: text("detail").notNull(),
    /** Carry-over: the next year's cycle the project continues in. */
    carriedToCycleId: integer("carried_to_cycle_id").references(() => cycles.id),
    /** Public announcement number, per jurisdiction and year (变更公告 第N号). */
    announcementNo: integer("announcement_no").notNull(),
    createdBy: integer("created_by").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("changes_candidate_idx").on(t.candidateId, t.id)],
);

/**
 * 群众满意度: the public's non-binding rating of a finished project (1–5). One per project per
 * rater per day, where the rater is a keyed hash of the address — no address is stored.
 */
export const publicRatings = sqliteTable(
  "public_ratings",
  {
    candidateId: integer("candidate_id")
      .notNull()
      .references(() => candidates.id),
    raterHash: text("rater_hash").notNull(),
    day: text("day").notNull(),
    rating: integer("rating").notNull(),
  },
  (t) => [primaryKey({ columns: [t.candidateId, t.raterHash, t.day] })],
);

export type Photo = typeof photos.$inferSelect;
export type Inspection = typeof inspections.$inferSelect;
export type Problem = typeof problems.$inferSelect;
export type ProjectChange = typeof projectChanges.$inferSelect;

export const PROJECT_STATUSES = [
  "planned",
  "in_progress",
  "completed",
  "postponed",
  "stopped",
  "carried_over",
] as const;

/**
 * Read model of a project for the public list, the city view and the open data: one row per
 * project, rebuilt from the source tables (src/platform/data/rollups.ts) in the same batch as every write
 * that changes them, so a page reads as many rows as it shows, whatever the size of the history.
 */
export const projectState = sqliteTable(
  "project_state",
  {
    candidateId: integer("candidate_id")
      .primaryKey()
      .references(() => candidates.id),
    cycleId: integer("cycle_id")
      .notNull()
      .references(() => cycles.id),
    jurisdictionCode: text("jurisdiction_code").notNull(),
    year: integer("year").notNull(),
    position: integer("position").notNull(),
    name: text("name").notNull(),
    responsibleUnit: text("responsible_unit").notNull(),
    status: text("status", { enum: PROJECT_STATUSES }).notNull(),
    plannedYuan: integer("planned_yuan").notNull(),
    percent: integer("percent").notNull().default(0),
    disbursedYuan: integer("disbursed_yuan").notNull().default(0),
    latestReportId: integer("latest_report_id"),
    reportedOn: text("reported_on"),
    openProblems: integer("open_problems").notNull().default(0),
    /** Year-end assessment: the grade and the counts behind the rate (满意+基本满意)/valid. */
    grade: text("grade", { enum: ["satisfied", "basic", "unsatisfied"] }),
    satisfiedOrBasic: integer("satisfied_or_basic"),
    assessedValid: integer("assessed_valid"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("project_state_cycle_idx").on(t.cycleId, t.position),
    index("project_state_jy_idx").on(t.jurisdictionCode, t.year),
  ],
);

/** Totals per jurisdiction and year (the city view), rebuilt with project_state. */
export const yearTotals = sqliteTable(
  "year_totals",
  {
    jurisdictionCode: text("jurisdiction_code").notNull(),
    year: integer("year").notNull(),
    projects: integer("projects").notNull(),
    plannedYuan: integer("planned_yuan").notNull(),
    disbursedYuan: integer("disbursed_yuan").notNull(),
    completed: integer("completed").notNull(),
    stopped: integer("stopped").notNull(),
    carriedOver: integer("carried_over").notNull(),
    openProblems: integer("open_problems").notNull(),
    assessed: integer("assessed").notNull(),
    unsatisfied: integer("unsatisfied").notNull(),
    satisfiedOrBasic: integer("satisfied_or_basic").notNull(),
    assessedValid: integer("assessed_valid").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionCode, t.year] }), index("year_totals_year_idx").on(t.year)],
);

export type ProjectState = typeof projectState.$inferSelect;
export type YearTotals = typeof yearTotals.$inferSelect;

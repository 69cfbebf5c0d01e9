// Stages 1–2: collection and screening.
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { id, primaryRef, ref } from "./columns";
import { cycles } from "./core";

// ---- Stages 1–2: collection and screening -------------------------------------------------------

/** 征集公告: one per cycle. Dates are stored as the first and last millisecond of the open period. */
export const notices = sqliteTable("notices", {
  cycleId: primaryRef("cycle_id", () => cycles.id),
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
    id: id(),
    cycleId: ref("cycle_id", () => cycles.id),
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
    id: id(),
    cycleId: ref("cycle_id", () => cycles.id),
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
    candidateId: ref("candidate_id", () => candidates.id),
    source: text("source", { enum: FUNDING_SOURCES }).notNull(),
    amountYuan: integer("amount_yuan").notNull(),
  },
  (t) => [primaryKey({ columns: [t.candidateId, t.source] })],
);

/** 移交: the candidate list handed to the congress (locked), and a recorded return (unlocked). */
export const handovers = sqliteTable(
  "handovers",
  {
    id: id(),
    cycleId: ref("cycle_id", () => cycles.id),
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

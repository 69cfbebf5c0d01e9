// Stage 5: implementation and supervision.
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { candidates } from "./collection";
import { id, primaryRef, ref } from "./columns";
import { cycles, deputies } from "./core";
import { votes } from "./voting";

// ---- Stage 5: implementation and supervision ----------------------------------------------------

/** 实施计划 of a project (a candidate elected by the vote). Public once published. */
export const plans = sqliteTable("plans", {
  candidateId: primaryRef("candidate_id", () => candidates.id),
  responsibleUnit: text("responsible_unit").notNull(),
  annualTarget: text("annual_target").notNull(),
  publishedAt: integer("published_at"),
  updatedAt: integer("updated_at").notNull(),
});

export const milestones = sqliteTable(
  "milestones",
  {
    id: id(),
    candidateId: ref("candidate_id", () => candidates.id),
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
    id: id(),
    candidateId: ref("candidate_id", () => candidates.id),
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
    id: id(),
    candidateId: ref("candidate_id", () => candidates.id),
    reportId: ref("report_id", () => progressReports.id),
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
  candidateId: primaryRef("candidate_id", () => candidates.id),
  name: text("name").notNull(),
  leaderDeputyId: integer("leader_deputy_id").references(() => deputies.id),
  createdAt: integer("created_at").notNull(),
});

export const supervisionMembers = sqliteTable(
  "supervision_members",
  {
    candidateId: ref("candidate_id", () => candidates.id),
    deputyId: ref("deputy_id", () => deputies.id),
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
    id: id(),
    candidateId: ref("candidate_id", () => candidates.id),
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
    id: id(),
    candidateId: ref("candidate_id", () => candidates.id),
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
    id: id(),
    candidateId: ref("candidate_id", () => candidates.id),
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
    candidateId: ref("candidate_id", () => candidates.id),
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

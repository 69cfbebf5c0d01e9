// The read models, rebuilt in the writers' batches (../rollups.ts).
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { candidates } from "./collection";
import { primaryRef, ref } from "./columns";
import { cycles } from "./core";

export const PROJECT_STATUSES = [
  "planned",
  "in_progress",
  "completed",
  "postponed",
  "stopped",
  "carried_over",
] as const;

/** The jurisdiction and year of the cycle, kept in the row so that the city view needs no join. */
const jurisdictionYear = () => ({
  jurisdictionCode: text("jurisdiction_code").notNull(),
  year: integer("year").notNull(),
});

/**
 * Read model of a project for the public list, the city view and the open data: one row per
 * project, rebuilt from the source tables (src/platform/data/rollups.ts) in the same batch as every write
 * that changes them, so a page reads as many rows as it shows, whatever the size of the history.
 */
export const projectState = sqliteTable(
  "project_state",
  {
    candidateId: primaryRef("candidate_id", () => candidates.id),
    cycleId: ref("cycle_id", () => cycles.id),
    ...jurisdictionYear(),
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
    ...jurisdictionYear(),
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

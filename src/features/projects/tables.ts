// The public project list and a project's reports as downloadable tables (CSV / .xlsx): figures and
// text only, no person anywhere.
import { FUNDING_SOURCES, type ProgressReport, type ProjectState } from "../../platform/data/schema";
import { disbursedBySource, satisfactionRate, wanPlain } from "./projects";

export interface ProjectTableLabels {
  header: (key: string) => string;
  status: (s: ProjectState["status"]) => string;
  grade: (g: NonNullable<ProjectState["grade"]>) => string;
  fund: (s: string) => string;
}

/** The public project list as a table (CSV / .xlsx): no person anywhere. */
export function projectsTable(rows: ProjectState[], l: ProjectTableLabels) {
  return {
    header: [
      "position",
      "name",
      "responsibleUnit",
      "status",
      "percent",
      "plannedWan",
      "disbursedWan",
      "reportedOn",
      "openProblems",
      "grade",
      "rate",
    ].map(l.header),
    rows: rows.map((r) => [
      r.position,
      r.name,
      r.responsibleUnit,
      l.status(r.status),
      r.percent,
      wanPlain(r.plannedYuan),
      wanPlain(r.disbursedYuan),
      r.reportedOn,
      r.openProblems,
      r.grade ? l.grade(r.grade) : null,
      satisfactionRate(r.satisfiedOrBasic, r.assessedValid),
    ]),
  };
}

/** A project's progress reports as a table: date, percent, money by source, text. No reporter. */
export function reportsTable(reports: ProgressReport[], l: ProjectTableLabels) {
  return {
    header: [
      l.header("reportedOn"),
      l.header("percent"),
      ...FUNDING_SOURCES.map((s) => `${l.fund(s)}（${l.header("wan")}）`),
      l.header("disbursedWan"),
      l.header("body"),
    ],
    rows: reports.map((r) => {
      const by = disbursedBySource(r);
      return [
        r.reportedOn,
        r.percent,
        ...FUNDING_SOURCES.map((s) => (by[s] ? wanPlain(by[s] as number) : null)),
        wanPlain(r.disbursedYuan),
        r.body,
      ];
    }),
  };
}

// The open API's answers as valibot output schemas. Every handler's answer is parsed through its
// schema before it is sent (see `openGet` in operation.ts), and `v.object` keeps only the keys it
// names: a mapper that passed on a field nobody listed here (a proposer's phone, a user id) would
// see it dropped. The OpenAPI description is generated from these same schemas (openapi.ts), and
// every enumeration comes from the code's own constants, never written out again.
import * as v from "valibot";
import { STAGES } from "../../../platform/cycle/stages";
import {
  CHANGE_KINDS,
  FUNDING_SOURCES,
  jurisdictions,
  PROBLEM_SOURCES,
  PROBLEM_STATUSES,
  PROJECT_STATUSES,
  projectState,
  voteResults,
  votes,
} from "../../../platform/data/schema";
import { IMAGE_TYPES } from "../../projects/photos";

export const described = <S extends v.GenericSchema>(schema: S, description: string) =>
  v.pipe(schema, v.description(description));

export const int = v.pipe(v.number(), v.integer());
const yuan = (what: string) => described(int, `${what} Integer yuan (元).`);
const percent = v.pipe(int, v.minValue(0), v.maxValue(100));
const date = v.pipe(v.string(), v.isoDate());
const rate = described(
  v.nullable(v.string()),
  '(satisfied + basically satisfied) / valid ballots, in percent with one decimal, e.g. "92.3".',
);
const cursor = <S extends v.GenericSchema>(schema: S, param: string) =>
  described(v.nullable(schema), `Cursor of the next page (pass as \`${param}\`).`);

type FundingSource = (typeof FUNDING_SOURCES)[number];
const bySource = described(
  v.partial(
    v.object(Object.fromEntries(FUNDING_SOURCES.map((s) => [s, int])) as Record<FundingSource, typeof int>),
  ),
  "Integer yuan by funding source.",
);

const jurisdictionEntries = {
  code: v.string(),
  name: v.string(),
  nameEn: v.string(),
  level: v.picklist(jurisdictions.level.enumValues),
  parentCode: v.nullable(v.string()),
};
const Jurisdiction = v.object(jurisdictionEntries);

const totalsEntries = {
  projects: int,
  plannedYuan: yuan("Sum planned."),
  disbursedYuan: yuan("Sum disbursed."),
  completed: int,
  stopped: int,
  carriedOver: int,
  openProblems: int,
  assessed: int,
  unsatisfied: int,
  satisfactionRate: rate,
};
const YearTotals = v.object(totalsEntries);

const ProjectRow = v.object({
  id: int,
  position: described(int, "Order on the list."),
  name: v.string(),
  responsibleUnit: described(v.string(), "责任单位 (an office)."),
  status: v.picklist(PROJECT_STATUSES),
  percent: described(percent, "Percent complete, 0–100, from the latest report."),
  plannedYuan: yuan("计划投资."),
  disbursedYuan: yuan("Disbursed to date (latest report)."),
  reportedOn: v.nullable(date),
  openProblems: int,
  grade: v.nullable(v.picklist(projectState.grade.enumValues)),
  satisfactionRate: rate,
});

const ProjectList = v.object({
  jurisdiction: Jurisdiction,
  year: int,
  stage: v.picklist(STAGES),
  totals: v.nullable(YearTotals),
  projects: v.array(ProjectRow),
  next: cursor(v.string(), "after"),
});

const Photo = v.object({
  id: int,
  url: described(v.string(), "Path of the image on this server."),
  caption: v.string(),
  // Stored as text; what leaves is one of the sniffed types.
  contentType: v.pipe(v.string(), v.picklist(IMAGE_TYPES)),
  width: v.nullable(int),
  height: v.nullable(int),
});

const Report = v.object({
  id: int,
  reportedOn: date,
  percent,
  body: v.string(),
  disbursedYuan: yuan("Disbursed to date."),
  disbursedBySource: bySource,
  photos: v.array(Photo),
});

const ReportList = v.object({ reports: v.array(Report), next: cursor(int, "before") });

const Change = v.object({
  id: int,
  kind: v.picklist(CHANGE_KINDS),
  announcementNo: described(int, "变更公告 number."),
  decisionBody: v.string(),
  decisionNo: v.string(),
  decidedOn: date,
  reason: v.string(),
  detail: v.string(),
  carriedToYear: v.nullable(int),
});

const Problem = v.object({
  id: int,
  source: v.picklist(PROBLEM_SOURCES),
  foundOn: date,
  description: v.string(),
  responsibleUnit: v.string(),
  deadline: date,
  status: v.picklist(PROBLEM_STATUSES),
  overdue: v.boolean(),
  rectification: v.nullable(v.string()),
  rectifiedOn: v.nullable(date),
  closedOn: v.nullable(date),
});

const Project = v.object({
  id: int,
  position: int,
  name: v.string(),
  content: v.string(),
  responsibleUnit: v.string(),
  status: v.picklist(PROJECT_STATUSES),
  percent,
  plannedYuan: yuan("计划投资."),
  plannedBySource: bySource,
  disbursedYuan: yuan("Disbursed to date."),
  disbursedBySource: bySource,
  plan: described(
    v.nullable(v.object({ annualTarget: v.string(), publishedAt: v.pipe(v.string(), v.isoTimestamp()) })),
    "The published implementation plan (null before publication).",
  ),
  milestones: v.array(v.object({ title: v.string(), dueOn: date, doneOn: v.nullable(date) })),
  latestReport: v.nullable(Report),
  changes: described(v.array(Change), "Decisions to postpone, change, stop or carry over, as announced."),
  problems: described(v.array(Problem), "Problems found (问题 → 责任 → 整改) and their rectification."),
  inspections: v.array(v.object({ inspectedOn: date, unannounced: v.boolean() })),
  assessment: described(
    v.nullable(
      v.object({
        grade: v.picklist(projectState.grade.enumValues),
        satisfiedOrBasic: v.nullable(int),
        valid: v.nullable(int),
        satisfactionRate: rate,
      }),
    ),
    "The deputies' year-end satisfaction assessment (null until assessed).",
  ),
  publicRating: described(
    v.object({
      count: int,
      average: v.nullable(v.string()),
      binding: described(v.literal(false), "Always false: not the formal assessment."),
    }),
    "The public's non-binding 1–5 star rating (仅供参考, 不作为正式测评结果).",
  ),
});

const Overview = v.object({
  jurisdiction: Jurisdiction,
  year: int,
  totals: v.object({ jurisdictions: int, ...totalsEntries }),
  jurisdictions: v.array(
    v.object({
      ...jurisdictionEntries,
      stage: v.nullable(v.picklist(STAGES)),
      ...v.omit(YearTotals, ["stopped", "carriedOver"]).entries,
    }),
  ),
});

const VoteResults = v.object({
  id: int,
  title: v.string(),
  kind: v.picklist(votes.kind.enumValues),
  announcementNo: v.nullable(int),
  rosterSize: described(v.nullable(int), "应到."),
  present: described(v.nullable(int), "实到 when the vote opened."),
  ballotsCast: v.nullable(int),
  valid: v.nullable(int),
  invalid: v.nullable(int),
  places: int,
  results: v.array(
    v.object({
      candidateId: int,
      position: int,
      name: described(v.string(), "The project's name."),
      support: described(int, "赞成 (assessment: 满意)."),
      basic: described(int, "Assessment only: 基本满意."),
      against: described(int, "反对 (assessment: 不满意)."),
      abstain: described(int, "弃权."),
      passed: v.boolean(),
      elected: v.boolean(),
      rank: int,
      grade: v.nullable(v.picklist(voteResults.grade.enumValues)),
    }),
  ),
});

/** The named schemas: each is one entry of `components.schemas`, referenced where it is used. */
export const COMPONENTS = {
  Jurisdiction,
  YearTotals,
  ProjectRow,
  ProjectList,
  Photo,
  Report,
  ReportList,
  Change,
  Problem,
  Project,
  Overview,
  VoteResults,
};

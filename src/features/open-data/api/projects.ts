// The open API's project answers: a year's list with its totals, one project with its progress,
// and a project's reports. Only what the schemas name leaves (schemas.ts): offices, dates, counts
// and money, never a person.
import type { Context } from "hono";
import * as v from "valibot";
import { getCycle } from "../../../platform/cycle/cycles";
import { getJurisdiction } from "../../../platform/cycle/jurisdictions";
import type { Photo, ProgressReport, ProjectState } from "../../../platform/data/schema";
import type { AppEnv } from "../../../platform/http/env";
import { ratingSummary } from "../../assessment/ratings";
import { photoSize, photosOfReports, photoUrl } from "../../projects/photos";
import {
  disbursedBySource,
  getProject,
  projectStateOf,
  projectStatePage,
  reportsPage,
  satisfactionRate,
  yearTotalsOf,
} from "../../projects/projects";
import { publicSupervision } from "../../supervision/supervision";
import { type Operation, YEAR } from "./openapi";
import { COMPONENTS, described, int } from "./schemas";

const cursor = "Cursor from `next` of the previous page.";

/** The satisfaction rate of anything that counts satisfied-or-basic and valid ballots. */
export const withRate = <T extends { satisfiedOrBasic: number | null; assessedValid: number | null }>(
  t: T,
) => ({ ...t, satisfactionRate: satisfactionRate(t.satisfiedOrBasic, t.assessedValid) });

async function loadYear(c: Context<AppEnv>) {
  const j = await getJurisdiction(c.var.db, c.req.param("code") as string);
  const cycle = await getCycle(c.var.db, j.code, Number(c.req.param("year")));
  return { j, cycle };
}

async function loadProject(c: Context<AppEnv>) {
  const { j, cycle } = await loadYear(c);
  const p = await getProject(c.var.db, cycle, Number(c.req.param("pid")), c.var.now);
  return { j, cycle, p };
}

function photoOut(code: string, year: number, p: Photo) {
  const size = photoSize(p.objectKey);
  return {
    ...p,
    url: photoUrl(code, year, p.candidateId, p.id),
    width: size?.width ?? null,
    height: size?.height ?? null,
  };
}

function reportOut(code: string, year: number, r: ProgressReport, photos: Photo[]) {
  return {
    ...r,
    disbursedBySource: disbursedBySource(r),
    photos: photos.filter((p) => p.reportId === r.id).map((p) => photoOut(code, year, p)),
  };
}

const projectRowOut = (r: ProjectState) => ({ ...withRate(r), id: r.candidateId });

const listProjects: Operation<typeof COMPONENTS.ProjectList> = {
  path: `${YEAR}/projects`,
  operationId: "listProjects",
  summary: "The projects of a jurisdiction and year, with the year's totals.",
  query: {
    after: v.optional(described(v.string(), cursor)),
    limit: v.optional(
      described(v.pipe(int, v.minValue(1), v.maxValue(100)), "Projects per page, 1–100 (default 20)."),
    ),
  },
  schema: COMPONENTS.ProjectList,
  answers: "One page of projects.",
  answer: async (c) => {
    const { j, cycle } = await loadYear(c);
    const limit = Math.min(100, Math.max(1, Number(c.req.query("limit")) || 20));
    const totals = await yearTotalsOf(c.var.db, cycle);
    const page = await projectStatePage(c.var.db, cycle.id, c.req.query("after"), limit);
    return {
      jurisdiction: j,
      year: cycle.year,
      stage: cycle.stage,
      totals: totals && withRate(totals),
      projects: page.rows.map(projectRowOut),
      next: page.next,
    };
  },
};

const getOneProject: Operation<typeof COMPONENTS.Project> = {
  path: `${YEAR}/projects/:pid{[0-9]+}`,
  operationId: "getProject",
  summary:
    "One project: plan, milestones, money by source, latest report with photos, changes, problems, assessment.",
  schema: COMPONENTS.Project,
  answers: "The project.",
  answer: async (c) => {
    const { j, cycle, p } = await loadProject(c);
    const db = c.var.db;
    const published = Boolean(p.plan?.publishedAt);
    const [state, sup, rating, photos] = await Promise.all([
      projectStateOf(db, p.id),
      publicSupervision(db, p.id, c.var.now),
      ratingSummary(db, p.id),
      published && p.latest ? photosOfReports(db, p.id, [p.latest.id]) : Promise.resolve([]),
    ]);
    return {
      ...p,
      status: state?.status ?? "planned",
      percent: p.latest?.percent ?? 0,
      disbursedYuan: p.latest?.disbursedYuan ?? 0,
      disbursedBySource: disbursedBySource(p.latest),
      plan:
        published && p.plan
          ? { ...p.plan, publishedAt: new Date(p.plan.publishedAt as number).toISOString() }
          : null,
      milestones: published ? p.milestones : [],
      latestReport: published && p.latest ? reportOut(j.code, cycle.year, p.latest, photos) : null,
      ...sup,
      assessment: state?.grade
        ? { ...withRate(state), grade: state.grade, valid: state.assessedValid }
        : null,
      publicRating: { ...rating, binding: false as const },
    };
  },
};

const listReports: Operation<typeof COMPONENTS.ReportList> = {
  path: `${YEAR}/projects/:pid{[0-9]+}/reports`,
  operationId: "listReports",
  summary: "A project's progress reports, newest first, 10 a page.",
  query: { before: v.optional(described(v.pipe(int, v.minValue(1)), cursor)) },
  schema: COMPONENTS.ReportList,
  answers: "One page of reports.",
  answer: async (c) => {
    const { j, cycle, p } = await loadProject(c);
    const db = c.var.db;
    if (!p.plan?.publishedAt) return { reports: [], next: null };
    const before = Number(c.req.query("before"));
    const page = await reportsPage(db, p.id, Number.isInteger(before) && before > 0 ? before : undefined);
    const photos = await photosOfReports(
      db,
      p.id,
      page.rows.map((r) => r.id),
    );
    return { reports: page.rows.map((r) => reportOut(j.code, cycle.year, r, photos)), next: page.next };
  },
};

export const projectOperations = [listProjects, getOneProject, listReports];

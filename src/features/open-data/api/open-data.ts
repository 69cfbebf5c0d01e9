// Open data: a read-only JSON API under /api/open (no sign-in, CORS open, short public caching) for
// the projects of a jurisdiction and year, one project with its progress, a project's reports, a
// city's overview and a closed vote's result — and `sendTable`, which the pages use to send every
// public table as CSV (UTF-8 with BOM) or .xlsx (src/features/screening/exports.ts).
//
// Never any personal data: no user or deputy ids, no names of people, no phones; only offices
// (responsible units), projects, dates, counts and money (integer yuan).
//
// The OpenAPI 3.1 description is written by hand as a typed object (OPENAPI below): the API is five
// GETs, the project validates with valibot (which no OpenAPI generator for Hono reads without more
// dependencies), and a hand-written description says what each field means in this domain. The
// tests keep it honest: every documented path is requested and its answer checked against the
// documented required fields.
import type { Context } from "hono";
import { getCycle } from "../../../platform/cycle/cycles";
import { getJurisdiction } from "../../../platform/cycle/jurisdictions";
import type { Jurisdiction, Photo, ProgressReport, ProjectState } from "../../../platform/data/schema";
import { createRouter } from "../../../platform/http/app";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
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
import { type Table, toCsv, toXlsx } from "../../screening/exports";
import { publicSupervision } from "../../supervision/supervision";
import { getResults, getVoteAt } from "../../voting/votes";
import { cityOverview } from "../city";

/** Sends a table as a download: CSV (UTF-8 BOM, CRLF) or .xlsx. */
export async function sendTable(
  c: Context<AppEnv>,
  table: Table,
  base: string,
  format: string,
  sheet: string,
) {
  const filename = encodeURIComponent(`${base}.${format}`);
  c.header("Content-Disposition", `attachment; filename*=UTF-8''${filename}`);
  c.header("Cache-Control", "public, max-age=60");
  if (format === "csv") {
    c.header("Content-Type", "text/csv; charset=utf-8");
    return c.body(toCsv(table));
  }
  c.header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  return c.body(await (await toXlsx(table, sheet)).arrayBuffer());
}

export const openDataApi = createRouter();

const YEAR = "/open/jurisdictions/:code/years/:year{[0-9]{4}}";

// Open to every origin, cacheable for a minute, and the same for everyone: no cookie is set on it.
openDataApi.use("/open/*", async (c, next) => {
  await next();
  c.header("Access-Control-Allow-Origin", "*");
  if (c.res.status === 200 && !c.res.headers.get("Cache-Control"))
    c.header("Cache-Control", "public, max-age=60");
  c.res.headers.delete("Set-Cookie");
});

function jurisdictionOut(j: Jurisdiction) {
  return { code: j.code, name: j.name, nameEn: j.nameEn, level: j.level, parentCode: j.parentCode };
}

function projectRowOut(r: ProjectState) {
  return {
    id: r.candidateId,
    position: r.position,
    name: r.name,
    responsibleUnit: r.responsibleUnit,
    status: r.status,
    percent: r.percent,
    plannedYuan: r.plannedYuan,
    disbursedYuan: r.disbursedYuan,
    reportedOn: r.reportedOn,
    openProblems: r.openProblems,
    grade: r.grade,
    satisfactionRate: satisfactionRate(r.satisfiedOrBasic, r.assessedValid),
  };
}

function photoOut(code: string, year: number, p: Photo) {
  const size = photoSize(p.objectKey);
  return {
    id: p.id,
    url: photoUrl(code, year, p.candidateId, p.id),
    caption: p.caption,
    contentType: p.contentType,
    width: size?.width ?? null,
    height: size?.height ?? null,
  };
}

function reportOut(code: string, year: number, r: ProgressReport, photos: Photo[]) {
  return {
    id: r.id,
    reportedOn: r.reportedOn,
    percent: r.percent,
    body: r.body,
    disbursedYuan: r.disbursedYuan,
    disbursedBySource: disbursedBySource(r),
    photos: photos.filter((p) => p.reportId === r.id).map((p) => photoOut(code, year, p)),
  };
}

async function loadYear(c: Context<AppEnv>) {
  const j = await getJurisdiction(c.var.db, c.req.param("code") as string);
  const cycle = await getCycle(c.var.db, j.code, Number(c.req.param("year")));
  return { j, cycle };
}

openDataApi.get(`${YEAR}/projects`, async (c) => {
  const { j, cycle } = await loadYear(c);
  const limit = Math.min(100, Math.max(1, Number(c.req.query("limit")) || 20));
  const totals = await yearTotalsOf(c.var.db, cycle);
  const page = await projectStatePage(c.var.db, cycle.id, c.req.query("after"), limit);
  return c.json({
    jurisdiction: jurisdictionOut(j),
    year: cycle.year,
    stage: cycle.stage,
    totals: totals
      ? {
          projects: totals.projects,
          plannedYuan: totals.plannedYuan,
          disbursedYuan: totals.disbursedYuan,
          completed: totals.completed,
          stopped: totals.stopped,
          carriedOver: totals.carriedOver,
          openProblems: totals.openProblems,
          assessed: totals.assessed,
          unsatisfied: totals.unsatisfied,
          satisfactionRate: satisfactionRate(totals.satisfiedOrBasic, totals.assessedValid),
        }
      : null,
    projects: page.rows.map(projectRowOut),
    next: page.next,
  });
});

openDataApi.get(`${YEAR}/projects/:pid{[0-9]+}`, async (c) => {
  const { j, cycle } = await loadYear(c);
  const db = c.var.db;
  const p = await getProject(db, cycle, Number(c.req.param("pid")), c.var.now);
  const published = Boolean(p.plan?.publishedAt);
  const [state, sup, rating, photos] = await Promise.all([
    projectStateOf(db, p.id),
    publicSupervision(db, p.id, c.var.now),
    ratingSummary(db, p.id),
    published && p.latest ? photosOfReports(db, p.id, [p.latest.id]) : Promise.resolve([]),
  ]);
  return c.json({
    id: p.id,
    position: p.position,
    name: p.name,
    content: p.content,
    responsibleUnit: p.responsibleUnit,
    status: state?.status ?? "planned",
    percent: p.latest?.percent ?? 0,
    plannedYuan: p.plannedYuan,
    plannedBySource: p.plannedBySource,
    disbursedYuan: p.latest?.disbursedYuan ?? 0,
    disbursedBySource: disbursedBySource(p.latest),
    plan:
      published && p.plan
        ? {
            annualTarget: p.plan.annualTarget,
            publishedAt: new Date(p.plan.publishedAt as number).toISOString(),
          }
        : null,
    milestones: published
      ? p.milestones.map((m) => ({ title: m.title, dueOn: m.dueOn, doneOn: m.doneOn }))
      : [],
    latestReport: published && p.latest ? reportOut(j.code, cycle.year, p.latest, photos) : null,
    changes: sup.changes,
    problems: sup.problems,
    inspections: sup.inspections,
    assessment: state?.grade
      ? {
          grade: state.grade,
          satisfiedOrBasic: state.satisfiedOrBasic,
          valid: state.assessedValid,
          satisfactionRate: satisfactionRate(state.satisfiedOrBasic, state.assessedValid),
        }
      : null,
    publicRating: { ...rating, binding: false },
  });
});

openDataApi.get(`${YEAR}/projects/:pid{[0-9]+}/reports`, async (c) => {
  const { j, cycle } = await loadYear(c);
  const db = c.var.db;
  const p = await getProject(db, cycle, Number(c.req.param("pid")), c.var.now);
  if (!p.plan?.publishedAt) return c.json({ reports: [], next: null });
  const before = Number(c.req.query("before"));
  const page = await reportsPage(db, p.id, Number.isInteger(before) && before > 0 ? before : undefined);
  const photos = await photosOfReports(
    db,
    p.id,
    page.rows.map((r) => r.id),
  );
  return c.json({ reports: page.rows.map((r) => reportOut(j.code, cycle.year, r, photos)), next: page.next });
});

openDataApi.get(`${YEAR}/overview`, async (c) => {
  const j = await getJurisdiction(c.var.db, c.req.param("code") as string);
  const o = await cityOverview(c.var.db, j, Number(c.req.param("year")));
  return c.json({
    jurisdiction: jurisdictionOut(j),
    year: o.year,
    totals: {
      jurisdictions: o.sum.jurisdictions,
      projects: o.sum.projects,
      plannedYuan: o.sum.plannedYuan,
      disbursedYuan: o.sum.disbursedYuan,
      completed: o.sum.completed,
      stopped: o.sum.stopped,
      carriedOver: o.sum.carriedOver,
      openProblems: o.sum.openProblems,
      assessed: o.sum.assessed,
      unsatisfied: o.sum.unsatisfied,
      satisfactionRate: satisfactionRate(o.sum.satisfiedOrBasic, o.sum.assessedValid),
    },
    jurisdictions: o.rows.map((r) => ({
      ...jurisdictionOut(r.jurisdiction),
      stage: r.stage,
      projects: r.totals?.projects ?? 0,
      plannedYuan: r.totals?.plannedYuan ?? 0,
      disbursedYuan: r.totals?.disbursedYuan ?? 0,
      completed: r.totals?.completed ?? 0,
      openProblems: r.totals?.openProblems ?? 0,
      assessed: r.totals?.assessed ?? 0,
      unsatisfied: r.totals?.unsatisfied ?? 0,
      satisfactionRate: r.totals ? satisfactionRate(r.totals.satisfiedOrBasic, r.totals.assessedValid) : null,
    })),
  });
});

openDataApi.get(`${YEAR}/votes/:vid{[0-9]+}/results`, async (c) => {
  const { vote } = await getVoteAt(
    c.var.db,
    c.req.param("code") as string,
    Number(c.req.param("year")),
    Number(c.req.param("vid")),
  );
  if (vote.status !== "closed") throw new AppError("not_found");
  const { vote: done, results } = await getResults(c.var.db, vote, c.var.now);
  // Counts only: no scrutineers' names, no ballot, no voter.
  return c.json({
    id: done.id,
    title: done.title,
    kind: done.kind,
    announcementNo: done.announcementNo,
    rosterSize: done.rosterSize,
    present: done.presentAtOpen,
    ballotsCast: done.ballotsCast,
    valid: done.validBallots,
    invalid: done.invalidBallots,
    places: done.places,
    results: results.map((r) => ({
      candidateId: r.candidateId,
      position: r.position,
      name: r.name,
      support: r.support,
      basic: r.basic,
      against: r.against,
      abstain: r.abstain,
      passed: r.passed,
      elected: r.elected,
      rank: r.rank,
      grade: r.grade,
    })),
  });
});

openDataApi.get("/open/openapi.json", (c) => c.json(OPENAPI));

// ---- The description -----------------------------------------------------------------------------

type Schema = {
  type?: string | readonly string[];
  description?: string;
  properties?: Record<string, Schema>;
  required?: readonly string[];
  items?: Schema;
  enum?: readonly (string | null)[];
  additionalProperties?: Schema | boolean;
  $ref?: string;
  anyOf?: readonly Schema[];
  format?: string;
  example?: unknown;
};

interface Operation {
  summary: string;
  description?: string;
  operationId: string;
  parameters: readonly {
    name: string;
    in: "path" | "query";
    required: boolean;
    description: string;
    schema: Schema;
  }[];
  responses: Record<string, { description: string; content?: { "application/json": { schema: Schema } } }>;
}

export interface OpenApiDoc {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string; license: { name: string } };
  servers: readonly { url: string }[];
  paths: Record<string, { get: Operation }>;
  components: { schemas: Record<string, Schema> };
}

const code = {
  name: "code",
  in: "path",
  required: true,
  description: "GB/T 2260-style jurisdiction code (6 or 9 digits).",
  schema: { type: "string", example: "159921" },
} as const;
const year = {
  name: "year",
  in: "path",
  required: true,
  description: "Year of the cycle (年度).",
  schema: { type: "integer", example: 2026 },
} as const;
const pid = {
  name: "pid",
  in: "path",
  required: true,
  description: "Project id.",
  schema: { type: "integer" },
} as const;
const yuan = (description: string): Schema => ({
  type: "integer",
  description: `${description} Integer yuan (元).`,
});
const rate: Schema = {
  type: ["string", "null"],
  description: '(satisfied + basically satisfied) / valid ballots, in percent with one decimal, e.g. "92.3".',
};
const bySource: Schema = {
  type: "object",
  description: "Integer yuan by funding source.",
  additionalProperties: { type: "integer" },
};
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const json = (description: string, schema: Schema) => ({
  description,
  content: { "application/json": { schema } },
});
const notFound = { description: "No such jurisdiction, year, project or vote." };

const OPENAPI: OpenApiDoc = {
  openapi: "3.1.0",
  info: {
    title: "民生实事票决平台 open data",
    version: "1",
    description:
      "Read-only public data of the livelihood-project votes: projects, progress, money, supervision and results. No sign-in. No personal data: no names or phones of people, no account ids. Money is integer yuan. Tables are also downloadable as CSV and .xlsx from the public pages.",
    license: { name: "Public data" },
  },
  servers: [{ url: "/api" }],
  paths: {
    "/open/jurisdictions/{code}/years/{year}/projects": {
      get: {
        operationId: "listProjects",
        summary: "The projects of a jurisdiction and year, with the year's totals.",
        parameters: [
          code,
          year,
          {
            name: "after",
            in: "query",
            required: false,
            description: "Cursor from `next` of the previous page.",
            schema: { type: "string" },
          },
          {
            name: "limit",
            in: "query",
            required: false,
            description: "Projects per page, 1–100 (default 20).",
            schema: { type: "integer" },
          },
        ],
        responses: { "200": json("One page of projects.", ref("ProjectList")), "404": notFound },
      },
    },
    "/open/jurisdictions/{code}/years/{year}/projects/{pid}": {
      get: {
        operationId: "getProject",
        summary:
          "One project: plan, milestones, money by source, latest report with photos, changes, problems, assessment.",
        parameters: [code, year, pid],
        responses: { "200": json("The project.", ref("Project")), "404": notFound },
      },
    },
    "/open/jurisdictions/{code}/years/{year}/projects/{pid}/reports": {
      get: {
        operationId: "listReports",
        summary: "A project's progress reports, newest first, 10 a page.",
        parameters: [
          code,
          year,
          pid,
          {
            name: "before",
            in: "query",
            required: false,
            description: "Cursor from `next` of the previous page.",
            schema: { type: "integer" },
          },
        ],
        responses: { "200": json("One page of reports.", ref("ReportList")), "404": notFound },
      },
    },
    "/open/jurisdictions/{code}/years/{year}/overview": {
      get: {
        operationId: "getOverview",
        summary: "Every jurisdiction below this one (banners, counties, townships) for a year, with totals.",
        parameters: [code, year],
        responses: { "200": json("The overview.", ref("Overview")), "404": notFound },
      },
    },
    "/open/jurisdictions/{code}/years/{year}/votes/{vid}/results": {
      get: {
        operationId: "getVoteResults",
        summary: "The result of a closed vote (counts per candidate or project); not found while open.",
        parameters: [
          code,
          year,
          { name: "vid", in: "path", required: true, description: "Vote id.", schema: { type: "integer" } },
        ],
        responses: { "200": json("The result.", ref("VoteResults")), "404": notFound },
      },
    },
  },
  components: {
    schemas: {
      Jurisdiction: {
        type: "object",
        required: ["code", "name", "nameEn", "level", "parentCode"],
        properties: {
          code: { type: "string" },
          name: { type: "string" },
          nameEn: { type: "string" },
          level: { type: "string", enum: ["city", "county", "township"] },
          parentCode: { type: ["string", "null"] },
        },
      },
      ProjectRow: {
        type: "object",
        required: [
          "id",
          "position",
          "name",
          "responsibleUnit",
          "status",
          "percent",
          "plannedYuan",
          "disbursedYuan",
          "reportedOn",
          "openProblems",
          "grade",
          "satisfactionRate",
        ],
        properties: {
          id: { type: "integer" },
          position: { type: "integer", description: "Order on the list." },
          name: { type: "string" },
          responsibleUnit: { type: "string", description: "责任单位 (an office)." },
          status: {
            type: "string",
            enum: ["planned", "in_progress", "completed", "postponed", "stopped", "carried_over"],
          },
          percent: { type: "integer", description: "Percent complete, 0–100, from the latest report." },
          plannedYuan: yuan("计划投资."),
          disbursedYuan: yuan("Disbursed to date (latest report)."),
          reportedOn: { type: ["string", "null"], format: "date" },
          openProblems: { type: "integer" },
          grade: { type: ["string", "null"], enum: ["satisfied", "basic", "unsatisfied", null] },
          satisfactionRate: rate,
        },
      },
      ProjectList: {
        type: "object",
        required: ["jurisdiction", "year", "stage", "totals", "projects", "next"],
        properties: {
          jurisdiction: ref("Jurisdiction"),
          year: { type: "integer" },
          stage: { type: "string", enum: ["collect", "screen", "deliberate", "vote", "supervise"] },
          totals: {
            type: ["object", "null"],
            required: ["projects", "plannedYuan", "disbursedYuan", "completed", "satisfactionRate"],
            properties: {
              projects: { type: "integer" },
              plannedYuan: yuan("Sum planned."),
              disbursedYuan: yuan("Sum disbursed."),
              completed: { type: "integer" },
              stopped: { type: "integer" },
              carriedOver: { type: "integer" },
              openProblems: { type: "integer" },
              assessed: { type: "integer" },
              unsatisfied: { type: "integer" },
              satisfactionRate: rate,
            },
          },
          projects: { type: "array", items: ref("ProjectRow") },
          next: { type: ["string", "null"], description: "Cursor of the next page (pass as `after`)." },
        },
      },
      Photo: {
        type: "object",
        required: ["id", "url", "caption", "contentType", "width", "height"],
        properties: {
          id: { type: "integer" },
          url: { type: "string", description: "Path of the image on this server." },
          caption: { type: "string" },
          contentType: { type: "string", enum: ["image/jpeg", "image/png", "image/webp"] },
          width: { type: ["integer", "null"] },
          height: { type: ["integer", "null"] },
        },
      },
      Report: {
        type: "object",
        required: ["id", "reportedOn", "percent", "body", "disbursedYuan", "disbursedBySource", "photos"],
        properties: {
          id: { type: "integer" },
          reportedOn: { type: "string", format: "date" },
          percent: { type: "integer" },
          body: { type: "string" },
          disbursedYuan: yuan("Disbursed to date."),
          disbursedBySource: bySource,
          photos: { type: "array", items: ref("Photo") },
        },
      },
      ReportList: {
        type: "object",
        required: ["reports", "next"],
        properties: {
          reports: { type: "array", items: ref("Report") },
          next: { type: ["integer", "null"], description: "Cursor of the next page (pass as `before`)." },
        },
      },
      Project: {
        type: "object",
        required: [
          "id",
          "name",
          "content",
          "responsibleUnit",
          "status",
          "percent",
          "plannedYuan",
          "plannedBySource",
          "disbursedYuan",
          "disbursedBySource",
          "plan",
          "milestones",
          "latestReport",
          "changes",
          "problems",
          "inspections",
          "assessment",
          "publicRating",
        ],
        properties: {
          id: { type: "integer" },
          position: { type: "integer" },
          name: { type: "string" },
          content: { type: "string" },
          responsibleUnit: { type: "string" },
          status: { type: "string" },
          percent: { type: "integer" },
          plannedYuan: yuan("计划投资."),
          plannedBySource: bySource,
          disbursedYuan: yuan("Disbursed to date."),
          disbursedBySource: bySource,
          plan: {
            type: ["object", "null"],
            description: "The published implementation plan (null before publication).",
            properties: {
              annualTarget: { type: "string" },
              publishedAt: { type: "string", format: "date-time" },
            },
          },
          milestones: {
            type: "array",
            items: {
              type: "object",
              required: ["title", "dueOn", "doneOn"],
              properties: {
                title: { type: "string" },
                dueOn: { type: "string", format: "date" },
                doneOn: { type: ["string", "null"], format: "date" },
              },
            },
          },
          latestReport: { anyOf: [ref("Report"), { type: "null" }] },
          changes: {
            type: "array",
            description: "Decisions to postpone, change, stop or carry over, as announced.",
            items: {
              type: "object",
              properties: {
                kind: { type: "string", enum: ["postpone", "change", "stop", "carry_over"] },
                announcementNo: { type: "integer" },
                decisionBody: { type: "string" },
                decisionNo: { type: "string" },
                decidedOn: { type: "string", format: "date" },
                reason: { type: "string" },
                detail: { type: "string" },
                carriedToYear: { type: ["integer", "null"] },
              },
            },
          },
          problems: {
            type: "array",
            description: "Problems found (问题 → 责任 → 整改) and their rectification.",
            items: {
              type: "object",
              properties: {
                source: { type: "string", enum: ["inspection", "report", "assessment"] },
                foundOn: { type: "string", format: "date" },
                description: { type: "string" },
                responsibleUnit: { type: "string" },
                deadline: { type: "string" },
                status: { type: "string", enum: ["open", "rectifying", "closed"] },
                overdue: { type: "boolean" },
                rectification: { type: ["string", "null"] },
                rectifiedOn: { type: ["string", "null"] },
                closedOn: { type: ["string", "null"] },
              },
            },
          },
          inspections: {
            type: "array",
            items: {
              type: "object",
              properties: {
                inspectedOn: { type: "string", format: "date" },
                unannounced: { type: "boolean" },
              },
            },
          },
          assessment: {
            type: ["object", "null"],
            description: "The deputies' year-end satisfaction assessment (null until assessed).",
            properties: {
              grade: { type: "string", enum: ["satisfied", "basic", "unsatisfied"] },
              satisfiedOrBasic: { type: "integer" },
              valid: { type: "integer" },
              satisfactionRate: rate,
            },
          },
          publicRating: {
            type: "object",
            description: "The public's non-binding 1–5 star rating (仅供参考, 不作为正式测评结果).",
            properties: {
              count: { type: "integer" },
              average: { type: ["string", "null"] },
              binding: { type: "boolean", description: "Always false: not the formal assessment." },
            },
          },
        },
      },
      Overview: {
        type: "object",
        required: ["jurisdiction", "year", "totals", "jurisdictions"],
        properties: {
          jurisdiction: ref("Jurisdiction"),
          year: { type: "integer" },
          totals: {
            type: "object",
            required: [
              "jurisdictions",
              "projects",
              "plannedYuan",
              "disbursedYuan",
              "completed",
              "satisfactionRate",
            ],
            properties: {
              jurisdictions: { type: "integer" },
              projects: { type: "integer" },
              plannedYuan: yuan("Sum planned."),
              disbursedYuan: yuan("Sum disbursed."),
              completed: { type: "integer" },
              stopped: { type: "integer" },
              carriedOver: { type: "integer" },
              openProblems: { type: "integer" },
              assessed: { type: "integer" },
              unsatisfied: { type: "integer" },
              satisfactionRate: rate,
            },
          },
          jurisdictions: {
            type: "array",
            items: {
              type: "object",
              required: ["code", "name", "level", "projects", "plannedYuan", "disbursedYuan", "completed"],
              properties: {
                code: { type: "string" },
                name: { type: "string" },
                nameEn: { type: "string" },
                level: { type: "string" },
                parentCode: { type: ["string", "null"] },
                stage: { type: ["string", "null"] },
                projects: { type: "integer" },
                plannedYuan: yuan("Planned."),
                disbursedYuan: yuan("Disbursed."),
                completed: { type: "integer" },
                openProblems: { type: "integer" },
                assessed: { type: "integer" },
                unsatisfied: { type: "integer" },
                satisfactionRate: rate,
              },
            },
          },
        },
      },
      VoteResults: {
        type: "object",
        required: ["id", "title", "kind", "ballotsCast", "valid", "invalid", "results"],
        properties: {
          id: { type: "integer" },
          title: { type: "string" },
          kind: { type: "string", enum: ["project", "runoff", "assessment"] },
          announcementNo: { type: ["integer", "null"] },
          rosterSize: { type: ["integer", "null"], description: "应到." },
          present: { type: ["integer", "null"], description: "实到 when the vote opened." },
          ballotsCast: { type: ["integer", "null"] },
          valid: { type: ["integer", "null"] },
          invalid: { type: ["integer", "null"] },
          places: { type: "integer" },
          results: {
            type: "array",
            items: {
              type: "object",
              required: ["candidateId", "name", "support", "against", "abstain", "elected"],
              properties: {
                candidateId: { type: "integer" },
                position: { type: "integer" },
                name: { type: "string", description: "The project's name." },
                support: { type: "integer", description: "赞成 (assessment: 满意)." },
                basic: { type: "integer", description: "Assessment only: 基本满意." },
                against: { type: "integer", description: "反对 (assessment: 不满意)." },
                abstain: { type: "integer", description: "弃权." },
                passed: { type: "boolean" },
                elected: { type: "boolean" },
                rank: { type: "integer" },
                grade: { type: ["string", "null"] },
              },
            },
          },
        },
      },
    },
  },
};

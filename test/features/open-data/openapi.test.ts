// The OpenAPI description is generated from the answers' schemas: every open-data route is
// documented; every documented path and method, called with every real id of the demo (each cycle,
// each of its projects, each closed vote), answers JSON that its documented schema describes, with
// no key it does not document; the pages of the paged answers too; enumerations are the code's
// constants; and the schemas drop whatever a mapper might add that they do not name.
import { and, eq } from "drizzle-orm";
import * as v from "valibot";
import { beforeAll, describe, expect, it } from "vitest";
import { OPEN_OPERATIONS, openDataApi } from "../../../src/features/open-data/api/open-data";
import { openApiPath } from "../../../src/features/open-data/api/openapi";
import { IMAGE_TYPES } from "../../../src/features/projects/photos";
import { listProjects } from "../../../src/features/projects/projects";
import { STAGES } from "../../../src/platform/cycle/stages";
import {
  CHANGE_KINDS,
  cycles,
  PROJECT_STATUSES,
  projectState,
  votes,
} from "../../../src/platform/data/schema";
import { Client, seeded, testNow } from "../../worker/client";
import { pastDayOf, QINGSHAN, SUPERVISED } from "../../worker/fixtures";
import { type JsonSchema, type OpenApiDoc, violations } from "./openapi-doc";

/** The path parameters of one call. */
type Ids = Record<string, string>;

let doc: OpenApiDoc;
/** Every cycle of the demo with its projects and closed votes. */
const demo: { code: string; year: number; projects: number[]; votes: number[] }[] = [];
let withPhoto = 0;

/** A real 1×1 PNG. */
const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="),
  (ch) => ch.charCodeAt(0),
);

async function getJson(path: string) {
  const res = await new Client().get(path);
  const text = await res.text();
  return { res, body: text ? (JSON.parse(text) as unknown) : undefined };
}

function okSchema(path: string): JsonSchema {
  const schema = doc.paths[path]?.get.responses["200"]?.content?.["application/json"].schema;
  if (!schema) throw new Error(`${path}: no documented answer`);
  return schema;
}

/** Calls `path` (an OpenAPI path with `ids` filled in) and checks its answer against the description. */
async function check(path: string, ids: Ids, query = ""): Promise<Record<string, unknown>> {
  const url = `/api${path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = ids[name];
    if (value === undefined) throw new Error(`${path}: no demo value for {${name}}`);
    return value;
  })}${query}`;
  const { res, body } = await getJson(url);
  expect(res.status, url).toBe(200);
  expect(res.headers.get("content-type"), url).toContain("application/json");
  expect(violations(doc, okSchema(path), body), url).toEqual([]);
  return body as Record<string, unknown>;
}

beforeAll(async () => {
  const db = await seeded();
  // One project with a published plan and a report with a photo, so that photos are checked too.
  const [cycle] = await db
    .select()
    .from(cycles)
    .where(and(eq(cycles.jurisdictionCode, QINGSHAN), eq(cycles.year, SUPERVISED)));
  if (!cycle) throw new Error("no cycle");
  const mine = (await listProjects(db, cycle, testNow())).find((p) => p.responsibleUnit === "青山旗水利局");
  withPhoto = mine?.id ?? 0;
  const gov = await new Client("100.74.0.1").loginStaff("gov");
  const unit = await new Client("100.74.0.2").loginStaff("unit");
  const base = `/j/${QINGSHAN}/${SUPERVISED}/projects/${withPhoto}`;
  const plan = await gov.post(`${base}/plan`, {
    responsibleUnit: "青山旗水利局",
    annualTarget: "年底前完工通水",
    milestones: "2099-06-30 完成主体工程",
    publish: "1",
  });
  expect(plan.status).toBe(303);
  const form = new FormData();
  form.set("reportedOn", pastDayOf(SUPERVISED, "05-01"));
  form.set("percent", "30");
  form.set("body", "基础工程完成。");
  form.set("caption", "施工现场");
  form.append("photos", new File([PNG], "site.png", { type: "image/png" }));
  expect((await unit.postMultipart(`${base}/report`, form)).status).toBe(303);

  for (const c of await db.select().from(cycles)) {
    const [projects, closed] = await Promise.all([
      db.select({ id: projectState.candidateId }).from(projectState).where(eq(projectState.cycleId, c.id)),
      db
        .select({ id: votes.id })
        .from(votes)
        .where(and(eq(votes.cycleId, c.id), eq(votes.status, "closed"))),
    ]);
    demo.push({
      code: c.jurisdictionCode,
      year: c.year,
      projects: projects.map((p) => p.id),
      votes: closed.map((x) => x.id),
    });
  }
  const { res, body } = await getJson("/api/open/openapi.json");
  expect(res.status).toBe(200);
  doc = body as OpenApiDoc;
});

describe("the generated OpenAPI description", () => {
  it("keeps the place and the top-level information it had", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toEqual({
      title: "民生实事票决平台 open data",
      version: "1",
      description: expect.stringContaining("No personal data"),
      license: { name: "Public data" },
    });
    expect(doc.servers).toEqual([{ url: "/api" }]);
  });

  it("documents every open-data route, each with its own operation id", () => {
    const routes = new Set(
      openDataApi.routes
        .filter((r) => r.method === "GET" && r.path !== "/open/openapi.json")
        .map((r) => openApiPath(r.path)),
    );
    expect([...routes].sort()).toEqual(Object.keys(doc.paths).sort());
    for (const [path, item] of Object.entries(doc.paths)) expect(Object.keys(item), path).toEqual(["get"]);
    const ids = Object.values(doc.paths).map((p) => p.get.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(OPEN_OPERATIONS.map((op) => op.operationId).sort());
  });

  it("is listed, path by path, on the open-data page", async () => {
    const page = await (await new Client().get("/open-data")).text();
    for (const path of Object.keys(doc.paths)) expect(page).toContain(`<code>GET /api${path}</code>`);
  });

  it("answers every documented path, for every id in the demo, with what it documents", async () => {
    const calls: { path: string; ids: Ids }[] = [];
    for (const path of Object.keys(doc.paths))
      for (const d of demo) {
        const ids = { code: d.code, year: String(d.year) };
        if (path.includes("{pid}"))
          calls.push(...d.projects.map((pid) => ({ path, ids: { ...ids, pid: `${pid}` } })));
        else if (path.includes("{vid}"))
          calls.push(...d.votes.map((vid) => ({ path, ids: { ...ids, vid: `${vid}` } })));
        else calls.push({ path, ids });
      }
    const answers = await Promise.all(calls.map((x) => check(x.path, x.ids)));
    const of = (end: string) => answers.filter((_, i) => calls[i]?.path.endsWith(end));
    // Every part of a project and both kinds of vote are in the demo's answers: each schema met real data.
    for (const key of ["milestones", "latestReport", "changes", "problems", "inspections", "assessment"])
      expect(
        of("{pid}").some((a) => [a[key]].flat().filter(Boolean).length > 0),
        key,
      ).toBe(true);
    expect(new Set(of("results").map((r) => r.kind))).toEqual(new Set(["project", "assessment"]));
  }, 60_000);

  it("is checked strictly: an undocumented key, a missing one or a wrong type is refused", async () => {
    const path = "/open/jurisdictions/{code}/years/{year}/overview";
    const answer = await check(path, { code: QINGSHAN, year: String(SUPERVISED) });
    const schema = okSchema(path);
    expect(violations(doc, schema, { ...answer, phone: "13800138000" })).toEqual([
      "$: undocumented key phone",
    ]);
    const { year: _, ...noYear } = answer;
    expect(violations(doc, schema, noYear)).toEqual(["$: missing year"]);
    expect(violations(doc, schema, { ...answer, year: "2026" })).toEqual(["$.year: string is not integer"]);
  });

  it("answers each page of the paged paths with what it documents", async () => {
    const queries = Object.values(doc.paths).flatMap((p) =>
      p.get.parameters.filter((x) => x.in === "query").map((x) => x.name),
    );
    expect(queries.sort()).toEqual(["after", "before", "limit"]);
    const ids = { code: QINGSHAN, year: String(SUPERVISED) };
    const list = "/open/jurisdictions/{code}/years/{year}/projects";
    let page = await check(list, ids, "?limit=2");
    let pages = 1;
    while (page.next) {
      page = await check(list, ids, `?limit=2&after=${encodeURIComponent(String(page.next))}`);
      pages++;
    }
    expect(pages).toBeGreaterThan(1);
    const reports = `${list}/{pid}/reports`;
    const first = await check(reports, { ...ids, pid: String(withPhoto) });
    const photos = (first.reports as { photos: { contentType: string }[] }[]).flatMap((r) => r.photos);
    expect(photos.map((p) => p.contentType)).toEqual(["image/png"]);
    if (first.next) await check(reports, { ...ids, pid: String(withPhoto) }, `?before=${first.next}`);
  });

  it("takes its enumerations from the code's constants", () => {
    const s = doc.components.schemas;
    const prop = (name: string, key: string) => s[name]?.properties?.[key];
    expect(prop("ProjectList", "stage")?.enum).toEqual([...STAGES]);
    expect(prop("ProjectRow", "status")?.enum).toEqual([...PROJECT_STATUSES]);
    expect(prop("Project", "status")?.enum).toEqual([...PROJECT_STATUSES]);
    expect(prop("Change", "kind")?.enum).toEqual([...CHANGE_KINDS]);
    expect(prop("Photo", "contentType")?.enum).toEqual([...IMAGE_TYPES]);
  });
});

describe("the answers' schemas", () => {
  /** `x` with a phone and a user id added to every object in it. */
  function leaky(x: unknown): unknown {
    if (Array.isArray(x)) return x.map(leaky);
    if (x && typeof x === "object")
      return {
        ...Object.fromEntries(Object.entries(x).map(([k, y]) => [k, leaky(y)])),
        proposerPhone: "13800138000",
        userId: 7,
      };
    return x;
  }

  it("drop every key they do not name, at any depth", async () => {
    const ids: Ids = {
      code: QINGSHAN,
      year: String(SUPERVISED),
      pid: String(withPhoto),
      vid: String(demo.find((d) => d.code === QINGSHAN && d.year === SUPERVISED)?.votes[0]),
    };
    for (const op of OPEN_OPERATIONS) {
      const answer = await check(openApiPath(op.path), ids);
      expect(v.parse(op.schema, leaky(answer)), op.operationId).toEqual(answer);
    }
  });
});

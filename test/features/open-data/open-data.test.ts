// Open data: the OpenAPI description and every path it documents, answering with the documented
// fields; money exact to the yuan in the API and the CSV; CSV with a BOM and .xlsx for every public
// table; and no personal data in any answer.
import { and, eq, isNotNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { listProjects } from "../../../src/features/projects/projects";
import {
  type Cycle,
  candidateFunding,
  cycles,
  deputies,
  proposals,
  votes,
} from "../../../src/platform/data/schema";
import { Client, seeded, testNow } from "../../worker/client";
import { SUPERVISED } from "../../worker/fixtures";
import type { OpenApiDoc } from "./openapi-doc";

const J = "159921";
const YEAR = SUPERVISED;
const API = `/api/open/jurisdictions/${J}/years/${YEAR}`;

let cycle: Cycle;
let mine = 0;
let voteId = 0;
let unit: Client;

type Json = Record<string, unknown>;

async function getJson(path: string): Promise<{ status: number; body: Json; text: string; res: Response }> {
  const res = await new Client().get(path);
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : {}, text, res };
}

/** Every key of a JSON value, at any depth. */
function keysOf(x: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(x)) for (const v of x) keysOf(v, out);
  else if (x && typeof x === "object")
    for (const [k, v] of Object.entries(x)) {
      out.add(k);
      keysOf(v, out);
    }
  return out;
}

beforeAll(async () => {
  const db = await seeded();
  const [row] = await db
    .select()
    .from(cycles)
    .where(and(eq(cycles.jurisdictionCode, J), eq(cycles.year, YEAR)));
  if (!row) throw new Error("no cycle");
  cycle = row;
  mine =
    (await listProjects(db, cycle, testNow())).find((p) => p.responsibleUnit === "青山旗水利局")?.id ?? 0;
  const [v] = await db
    .select()
    .from(votes)
    .where(and(eq(votes.cycleId, cycle.id), eq(votes.status, "closed")));
  voteId = v?.id ?? 0;
  await db.delete(candidateFunding).where(eq(candidateFunding.candidateId, mine));
  await db.insert(candidateFunding).values({ candidateId: mine, source: "county", amountYuan: 800_001 });
  const gov = await new Client("100.73.0.1").loginStaff("gov");
  unit = await new Client("100.73.0.2").loginStaff("unit");
  expect(
    (
      await gov.post(`/j/${J}/${YEAR}/projects/${mine}/plan`, {
        responsibleUnit: "青山旗水利局",
        annualTarget: "年底前完工通水",
        milestones: "2099-06-30 完成主体工程",
        publish: "1",
      })
    ).status,
  ).toBe(303);
  for (const [i, wan] of ["10.0001", "20.0001", "30.0001"].entries()) {
    const res = await unit.post(`/j/${J}/${YEAR}/projects/${mine}/report`, {
      reportedOn: `2026-0${i + 4}-01`,
      percent: String(20 * (i + 1)),
      body: `第${i + 1}次进度：按计划施工。`,
      disbursed_county: wan,
    });
    expect(res.status).toBe(303);
  }
});

describe("the OpenAPI description", () => {
  it("is served as OpenAPI 3.1, and every documented path answers with the documented fields", async () => {
    const { status, body } = await getJson("/api/open/openapi.json");
    expect(status).toBe(200);
    const doc = body as unknown as OpenApiDoc;
    expect(doc.openapi).toBe("3.1.0");
    const paths = Object.keys(doc.paths);
    expect(paths.length).toBe(5);
    for (const p of paths) {
      const url = `/api${p}`
        .replace("{code}", J)
        .replace("{year}", String(YEAR))
        .replace("{pid}", String(mine))
        .replace("{vid}", String(voteId));
      const r = await getJson(url);
      expect(r.status, url).toBe(200);
      expect(r.res.headers.get("access-control-allow-origin")).toBe("*");
      expect(r.res.headers.get("set-cookie")).toBeNull();
      const ok = doc.paths[p]?.get.responses["200"]?.content?.["application/json"].schema;
      const name = ok?.$ref?.split("/").pop() ?? "";
      const schema = doc.components.schemas[name];
      expect(schema, url).toBeDefined();
      for (const field of schema?.required ?? [])
        expect(Object.keys(r.body), `${url} ${field}`).toContain(field);
    }
  });
});

describe("the JSON API", () => {
  it("lists the year's projects with exact money and totals, in pages", async () => {
    const db = await seeded();
    const list = await listProjects(db, cycle, testNow());
    const { body } = await getJson(`${API}/projects?limit=3`);
    const rows = body.projects as Json[];
    expect(rows).toHaveLength(Math.min(3, list.length));
    const totals = body.totals as Json;
    expect(totals.plannedYuan).toBe(list.reduce((a, p) => a + p.plannedYuan, 0));
    // 300,001 yuan reported above, and the demo's other projects' (src/demo/supervision.ts).
    expect(totals.disbursedYuan).toBe(list.reduce((a, p) => a + (p.latest?.disbursedYuan ?? 0), 0));
    const seen = rows.map((r) => r.id);
    let next = body.next as string | null;
    while (next) {
      const page = await getJson(`${API}/projects?limit=3&after=${encodeURIComponent(next)}`);
      seen.push(...(page.body.projects as Json[]).map((r) => r.id));
      next = page.body.next as string | null;
    }
    expect(seen).toEqual(list.map((p) => p.id));
    const all = await getJson(`${API}/projects?limit=100`);
    const row = (all.body.projects as Json[]).find((r) => r.id === mine);
    expect(row).toMatchObject({
      plannedYuan: 800_001,
      disbursedYuan: 300_001,
      percent: 60,
      status: "in_progress",
    });
  });

  it("gives one project with money by source, its latest report and the non-binding rating", async () => {
    const { status, body } = await getJson(`${API}/projects/${mine}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: mine,
      plannedYuan: 800_001,
      plannedBySource: { county: 800_001 },
      disbursedYuan: 300_001,
      disbursedBySource: { county: 300_001 },
      plan: { annualTarget: "年底前完工通水" },
      publicRating: { count: 0, average: null, binding: false },
    });
    expect((body.latestReport as Json).body).toBe("第3次进度：按计划施工。");
    expect((body.milestones as Json[])[0]).toEqual({
      title: "完成主体工程",
      dueOn: "2099-06-30",
      doneOn: null,
    });
    expect((await getJson(`/api/open/jurisdictions/159922/years/${YEAR}/projects/${mine}`)).status).toBe(404);
  });

  it("pages a project's reports, newest first", async () => {
    const first = await getJson(`${API}/projects/${mine}/reports`);
    const reports = first.body.reports as Json[];
    expect(reports.map((r) => r.disbursedYuan)).toEqual([300_001, 200_001, 100_001]);
    expect(first.body.next).toBeNull();
  });

  it("gives a closed vote's counts without anyone's name", async () => {
    const r = await getJson(`${API}/votes/${voteId}/results`);
    expect(r.status).toBe(200);
    expect((r.body.results as Json[]).length).toBeGreaterThan(0);
    for (const name of ["王建国", "李秀兰", "巴特尔", "张志强", "其其格"]) expect(r.text).not.toContain(name);
    expect((await getJson(`${API}/votes/${voteId + 1000}/results`)).status).toBe(404);
  });

  it("never answers with personal data", async () => {
    const db = await seeded();
    const [props, deps] = await Promise.all([
      db
        .select({ name: proposals.proposerName, phone: proposals.proposerPhone })
        .from(proposals)
        .where(isNotNull(proposals.proposerPhone)),
      db.select({ name: deputies.name }).from(deputies).where(eq(deputies.jurisdictionCode, J)),
    ]);
    expect(props.length).toBeGreaterThan(0);
    const secret = [
      ...props.flatMap((p) => [p.phone ?? "", p.name ?? ""]),
      ...deps.map((d) => d.name),
    ].filter((s) => s.length >= 3);
    const texts: string[] = [];
    const keys = new Set<string>();
    for (const path of [
      `${API}/projects?limit=100`,
      `${API}/projects/${mine}`,
      `${API}/projects/${mine}/reports`,
      `/api/open/jurisdictions/159900/years/${YEAR}/overview`,
      `${API}/votes/${voteId}/results`,
    ]) {
      const r = await getJson(path);
      expect(r.status, path).toBe(200);
      texts.push(r.text);
      keysOf(r.body, keys);
    }
    const all = texts.join("\n");
    expect(secret.filter((s) => all.includes(s))).toEqual([]);
    for (const k of [
      "userId",
      "createdBy",
      "closedBy",
      "deputyId",
      "leaderDeputyId",
      "proposerName",
      "proposerPhone",
      "participants",
      "findings",
      "phone",
    ])
      expect(keys.has(k), k).toBe(false);
  });
});

describe("downloads", () => {
  it("give the project list and a project's reports as CSV with a BOM, exact 万元, and as .xlsx", async () => {
    const anon = new Client();
    const res = await anon.get(`/j/${J}/${YEAR}/projects.csv`);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toContain("attachment; filename*=UTF-8''");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(bytes);
    expect(csv.split("\r\n")[0]).toBe(
      "序号,项目名称,责任单位,状态,完成进度（%）,计划投资（万元）,已拨付（万元）,报送日期,未办结问题,测评等次,满意率（%）",
    );
    expect(csv).toContain(",实施中,60,80.0001,30.0001,2026-06-01,0,,");
    const reports = new TextDecoder().decode(
      new Uint8Array(await (await anon.get(`/j/${J}/${YEAR}/projects/${mine}/reports.csv`)).arrayBuffer()),
    );
    expect(reports).toContain("2026-04-01,20,");
    expect(reports).toContain("2026-04-01,20,,,,10.0001,,,,10.0001,第1次进度：按计划施工。");
    for (const path of [`/j/${J}/${YEAR}/projects.xlsx`, `/j/${J}/${YEAR}/projects/${mine}/reports.xlsx`]) {
      const x = await anon.get(path);
      expect(x.headers.get("content-type")).toBe(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      );
      const head = new Uint8Array(await x.arrayBuffer()).slice(0, 2);
      expect(String.fromCharCode(...head)).toBe("PK");
    }
  });

  it("are linked from a small open-data page with the API description", async () => {
    const page = await (await new Client().get("/open-data")).text();
    expect(page).toContain('href="/api/open/openapi.json"');
    expect(page).toContain("/api/open/jurisdictions/{code}/years/{year}/projects");
    const list = await (await new Client().get(`/j/${J}/${YEAR}/projects`)).text();
    expect(list).toContain(`href="/j/${J}/${YEAR}/projects.csv"`);
    expect(list).toContain('href="/open-data"');
  });
});

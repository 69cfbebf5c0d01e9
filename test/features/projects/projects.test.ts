// Stage 5, first part: plans, progress reports by the responsible unit (its own projects only),
// flags for projects behind, exact money, and the public project pages.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { listProjects } from "../../../src/features/projects/projects";
import { cycles } from "../../../src/platform/data/schema";
import { Client, seeded, testNow } from "../../worker/client";
import { SUPERVISED } from "../../worker/fixtures";

const J = "159921";
const YEAR = SUPERVISED; // the demo cycle in 监督评估, with its vote closed
const BASE = `/j/${J}/${YEAR}/projects`;

let gov: Client;
let unit: Client;
let projectId = 0;
let otherId = 0;

async function cycle() {
  const db = await seeded();
  const [row] = await db
    .select()
    .from(cycles)
    .where(and(eq(cycles.jurisdictionCode, J), eq(cycles.year, YEAR)));
  if (!row) throw new Error("no cycle");
  return row;
}

beforeAll(async () => {
  const db = await seeded();
  gov = await new Client("100.70.0.1").loginStaff("gov");
  unit = await new Client("100.70.0.2").loginStaff("unit");
  const list = await listProjects(db, await cycle(), testNow());
  const mine = list.find((p) => p.responsibleUnit === "青山旗水利局");
  const other = list.find((p) => p.responsibleUnit !== "青山旗水利局");
  projectId = mine?.id ?? 0;
  otherId = other?.id ?? 0;
});

describe("the year's projects", () => {
  it("are the candidates the vote elected, listed publicly with planned money", async () => {
    const db = await seeded();
    const list = await listProjects(db, await cycle(), testNow());
    expect(list.length).toBeGreaterThan(0);
    expect(projectId).toBeGreaterThan(0);
    const page = await (await new Client().get(BASE)).text();
    for (const p of list) expect(page).toContain(p.name);
  });

  it("take a published plan from the government, with checked milestones", async () => {
    const bad = await gov.post(`${BASE}/${projectId}/plan`, {
      responsibleUnit: "青山旗水利局",
      annualTarget: "完工",
      milestones: "六月底 完成",
      publish: "1",
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("每行一个节点");
    const ok = await gov.post(`${BASE}/${projectId}/plan`, {
      responsibleUnit: "青山旗水利局",
      annualTarget: "年底前完工通水",
      milestones: "2000-01-31 完成招标\n2099-06-30 完成主体工程",
      publish: "1",
    });
    expect(ok.status).toBe(303);
    expect(
      (
        await unit.post(`${BASE}/${projectId}/plan`, {
          responsibleUnit: "x",
          annualTarget: "x",
          publish: "1",
        })
      ).status,
    ).toBe(403);
  });

  it("take progress reports from the responsible unit only, for its own projects", async () => {
    expect((await unit.get(`${BASE}/${otherId}/report`)).status).toBe(404);
    expect(
      (await unit.post(`${BASE}/${otherId}/report`, { reportedOn: "2026-05-01", percent: "10", body: "x" }))
        .status,
    ).toBe(404);
    expect(
      (await gov.post(`${BASE}/${projectId}/report`, { reportedOn: "2026-05-01", percent: "10", body: "x" }))
        .status,
    ).toBe(404);
    const bad = await unit.post(`${BASE}/${projectId}/report`, {
      reportedOn: "2026-13-01",
      percent: "101",
      body: "",
    });
    expect(bad.status).toBe(400);
    const res = await unit.post(`${BASE}/${projectId}/report`, {
      reportedOn: "2026-05-01",
      percent: "60",
      body: "主体工程完成六成。",
      disbursed_county: "12.3456",
    });
    expect(res.status).toBe(303);
  });

  it("flags a project behind its milestones or with money far behind progress", async () => {
    const db = await seeded();
    const p = (await listProjects(db, await cycle(), testNow())).find((x) => x.id === projectId);
    expect(p?.latest?.disbursedYuan).toBe(123_456);
    expect(p?.overdue).toBe(1);
    // 60% done with 123,456 yuan of a plan of millions disbursed: money far behind.
    expect(p?.moneyBehind).toBe(true);
    const flagged = await (await gov.get(`${BASE}?flagged=1`)).text();
    expect(flagged).toContain("1 个节点逾期");
    expect(flagged).toContain("资金拨付明显滞后于进度");
    // The public sees progress, not the supervisors' flags.
    const pub = await (await new Client().get(`${BASE}/${projectId}`)).text();
    expect(pub).toContain("主体工程完成六成");
    expect(pub).toContain("12.3456");
    expect(pub).not.toContain("资金拨付明显滞后于进度");
  });
});

describe("the plan form", () => {
  it("is not found for roles above the banner that may read its projects but not plan them", async () => {
    for (const who of ["city", "admin"]) {
      const client = await new Client(`100.70.1.${who.length}`).loginStaff(who);
      expect((await client.get(`${BASE}/${projectId}/plan`)).status).toBe(404);
      expect((await client.post(`${BASE}/${projectId}/plan`, { publish: "1" })).status).toBe(404);
    }
  });
});

// The public site of a jurisdiction's year: the list from the read models (paged, totals exact to
// the yuan), a project's page (plan, money by source, latest report, history, changes, problems,
// the assessment), the public's non-binding rating with its flood protection, and no personal data
// anywhere. Rows read by the list do not grow with the years behind it.
import { env } from "cloudflare:test";
import { and, eq, isNotNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { RATING_LIMIT } from "../../../src/features/assessment/ratings";
import {
  getProject,
  listProjects,
  projectStatePage,
  yearTotalsOf,
} from "../../../src/features/projects/projects";
import { createDb, type Db } from "../../../src/platform/data/db";
import { createMeter, meteredD1 } from "../../../src/platform/data/metered";
import { refreshProject, refreshYear } from "../../../src/platform/data/rollups";
import {
  type Cycle,
  candidateFunding,
  candidates,
  cycles,
  deputies,
  inspections,
  problems,
  projectChanges,
  projectState,
  proposals,
  publicRatings,
  supervisionGroups,
  supervisionMembers,
  users,
  votes,
} from "../../../src/platform/data/schema";
import { yuanToWan } from "../../../src/platform/lib/money";
import { Client, seeded, testNow } from "../../worker/client";
import { SUPERVISED } from "../../worker/fixtures";

const J = "159921";
const YEAR = SUPERVISED;
const BASE = `/j/${J}/${YEAR}/projects`;

let gov: Client;
let unit: Client;
let cycle: Cycle;
let mine = 0; // the demo unit's project (青山旗水利局)
let other = 0; // another project of the year

async function theCycle(db: Db, code = J, year = YEAR): Promise<Cycle> {
  const [row] = await db
    .select()
    .from(cycles)
    .where(and(eq(cycles.jurisdictionCode, code), eq(cycles.year, year)));
  if (!row) throw new Error("no cycle");
  return row;
}

function metered() {
  const meter = createMeter();
  return { meter, db: createDb(meteredD1(env.DB, meter)) };
}

/** Personal data of the demo that must never be public: proposers' names and phones, deputies' and scrutineers' names. */
async function personalData(db: Db): Promise<string[]> {
  const [props, deps, vs] = await Promise.all([
    db
      .select({ name: proposals.proposerName, phone: proposals.proposerPhone })
      .from(proposals)
      .where(eq(proposals.source, "public")),
    db.select({ name: deputies.name }).from(deputies).where(eq(deputies.jurisdictionCode, J)).limit(300),
    db.select({ chief: votes.chiefScrutineer }).from(votes).where(isNotNull(votes.chiefScrutineer)),
  ]);
  const out = new Set<string>();
  for (const p of props) {
    if (p.phone) out.add(p.phone);
    if (p.name && p.name.length >= 2) out.add(p.name);
  }
  for (const d of deps) if (d.name.length >= 3) out.add(d.name);
  for (const v of vs) if (v.chief && v.chief.length >= 3) out.add(v.chief);
  return [...out];
}

beforeAll(async () => {
  const db = await seeded();
  cycle = await theCycle(db);
  const list = await listProjects(db, cycle, testNow());
  mine = list.find((p) => p.responsibleUnit === "青山旗水利局")?.id ?? 0;
  other = list.find((p) => p.responsibleUnit !== "青山旗水利局")?.id ?? 0;
  gov = await new Client("100.72.0.1").loginStaff("gov");
  unit = await new Client("100.72.0.2").loginStaff("unit");
  // Money of the unit's project made awkward on purpose: 800,001 yuan from the county, 1 yuan social.
  await db.delete(candidateFunding).where(eq(candidateFunding.candidateId, mine));
  await db.insert(candidateFunding).values([
    { candidateId: mine, source: "county", amountYuan: 800_001 },
    { candidateId: mine, source: "social", amountYuan: 1 },
  ]);
  // Publishing the plan rebuilds the project's row and the year's totals in its own batch.
  const res = await gov.post(`${BASE}/${mine}/plan`, {
    responsibleUnit: "青山旗水利局",
    annualTarget: "年底前完工通水",
    milestones: "2000-01-31 完成招标\n2099-06-30 完成主体工程",
    publish: "1",
  });
  expect(res.status).toBe(303);
});

describe("the list of the year's projects", () => {
  it("reads project_state and year_totals, with status, progress bars and exact money", async () => {
    const db = await seeded();
    const list = await listProjects(db, cycle, testNow());
    const page = await (await new Client().get(BASE)).text();
    for (const p of list.slice(0, 20)) expect(page).toContain(p.name);
    const planned = list.reduce((a, p) => a + p.plannedYuan, 0);
    // What the demo's reports have disbursed so far (src/demo/supervision.ts).
    const spent = list.reduce((a, p) => a + (p.latest?.disbursedYuan ?? 0), 0);
    expect(page).toContain(
      `共 ${list.length} 个项目，计划投资 ${yuanToWan(planned)} 万元，已拨付 ${yuanToWan(spent)} 万元`,
    );
    expect(page).toContain('<td data-label="计划投资（万元）" class="num">80.0002</td>'); // 800,001 + 1 yuan
    expect(page).toContain('role="img" aria-label="完成 0%"');
    expect(page).toContain("未开工");
    const [row] = await db.select().from(projectState).where(eq(projectState.candidateId, mine));
    expect(row?.plannedYuan).toBe(800_002);
  });

  it("follows a progress report into the row and the totals at once (the report's own batch)", async () => {
    const res = await unit.post(`${BASE}/${mine}/report`, {
      reportedOn: "2026-05-01",
      percent: "60",
      body: "主体工程完成六成。",
      disbursed_county: "40.0001",
    });
    expect(res.status).toBe(303);
    const db = await seeded();
    const [row] = await db.select().from(projectState).where(eq(projectState.candidateId, mine));
    expect(row).toMatchObject({ percent: 60, disbursedYuan: 400_001, status: "in_progress" });
    const totals = await yearTotalsOf(db, cycle);
    const others = (await listProjects(db, cycle, testNow()))
      .filter((p) => p.id !== mine)
      .reduce((a, p) => a + (p.latest?.disbursedYuan ?? 0), 0);
    expect(totals?.disbursedYuan).toBe(others + 400_001);
    const page = await (await new Client().get(BASE)).text();
    expect(page).toContain(`已拨付 ${yuanToWan(others + 400_001)} 万元`);
    expect(page).toContain('aria-label="完成 60%"');
  });

  it("pages with a keyset cursor, every project once and in order", async () => {
    const db = await seeded();
    const seen: number[] = [];
    let after: string | undefined;
    for (let i = 0; i < 50; i++) {
      const page = await projectStatePage(db, cycle.id, after, 2);
      seen.push(...page.rows.map((r) => r.candidateId));
      if (!page.next) break;
      after = page.next;
    }
    const all = (await listProjects(db, cycle, testNow())).map((p) => p.id);
    expect(seen).toEqual(all);
    const first = await projectStatePage(db, cycle.id, undefined, 1);
    const res = await (await new Client().get(`${BASE}?after=${first.next}`)).text();
    const firstName = (await listProjects(db, cycle, testNow()))[0]?.name ?? "";
    expect(res).toContain("回到第一页");
    expect(res).not.toContain(`>${firstName}</a>`);
  });

  it("reads as many project rows for ten years of history as for one", async () => {
    const db = await seeded();
    const measure = async () => {
      const { meter, db: mdb } = metered();
      await yearTotalsOf(mdb, cycle);
      await projectStatePage(mdb, cycle.id);
      return meter.rowsRead;
    };
    const before = await measure();
    expect(before).toBeGreaterThan(0);
    // Ten earlier years of the same jurisdiction, 15 projects each, straight into the read model.
    const now = testNow();
    for (let y = 2001; y <= 2010; y++) {
      const [cy] = await db
        .insert(cycles)
        .values({ jurisdictionCode: J, year: y, stage: "supervise", stageSince: now, createdAt: now })
        .returning();
      if (!cy) throw new Error("no cycle");
      const rows = Array.from({ length: 15 }, (_, i) => i);
      const cands: { id: number }[] = [];
      // Five rows a statement: D1 binds at most 100 parameters.
      for (const part of [rows.slice(0, 5), rows.slice(5, 10), rows.slice(10)]) {
        const ids = await db
          .insert(candidates)
          .values(
            part.map((i) => ({
              cycleId: cy.id,
              position: i + 1,
              name: `往年项目${y}-${i}`,
              content: "x",
              responsibleUnit: "x",
              deadline: "x",
              annualTarget: "x",
              locationCode: J,
              createdAt: now,
              updatedAt: now,
            })),
          )
          .returning({ id: candidates.id });
        cands.push(...ids);
      }
      for (const [i, c] of cands.entries())
        await db.insert(projectState).values({
          candidateId: c.id,
          cycleId: cy.id,
          jurisdictionCode: J,
          year: y,
          position: i + 1,
          name: `往年项目${y}-${i}`,
          responsibleUnit: "x",
          status: "completed" as const,
          plannedYuan: 1,
          updatedAt: now,
        });
    }
    const after = await measure();
    expect(after).toBe(before);
    // …and about as many as it shows: the year's projects, their totals row, and index overhead.
    const shown = (await projectStatePage(db, cycle.id)).rows.length;
    expect(after).toBeLessThanOrEqual(2 * shown + 4);
    const page = await (await new Client().get(BASE)).text();
    expect(page).not.toContain("往年项目");
  });
});

describe("a project's page", () => {
  it("reads one project, not the list, and its reads do not grow with its reports", async () => {
    const measure = async () => {
      const { meter, db } = metered();
      await getProject(db, cycle, mine, testNow());
      return meter.rowsRead;
    };
    const before = await measure();
    for (let i = 0; i < 12; i++) {
      const res = await unit.post(`${BASE}/${mine}/report`, {
        reportedOn: `2026-06-${String(i + 1).padStart(2, "0")}`,
        percent: String(61 + i),
        body: `第${i + 1}次报告：继续施工。`,
        disbursed_county: "40.0001",
      });
      expect(res.status).toBe(303);
    }
    expect(await measure()).toBe(before);
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(40);
  });

  it("shows plan, milestones, money by source with a chart and its table, latest report and history pages", async () => {
    const anon = new Client();
    const page = await (await anon.get(`${BASE}/${mine}`)).text();
    expect(page).toContain("年底前完工通水");
    expect(page).toContain("完成主体工程");
    expect(page).toContain('<figure class="chart" aria-describedby="money-table">');
    expect(page).toContain('<table id="money-table" class="stack">');
    expect(page).toContain("80.0001"); // county, planned
    expect(page).toContain("0.0001"); // social, planned: 1 yuan
    expect(page).toContain("第12次报告"); // latest
    expect(page).toContain("第2次报告"); // history, first page (10 reports before the latest)
    expect(page).not.toContain("第1次报告：");
    const more = /href="([^"]+\?before=\d+)"/.exec(page)?.[1];
    expect(more).toBeTruthy();
    const older = await (await anon.get(more as string)).text();
    expect(older).toContain("第1次报告：");
    expect(older).toContain("主体工程完成六成");
    expect(older).not.toContain("第12次报告");
  });

  it("shows changes, problems and the assessment result, and no one's name or id", async () => {
    const db = await seeded();
    const [staff] = await db.select().from(users).where(eq(users.username, "staff"));
    const [deputy] = await db.select().from(deputies).where(eq(deputies.jurisdictionCode, J)).limit(1);
    if (!staff || !deputy) throw new Error("no staff or deputy");
    await db.insert(supervisionGroups).values({
      candidateId: mine,
      name: "监督第一组",
      leaderDeputyId: deputy.id,
      createdAt: testNow(),
    });
    await db.insert(supervisionMembers).values({ candidateId: mine, deputyId: deputy.id });
    const [insp] = await db
      .insert(inspections)
      .values({
        candidateId: mine,
        inspectedOn: "2026-06-20",
        participants: `${deputy.name}等 5 名代表`,
        findings: `${deputy.name}发现管道接口渗漏`,
        userId: staff.id,
        createdAt: testNow(),
      })
      .returning();
    await db.insert(problems).values({
      candidateId: mine,
      source: "inspection",
      inspectionId: insp?.id ?? null,
      foundOn: "2026-06-20",
      description: "管道接口渗漏",
      responsibleUnit: "青山旗水利局",
      deadline: "2026-07-31",
      status: "closed",
      rectification: "2026-07-10 已更换接口并试压合格",
      rectifiedOn: "2026-07-10",
      closedAt: testNow(),
      closedBy: staff.id,
      createdBy: staff.id,
      createdAt: testNow(),
    });
    await db.insert(projectChanges).values({
      candidateId: other,
      kind: "postpone",
      decisionBody: "旗人大常委会第十二次会议",
      decisionNo: "青常发〔2026〕5号",
      decidedOn: "2026-08-01",
      reason: "汛期影响施工",
      detail: "完成时限延至次年6月底",
      announcementNo: 1,
      createdBy: staff.id,
      createdAt: testNow(),
    });
    await db.batch([...refreshProject(db, other, testNow()), ...refreshYear(db, cycle.id, testNow())]);
    // The assessment's counts (DOMAIN.md: 175 satisfied, 43 basically, 4 not): written as the
    // assessment's own batch would leave them.
    await db
      .update(projectState)
      .set({ grade: "satisfied", satisfiedOrBasic: 218, assessedValid: 222 })
      .where(eq(projectState.candidateId, mine));

    const anon = new Client();
    const page = await (await anon.get(`${BASE}/${mine}`)).text();
    expect(page).toContain("管道接口渗漏");
    expect(page).toContain("已更换接口并试压合格");
    expect(page).toContain("已办结");
    expect(page).toContain("人大代表视察 1 次：2026-06-20");
    expect(page).toContain("测评等次：满意；满意率 98.2%（满意和基本满意 218 票，有效票 222 张）");
    expect(page).not.toContain(deputy.name);
    expect(page).not.toContain("监督第一组");
    const changed = await (await anon.get(`${BASE}/${other}`)).text();
    expect(changed).toContain("延期 · 变更公告第 1 号");
    expect(changed).toContain("青常发〔2026〕5号");
    const list = await (await anon.get(BASE)).text();
    expect(list).toContain("已延期");
  });
});

describe("the public's rating of a finished project", () => {
  it("is open only once the project is completed, and says it is not the formal result", async () => {
    const anon = new Client("198.51.100.10");
    const before = await (await anon.get(`${BASE}/${mine}`)).text();
    expect(before).toContain("项目完成后可以评价");
    expect(before).not.toContain('name="rating"');
    expect((await anon.post(`${BASE}/${mine}/rate`, { rating: "5" })).status).toBe(409);
    const done = await unit.post(`${BASE}/${mine}/report`, {
      reportedOn: "2026-10-30",
      percent: "100",
      body: "全面完工，已通水。",
      disbursed_county: "80.0001",
    });
    expect(done.status).toBe(303);
    const page = await (await anon.get(`${BASE}/${mine}`)).text();
    expect(page).toContain("已完成");
    expect(page).toContain('type="radio" name="rating" value="5"');
    expect(page).toContain("群众评价仅供参考，不作为正式测评结果");
  });

  it("takes one rating per address and day, keeps no address, and refuses a missing CSRF token", async () => {
    const anon = new Client("198.51.100.11");
    await anon.get(`${BASE}/${mine}`);
    expect((await anon.post(`${BASE}/${mine}/rate`, { rating: "4" }, { csrf: null })).status).toBe(403);
    expect((await anon.post(`${BASE}/${mine}/rate`, { rating: "9" })).status).toBe(400);
    const ok = await anon.post(`${BASE}/${mine}/rate`, { rating: "4" });
    expect(ok.status).toBe(303);
    const again = await anon.post(`${BASE}/${mine}/rate`, { rating: "1" });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("今天已经评价过这个项目");
    // Another address, another rater.
    expect((await new Client("198.51.100.12").post(`${BASE}/${mine}/rate`, { rating: "5" })).status).toBe(
      303,
    );
    const page = await (await new Client().get(`${BASE}/${mine}`)).text();
    expect(page).toContain("平均 4.5 星（共 2 人次评价）");
    const db = await seeded();
    const rows = await db.select().from(publicRatings).where(eq(publicRatings.candidateId, mine));
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.raterHash).toMatch(/^[0-9a-f]{64}$/);
      expect(r.raterHash).not.toContain("198.51.100");
    }
  });

  it("refuses a flood from one address", async () => {
    const flood = new Client("198.51.100.13");
    const statuses: number[] = [];
    for (let i = 0; i < RATING_LIMIT.max + 3; i++)
      statuses.push((await flood.post(`${BASE}/${mine}/rate`, { rating: "1" })).status);
    expect(statuses[0]).toBe(303);
    expect(statuses.slice(1, RATING_LIMIT.max)).toEqual(Array(RATING_LIMIT.max - 1).fill(409));
    expect(statuses.slice(RATING_LIMIT.max)).toEqual([429, 429, 429]);
    const last = await flood.post(`${BASE}/${mine}/rate`, { rating: "1" });
    expect(await last.text()).toContain("评价过于频繁");
  });
});

describe("personal data", () => {
  it("appears on no public page or download of the year", async () => {
    const db = await seeded();
    const secret = await personalData(db);
    expect(secret.length).toBeGreaterThan(10);
    expect(secret.some((s) => /^100\d{8}$/.test(s))).toBe(true);
    const anon = new Client();
    const bodies: string[] = [];
    for (const path of [
      BASE,
      `${BASE}/${mine}`,
      `${BASE}/${other}`,
      `/j/${J}/${YEAR}/projects.csv`,
      `/j/${J}/${YEAR}/projects/${mine}/reports.csv`,
      `/j/159900/${YEAR}/overview`,
      `/j/159900/${YEAR}/overview.csv`,
    ]) {
      const res = await anon.get(path);
      expect(res.status, path).toBe(200);
      bodies.push(await res.text());
    }
    const all = bodies.join("\n");
    // Names of responsible units and projects are public; people are not.
    expect(secret.filter((s) => all.includes(s))).toEqual([]);
  });
});

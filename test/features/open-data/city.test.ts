// The city view: every banner and township below the city for a year, from year_totals, with the
// totals a city congress reports — exact to the yuan, in 亿元 from 1亿 up — a year switcher, a
// download, and rows read proportional to the jurisdictions shown, not to the years behind them.
import { env } from "cloudflare:test";
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { bigMoney, cityOverview, yuanToYiText } from "../../../src/features/open-data/city";
import { listProjects } from "../../../src/features/projects/projects";
import { createDb } from "../../../src/platform/data/db";
import { createMeter, meteredD1 } from "../../../src/platform/data/metered";
import { refreshProject, refreshYear } from "../../../src/platform/data/rollups";
import { candidateFunding, cycles, jurisdictions, yearTotals } from "../../../src/platform/data/schema";
import { yuanToWan } from "../../../src/platform/lib/money";
import { Client, seeded, testNow } from "../../worker/client";
import { SUPERVISED } from "../../worker/fixtures";

const CITY = "159900";
const YEAR = SUPERVISED;
const SUB = ["159921", "159922", "159921101", "159921102", "159922101", "159922102"];

/** The exact sums from the source tables (candidates' funding of the elected projects, latest reports). */
async function sourceSums() {
  const db = await seeded();
  let projects = 0;
  let planned = 0;
  let disbursed = 0;
  const per = new Map<string, number>();
  for (const code of SUB) {
    const [cycle] = await db
      .select()
      .from(cycles)
      .where(and(eq(cycles.jurisdictionCode, code), eq(cycles.year, YEAR)));
    if (!cycle) continue;
    const list = await listProjects(db, cycle, testNow());
    projects += list.length;
    const sum = list.reduce((a, p) => a + p.plannedYuan, 0);
    planned += sum;
    disbursed += list.reduce((a, p) => a + (p.latest?.disbursedYuan ?? 0), 0);
    per.set(code, sum);
  }
  return { projects, planned, disbursed, per };
}

beforeAll(async () => {
  const db = await seeded();
  // One project of 白云旗 made large and awkward: 200,000,001 yuan, so the city total passes 2亿.
  const [cycle] = await db
    .select()
    .from(cycles)
    .where(and(eq(cycles.jurisdictionCode, "159922"), eq(cycles.year, YEAR)));
  if (!cycle) throw new Error("no cycle");
  const [p] = await listProjects(db, cycle, testNow());
  if (!p) throw new Error("no project");
  await db.delete(candidateFunding).where(eq(candidateFunding.candidateId, p.id));
  await db.insert(candidateFunding).values({ candidateId: p.id, source: "region", amountYuan: 200_000_001 });
  // The township's year is read once before the change: the read models are built lazily for
  // 监督评估 cycles from before they existed, then kept current by each write's batch.
  const [city] = await db.select().from(jurisdictions).where(eq(jurisdictions.code, CITY));
  if (!city) throw new Error("no city");
  await cityOverview(db, city, YEAR);
  await db.batch([...refreshProject(db, p.id, testNow()), ...refreshYear(db, cycle.id, testNow())]);
});

describe("亿元 and 万元", () => {
  it("are computed from integer yuan, rounded half up to 0.01亿", () => {
    expect(yuanToYiText(2_340_000_000)).toBe("23.4");
    expect(yuanToYiText(2_345_678_901)).toBe("23.46");
    expect(yuanToYiText(2_344_999_999)).toBe("23.45");
    expect(yuanToYiText(2_344_499_999)).toBe("23.44");
    expect(yuanToYiText(100_000_000)).toBe("1");
    expect(yuanToYiText(123_456_789_012_345)).toBe("1,234,567.89");
    expect(bigMoney(99_999_999)).toEqual({ amount: "9,999.9999", unit: "wan" });
    expect(bigMoney(100_000_000)).toEqual({ amount: "1", unit: "yi" });
  });
});

describe("the city view", () => {
  it("lists every banner and township with its projects and money, and the exact totals", async () => {
    const sums = await sourceSums();
    expect(sums.planned).toBeGreaterThan(200_000_000);
    const res = await new Client().get(`/j/${CITY}/${YEAR}/overview`);
    expect(res.status).toBe(200);
    const page = await res.text();
    for (const name of ["青山旗", "白云旗", "乌兰苏木", "红泉镇", "柳林乡", "松岭镇"])
      expect(page).toContain(name);
    // The demo's banner and townships have reported money (src/demo/supervision.ts).
    expect(sums.disbursed).toBeGreaterThan(0);
    const spent = bigMoney(sums.disbursed);
    expect(page).toContain(
      `${sums.projects} 个项目，总投资 ${yuanToYiText(sums.planned)} 亿元，已拨付 ${spent.amount} ${spent.unit === "yi" ? "亿元" : "万元"}`,
    );
    // The table's total in exact 万元, and each jurisdiction's.
    expect(page).toContain(`<td class="num" data-label="计划投资（万元）">${yuanToWan(sums.planned)}</td>`);
    for (const [code, sum] of sums.per) {
      const row = new RegExp(`href="/j/${code}/${YEAR}/projects"[\\s\\S]*?</tr>`).exec(page)?.[0] ?? "";
      expect(row, code).toContain(`>${yuanToWan(sum)}</td>`);
    }
    expect(page).toContain('<figure class="chart" aria-describedby="overview-table">');
  });

  it("agrees with the download and the open API to the yuan", async () => {
    const sums = await sourceSums();
    const bytes = new Uint8Array(
      await (await new Client().get(`/j/${CITY}/${YEAR}/overview.csv`)).arrayBuffer(),
    );
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM, as the other exports
    const csv = new TextDecoder().decode(bytes);
    expect(csv.startsWith("区划代码,行政区划,层级,项目数,计划投资（万元）")).toBe(true);
    const lines = csv.split("\r\n");
    for (const [code, sum] of sums.per) {
      const line = lines.find((l) => l.startsWith(`${code},`)) ?? "";
      expect(line.split(",")[4], code).toBe(yuanToWan(sum).replace(/,/g, ""));
    }
    const api = (await (
      await new Client().get(`/api/open/jurisdictions/${CITY}/years/${YEAR}/overview`)
    ).json()) as {
      totals: { projects: number; plannedYuan: number };
      jurisdictions: { code: string; plannedYuan: number }[];
    };
    expect(api.totals).toMatchObject({ projects: sums.projects, plannedYuan: sums.planned });
    for (const [code, sum] of sums.per)
      expect(api.jurisdictions.find((j) => j.code === code)?.plannedYuan).toBe(sum);
  });

  it("reads rows in proportion to the jurisdictions shown, not to the years", async () => {
    const db = await seeded();
    const [city] = await db.select().from(jurisdictions).where(eq(jurisdictions.code, CITY));
    if (!city) throw new Error("no city");
    const measure = async () => {
      const meter = createMeter();
      const o = await cityOverview(createDb(meteredD1(env.DB, meter)), city, YEAR);
      return { rows: meter.rowsRead, shown: o.rows.length };
    };
    const before = await measure();
    expect(before.shown).toBe(SUB.length);
    // Ten more years of totals for every jurisdiction.
    const now = testNow();
    for (let y = 2001; y <= 2010; y++)
      await db.insert(yearTotals).values(
        SUB.map((code) => ({
          jurisdictionCode: code,
          year: y,
          projects: 15,
          plannedYuan: 1,
          disbursedYuan: 0,
          completed: 15,
          stopped: 0,
          carriedOver: 0,
          openProblems: 0,
          assessed: 0,
          unsatisfied: 0,
          satisfiedOrBasic: 0,
          assessedValid: 0,
          updatedAt: now,
        })),
      );
    const after = await measure();
    expect(after.rows).toBe(before.rows);
    expect(after.rows).toBeLessThanOrEqual(4 * (SUB.length + 1));
  });

  it("switches years without JavaScript and is linked from the city's page", async () => {
    const anon = new Client();
    const page = await (await anon.get(`/j/${CITY}/${YEAR}/overview`)).text();
    expect(page).toContain(`href="/j/${CITY}/${YEAR - 1}/overview"`);
    expect(page).toContain(`<option value="${YEAR}" selected="">`);
    const go = await anon.get(`/j/${CITY}/overview?year=${YEAR + 1}`);
    expect(go.status).toBe(303);
    expect(go.headers.get("location")).toBe(`/j/${CITY}/${YEAR + 1}/overview`);
    const next = await (await anon.get(`/j/${CITY}/${YEAR + 1}/overview`)).text();
    // Next year's cycles are still collecting proposals: no projects yet.
    expect(next).toContain("0 个项目，总投资 0 万元");
    expect(next).toContain("项目征集");
    expect((await anon.get(`/j/${CITY}/overview?year=abc`)).status).toBe(404);
    expect((await anon.get(`/j/999999/${YEAR}/overview`)).status).toBe(404);
    const home = await (await anon.get(`/j/${CITY}`)).text();
    expect(home).toContain(`href="/j/${CITY}/`);
    expect(home).toContain("/overview");
  });

  it("shows no year of a jurisdiction outside the subtree", async () => {
    const db = await seeded();
    const [banner] = await db.select().from(jurisdictions).where(eq(jurisdictions.code, "159921"));
    if (!banner) throw new Error("no banner");
    const o = await cityOverview(db, banner, YEAR);
    const codes = o.rows.map((r) => r.jurisdiction.code);
    expect(codes).toEqual(["159921", "159921101", "159921102"]);
    const totals = await db
      .select()
      .from(yearTotals)
      .where(and(inArray(yearTotals.jurisdictionCode, codes), eq(yearTotals.year, YEAR)));
    expect(o.sum.plannedYuan).toBe(totals.reduce((a, t) => a + t.plannedYuan, 0));
  });
});

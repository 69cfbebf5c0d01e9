// province: the public site at a province's size (issue #5). A province-sized data set — 1,000
// jurisdictions, 10 years, 15 projects a year each, with plans, milestones and 12 monthly progress
// reports per project (1.8 million reports) — is generated inside SQLite, and the public pages are
// measured at 1% and at 100% of that size: the public project list of a banner for one year, one
// project's page, and the city view (and the open-data JSON of the same, when it answers). A page
// should read rows in proportion to what it shows, not to the data set: the ratio of rows read at
// 100% to rows read at 1% should be ≈1 (for the city view, per jurisdiction shown: the city's
// subtree itself is 10 jurisdictions at 1% and 100 at 100%).
//
// The data: 10 cities, each with 11 banners/counties of 8 townships (10 × (1 + 11 × 9) = 1,000),
// codes 16CC00 / 16CCBB / 16CCBB1TT (the demo's are 1599xx), paths materialised as the demo's
// ("/160100/160121/160121101/"). Every jurisdiction has a cycle in 监督评估 for each of the 10 years
// before this one (this one: the Beijing year on the worker's clock, test/support/clock.ts, which
// MINSHENG_NOW sets; every date and moment generated lies before it), with 15 candidates (money by 2–3 sources, integer yuan), a meeting and a closed
// project vote electing all 15, a published plan, 4 milestones and 12 monthly reports per project
// (percent and money disbursed by source growing month by month; 70% of the projects finish), and
// the read models project_state (the latest report's percent and money) and year_totals. It is all
// written by INSERT … SELECT over recursive CTEs, one statement per table and year, executed with
// `wrangler d1 execute --local --persist-to <the server's dir> --file` (one batch per year), never
// row by row from Node. Ids are derived from (year, jurisdiction, position), so the measured
// jurisdictions, cycles and projects have the same codes and ids at both sizes; report ids grow
// with time (a month's reports of every project, then the next month's), as they would in use.
//
// The 1% size (the first 10 jurisdictions of the tree: city 160100, banner 160121 and its 8
// townships) runs on the dev server run.ts started; that server is then stopped and the 100% size
// runs on a fresh one (its own persist dir), so that one wrangler dev at a time has the 2 cores.
// Both also hold the demo city. On each, every page gets a warm-up and then BENCH_PROVINCE_SAMPLES
// sequential requests (latency median and p90, without metering), and BENCH_METER_SAMPLES metered
// ones (D1 rows read, statements and round trips per request; see src/platform/data/metered.ts).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { beijingYear, nodeNow } from "../test/support/clock";
import { type DevServer, startDevServer } from "../test/support/dev-server";
import {
  config,
  envNumber,
  type Figures,
  fmt,
  median,
  ratio,
  round,
  type Server,
  spread,
  table,
} from "./lib/bench";
import { Client, percentile } from "./lib/client";

export const name = "province";

// ---------------------------------------------------------------------------------------------
// The shape of the data set.

const CITIES = 10;
const BANNERS = 11;
const TOWNS = 8;
/** Jurisdictions per city: itself, its banners, their townships. */
const PER_CITY = 1 + BANNERS * (1 + TOWNS);
const FULL = CITIES * PER_CITY;
/** The 1% size: the first jurisdictions of the tree (a city, a banner and its townships). */
const SMALL = 1 + 1 + TOWNS;
/** The large size; BENCH_PROVINCE_JURISDICTIONS lowers it for a quick trial run. */
const LARGE = Math.min(FULL, Math.max(SMALL, Math.round(envNumber("BENCH_PROVINCE_JURISDICTIONS", FULL))));
const YEARS = 10;
const PROJECTS = 15;
const REPORTS = 12;
const MILESTONES = 4;
/** Timed requests per page (sequential, after WARMUP). */
const SAMPLES = Math.round(envNumber("BENCH_PROVINCE_SAMPLES", 30));
const WARMUP = 5;

/** Id bases (far above the demo's ids). Per year there is room for FULL jurisdictions. */
const CYCLE0 = 100_000;
const CAND0 = 1_000_000;
const MILESTONE0 = 2_000_000;
const REPORT0 = 10_000_000;
/** Projects a year at 100%: the stride of candidate and report ids, the same at both sizes. */
const STRIDE = FULL * PROJECTS;

const LAST_YEAR = beijingYear() - 1;
const FIRST_YEAR = LAST_YEAR - YEARS + 1;

/** What is measured: present at both sizes. */
const CITY = "160100";
const BANNER = "160121";
const YEAR = LAST_YEAR;
/** The banner's first project of YEAR (jurisdiction index 1, position 1). */
const PROJECT_ID = CAND0 + (YEAR - FIRST_YEAR) * STRIDE + 1 * PROJECTS + 0;

const CITY_NAMES = [
  "金川市",
  "银滩市",
  "北原市",
  "南屏市",
  "东岭市",
  "西河市",
  "长林市",
  "远山市",
  "清水市",
  "云台市",
];
const BANNER_SUFFIXES = [
  "前旗",
  "后旗",
  "中旗",
  "左旗",
  "右旗",
  "东旗",
  "西旗",
  "南县",
  "北县",
  "新县",
  "河县",
];
const TOWN_NAMES = ["乌兰苏木", "巴彦镇", "红泉镇", "柳林乡", "松岭镇", "白音苏木", "新华镇", "哈达乡"];
const PROJECT_NAMES = [
  "老旧小区改造",
  "农村牧区饮水安全巩固提升",
  "中小学校舍维修加固",
  "基层卫生院设备更新",
  "城乡道路硬化",
  "居家养老服务中心建设",
  "公共厕所新建改造",
  "农贸市场提升改造",
  "街巷路灯亮化",
  "公办幼儿园扩建",
  "供热管网改造",
  "便民服务中心建设",
  "防洪堤加固",
  "全民健身场地建设",
  "垃圾分类收运体系建设",
];
const UNITS = [
  "住房和城乡建设局",
  "水利局",
  "教育局",
  "卫生健康委员会",
  "交通运输局",
  "民政局",
  "城市管理综合执法局",
  "商务局",
  "城市管理综合执法局",
  "教育局",
  "住房和城乡建设局",
  "政务服务局",
  "水利局",
  "体育局",
  "城市管理综合执法局",
];
const MILESTONE_TITLES = ["完成立项和招标", "开工建设", "主体工程完工", "竣工验收并交付使用"];
const MILESTONE_DUE = ["03-31", "06-30", "09-30", "12-20"];

// ---------------------------------------------------------------------------------------------
// The generating SQL.

const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;
const pick = (expr: string, list: readonly string[]) =>
  `CASE ${expr} ${list.map((s, i) => `WHEN ${i} THEN ${sqlText(s)}`).join(" ")} END`;
/** Epoch milliseconds of a Beijing date at 10:00. */
const at = (date: string) => Date.parse(`${date}T10:00:00+08:00`);
const counter = (cte: string, col: string, to: number) =>
  `${cte}(${col}) AS (SELECT 0 UNION ALL SELECT ${col} + 1 FROM ${cte} WHERE ${col} < ${to - 1})`;

/** CTEs giving `j`: the first `n` jurisdictions in tree order (ji, code, parent, level, name, name_en, path). */
function jurisdictionsCte(n: number): string {
  const cityName = pick("c", CITY_NAMES);
  return `${counter("n", "i", n)},
  g(ji, c, b, t) AS (SELECT i, i / ${PER_CITY},
    CASE WHEN i % ${PER_CITY} = 0 THEN 0 ELSE (i % ${PER_CITY} - 1) / ${1 + TOWNS} + 1 END,
    CASE WHEN i % ${PER_CITY} = 0 THEN 0 ELSE (i % ${PER_CITY} - 1) % ${1 + TOWNS} END FROM n),
  k AS (SELECT ji, c, b, t, '16' || printf('%02d', c + 1) || '00' AS cc,
    '16' || printf('%02d', c + 1) || printf('%02d', 20 + b) AS bc FROM g),
  j AS (SELECT ji, c, b, t,
    CASE WHEN b = 0 THEN cc WHEN t = 0 THEN bc ELSE bc || '1' || printf('%02d', t) END AS code,
    CASE WHEN b = 0 THEN NULL WHEN t = 0 THEN cc ELSE bc END AS parent,
    CASE WHEN b = 0 THEN 'city' WHEN t = 0 THEN 'county' ELSE 'township' END AS level,
    CASE WHEN b = 0 THEN ${cityName} WHEN t = 0 THEN substr(${cityName}, 1, 2) || ${pick("b - 1", BANNER_SUFFIXES)}
      ELSE ${pick("t - 1", TOWN_NAMES)} END AS name,
    CASE WHEN b = 0 THEN 'Bench City ' || (c + 1) WHEN t = 0 THEN 'Bench Banner ' || (c + 1) || '-' || b
      ELSE 'Bench Township ' || (c + 1) || '-' || b || '-' || t END AS name_en,
    '/' || cc || '/' || CASE WHEN b = 0 THEN '' ELSE bc || '/' END
      || CASE WHEN t = 0 THEN '' ELSE bc || '1' || printf('%02d', t) || '/' END AS path
    FROM k)`;
}

/**
 * CTEs giving `pa`: every project of year index `yi` of the first `n` jurisdictions, with its money
 * by source (a1–a3 integer yuan, sources s1–s3 in FUNDING_SOURCES order, s3 NULL for two) and its
 * year-end percent (tp) and share of the money disbursed (sp).
 */
function projectsCte(n: number, yi: number): string {
  return `${jurisdictionsCte(n)},
  ${counter("q", "p", PROJECTS)},
  pj AS (SELECT j.ji, j.code, j.name AS jname, j.level, q.p, ${yi * STRIDE} + j.ji * ${PROJECTS} + q.p AS gk
    FROM j CROSS JOIN q),
  pm AS (SELECT *, ${CAND0} + gk AS id, ${CYCLE0 + yi * 1000} + ji AS cycle_id,
    1000 * (500 + (gk * 7919) % 9501) AS total, gk % 4 AS mix,
    CASE WHEN gk % 10 < 7 THEN 100 ELSE 55 + (gk * 31) % 45 END AS tp,
    CASE level WHEN 'city' THEN 300 WHEN 'county' THEN 200 ELSE 50 END AS roster FROM pj),
  pf AS (SELECT *,
    CASE mix WHEN 0 THEN 'city' WHEN 1 THEN 'region' WHEN 2 THEN 'county' ELSE 'city' END AS s1,
    CASE mix WHEN 0 THEN 'county' WHEN 1 THEN 'city' WHEN 2 THEN 'township' ELSE 'county' END AS s2,
    CASE mix WHEN 1 THEN 'county' WHEN 3 THEN 'social' END AS s3,
    total * CASE mix WHEN 0 THEN 40 WHEN 1 THEN 20 WHEN 2 THEN 70 ELSE 30 END / 100 AS a1,
    CASE WHEN gk % 17 = 0 THEN max(0, tp - 45) WHEN tp = 100 THEN 88 + gk % 13 ELSE max(0, tp - 5 - gk % 15) END AS sp,
    roster - roster / 20 AS present,
    jname || ${pick("p", UNITS)} AS unit, ${pick("p", PROJECT_NAMES)} AS pname FROM pm),
  pb AS (SELECT *, CASE WHEN s3 IS NULL THEN total - a1 ELSE total * CASE mix WHEN 1 THEN 30 ELSE 50 END / 100 END AS a2 FROM pf),
  pa AS (SELECT *, CASE WHEN s3 IS NULL THEN 0 ELSE total - a1 - a2 END AS a3 FROM pb)`;
}

/** Every statement that writes year index `yi` for the first `n` jurisdictions. */
function yearStatements(n: number, yi: number): string[] {
  const y = FIRST_YEAR + yi;
  const w = `WITH RECURSIVE ${projectsCte(n, yi)}`;
  const cycleId = `${CYCLE0 + yi * 1000} + ji`;
  const unitUser = "COALESCE((SELECT id FROM users WHERE username = 'unit'), 0)";
  return [
    `WITH RECURSIVE ${jurisdictionsCte(n)}
INSERT INTO cycles (id, jurisdiction_code, year, stage, stage_since, created_at)
SELECT ${cycleId}, code, ${y}, 'supervise', ${at(`${y}-01-20`)}, ${at(`${y - 1}-09-01`)} FROM j ORDER BY ji;`,
    `WITH RECURSIVE ${jurisdictionsCte(n)}
INSERT INTO meetings (id, cycle_id, title, held_on, created_at)
SELECT ${cycleId}, ${cycleId}, name || '${y}年人民代表大会会议', '${y}-01-15', ${at(`${y}-01-05`)} FROM j ORDER BY ji;`,
    `WITH RECURSIVE ${jurisdictionsCte(n)}, r AS (SELECT ji, CASE level WHEN 'city' THEN 300 WHEN 'county' THEN 200 ELSE 50 END AS roster FROM j)
INSERT INTO votes (id, cycle_id, meeting_id, title, kind, status, places, form, max_ticks, base,
  threshold_numerator, threshold_denominator, quorum_numerator, quorum_denominator, roster_size,
  present_at_open, frozen_at, opened_at, closed_at, ballots_cast, valid_ballots, invalid_ballots,
  threshold_base, places_filled, places_tied, shortfall, announcement_no, created_at)
SELECT ${cycleId}, ${cycleId}, ${cycleId}, '${y}年度民生实事项目票决', 'project', 'closed', ${PROJECTS}, 'per_candidate',
  ${PROJECTS}, 'all', 1, 2, 2, 3, roster, roster - roster / 20, ${at(`${y}-01-15`) - 3600_000}, ${at(`${y}-01-15`)},
  ${at(`${y}-01-15`) + 1800_000}, roster - roster / 20, roster - roster / 20, 0, roster, ${PROJECTS}, 0, 0, 1,
  ${at(`${y}-01-14`)} FROM r ORDER BY ji;`,
    `${w}
INSERT INTO candidates (id, cycle_id, position, name, content, responsible_unit, deadline, annual_target,
  location_code, location_detail, created_at, updated_at)
SELECT id, cycle_id, p + 1, pname,
  jname || '${y}年' || pname || '：实施范围覆盖' || (3 + gk % 9) || '个嘎查村（社区），惠及群众约' || (1000 + gk % 9000) || '人，年内建成并投入使用。',
  unit, '${y}-12-31', '${y}年底前完成全部建设内容并通过验收', code, '第' || (1 + gk % 9) || '片区',
  ${at(`${y - 1}-11-20`)}, ${at(`${y - 1}-12-10`)} FROM pa ORDER BY id;`,
    `${w}, ${counter("sl", "k", 3)}
INSERT INTO candidate_funding (candidate_id, source, amount_yuan)
SELECT id, CASE k WHEN 0 THEN s1 WHEN 1 THEN s2 ELSE s3 END, CASE k WHEN 0 THEN a1 WHEN 1 THEN a2 ELSE a3 END
FROM pa CROSS JOIN sl WHERE k < 2 OR s3 IS NOT NULL ORDER BY id, k;`,
    `${w}
INSERT INTO vote_candidates (vote_id, candidate_id, position) SELECT cycle_id, id, p + 1 FROM pa ORDER BY cycle_id, id;`,
    `${w}, s AS (SELECT *, present - 1 - p * present / 40 AS support FROM pa)
INSERT INTO vote_results (vote_id, candidate_id, support, against, abstain, passed, rank, elected, tie)
SELECT cycle_id, id, support, (present - support) * 2 / 3, present - support - (present - support) * 2 / 3, 1, p + 1, 1, 0
FROM s ORDER BY cycle_id, id;`,
    `${w}
INSERT INTO plans (candidate_id, responsible_unit, annual_target, published_at, updated_at)
SELECT id, unit, '${y}年底前完成全部建设内容并通过验收，群众满意度不低于90%', ${at(`${y}-02-20`)}, ${at(`${y}-02-20`)}
FROM pa ORDER BY id;`,
    `${w}, ${counter("mk", "k", MILESTONES)},
  ms AS (SELECT *, (k + 1) * 25 AS need FROM pa CROSS JOIN mk)
INSERT INTO milestones (id, candidate_id, title, due_on, done_on)
SELECT ${MILESTONE0} + gk * ${MILESTONES} + k, id, ${pick("k", MILESTONE_TITLES)}, '${y}-' || ${pick("k", MILESTONE_DUE)},
  CASE WHEN tp >= need THEN printf('${y}-%02d-25', (need * 12 + tp - 1) / tp) END
FROM ms ORDER BY 1;`,
    `${w}, ${counter("mo", "m", REPORTS)},
  rr AS (SELECT mo.m, pa.*, tp * (mo.m + 1) / 12 AS pct, sp * (mo.m + 1) / 12 AS share FROM mo CROSS JOIN pa),
  rd AS (SELECT *, a1 * share / 100 AS d1, a2 * share / 100 AS d2, a3 * share / 100 AS d3 FROM rr)
INSERT INTO progress_reports (id, candidate_id, reported_on, percent, body, disbursed, disbursed_yuan, user_id, created_at)
SELECT ${REPORT0} + (${yi * REPORTS} + m) * ${STRIDE} + ji * ${PROJECTS} + p, id, printf('${y}-%02d-25', m + 1), pct,
  pname || '：截至' || (m + 1) || '月底完成年度计划的' || pct || '%，累计拨付资金' || ((d1 + d2 + d3) / 10000)
    || '万元。现场施工有序推进，质量安全可控，下月继续推进后续工序。',
  CASE WHEN s3 IS NULL THEN json_object(s1, d1, s2, d2) ELSE json_object(s1, d1, s2, d2, s3, d3) END,
  d1 + d2 + d3, ${unitUser}, ${at(`${y}-01-25`)} + m * 2592000000
FROM rd;`,
    `${w}, fin AS (SELECT *, a1 * sp / 100 + a2 * sp / 100 + a3 * sp / 100 AS spent FROM pa)
INSERT INTO project_state (candidate_id, cycle_id, jurisdiction_code, year, position, name, responsible_unit,
  status, planned_yuan, percent, disbursed_yuan, latest_report_id, reported_on, open_problems, grade,
  satisfied_or_basic, assessed_valid, updated_at)
SELECT id, cycle_id, code, ${y}, p + 1, pname, unit, CASE WHEN tp >= 100 THEN 'completed' ELSE 'in_progress' END,
  total, tp, spent, ${REPORT0} + ${yi * REPORTS + REPORTS - 1} * ${STRIDE} + ji * ${PROJECTS} + p, '${y}-12-25', 0,
  NULL, NULL, NULL, ${at(`${y}-12-25`)}
FROM fin ORDER BY id;`,
  ];
}

/** The jurisdictions (tree order). */
function jurisdictionStatement(n: number): string {
  return `WITH RECURSIVE ${jurisdictionsCte(n)}
INSERT INTO jurisdictions (code, parent_code, level, name, name_en, path)
SELECT code, parent, level, name, name_en, path FROM j ORDER BY ji;`;
}

/** year_totals from project_state, as src/platform/data/rollups.ts refreshYear builds them, for every generated cycle. */
function yearTotalsStatement(): string {
  return `INSERT INTO year_totals (jurisdiction_code, year, projects, planned_yuan, disbursed_yuan, completed, stopped,
  carried_over, open_problems, assessed, unsatisfied, satisfied_or_basic, assessed_valid, updated_at)
SELECT y.jurisdiction_code, y.year, COUNT(p.candidate_id), COALESCE(SUM(p.planned_yuan), 0),
  COALESCE(SUM(p.disbursed_yuan), 0), COALESCE(SUM(p.status = 'completed'), 0), COALESCE(SUM(p.status = 'stopped'), 0),
  COALESCE(SUM(p.status = 'carried_over'), 0), COALESCE(SUM(p.open_problems), 0),
  COALESCE(SUM(p.grade IS NOT NULL), 0), COALESCE(SUM(p.grade = 'unsatisfied'), 0),
  COALESCE(SUM(p.satisfied_or_basic), 0), COALESCE(SUM(p.assessed_valid), 0), ${nodeNow()}
FROM cycles y LEFT JOIN project_state p ON p.cycle_id = y.id
WHERE y.id >= ${CYCLE0} AND y.id < ${CYCLE0 + YEARS * 1000}
GROUP BY y.id;`;
}

/** Row counts of the generated data, and its consistency: one row. */
function countsQuery(): string {
  const range = (table: string, col: string, from: number, to: number) =>
    `(SELECT COUNT(*) FROM ${table} WHERE ${col} >= ${from} AND ${col} < ${to}) AS ${table}`;
  return `SELECT
  (SELECT COUNT(*) FROM jurisdictions WHERE code LIKE '16%') AS jurisdictions,
  ${range("cycles", "id", CYCLE0, CAND0)},
  ${range("votes", "id", CYCLE0, CAND0)},
  ${range("candidates", "id", CAND0, MILESTONE0)},
  ${range("candidate_funding", "candidate_id", CAND0, MILESTONE0)},
  ${range("vote_results", "vote_id", CYCLE0, CAND0)},
  ${range("plans", "candidate_id", CAND0, MILESTONE0)},
  ${range("milestones", "id", MILESTONE0, REPORT0)},
  ${range("progress_reports", "id", REPORT0, REPORT0 * 10)},
  ${range("project_state", "candidate_id", CAND0, MILESTONE0)},
  (SELECT COUNT(*) FROM year_totals WHERE jurisdiction_code LIKE '16%') AS year_totals,
  (SELECT COUNT(*) FROM project_state s WHERE s.candidate_id >= ${CAND0} AND s.candidate_id < ${MILESTONE0} AND (
     s.latest_report_id IS NOT (SELECT MAX(r.id) FROM progress_reports r WHERE r.candidate_id = s.candidate_id)
     OR s.percent <> (SELECT r.percent FROM progress_reports r WHERE r.id = s.latest_report_id)
     OR s.disbursed_yuan <> (SELECT r.disbursed_yuan FROM progress_reports r WHERE r.id = s.latest_report_id)
     OR s.planned_yuan <> (SELECT SUM(f.amount_yuan) FROM candidate_funding f WHERE f.candidate_id = s.candidate_id)
  )) AS state_mismatches,
  (SELECT COUNT(*) FROM progress_reports r WHERE r.id >= ${REPORT0} AND r.disbursed_yuan <>
     (SELECT COALESCE(SUM(e.value), 0) FROM json_each(r.disbursed) e)) AS report_money_mismatches,
  (SELECT COUNT(*) FROM year_totals t WHERE t.jurisdiction_code LIKE '16%' AND (t.projects <> ${PROJECTS}
     OR t.planned_yuan <> (SELECT SUM(f.amount_yuan) FROM candidate_funding f JOIN candidates c ON c.id = f.candidate_id
       JOIN cycles y ON y.id = c.cycle_id WHERE y.jurisdiction_code = t.jurisdiction_code AND y.year = t.year))
  ) AS totals_mismatches`;
}

// ---------------------------------------------------------------------------------------------
// Running SQL against a dev server's local D1.

const root = path.resolve(import.meta.dirname, "..");
const wrangler = path.join(root, "node_modules/.bin/wrangler");

function exec(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(wrangler, args, {
      cwd: root,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", CI: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr = (stderr + d).slice(-4000);
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs a file of statements (one batch, one transaction) on the local D1 in `persistDir`. */
async function d1File(persistDir: string, sql: string): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "minsheng-province-"));
  try {
    const file = path.join(dir, "data.sql");
    writeFileSync(file, sql);
    const r = await exec([
      "d1",
      "execute",
      "DB",
      "--local",
      "--persist-to",
      persistDir,
      "--file",
      file,
      "--yes",
    ]);
    if (r.code !== 0)
      throw new Error(`wrangler d1 execute failed (${r.code}):\n${r.stdout.slice(-4000)}\n${r.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function d1Query(persistDir: string, sql: string): Promise<Record<string, number>> {
  const r = await exec([
    "d1",
    "execute",
    "DB",
    "--local",
    "--persist-to",
    persistDir,
    "--command",
    sql,
    "--json",
  ]);
  if (r.code !== 0)
    throw new Error(`wrangler d1 execute failed (${r.code}):\n${r.stdout.slice(-4000)}\n${r.stderr}`);
  const out = JSON.parse(r.stdout) as { results: Record<string, number>[] }[];
  return out[0]?.results[0] ?? {};
}

const n = (x: number) => x.toLocaleString("en-US");

export interface Generated {
  jurisdictions: number;
  seconds: number;
  counts: Record<string, number>;
  /** Seconds of each batch: the jurisdictions, then one per year, then year_totals. */
  batches: number[];
}

/** Generates the first `size` jurisdictions' data into the local D1 of `persistDir`. */
export async function generate(persistDir: string, size: number, log = console.log): Promise<Generated> {
  const started = performance.now();
  const batches: number[] = [];
  const timed = async (sql: string) => {
    const t0 = performance.now();
    await d1File(persistDir, sql);
    batches.push((performance.now() - t0) / 1000);
  };
  await timed(jurisdictionStatement(size));
  for (let yi = 0; yi < YEARS; yi++) {
    await timed(yearStatements(size, yi).join("\n"));
    log(`    ${FIRST_YEAR + yi}: ${n(size * PROJECTS * REPORTS)} reports… ${batches.at(-1)?.toFixed(1)} s`);
  }
  await timed(yearTotalsStatement());
  const seconds = (performance.now() - started) / 1000;
  const counts = await d1Query(persistDir, countsQuery());
  return { jurisdictions: size, seconds, counts, batches };
}

// ---------------------------------------------------------------------------------------------
// The pages.

interface Target {
  key: string;
  label: string;
  path: string;
  /** What "shown" counts on this page. */
  unit: string;
  count: (body: string) => number;
}

const matches = (body: string, re: RegExp) => (body.match(re) ?? []).length;
const json = <T>(body: string) => JSON.parse(body) as T;

function targets(): Target[] {
  const list = `/j/${BANNER}/${YEAR}/projects`;
  const open = `/api/open/jurisdictions`;
  return [
    {
      key: "list",
      label: `project list ${list}`,
      path: list,
      unit: "projects",
      count: (b) => matches(b, new RegExp(`href="${list}/\\d+"`, "g")),
    },
    {
      key: "project",
      label: `project page …/projects/${PROJECT_ID}`,
      path: `${list}/${PROJECT_ID}`,
      unit: "reports",
      count: (b) => matches(b, /class="card report"/g),
    },
    {
      key: "city",
      label: `city view /j/${CITY}/${YEAR}/overview`,
      path: `/j/${CITY}/${YEAR}/overview`,
      unit: "jurisdictions",
      count: (b) => matches(b, /<tr class="depth-/g),
    },
    {
      key: "banner",
      label: `banner view /j/${BANNER}/${YEAR}/overview`,
      path: `/j/${BANNER}/${YEAR}/overview`,
      unit: "jurisdictions",
      count: (b) => matches(b, /<tr class="depth-/g),
    },
    {
      key: "open_list",
      label: "open data: project list (JSON)",
      path: `${open}/${BANNER}/years/${YEAR}/projects`,
      unit: "projects",
      count: (b) => json<{ projects: unknown[] }>(b).projects.length,
    },
    {
      key: "open_project",
      label: "open data: project (JSON)",
      path: `${open}/${BANNER}/years/${YEAR}/projects/${PROJECT_ID}`,
      unit: "reports",
      count: (b) => (json<{ latestReport: unknown }>(b).latestReport ? 1 : 0),
    },
    {
      key: "open_city",
      label: "open data: city overview (JSON)",
      path: `${open}/${CITY}/years/${YEAR}/overview`,
      unit: "jurisdictions",
      count: (b) => json<{ jurisdictions: unknown[] }>(b).jurisdictions.length,
    },
  ];
}

/** The three pages of the acceptance criterion: the run fails without them. */
const REQUIRED = ["list", "project", "city"];

interface PageFigures {
  shown: number;
  ms: number[];
  rows: number[];
  queries: number[];
  calls: number[];
  /** Statements the meter could not count (should be 0). */
  unmetered: number;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * One GET, sent again on a 503 (wrangler dev restarting the worker because a source file changed)
 * or a dropped connection.
 */
async function get(client: Client, p: string, headers: Record<string, string> = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      const reply = await client.send("GET", p, headers);
      if (reply.status !== 503 || attempt === 6) return reply;
    } catch (e) {
      if (attempt === 6) throw e;
    }
    await sleep(1000);
  }
}

const header = (v: string | string[] | undefined) => (typeof v === "string" ? Number(v) : Number.NaN);

/** Warm-up, SAMPLES timed requests, then metered ones; null when the page does not exist (404). */
async function measurePage(url: string, t: Target): Promise<PageFigures | null> {
  const client = new Client(url);
  try {
    const first = await get(client, t.path);
    if (first.status === 404 && !REQUIRED.includes(t.key)) return null;
    if (first.status !== 200)
      throw new Error(`GET ${t.path}: status ${first.status}: ${first.body.slice(0, 300)}`);
    const out: PageFigures = {
      shown: t.count(first.body),
      ms: [],
      rows: [],
      queries: [],
      calls: [],
      unmetered: 0,
    };
    for (let i = 0; i < WARMUP; i++) await get(client, t.path);
    for (let i = 0; i < SAMPLES; i++) {
      const r = await get(client, t.path);
      if (r.status !== 200) throw new Error(`GET ${t.path}: status ${r.status}`);
      out.ms.push(r.ms);
    }
    for (let i = 0; i < config.meterSamples; i++) {
      const r = await get(client, t.path, { "x-bench-metrics": "1" });
      if (r.status !== 200) throw new Error(`GET ${t.path} (metered): status ${r.status}`);
      const rows = header(r.headers["x-d1-rows-read"]);
      if (Number.isNaN(rows))
        throw new Error(`${t.path}: no x-d1-rows-read header; metering needs ENVIRONMENT=local`);
      out.rows.push(rows);
      out.queries.push(header(r.headers["x-d1-queries"]));
      out.calls.push(header(r.headers["x-d1-calls"]));
      out.unmetered = Math.max(out.unmetered, header(r.headers["x-d1-unmetered"]) || 0);
    }
    return out;
  } finally {
    client.close();
  }
}

type Measured = Map<string, PageFigures | null>;

async function measureAll(url: string): Promise<Measured> {
  const out: Measured = new Map();
  for (const t of targets()) out.set(t.key, await measurePage(url, t));
  return out;
}

function pagesTable(m: Measured): string {
  const rows: string[][] = [];
  for (const t of targets()) {
    const f = m.get(t.key);
    if (!f) {
      rows.push([t.label, "not there (404)", "", "", "", "", "", ""]);
      continue;
    }
    rows.push([
      t.label,
      `${f.shown} ${t.unit}`,
      fmt(median(f.ms), 1),
      fmt(percentile(f.ms, 90), 1),
      spread(f.rows),
      fmt(median(f.rows) / Math.max(1, f.shown), 1),
      spread(f.queries),
      spread(f.calls),
    ]);
  }
  return table(
    ["page", "shown", "p50 ms", "p90 ms", "rows read", "rows/shown", "queries", "D1 calls"],
    rows,
    [2, 3, 4, 5, 6, 7],
  );
}

function describeGeneration(label: string, g: Generated): string {
  const c = g.counts;
  const rows = Object.entries(c)
    .filter(([k]) => !k.endsWith("mismatches"))
    .map(([k, v]) => `${k} ${n(v)}`)
    .join(", ");
  const total = Object.entries(c)
    .filter(([k]) => !k.endsWith("mismatches"))
    .reduce((s, [, v]) => s + v, 0);
  return (
    `  ${label}: generated in ${g.seconds.toFixed(1)} s (${g.batches.length} wrangler d1 execute batches, ` +
    `slowest ${Math.max(...g.batches).toFixed(1)} s): ${n(total)} rows\n    ${rows}\n` +
    `    consistency: project_state ≠ latest report or funding: ${c.state_mismatches}; report money ≠ sum by ` +
    `source: ${c.report_money_mismatches}; year_totals ≠ projects: ${c.totals_mismatches}`
  );
}

function expectedCounts(size: number): Record<string, number> {
  const projects = size * YEARS * PROJECTS;
  return {
    jurisdictions: size,
    cycles: size * YEARS,
    candidates: projects,
    progress_reports: projects * REPORTS,
    milestones: projects * MILESTONES,
    project_state: projects,
    year_totals: size * YEARS,
  };
}

function checkGeneration(g: Generated, checks: Check[]) {
  for (const [k, want] of Object.entries(expectedCounts(g.jurisdictions))) {
    checks.push({
      label: `${n(g.jurisdictions)} jurisdictions: ${k} = ${n(want)}`,
      ok: g.counts[k] === want,
    });
  }
  for (const k of ["state_mismatches", "report_money_mismatches", "totals_mismatches"]) {
    checks.push({ label: `${n(g.jurisdictions)} jurisdictions: ${k} = 0`, ok: g.counts[k] === 0 });
  }
}

interface Check {
  label: string;
  ok: boolean;
}

/** What each page should show, the same at both sizes except the city's subtree. */
function expectedShown(key: string, size: number): number | null {
  const cityJurisdictions = Math.min(size, PER_CITY);
  const shown: Record<string, number> = {
    list: PROJECTS,
    project: REPORTS - 1,
    city: cityJurisdictions,
    banner: 1 + TOWNS,
    open_list: PROJECTS,
    open_project: 1,
    open_city: cityJurisdictions,
  };
  return shown[key] ?? null;
}

function checkShown(size: number, m: Measured, checks: Check[]) {
  for (const t of targets()) {
    const f = m.get(t.key);
    const want = expectedShown(t.key, size);
    if (!f || want === null) continue;
    checks.push({
      label: `${n(size)} jurisdictions: ${t.key} shows ${want} ${t.unit}`,
      ok: f.shown === want,
    });
  }
}

/** Stops `s` when the process is interrupted; returns the function that stops watching. */
function stopOnSignal(s: DevServer): () => void {
  const stop = () => void s.stop();
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  return () => {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  };
}

export async function run(url: string, server: Server): Promise<Figures> {
  const cores = os.cpus().length;
  const busy = () => `load average ${os.loadavg()[0]?.toFixed(1)} on ${cores} cores`;
  const load0 = os.loadavg()[0] ?? 0;
  const checks: Check[] = [];
  const figures: Figures = {
    jurisdictions_1: SMALL,
    jurisdictions_100: LARGE,
    years: YEARS,
    projects_per_cycle: PROJECTS,
    reports_per_project: REPORTS,
    samples: SAMPLES,
    meter_samples: config.meterSamples,
  };
  console.log(
    `  data set: ${CITIES} cities × (1 + ${BANNERS} banners × (1 + ${TOWNS} townships)) = ${n(FULL)} jurisdictions; ` +
      `${YEARS} years (${FIRST_YEAR}–${LAST_YEAR}) × ${PROJECTS} projects × ${REPORTS} monthly reports`,
  );
  console.log(
    `  sizes: 1% = the first ${SMALL} jurisdictions (city ${CITY}, banner ${BANNER} and its ${TOWNS} townships); ` +
      `100% = ${n(LARGE)}${LARGE < FULL ? " (BENCH_PROVINCE_JURISDICTIONS: a trial run, not the full size)" : ""}`,
  );
  console.log(
    `  pages: ${WARMUP} warm-up requests, then ${SAMPLES} timed sequential ones (no metering), then ` +
      `${config.meterSamples} metered ones; year ${YEAR}, project ${PROJECT_ID}`,
  );
  console.log(`  machine: ${busy()} at the start`);

  // 1% — on run.ts's server ------------------------------------------------------------------
  console.log(`\n1% — ${SMALL} jurisdictions, on run.ts's dev server`);
  const genSmall = await generate(server.persistDir, SMALL, () => {});
  console.log(describeGeneration("1%", genSmall));
  checkGeneration(genSmall, checks);
  const small = await measureAll(url);
  checkShown(SMALL, small, checks);
  console.log(pagesTable(small));
  // run.ts hands over its DevServer: stop it now (its own stop afterwards does nothing more), so
  // that the 100% server has both cores.
  await (server as Server & Partial<Pick<DevServer, "stop">>).stop?.();

  // 100% — on a fresh server -----------------------------------------------------------------
  console.log(`\n100% — ${n(LARGE)} jurisdictions, on a fresh dev server`);
  const t0 = performance.now();
  const big = await startDevServer();
  const unwatch = stopOnSignal(big);
  let genLarge: Generated;
  let large: Measured;
  try {
    console.log(
      `  wrangler dev up at ${big.url} in ${((performance.now() - t0) / 1000).toFixed(1)} s (demo data loaded)`,
    );
    genLarge = await generate(big.persistDir, LARGE);
    console.log(describeGeneration("100%", genLarge));
    checkGeneration(genLarge, checks);
    large = await measureAll(big.url);
    checkShown(LARGE, large, checks);
    console.log(pagesTable(large));
  } finally {
    unwatch();
    await big.stop();
  }

  // Comparison -------------------------------------------------------------------------------
  for (const [k, g] of [
    ["1", genSmall],
    ["100", genLarge],
  ] as const) {
    figures[`gen_${k}_s`] = round(g.seconds, 1);
    figures[`reports_${k}`] = g.counts.progress_reports ?? null;
    figures[`projects_${k}`] = g.counts.project_state ?? null;
  }
  const rows: string[][] = [];
  let worst = 0;
  const grown: string[] = [];
  for (const t of targets()) {
    const a = small.get(t.key);
    const b = large.get(t.key);
    if (!a || !b) {
      rows.push([t.label, "not there", "", "", "", "", "", "", ""]);
      figures[`${t.key}_rows_ratio`] = null;
      continue;
    }
    const rA = median(a.rows);
    const rB = median(b.rows);
    const perShown = ratio(rB / Math.max(1, b.shown), rA / Math.max(1, a.shown));
    const lat = ratio(median(b.ms), median(a.ms));
    if (perShown !== null) {
      worst = Math.max(worst, perShown);
      if (perShown >= 1.2) grown.push(`${t.key} ×${perShown.toFixed(1)}`);
    }
    for (const [s, f] of [
      ["1", a],
      ["100", b],
    ] as const) {
      figures[`${t.key}_shown_${s}`] = f.shown;
      figures[`${t.key}_rows_${s}`] = median(f.rows);
      figures[`${t.key}_queries_${s}`] = median(f.queries);
      figures[`${t.key}_calls_${s}`] = median(f.calls);
      figures[`${t.key}_p50_ms_${s}`] = round(median(f.ms), 1);
      figures[`${t.key}_p90_ms_${s}`] = round(percentile(f.ms, 90), 1);
    }
    figures[`${t.key}_rows_ratio`] = round(ratio(rB, rA), 3);
    figures[`${t.key}_rows_per_shown_ratio`] = round(perShown, 3);
    figures[`${t.key}_p50_ratio`] = round(lat, 2);
    rows.push([
      t.label,
      `${a.shown}/${b.shown}`,
      String(rA),
      String(rB),
      fmt(ratio(rB, rA), 2),
      fmt(perShown, 2),
      `${fmt(median(a.ms), 1)}/${fmt(median(b.ms), 1)}`,
      fmt(lat, 2),
      `${spread(a.queries)}/${spread(b.queries)}`,
    ]);
    if (a.unmetered || b.unmetered) grown.push(`${t.key}: unmetered statements`);
  }
  figures.rows_per_shown_ratio_max = round(worst, 3);
  console.log(
    `\nPer page — 1% (${SMALL} jurisdictions, ${n(genSmall.counts.progress_reports ?? 0)} reports) vs 100% ` +
      `(${n(LARGE)} jurisdictions, ${n(genLarge.counts.progress_reports ?? 0)} reports): medians`,
  );
  console.log(
    table(
      [
        "page",
        "shown 1%/100%",
        "rows @1%",
        "rows @100%",
        "rows ratio",
        "per shown",
        "p50 ms 1%/100%",
        "p50 ratio",
        "queries",
      ],
      rows,
      [1, 2, 3, 4, 5, 6, 7, 8],
    ),
  );
  console.log(
    "  per shown: rows read per item shown (projects, reports, jurisdictions), 100% over 1%; the city's " +
      `subtree is ${SMALL} jurisdictions at 1% and ${Math.min(LARGE, PER_CITY)} at 100%, the other pages show the same at both sizes`,
  );

  figures.loadavg_start = round(load0, 1);
  figures.loadavg_end = round(os.loadavg()[0] ?? 0, 1);
  console.log(
    `\nMachine: ${busy()} at the end` +
      (load0 > cores
        ? `; ${load0.toFixed(1)} at the start: other processes competed for the CPU, so the timings are ` +
          "pessimistic (rows read are not affected)."
        : "."),
  );
  const failed = checks.filter((c) => !c.ok);
  figures.checks_failed = failed.length;
  console.log(
    failed.length === 0
      ? `\nAll ${checks.length} checks passed (row counts, read models consistent with the reports, pages show what they should).`
      : `\nWARNING: ${failed.length} check(s) failed:\n${failed.map((c) => `  ${c.label}`).join("\n")}`,
  );
  console.log(
    grown.length === 0 && worst > 0
      ? `Rows read per page stay proportional to what the page shows: at most ×${worst.toFixed(2)} per item shown from 1% to 100%.`
      : `WARNING: rows read grow with the data set: ${grown.join(", ")} (per item shown, 1% → 100%).`,
  );
  return figures;
}

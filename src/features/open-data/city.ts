// The city view: every jurisdiction below a city (banners/counties and their townships) for one
// year, from year_totals (one row per jurisdiction and year), with the totals a city congress
// reports ("264 个项目，总投资 23.4 亿元"). One query: the subtree by a range on the materialised path
// (an index range, not LIKE), each jurisdiction's totals and cycle by their keys, so the rows read
// are proportional to the jurisdictions shown. All of it is public. Money stays integer yuan until
// it is written out.
import { and, asc, eq, gte, lt } from "drizzle-orm";
import type { Stage } from "../../platform/cycle/stages";
import type { Db } from "../../platform/data/db";
import {
  cycles,
  type Jurisdiction,
  jurisdictions,
  type YearTotals,
  yearTotals,
} from "../../platform/data/schema";
import { yuanToWan } from "../../platform/lib/money";
import { satisfactionRate, wanPlain } from "../projects/projects";

/** What a jurisdiction's year adds up: every count and sum of year_totals. */
const SUMMED = [
  "projects",
  "plannedYuan",
  "disbursedYuan",
  "completed",
  "stopped",
  "carriedOver",
  "openProblems",
  "assessed",
  "unsatisfied",
  "satisfiedOrBasic",
  "assessedValid",
] as const satisfies readonly (keyof YearTotals)[];

type Totals = Record<(typeof SUMMED)[number], number>;

const noTotals = (): Totals => Object.fromEntries(SUMMED.map((k) => [k, 0])) as Totals;

interface OverviewRow {
  jurisdiction: Jurisdiction;
  /** 0 for the root, 1 for its children, 2 below. */
  depth: number;
  stage: Stage | null;
  /** Zero before the year has projects. */
  totals: Totals;
}

export interface Overview {
  root: Jurisdiction;
  year: number;
  rows: OverviewRow[];
  sum: Totals & { jurisdictions: number };
}

/** The first path after every path under `path` ("/159900/" → "/1599000": "/" + 1 is "0"). */
function pathEnd(path: string): string {
  return `${path.slice(0, -1)}0`;
}

async function readRows(db: Db, root: Jurisdiction, year: number) {
  return db
    .select({ j: jurisdictions, t: yearTotals, stage: cycles.stage, cycleId: cycles.id })
    .from(jurisdictions)
    .leftJoin(yearTotals, and(eq(yearTotals.jurisdictionCode, jurisdictions.code), eq(yearTotals.year, year)))
    .leftJoin(cycles, and(eq(cycles.jurisdictionCode, jurisdictions.code), eq(cycles.year, year)))
    .where(and(gte(jurisdictions.path, root.path), lt(jurisdictions.path, pathEnd(root.path))))
    .orderBy(asc(jurisdictions.path));
}

/**
 * The overview of `root`'s subtree for `year`: one row per jurisdiction that has a cycle that year
 * (the root only if it has one itself), in tree order, and the exact sums.
 */
export async function cityOverview(db: Db, root: Jurisdiction, year: number): Promise<Overview> {
  const rows = await readRows(db, root, year);
  const rootDepth = root.path.split("/").length;
  const shown: OverviewRow[] = rows
    .filter((r) => r.cycleId !== null)
    .map((r) => ({
      jurisdiction: r.j,
      depth: r.j.path.split("/").length - rootDepth,
      stage: r.stage,
      totals: r.t ?? noTotals(),
    }));
  const sum = { jurisdictions: shown.length, ...noTotals() };
  for (const r of shown) for (const k of SUMMED) sum[k] += r.totals[k];
  return { root, year, rows: shown, sum };
}

const YI = 100_000_000;

/**
 * Integer yuan → 亿元 text, rounded half up to 0.01亿 in integer arithmetic, trailing zeros dropped
 * (2,340,000,000 → "23.4"; 2,345,678,901 → "23.46").
 */
export function yuanToYiText(yuan: number): string {
  const step = 1_000_000; // 0.01亿
  const sign = yuan < 0 ? "-" : "";
  const abs = Math.abs(yuan);
  const rest = abs % step;
  const hundredths = (abs - rest) / step + (rest * 2 >= step ? 1 : 0);
  const whole = Math.floor(hundredths / 100);
  const frac = String(hundredths % 100)
    .padStart(2, "0")
    .replace(/0+$/, "");
  return `${sign}${whole.toLocaleString("en-US")}${frac ? `.${frac}` : ""}`;
}

/** A total in the unit a congress report uses: 亿元 from 1亿 up, 万元 (exact) below. */
export function bigMoney(yuan: number): { amount: string; unit: "yi" | "wan" } {
  return Math.abs(yuan) >= YI
    ? { amount: yuanToYiText(yuan), unit: "yi" }
    : { amount: yuanToWan(yuan), unit: "wan" };
}

export interface OverviewLabels {
  header: (key: string) => string;
  name: (j: Jurisdiction) => string;
  level: (j: Jurisdiction) => string;
}

/** The overview as a table (CSV / .xlsx): one row per jurisdiction, exact 万元. */
export function overviewTable(o: Overview, l: OverviewLabels) {
  return {
    header: [
      "code",
      "jurisdiction",
      "level",
      "projects",
      "plannedWan",
      "disbursedWan",
      "completed",
      "openProblems",
      "assessed",
      "unsatisfied",
      "rate",
    ].map(l.header),
    rows: o.rows.map(({ jurisdiction: j, totals: t }) => [
      j.code,
      l.name(j),
      l.level(j),
      t.projects,
      wanPlain(t.plannedYuan),
      wanPlain(t.disbursedYuan),
      t.completed,
      t.openProblems,
      t.assessed,
      t.unsatisfied,
      satisfactionRate(t.satisfiedOrBasic, t.assessedValid),
    ]),
  };
}

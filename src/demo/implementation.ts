import type { BatchItem } from "drizzle-orm/batch";
import type { Candidate, candidateFunding } from "../platform/data/schema";
import { chunks } from "../platform/lib/chunks";
import { addDays, dayStart, todayInChina } from "../platform/lib/dates";

export const ORDINAL = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/** Share of the year's work done by the end of each month (Jan…Dec) on a project kept to plan. */
const PACE = [3, 6, 10, 18, 28, 40, 55, 70, 80, 90, 100, 100];

/** The usual milestones: the month they are due (at its end), and the share of work they mark. */
const MILESTONES: [month: number, title: string, percent: number][] = [
  [3, "完成初步设计和施工招标", 10],
  [5, "施工单位进场，全面开工", 28],
  [8, "完成主体工程", 70],
  [10, "完成配套设施和设备安装", 90],
  [11, "竣工验收并交付使用", 100],
];

/** Due dates of a postponed project's third and later milestones, as its revised plan has them. */
const moved = (year: number) => [`${year}-12-31`, `${year + 1}-05-31`, `${year + 1}-06-30`];

export interface Profile {
  /** Pace against PACE: 1 keeps to plan, more is ahead, less falls behind. */
  speed: number;
  /** From this month on, the work goes at this share of the planned pace. */
  slows?: [month: number, speed: number];
  /** Money disbursed as a share of the work done (by default 0.85, and 0.95 once complete). */
  money?: number;
  /** Four milestones instead of five (no separate 配套设施 step). */
  short?: boolean;
  /** Milestones from the third on re-dated by the revised plan (after a postponement). */
  moved?: boolean;
  /** A sentence added to the reports from this month on. */
  note?: [month: number, text: string];
}

export interface Project {
  candidate: Candidate;
  funding: { source: (typeof candidateFunding.$inferSelect)["source"]; amountYuan: number }[];
}

const lastDay = (year: number, month: number) =>
  addDays(month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, "0")}-01`, -1);
export const at = (date: string, hour: number) => (dayStart(date) as number) + hour * 3600_000;

function progressText(p: number): string {
  if (p >= 100) return "工程全部完工，已通过竣工验收并交付使用，正在办理结算审计。";
  if (p >= 90) return `配套设施和设备安装基本完成，正在组织预验收，累计完成工程量的${p}%。`;
  if (p >= 70) return `主体工程已完成，正在进行配套设施建设和设备安装，累计完成工程量的${p}%。`;
  if (p >= 28) return `主体工程施工中，累计完成工程量的${p}%。`;
  if (p >= 10) return "已完成施工招标，施工单位已进场，正在做开工准备。";
  return "正在办理项目前期手续，开展初步设计和施工招标准备。";
}

/** Work done by the report of month `m` (its share of the year's work, in percent). */
function percentAt(profile: Profile, m: number): number {
  const planned = (month: number) => PACE[month - 1] ?? 100;
  const [from, slow] = profile.slows ?? [13, 1];
  const done =
    m < from ? planned(m) * profile.speed : planned(from - 1) + (planned(m) - planned(from - 1)) * slow;
  return Math.min(100, Math.round(done));
}

/**
 * A project's plan published at `plansAt`, its milestones and its reports at the given moments of
 * `year`: work done follows the profile's pace, money follows the work, milestones are reached on
 * the first report past their share.
 */
export function implementation(
  p: Project,
  year: number,
  plansAt: number,
  reportsAt: number[],
  profile: Profile,
  userId: number,
) {
  const c = p.candidate;
  const reports = reportsAt.map((createdAt) => {
    const reportedOn = todayInChina(createdAt);
    const m = Number(reportedOn.slice(5, 7));
    const percent = percentAt(profile, m);
    // Money lagging by a profile lags after completion too (the payments are still being processed).
    const share = percent >= 100 && !profile.money ? 0.95 : (percent / 100) * (profile.money ?? 0.85);
    // Integer yuan per source, rounded down to the hundred as treasury payments are.
    const bp = Math.round(share * 10_000);
    const disbursed: Record<string, number> = {};
    for (const f of p.funding) {
      const yuan = Math.floor((f.amountYuan * bp) / 1_000_000) * 100;
      if (yuan > 0) disbursed[f.source] = yuan;
    }
    const note =
      profile.note && m >= profile.note[0] && (percent < 100 || profile.money) ? profile.note[1] : "";
    return {
      candidateId: c.id,
      reportedOn,
      percent,
      body: progressText(percent) + note,
      disbursed: JSON.stringify(disbursed),
      disbursedYuan: Object.values(disbursed).reduce((a, b) => a + b, 0),
      userId,
      createdAt,
    };
  });
  const steps = profile.short ? MILESTONES.filter((_, i) => i !== 3) : MILESTONES;
  const ms = steps.map(([month, title, share], i) => {
    const later = profile.moved && i >= 2;
    const reached = reports.find((r) => r.percent >= share);
    return {
      candidateId: c.id,
      title,
      dueOn: (later ? moved(year)[i - 2] : undefined) ?? lastDay(year, month),
      doneOn: reached?.reportedOn ?? null,
    };
  });
  const plan = {
    candidateId: c.id,
    responsibleUnit: c.responsibleUnit,
    annualTarget: `${c.content.replace(/。$/, "")}，${year}年11月底前完工并投入使用。`,
    publishedAt: plansAt,
    updatedAt: plansAt,
  };
  return { plan, ms, reports };
}

/** Inserts of many rows, each statement under D1's 100 bound parameters. */
export function insertAll<T extends Record<string, unknown>>(
  rows: T[],
  insert: (part: T[]) => BatchItem<"sqlite">,
): BatchItem<"sqlite">[] {
  const columns = Object.keys(rows[0] ?? { x: 0 }).length;
  return chunks(rows, Math.floor(90 / columns)).map(insert);
}

// By place on 青山旗's list: 0 is left alone (the demo unit's, no plan yet); 2 is completed early and
// its group is led by the demo deputy; 3 falls behind its milestones from June; 4 finishes early but
// stands idle; 7 has money far behind its progress from August; 9 is postponed at the end of August.
// The worker tests plan, report, supervise and change 0 and 1 themselves, from a clean state: keep
// 0 untouched, and 1 without inspections, problems, changes or the demo deputy.
export const DONE = 2;
export const BEHIND = 3;
export const IDLE = 4;
export const POSTPONED = 9;
export function profiles(postponed: boolean): Record<number, Profile> {
  return {
    1: { speed: 1.0 },
    [DONE]: { speed: 1.25 },
    [BEHIND]: {
      speed: 1,
      slows: [4, 0.28],
      note: [4, "受用地协调影响，部分工程开工推迟，进度滞后于实施计划。"],
    },
    [IDLE]: { speed: 1.45 },
    5: { speed: 1.05, short: true },
    6: { speed: 1.08 },
    7: { speed: 1.0, money: 0.3, note: [7, "施工单位先行垫资施工，工程款拨付手续正在办理。"] },
    8: { speed: 1.02, short: true },
    [POSTPONED]: {
      speed: 1,
      slows: [8, 0.4],
      moved: postponed,
      note: [9, "依旗人大常委会决定延期实施，正在重新组织主要设备采购。"],
    },
  };
}

// Demo data for stage 5 (监督评估), so that a newcomer finds a living year:
// - 青山旗, this year: published implementation plans with milestones, monthly progress reports with
//   money by source (one project behind its milestones, one with money far behind its progress), a
//   supervision group per planned project (the demo deputy leads one, sits in another), two inspections
//   (one 暗访), three problems (closed, rectifying, open and overdue) and a postponement by decision.
//   Its first project (the demo unit's, 青山旗水利局) is left as it was: no plan yet, nothing reported.
// - 青山旗, last year: every project reported done but one, carried over (结转) to this year by
//   decision, and the closed year-end 满意度测评 (./voting.ts) whose 不满意 project is being rectified.
// - The two townships of 青山旗: a few plans and quarterly reports, for the city view.
// 白云旗 is left without plans or reports: its year is walked through from the plan onwards elsewhere.
//
// Rows are written straight into the tables, as the demo does for earlier stages, in a few batches;
// the read models (project_state, year_totals) are rebuilt at the end, as every real write does.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../data/db";
import {
  type Candidate,
  candidateFunding,
  candidates,
  cycles,
  inspections,
  milestones,
  plans,
  problems,
  progressReports,
  projectChanges,
  supervisionGroups,
  supervisionMembers,
  users,
  voteResults,
  votes,
} from "../data/schema";
import { servingDeputies } from "../domain/attendance";
import { refreshCycleProjects, refreshYear } from "../domain/rollups";
import { chunks } from "../lib/chunks";
import { addDays, dayStart, todayInChina } from "../lib/dates";
import { type Leaning, seedAssessment } from "./voting";

/** The banner, with its current congress (届) as ./seed.ts numbers it. */
const BANNER = { code: "159921", name: "青山旗", term: 17 };
const TOWNSHIPS = ["159921101", "159921102"];
const ORDINAL = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

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

interface Profile {
  /** Pace against PACE: 1 keeps to plan, more is ahead, less falls behind. */
  speed: number;
  /** Money disbursed as a share of the work done (default 0.85; 0.95 once complete). */
  money?: number;
  /** Four milestones instead of five (no separate 配套设施 step). */
  short?: boolean;
  /** Milestones from the third on re-dated by the revised plan (after a postponement). */
  moved?: boolean;
  /** A sentence added to the reports from this month on. */
  note?: [month: number, text: string];
}

interface Project {
  candidate: Candidate;
  funding: { source: (typeof candidateFunding.$inferSelect)["source"]; amountYuan: number }[];
}

const lastDay = (year: number, month: number) =>
  addDays(month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, "0")}-01`, -1);
const reportDay = (year: number, month: number) => `${year}-${String(month).padStart(2, "0")}-25`;
const at = (date: string, hour: number) => (dayStart(date) as number) + hour * 3600_000;

function progressText(p: number): string {
  if (p >= 100) return "工程全部完工，已通过竣工验收并交付使用，正在办理结算审计。";
  if (p >= 90) return `配套设施和设备安装基本完成，正在组织预验收，累计完成工程量的${p}%。`;
  if (p >= 70) return `主体工程已完成，正在进行配套设施建设和设备安装，累计完成工程量的${p}%。`;
  if (p >= 28) return `主体工程施工中，累计完成工程量的${p}%。`;
  if (p >= 10) return "已完成施工招标，施工单位已进场，正在做开工准备。";
  return "正在办理项目前期手续，开展初步设计和施工招标准备。";
}

/**
 * A project's published plan, its milestones and its reports for the given months of `year`:
 * work done follows the profile's pace, money follows the work, milestones are reached on the
 * first report past their share.
 */
function implementation(p: Project, year: number, months: number[], profile: Profile, userId: number) {
  const c = p.candidate;
  const percentAt = (m: number) => Math.min(100, Math.round((PACE[m - 1] ?? 100) * profile.speed));
  const reports = months.map((m) => {
    const percent = percentAt(m);
    const share = percent >= 100 ? 0.95 : (percent / 100) * (profile.money ?? 0.85);
    // Integer yuan per source, rounded down to the hundred as treasury payments are.
    const bp = Math.round(share * 10_000);
    const disbursed: Record<string, number> = {};
    for (const f of p.funding) {
      const yuan = Math.floor((f.amountYuan * bp) / 1_000_000) * 100;
      if (yuan > 0) disbursed[f.source] = yuan;
    }
    const note = profile.note && m >= profile.note[0] && percent < 100 ? profile.note[1] : "";
    return {
      candidateId: c.id,
      reportedOn: reportDay(year, m),
      percent,
      body: progressText(percent) + note,
      disbursed: JSON.stringify(disbursed),
      disbursedYuan: Object.values(disbursed).reduce((a, b) => a + b, 0),
      userId,
      createdAt: at(reportDay(year, m), 16),
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
    publishedAt: at(`${year}-02-10`, 9),
    updatedAt: at(`${year}-02-10`, 9),
  };
  return { plan, ms, reports };
}

/** Inserts of many rows, each statement under D1's 100 bound parameters. */
function insertAll<T extends Record<string, unknown>>(
  rows: T[],
  insert: (part: T[]) => BatchItem<"sqlite">,
): BatchItem<"sqlite">[] {
  const columns = Object.keys(rows[0] ?? { x: 0 }).length;
  return chunks(rows, Math.floor(90 / columns)).map(insert);
}

export async function seedSupervision(db: Db, now = Date.now()): Promise<void> {
  const year = new Date(now).getUTCFullYear();
  const today = todayInChina(now);
  /** A date in the past: the given one, or yesterday when the given one has not come yet. */
  const past = (date: string) => (date < today ? date : addDays(today, -1));
  const codes = [BANNER.code, ...TOWNSHIPS];
  const [cycleRows, accounts, elected, funding] = await db.batch([
    db.select().from(cycles).where(inArray(cycles.jurisdictionCode, codes)),
    db
      .select({ id: users.id, username: users.username })
      .from(users)
      .where(inArray(users.username, ["staff", "gov", "unit"])),
    db
      .select({ c: candidates })
      .from(candidates)
      .innerJoin(cycles, eq(cycles.id, candidates.cycleId))
      .innerJoin(voteResults, eq(voteResults.candidateId, candidates.id))
      .innerJoin(votes, eq(votes.id, voteResults.voteId))
      .where(
        and(
          inArray(cycles.jurisdictionCode, codes),
          eq(cycles.stage, "supervise"),
          eq(voteResults.elected, true),
          eq(votes.status, "closed"),
        ),
      )
      .orderBy(asc(candidates.position)),
    db
      .select({ f: candidateFunding })
      .from(candidateFunding)
      .innerJoin(candidates, eq(candidates.id, candidateFunding.candidateId))
      .innerJoin(cycles, eq(cycles.id, candidates.cycleId))
      .where(inArray(cycles.jurisdictionCode, codes)),
  ]);
  const cycleOf = (code: string, y: number) =>
    cycleRows.find((c) => c.jurisdictionCode === code && c.year === y && c.stage === "supervise");
  const projectsOf = (cycleId: number): Project[] =>
    elected
      .filter((e) => e.c.cycleId === cycleId)
      .map((e) => ({
        candidate: e.c,
        funding: funding
          .filter((f) => f.f.candidateId === e.c.id)
          .map((f) => ({ source: f.f.source, amountYuan: f.f.amountYuan })),
      }));
  const userId = (name: string) => accounts.find((a) => a.username === name)?.id ?? 0;
  const staff = userId("staff");
  // The demo unit reports on its own projects; the government's office files the others' reports.
  const reporter = (p: Project) =>
    p.candidate.responsibleUnit === "青山旗水利局" ? userId("unit") : userId("gov");

  const current = cycleOf(BANNER.code, year);
  const previous = cycleOf(BANNER.code, year - 1);
  if (!current) return;
  const plansRows: (typeof plans.$inferInsert)[] = [];
  const msRows: (typeof milestones.$inferInsert)[] = [];
  const reportRows: (typeof progressReports.$inferInsert)[] = [];
  const add = (p: Project, y: number, months: number[], profile: Profile) => {
    const x = implementation(p, y, months, profile, reporter(p));
    const published = Math.min(x.plan.publishedAt, now);
    plansRows.push({ ...x.plan, publishedAt: published, updatedAt: published });
    msRows.push(...x.ms);
    reportRows.push(...x.reports);
  };

  // ---- 青山旗, this year: monthly reports from January up to last month -----------------------
  const lastMonth = Number(today.slice(0, 4)) > year ? 12 : Number(today.slice(5, 7)) - 1;
  const monthly = Array.from({ length: lastMonth }, (_, i) => i + 1);
  const projects = projectsOf(current.id);
  // By place on the list: 0 is left alone (the demo unit's, no plan yet); 2 is completed and led by
  // the demo deputy; 3 falls behind its milestones; 7 has money far behind its progress; 9 is postponed.
  // The worker tests plan, report, supervise and change 0 and 1 themselves, from a clean state: keep
  // 0 untouched, and 1 without inspections, problems, changes or the demo deputy.
  const profiles: Record<number, Profile> = {
    1: { speed: 1.0 },
    2: { speed: 1.25 },
    3: { speed: 0.55, note: [6, "受用地协调影响，部分工程开工推迟，进度滞后于实施计划。"] },
    4: { speed: 1.05, short: true },
    5: { speed: 1.45 },
    6: { speed: 1.08 },
    7: { speed: 1.0, money: 0.3, note: [7, "施工单位先行垫资施工，工程款拨付手续正在办理。"] },
    8: { speed: 1.02, short: true },
    9: {
      speed: 0.6,
      moved: true,
      note: [9, "依旗人大常委会决定延期实施，正在重新组织主要设备采购。"],
    },
  };
  for (const [i, p] of projects.entries()) {
    const profile = profiles[i];
    if (profile) add(p, year, monthly, profile);
  }

  // One supervision group per planned project, of current-term deputies; the demo deputy (number
  // 001, the first on the roster) leads the group of the third project and sits in the eighth's.
  const serving = await servingDeputies(db, BANNER.code);
  const demoDeputy = serving.find((d) => d.number === "001") ?? serving[0];
  const others = serving.filter((d) => d.id !== demoDeputy?.id);
  const groupRows: (typeof supervisionGroups.$inferInsert)[] = [];
  const memberRows: (typeof supervisionMembers.$inferInsert)[] = [];
  for (const [i, p] of projects.entries()) {
    if (i === 0 || !demoDeputy) continue;
    const members = others.slice(i * 4, i * 4 + 4).map((d) => d.id);
    if (i === 2) members.unshift(demoDeputy.id);
    if (i === 7) members.push(demoDeputy.id);
    groupRows.push({
      candidateId: p.candidate.id,
      name: `第${ORDINAL[i - 1]}监督小组`,
      leaderDeputyId: members[0] ?? null,
      createdAt: Math.min(at(`${year}-02-20`, 10), now),
    });
    memberRows.push(...members.map((deputyId) => ({ candidateId: p.candidate.id, deputyId })));
  }

  const done = projects[2]?.candidate;
  const hidden = projects[4]?.candidate;
  const behind = projects[3]?.candidate;
  const postponed = projects[9]?.candidate;
  const stage5: BatchItem<"sqlite">[] = [];
  if (done && hidden && behind && postponed) {
    const seen = past(`${year}-06-18`);
    const secretly = past(`${year}-09-10`);
    const inspectionOf = (id: number, on: string) =>
      sql`(SELECT i.id FROM inspections i WHERE i.candidate_id = ${id} AND i.inspected_on = ${on})`;
    stage5.push(
      db.insert(inspections).values([
        {
          candidateId: done.id,
          inspectedOn: seen,
          unannounced: false,
          participants: "第二监督小组 5 名代表",
          findings:
            "工程总体按计划推进，现场管理比较规范。发现部分隐蔽工程验收记录不完整，施工现场安全警示标志设置不足。群众希望完工后尽快投入使用。",
          userId: staff,
          createdAt: at(seen, 17),
        },
        {
          candidateId: hidden.id,
          inspectedOn: secretly,
          unannounced: true,
          participants: "旗人大常委会社会建设工作委员会 3 人",
          findings:
            "暗访发现已建成的部分未按时投入使用，现场无人值守，部分设备仍未拆封；周边群众反映不知道何时开放。",
          userId: staff,
          createdAt: at(secretly, 17),
        },
      ]),
    );
    const fixedOn = past(`${year}-07-20`);
    const answeredOn = past(`${year}-10-28`);
    const flaggedOn = past(`${year}-09-05`);
    const flaggedDue = past(`${year}-10-31`);
    stage5.push(
      db.insert(problems).values([
        {
          candidateId: done.id,
          source: "inspection",
          inspectionId: inspectionOf(done.id, seen),
          foundOn: seen,
          description: "部分隐蔽工程验收记录不完整，施工现场安全警示标志设置不足",
          responsibleUnit: done.responsibleUnit,
          deadline: addDays(seen, 45),
          status: "closed",
          rectification: `【${fixedOn} 整改】已补齐隐蔽工程验收记录并经监理单位签认，施工现场增设安全警示标志和硬质围挡。`,
          rectifiedOn: fixedOn,
          closedAt: Math.min(at(addDays(fixedOn, 8), 15), now),
          closedBy: staff,
          createdBy: staff,
          createdAt: at(seen, 18),
        },
        {
          candidateId: hidden.id,
          source: "inspection",
          inspectionId: inspectionOf(hidden.id, secretly),
          foundOn: secretly,
          description: "已建成部分未按时投入使用，设备闲置，群众不了解开放安排",
          responsibleUnit: hidden.responsibleUnit,
          // Not due yet: the unit has reported what it did and staff have still to verify it.
          deadline: `${year}-12-15` > today ? `${year}-12-15` : addDays(today, 30),
          status: "rectifying",
          rectification: `【${answeredOn} 整改】已落实运营管理人员，完成设备安装调试，向群众开放并在嘎查村公示开放时间。`,
          rectifiedOn: answeredOn,
          createdBy: staff,
          createdAt: at(secretly, 18),
        },
        {
          candidateId: behind.id,
          source: "report",
          foundOn: flaggedOn < flaggedDue ? flaggedOn : addDays(flaggedDue, -1),
          description: "进度报告显示主体工程未按实施计划的节点完成，进度明显滞后",
          responsibleUnit: behind.responsibleUnit,
          deadline: flaggedDue,
          status: "open",
          createdBy: staff,
          createdAt: at(flaggedOn, 11),
        },
      ]),
      db.insert(projectChanges).values({
        candidateId: postponed.id,
        kind: "postpone",
        decisionBody: "青山旗人大常委会第二十三次会议",
        decisionNo: `青常发〔${year}〕12号`,
        decidedOn: past(`${year}-08-28`),
        reason: "项目主要设备两次公开招标均流标，重新组织采购需要时间，原定完成时限无法实现。",
        detail: `完成时限由${year}年11月30日调整为${year + 1}年6月30日；本年度完成主体工程和设备采购。`,
        announcementNo: 1,
        createdBy: staff,
        createdAt: at(past(`${year}-08-28`), 16),
      }),
    );
  }

  // ---- 青山旗, last year: done and reported, one carried over to this year ------------------------
  const lastYear = previous ? projectsOf(previous.id) : [];
  const CARRIED = 6;
  const UNSATISFIED = 3;
  for (const [i, p] of lastYear.entries())
    add(p, year - 1, [2, 4, 6, 8, 10, 11], {
      speed: i === CARRIED ? 0.7 : 1 + (i % 4) * 0.1,
      short: i % 3 === 1,
      note: i === CARRIED ? [11, "入冬后室外工程停工，剩余工程依决定结转下一年度实施。"] : undefined,
    });
  const carried = lastYear[CARRIED]?.candidate;
  if (carried)
    stage5.push(
      db.insert(projectChanges).values({
        candidateId: carried.id,
        kind: "carry_over",
        decisionBody: "青山旗人大常委会第十九次会议",
        decisionNo: `青常发〔${year - 1}〕31号`,
        decidedOn: `${year - 1}-11-26`,
        reason: "入冬后气温过低，室外管网和场地硬化工程无法施工。",
        detail: `主体工程已完成，剩余室外配套工程结转至${year}年度继续实施，计划于${year}年6月底前完工。`,
        carriedToCycleId: current.id,
        announcementNo: 1,
        createdBy: staff,
        createdAt: at(`${year - 1}-11-26`, 16),
      }),
    );

  // ---- The townships of 青山旗: three projects each, reported quarterly ----------------------------
  const quarterly = [3, 6, 9].filter((m) => m <= lastMonth);
  for (const code of TOWNSHIPS) {
    const c = cycleOf(code, year);
    if (!c) continue;
    for (const [i, p] of projectsOf(c.id).slice(0, 3).entries())
      add(p, year, quarterly, { speed: [1.5, 1.0, 0.8][i] ?? 1, short: i === 1 });
  }

  // Reports go in date order per project, so the latest of each has the highest id (as in real use).
  reportRows.sort((a, b) => a.candidateId - b.candidateId || a.reportedOn.localeCompare(b.reportedOn));
  await db.batch([
    ...insertAll(plansRows, (part) => db.insert(plans).values(part)),
    ...insertAll(msRows, (part) => db.insert(milestones).values(part)),
    ...insertAll(reportRows, (part) => db.insert(progressReports).values(part)),
    ...insertAll(groupRows, (part) => db.insert(supervisionGroups).values(part)),
    ...insertAll(memberRows, (part) => db.insert(supervisionMembers).values(part)),
    ...stage5,
  ] as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);

  // ---- Last year's 满意度测评: most projects 满意, the carried-over one 基本满意, one 不满意 ----------
  const refresh: BatchItem<"sqlite">[] = [];
  if (previous && lastYear.length > 0) {
    const leaning = (i: number): Leaning =>
      i === UNSATISFIED ? [0.2, 0.22, 0.52] : i === CARRIED ? [0.42, 0.38, 0.15] : [0.8, 0.12, 0.04];
    const voteId = await seedAssessment(
      db,
      previous,
      BANNER,
      lastYear.map((p, i) => ({ id: p.candidate.id, leaning: leaning(i) })),
    );
    // ensureTally opened the rectification of the 不满意 project; the unit has reported it.
    const rectifiedOn = past(`${year}-03-28`);
    refresh.push(
      db
        .update(problems)
        .set({
          status: "rectifying",
          rectification: `【${rectifiedOn} 整改】已对照测评意见逐项整改：补齐配套设施，完善日常管护制度，并在项目现场公示管护单位和监督电话。`,
          rectifiedOn,
        })
        .where(and(eq(problems.voteId, voteId), eq(problems.status, "open"))),
    );
  }
  for (const c of [current, previous, ...TOWNSHIPS.map((code) => cycleOf(code, year))])
    if (c) refresh.push(...refreshCycleProjects(db, c.id), ...refreshYear(db, c.id));
  await db.batch(refresh as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
}

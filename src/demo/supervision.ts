// Demo data for stage 5 (监督评估), as ./calendar.ts plans it, so that a newcomer finds a living year:
// - 青山旗, its latest voted year: published implementation plans with milestones, monthly progress
//   reports with money by source (one project falls behind its milestones, one has money far behind
//   its progress), a supervision group per planned project (the demo deputy leads one, sits in
//   another), two inspections (one 暗访), three problems (closed, rectifying, open and overdue) and a
//   postponement by decision — each once its day has come. Its first project (the demo unit's,
//   青山旗水利局) is left as it was: no plan yet, nothing reported.
// - 青山旗, the year before: every project reported done but one, carried over (结转) to the next year
//   by decision, and the year-end 满意度测评 at the session (./voting.ts), whose 不满意 project is
//   being rectified.
// - Two townships of 青山旗: a few plans and quarterly reports, for the city view.
// 白云旗 is left without plans or reports: its year is walked through from the plan onwards elsewhere.
//
// Rows are written straight into the tables, as the demo does for earlier stages, in a few batches;
// the read models (project_state, year_totals) are rebuilt at the end, as every real write does.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { servingDeputies } from "../features/voting/attendance";
import type { Db } from "../platform/data/db";
import { refreshCycleProjects, refreshYear } from "../platform/data/rollups";
import {
  type Candidate,
  type Cycle,
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
} from "../platform/data/schema";
import type { DemoPlan, PlannedCycle, StoryProblem } from "./calendar";
import type { Place } from "./collection";
import {
  at,
  BEHIND,
  DONE,
  IDLE,
  implementation,
  insertAll,
  ORDINAL,
  POSTPONED,
  type Profile,
  type Project,
  profiles,
} from "./implementation";
import { assessmentBallot, type Leaning, seedVote } from "./voting";

// 青山旗's year before: all done but one, carried over; graded at the session: one 不满意.
const CARRIED = 6;
const UNSATISFIED = 3;
const leaning = (i: number): Leaning =>
  i === UNSATISFIED ? [0.2, 0.22, 0.52] : i === CARRIED ? [0.42, 0.38, 0.15] : [0.8, 0.12, 0.04];

/** Rows of a problem of the story, as staff record it and the unit answers. */
function problemRow(
  p: StoryProblem,
  c: Candidate,
  staff: number,
  fields: {
    source: "inspection" | "report";
    inspectionId?: ReturnType<typeof sql>;
    description: string;
    rectification: string;
  },
) {
  return {
    candidateId: c.id,
    source: fields.source,
    inspectionId: fields.inspectionId ?? null,
    foundOn: p.foundOn,
    description: fields.description,
    responsibleUnit: c.responsibleUnit,
    deadline: p.deadline,
    status: p.status,
    rectification: p.rectifiedOn ? `【${p.rectifiedOn} 整改】${fields.rectification}` : null,
    rectifiedOn: p.rectifiedOn,
    closedAt: p.closedAt,
    closedBy: p.closedAt ? staff : null,
    createdBy: staff,
    createdAt: p.foundAt,
  };
}

/**
 * Writes stage 5 of every voted year the plan gives plans to: 青山旗's year with its story, the year
 * before with its carry-over and assessment, the townships' quarterly reports; then rebuilds the
 * read models of every voted year.
 */
export async function seedSupervision(
  db: Db,
  plan: DemoPlan,
  placeOf: (code: string) => Place,
): Promise<void> {
  const { now } = plan;
  const [cycleRows, accounts, elected, funding] = await db.batch([
    db.select().from(cycles),
    db
      .select({ id: users.id, username: users.username })
      .from(users)
      .where(inArray(users.username, ["staff", "gov", "unit"])),
    db
      .select({ c: candidates })
      .from(candidates)
      .innerJoin(voteResults, eq(voteResults.candidateId, candidates.id))
      .innerJoin(votes, eq(votes.id, voteResults.voteId))
      .where(and(eq(voteResults.elected, true), eq(votes.status, "closed"), eq(votes.kind, "project")))
      .orderBy(asc(candidates.position)),
    db.select().from(candidateFunding),
  ]);
  const rowOf = (c: PlannedCycle) =>
    cycleRows.find((x) => x.jurisdictionCode === c.code && x.year === c.year) as Cycle;
  const projectsOf = (cycleId: number): Project[] =>
    elected
      .filter((e) => e.c.cycleId === cycleId)
      .map((e) => ({
        candidate: e.c,
        funding: funding
          .filter((f) => f.candidateId === e.c.id)
          .map((f) => ({ source: f.source, amountYuan: f.amountYuan })),
      }));
  const userId = (name: string) => accounts.find((a) => a.username === name)?.id ?? 0;
  const staff = userId("staff");
  // The demo unit reports on its own projects; the government's office files the others' reports.
  const reporter = (p: Project) =>
    p.candidate.responsibleUnit === "青山旗水利局" ? userId("unit") : userId("gov");

  const plansRows: (typeof plans.$inferInsert)[] = [];
  const msRows: (typeof milestones.$inferInsert)[] = [];
  const reportRows: (typeof progressReports.$inferInsert)[] = [];
  const groupRows: (typeof supervisionGroups.$inferInsert)[] = [];
  const memberRows: (typeof supervisionMembers.$inferInsert)[] = [];
  const stage5: BatchItem<"sqlite">[] = [];
  const add = (c: PlannedCycle, p: Project, profile: Profile) => {
    if (c.plansAt === null) return;
    const x = implementation(p, c.year, c.plansAt, c.reportsAt, profile, reporter(p));
    plansRows.push(x.plan);
    msRows.push(...x.ms);
    reportRows.push(...x.reports);
  };
  const assessments: { c: PlannedCycle; projects: Project[] }[] = [];

  for (const c of plan.cycles.filter((x) => x.stage === "supervise" && x.plansAt !== null)) {
    const cycle = rowOf(c);
    const projects = projectsOf(cycle.id);
    const { story } = c;
    if (story) {
      // ---- 青山旗's year -------------------------------------------------------------------------
      const profile = profiles(story.postponedOn !== null);
      for (const [i, p] of projects.entries()) if (profile[i]) add(c, p, profile[i]);
      // One supervision group per planned project, of current-term deputies; the demo deputy (number
      // 001, the first on the roster) leads the group of the third project and sits in the eighth's.
      const serving = await servingDeputies(db, c.code);
      const demoDeputy = serving.find((d) => d.number === "001") ?? serving[0];
      const others = serving.filter((d) => d.id !== demoDeputy?.id);
      for (const [i, p] of projects.entries()) {
        if (i === 0 || !demoDeputy || story.groupsAt === null) continue;
        const members = others.slice(i * 4, i * 4 + 4).map((d) => d.id);
        if (i === DONE) members.unshift(demoDeputy.id);
        if (i === 7) members.push(demoDeputy.id);
        groupRows.push({
          candidateId: p.candidate.id,
          name: `第${ORDINAL[i - 1]}监督小组`,
          leaderDeputyId: members[0] ?? null,
          createdAt: story.groupsAt,
        });
        memberRows.push(...members.map((deputyId) => ({ candidateId: p.candidate.id, deputyId })));
      }
      const [done, behind, idle, postponed] = [DONE, BEHIND, IDLE, POSTPONED].map(
        (i) => projects[i]?.candidate,
      );
      if (!done || !behind || !idle || !postponed) continue;
      const inspectionOf = (id: number, on: string) =>
        sql`(SELECT i.id FROM inspections i WHERE i.candidate_id = ${id} AND i.inspected_on = ${on})`;
      const { visit, secretVisit, lagging } = story;
      const seen = [
        visit && {
          candidateId: done.id,
          inspectedOn: visit.on,
          unannounced: false,
          participants: "第二监督小组 5 名代表",
          findings:
            "工程总体按计划推进，现场管理比较规范。发现部分隐蔽工程验收记录不完整，施工现场安全警示标志设置不足。群众希望完工后尽快投入使用。",
          userId: staff,
          createdAt: visit.at,
        },
        secretVisit && {
          candidateId: idle.id,
          inspectedOn: secretVisit.on,
          unannounced: true,
          participants: "旗人大常委会社会建设工作委员会 3 人",
          findings:
            "暗访发现已建成的部分未按时投入使用，现场无人值守，部分设备仍未拆封；周边群众反映不知道何时开放。",
          userId: staff,
          createdAt: secretVisit.at,
        },
      ].filter((x) => x !== null);
      if (seen.length) stage5.push(db.insert(inspections).values(seen));
      const found = [
        visit?.problem &&
          problemRow(visit.problem, done, staff, {
            source: "inspection",
            inspectionId: inspectionOf(done.id, visit.on),
            description: "部分隐蔽工程验收记录不完整，施工现场安全警示标志设置不足",
            rectification: "已补齐隐蔽工程验收记录并经监理单位签认，施工现场增设安全警示标志和硬质围挡。",
          }),
        secretVisit?.problem &&
          problemRow(secretVisit.problem, idle, staff, {
            source: "inspection",
            inspectionId: inspectionOf(idle.id, secretVisit.on),
            description: "已建成部分未按时投入使用，设备闲置，群众不了解开放安排",
            rectification: "已落实运营管理人员，完成设备安装调试，向群众开放并在嘎查村公示开放时间。",
          }),
        lagging &&
          problemRow(lagging, behind, staff, {
            source: "report",
            description: "进度报告显示未按实施计划的节点全面开工，进度明显滞后",
            rectification: "",
          }),
      ].filter((x) => !!x);
      if (found.length) stage5.push(db.insert(problems).values(found));
      if (story.postponedOn && story.postponedAt)
        stage5.push(
          db.insert(projectChanges).values({
            candidateId: postponed.id,
            kind: "postpone",
            decisionBody: "青山旗人大常委会第二十三次会议",
            decisionNo: `青常发〔${c.year}〕12号`,
            decidedOn: story.postponedOn,
            reason: "项目主要设备两次公开招标均流标，重新组织采购需要时间，原定完成时限无法实现。",
            detail: `完成时限由${c.year}年11月30日调整为${c.year + 1}年6月30日；本年度完成主体工程和设备采购。`,
            announcementNo: 1,
            createdBy: staff,
            createdAt: story.postponedAt,
          }),
        );
    } else if (c.carriedOn) {
      // ---- 青山旗's year before: done and reported, one carried over to the next year ------------
      for (const [i, p] of projects.entries())
        add(c, p, {
          speed: i === CARRIED ? 0.7 : 1 + (i % 4) * 0.1,
          short: i % 3 === 1,
          note: i === CARRIED ? [11, "入冬后室外工程停工，剩余工程依决定结转下一年度实施。"] : undefined,
        });
      const carried = projects[CARRIED]?.candidate;
      const next = cycleRows.find((x) => x.jurisdictionCode === c.code && x.year === c.year + 1);
      if (carried && next)
        stage5.push(
          db.insert(projectChanges).values({
            candidateId: carried.id,
            kind: "carry_over",
            decisionBody: "青山旗人大常委会第十九次会议",
            decisionNo: `青常发〔${c.year}〕31号`,
            decidedOn: c.carriedOn,
            reason: "入冬后气温过低，室外管网和场地硬化工程无法施工。",
            detail: `主体工程已完成，剩余室外配套工程结转至${c.year + 1}年度继续实施，计划于${c.year + 1}年6月底前完工。`,
            carriedToCycleId: next.id,
            announcementNo: 1,
            createdBy: staff,
            createdAt: at(c.carriedOn, 16),
          }),
        );
      assessments.push({ c, projects });
    } else {
      // ---- A township: three projects, reported quarterly ----------------------------------------
      for (const [i, p] of projects.slice(0, 3).entries())
        add(c, p, { speed: [1.5, 1.0, 0.8][i] ?? 1, short: i === 1 });
    }
  }

  // Reports go in date order per project, so the latest of each has the highest id (as in real use).
  reportRows.sort((a, b) => a.candidateId - b.candidateId || a.reportedOn.localeCompare(b.reportedOn));
  const rows = [
    ...insertAll(plansRows, (part) => db.insert(plans).values(part)),
    ...insertAll(msRows, (part) => db.insert(milestones).values(part)),
    ...insertAll(reportRows, (part) => db.insert(progressReports).values(part)),
    ...insertAll(groupRows, (part) => db.insert(supervisionGroups).values(part)),
    ...insertAll(memberRows, (part) => db.insert(supervisionMembers).values(part)),
    ...stage5,
  ];
  if (rows.length) await db.batch(rows as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);

  // ---- The year-end 满意度测评 at the session: most projects 满意, the carried one 基本满意, one 不满意
  const refresh: BatchItem<"sqlite">[] = [];
  for (const { c, projects } of assessments) {
    const v = c.votes.find((x) => x.kind === "assessment");
    if (!v || projects.length === 0) continue;
    const ids = projects.map((p) => p.candidate.id);
    const voteId = await seedVote(db, rowOf(c), v, placeOf(c.code), ids, assessmentBallot(leaning));
    // The close opened the rectification of the 不满意 project; the unit has reported it.
    if (voteId !== null && v.rectifiedOn)
      refresh.push(
        db
          .update(problems)
          .set({
            status: "rectifying",
            rectification: `【${v.rectifiedOn} 整改】已对照测评意见逐项整改：补齐配套设施，完善日常管护制度，并在项目现场公示管护单位和监督电话。`,
            rectifiedOn: v.rectifiedOn,
          })
          .where(and(eq(problems.voteId, voteId), eq(problems.status, "open"))),
      );
  }
  // Every voted year's read models, as they stand now.
  for (const c of plan.cycles.filter((x) => x.stage === "supervise")) {
    const id = rowOf(c).id;
    refresh.push(...refreshCycleProjects(db, id, now), ...refreshYear(db, id, now));
  }
  if (refresh.length) await db.batch(refresh as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
}

// The demo a newcomer sees: every banner and township has this year's cycle in 监督评估 with a
// closed vote and its tally, and next year's collecting proposals; 青山旗's year is under way
// (plans, progress, supervision, a change) and its previous year is done and assessed.
import { and, asc, desc, eq, inArray, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "../../src/data/db";
import {
  ballots,
  type Cycle,
  cycles,
  deputyCredentials,
  inspections,
  jurisdictions,
  plans,
  problems,
  progressReports,
  projectChanges,
  projectState,
  voteResults,
  votes,
  voteVoters,
  yearTotals,
} from "../../src/data/schema";
import { DEMO_DEPUTY_CODE } from "../../src/demo/seed";
import { cityOverview } from "../../src/domain/city";
import { listProjects, projectIds } from "../../src/domain/projects";
import { isOverdue, myProjects } from "../../src/domain/supervision";
import type { AssessChoice } from "../../src/domain/tally-types";
import { getResults } from "../../src/domain/votes";
import { sha256Hex } from "../../src/lib/crypto";
import { todayInChina } from "../../src/lib/dates";
import { Client, seeded } from "./client";

const YEAR = new Date().getUTCFullYear();

async function cycleOf(db: Db, code: string, year: number): Promise<Cycle> {
  const [row] = await db
    .select()
    .from(cycles)
    .where(and(eq(cycles.jurisdictionCode, code), eq(cycles.year, year)));
  if (!row) throw new Error(`no cycle ${code} ${year}`);
  return row;
}

describe("demo data", () => {
  it("gives each banner and township a voted cycle with a consistent tally, and one collecting", async () => {
    const db = await seeded();
    const places = await db.select().from(jurisdictions).where(eq(jurisdictions.level, "county"));
    expect(places.length).toBe(2);
    const year = new Date().getUTCFullYear();
    for (const j of places) {
      const [last] = await db
        .select()
        .from(cycles)
        .where(and(eq(cycles.jurisdictionCode, j.code), eq(cycles.year, year)));
      const [next] = await db
        .select()
        .from(cycles)
        .where(and(eq(cycles.jurisdictionCode, j.code), eq(cycles.year, year + 1)));
      expect(last?.stage).toBe("supervise");
      expect(next?.stage).toBe("collect");
      const [vote] = await db
        .select()
        .from(votes)
        .where(eq(votes.cycleId, last?.id ?? 0));
      expect(vote?.status).toBe("closed");
      if (!vote) continue;
      const voters = await db.select().from(voteVoters).where(eq(voteVoters.voteId, vote.id));
      const box = await db.select({ id: ballots.id }).from(ballots).where(eq(ballots.voteId, vote.id));
      expect(box.length).toBe(voters.length);
      const { vote: v, results } = await getResults(db, vote);
      expect(v.ballotsCast).toBe(voters.length);
      expect(results.filter((r) => r.elected).length).toBe(v.placesFilled);
      expect(results.some((r) => r.elected)).toBe(true);
      for (const r of results) expect(r.support + r.against + r.abstain).toBe(v.validBallots);
    }
    const ann = await new Client().get(`/j/159921/${year}`);
    expect(await ann.text()).toContain("主席团公告");
  });

  it("keeps project_state and year_totals equal to the reports, problems and changes behind them", async () => {
    const db = await seeded();
    const below = await db.select().from(jurisdictions).where(like(jurisdictions.path, "/159900/159921/%"));
    const years = await db
      .select()
      .from(cycles)
      .where(
        and(
          inArray(
            cycles.jurisdictionCode,
            below.map((j) => j.code),
          ),
          eq(cycles.stage, "supervise"),
        ),
      );
    // 青山旗 this year and last, and its two townships this year.
    expect(years.map((c) => `${c.jurisdictionCode}/${c.year}`).sort()).toEqual(
      [`159921/${YEAR - 1}`, `159921/${YEAR}`, `159921101/${YEAR}`, `159921102/${YEAR}`].sort(),
    );
    for (const cycle of years) {
      const ids = await projectIds(db, cycle.id);
      const [states, reports, open, changes] = await Promise.all([
        db.select().from(projectState).where(eq(projectState.cycleId, cycle.id)),
        db
          .select()
          .from(progressReports)
          .where(inArray(progressReports.candidateId, ids))
          .orderBy(asc(progressReports.id)),
        db.select().from(problems).where(inArray(problems.candidateId, ids)),
        db
          .select()
          .from(projectChanges)
          .where(inArray(projectChanges.candidateId, ids))
          .orderBy(asc(projectChanges.id)),
      ]);
      expect(states.map((s) => s.candidateId).sort()).toEqual([...ids].sort());
      let disbursed = 0;
      for (const s of states) {
        const mine = reports.filter((r) => r.candidateId === s.candidateId);
        const latest = mine[mine.length - 1];
        // Reports go forward in time and in progress; the latest is the one with the highest id.
        for (let i = 1; i < mine.length; i++) {
          expect(
            (mine[i] as (typeof mine)[0]).reportedOn > (mine[i - 1] as (typeof mine)[0]).reportedOn,
          ).toBe(true);
          expect((mine[i] as (typeof mine)[0]).percent).toBeGreaterThanOrEqual(
            (mine[i - 1] as (typeof mine)[0]).percent,
          );
        }
        for (const r of mine) {
          const bySource = JSON.parse(r.disbursed) as Record<string, number>;
          expect(Object.values(bySource).every(Number.isInteger)).toBe(true);
          expect(Object.values(bySource).reduce((a, b) => a + b, 0)).toBe(r.disbursedYuan);
        }
        expect(s.latestReportId, s.name).toBe(latest?.id ?? null);
        expect(s.percent).toBe(latest?.percent ?? 0);
        expect(s.disbursedYuan).toBe(latest?.disbursedYuan ?? 0);
        expect(s.reportedOn).toBe(latest?.reportedOn ?? null);
        expect(s.openProblems).toBe(
          open.filter((p) => p.candidateId === s.candidateId && p.status !== "closed").length,
        );
        const change = changes.filter((c) => c.candidateId === s.candidateId).pop();
        const expected =
          change?.kind === "carry_over"
            ? "carried_over"
            : (latest?.percent ?? 0) >= 100
              ? "completed"
              : change?.kind === "postpone"
                ? "postponed"
                : latest
                  ? "in_progress"
                  : "planned";
        expect(s.status, s.name).toBe(expected);
        disbursed += latest?.disbursedYuan ?? 0;
      }
      const [totals] = await db
        .select()
        .from(yearTotals)
        .where(and(eq(yearTotals.jurisdictionCode, cycle.jurisdictionCode), eq(yearTotals.year, cycle.year)));
      const sum = (f: (s: (typeof states)[0]) => number) => states.reduce((a, s) => a + f(s), 0);
      expect(totals).toMatchObject({
        projects: states.length,
        plannedYuan: sum((s) => s.plannedYuan),
        disbursedYuan: disbursed,
        completed: sum((s) => (s.status === "completed" ? 1 : 0)),
        carriedOver: sum((s) => (s.status === "carried_over" ? 1 : 0)),
        openProblems: sum((s) => s.openProblems),
        assessed: sum((s) => (s.grade ? 1 : 0)),
        unsatisfied: sum((s) => (s.grade === "unsatisfied" ? 1 : 0)),
        satisfiedOrBasic: sum((s) => s.satisfiedOrBasic ?? 0),
        assessedValid: sum((s) => s.assessedValid ?? 0),
      });
      expect(totals?.disbursedYuan).toBeGreaterThan(0);
    }
    // The city view shows money and completion for several jurisdictions; 白云旗 has no plan yet.
    const [city] = await db.select().from(jurisdictions).where(eq(jurisdictions.code, "159900"));
    const o = await cityOverview(db, city as NonNullable<typeof city>, YEAR);
    expect(o.rows.filter((r) => (r.totals?.disbursedYuan ?? 0) > 0).map((r) => r.jurisdiction.code)).toEqual([
      "159921",
      "159921101",
      "159921102",
    ]);
    expect(o.sum.completed).toBeGreaterThanOrEqual(3);
    const baiyun = await projectIds(db, (await cycleOf(db, "159922", YEAR)).id);
    expect(await db.select().from(plans).where(inArray(plans.candidateId, baiyun))).toHaveLength(0);
    expect(
      await db.select().from(progressReports).where(inArray(progressReports.candidateId, baiyun)),
    ).toHaveLength(0);
  });

  it("gives 青山旗's year plans, flags, supervision and a postponement, and the demo deputy groups", async () => {
    const db = await seeded();
    const cycle = await cycleOf(db, "159921", YEAR);
    const today = todayInChina();
    const list = await listProjects(db, cycle, today);
    expect(list.length).toBe(10);
    // Every project has a published plan but the demo unit's first one, which the tests plan themselves.
    const unplanned = list.filter((p) => !p.plan);
    expect(unplanned.map((p) => p.responsibleUnit)).toEqual(["青山旗水利局"]);
    expect(list.filter((p) => p.responsibleUnit === "青山旗水利局").length).toBeGreaterThanOrEqual(2);
    for (const p of list.filter((x) => x.plan)) {
      expect(p.plan?.publishedAt).not.toBeNull();
      expect(p.milestones.length).toBeGreaterThanOrEqual(4);
      expect(p.milestones.length).toBeLessThanOrEqual(5);
    }
    const month = Number(today.slice(5, 7));
    if (today.startsWith(String(YEAR)) && month >= 9) {
      // From September on (the reports run to last month): one project behind, one with money behind.
      expect(list.filter((p) => p.overdue > 0)).toHaveLength(1);
      expect(list.filter((p) => p.moneyBehind)).toHaveLength(1);
      expect(list.some((p) => p.milestones.some((m) => m.doneOn))).toBe(true);
    }
    const ids = list.map((p) => p.id);
    const found = await db.select().from(problems).where(inArray(problems.candidateId, ids));
    expect(found.map((p) => p.status).sort()).toEqual(["closed", "open", "rectifying"]);
    expect(found.filter((p) => isOverdue(p, today)).map((p) => p.status)).toEqual(["open"]);
    const seen = await db.select().from(inspections).where(inArray(inspections.candidateId, ids));
    expect(seen.map((i) => i.unannounced).sort()).toEqual([false, true]);
    const changes = await db.select().from(projectChanges).where(inArray(projectChanges.candidateId, ids));
    expect(changes.map((c) => [c.kind, c.announcementNo])).toEqual([["postpone", 1]]);
    const page = await (
      await new Client().get(`/j/159921/${YEAR}/projects/${changes[0]?.candidateId}`)
    ).text();
    expect(page).toContain("延期 · 变更公告第 1 号");

    // The demo deputy leads a group and sits in another, and sees them as "我的监督项目".
    const [cred] = await db
      .select({ deputyId: deputyCredentials.deputyId })
      .from(deputyCredentials)
      .where(eq(deputyCredentials.codeHash, await sha256Hex(DEMO_DEPUTY_CODE)));
    const mine = await myProjects(db, cred?.deputyId ?? 0);
    expect(mine.length).toBeGreaterThanOrEqual(1);
    expect(mine.some((p) => p.leader)).toBe(true);
    expect(mine.every((p) => p.jurisdictionCode === "159921" && p.year === YEAR)).toBe(true);
    const deputy = await new Client("100.79.0.1").loginDeputy();
    const me = await (await deputy.get("/me/supervision")).text();
    for (const p of mine) expect(me).toContain(p.name);
  });

  it("closes last year with a carry-over and a 满意度测评 whose tally equals its ballots", async () => {
    const db = await seeded();
    const cycle = await cycleOf(db, "159921", YEAR - 1);
    const list = await listProjects(db, cycle);
    expect(list.length).toBe(10);
    const [project] = await db
      .select()
      .from(votes)
      .where(and(eq(votes.cycleId, cycle.id), eq(votes.kind, "project")));
    expect(project?.status).toBe("closed");
    expect(project?.placesFilled).toBe(10);
    const changes = await db
      .select()
      .from(projectChanges)
      .where(
        inArray(
          projectChanges.candidateId,
          list.map((p) => p.id),
        ),
      );
    expect(changes.map((c) => c.kind)).toEqual(["carry_over"]);
    expect(changes[0]?.carriedToCycleId).toBe((await cycleOf(db, "159921", YEAR)).id);
    for (const p of list)
      expect(p.latest?.percent, p.name).toBe(p.id === changes[0]?.candidateId ? p.latest?.percent : 100);
    expect(list.find((p) => p.id === changes[0]?.candidateId)?.latest?.percent).toBeLessThan(100);

    const [vote] = await db
      .select()
      .from(votes)
      .where(and(eq(votes.cycleId, cycle.id), eq(votes.kind, "assessment")))
      .orderBy(desc(votes.id));
    expect(vote).toMatchObject({ status: "closed", base: "all", allowAbstain: true, form: "assess" });
    if (!vote) return;
    const [box, register, results] = await Promise.all([
      db.select().from(ballots).where(eq(ballots.voteId, vote.id)),
      db.select().from(voteVoters).where(eq(voteVoters.voteId, vote.id)),
      db.select().from(voteResults).where(eq(voteResults.voteId, vote.id)),
    ]);
    expect(box.length).toBe(register.length);
    expect(vote.ballotsCast).toBe(box.length);
    // About 95% of the deputies came.
    expect(box.length / (vote.rosterSize ?? 1)).toBeGreaterThan(0.9);
    expect(results.map((r) => r.candidateId).sort()).toEqual(list.map((p) => p.id).sort());
    for (const r of results) {
      const said = box.map(
        (b) =>
          (JSON.parse(b.body) as { choices: Record<string, AssessChoice> }).choices[String(r.candidateId)],
      );
      const n = (c: AssessChoice) => said.filter((x) => (x ?? "abstain") === c).length;
      expect([r.support, r.basic, r.against, r.abstain]).toEqual([
        n("satisfied"),
        n("basic"),
        n("unsatisfied"),
        n("abstain"),
      ]);
      const half = (vote.rosterSize ?? 0) / 2;
      expect(r.grade).toBe(
        r.support > half ? "satisfied" : r.support + r.basic > half ? "basic" : "unsatisfied",
      );
    }
    const grades = results.map((r) => r.grade);
    expect(grades.filter((g) => g === "unsatisfied")).toHaveLength(1);
    expect(grades.filter((g) => g === "basic")).toHaveLength(1);
    // The 不满意 project got its rectification at close, and the unit has reported it.
    const failing = results.find((r) => r.grade === "unsatisfied")?.candidateId;
    const opened = await db.select().from(problems).where(eq(problems.voteId, vote.id));
    expect(opened.map((p) => [p.candidateId, p.source, p.status])).toEqual([
      [failing, "assessment", "rectifying"],
    ]);
    expect(opened[0]?.rectification).toContain("整改");
    const pub = await (await new Client().get(`/j/159921/${YEAR - 1}/satisfaction`)).text();
    expect(pub).toContain(vote.title);
  });
});

// The demo a newcomer sees, whatever the date: src/demo/calendar.ts plans it for a moment and
// src/demo/seed.ts writes what it plans. Nothing here reads the real date: the plan is checked at
// arbitrary moments, the database at the suite's moment (testNow) and at chosen ones, each against
// what the plan says for that moment.
import { env } from "cloudflare:test";
import { and, asc, count, desc, eq, inArray } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AROUND_TODAY,
  atHour,
  BAIYUN,
  CITY,
  type DemoPlan,
  demoPlan,
  HONGQUAN,
  LIULIN,
  latestVotedYear,
  type PlannedCycle,
  QINGSHAN,
  SONGLING,
  sessionDay,
  WULAN,
} from "../../src/demo/calendar";
import { DEMO_DEPUTY_CODE, seedDemo } from "../../src/demo/seed";
import { cityOverview } from "../../src/features/open-data/city";
import { listProjects, projectIds } from "../../src/features/projects/projects";
import { isOverdue, myProjects } from "../../src/features/supervision/supervision";
import { servingDeputies } from "../../src/features/voting/attendance";
import { getResults } from "../../src/features/voting/counting";
import type { AssessChoice } from "../../src/features/voting/tally-types";
import { STAGES } from "../../src/platform/cycle/stages";
import { createDb } from "../../src/platform/data/db";
import {
  attendance,
  ballots,
  type Cycle,
  cycles,
  deputyCredentials,
  handovers,
  inspections,
  jurisdictions,
  meetings,
  notices,
  opinions,
  plans,
  problems,
  progressReports,
  projectChanges,
  projectState,
  proposals,
  supervisionGroups,
  supervisionMembers,
  voteResults,
  votes,
  voteVoters,
  yearTotals,
} from "../../src/platform/data/schema";
import { parseInstant } from "../../src/platform/lib/clock";
import { sha256Hex } from "../../src/platform/lib/crypto";
import { addDays, dayEnd, dayStart, todayInChina } from "../../src/platform/lib/dates";
import { Client, testNow } from "../worker/client";

const instant = (text: string) => parseInstant(text) as number;
/** Seeding takes a second or two, more on a busy machine. */
const SEEDING = { timeout: 30_000 };
const NOW = testNow();
const db = createDb(env.DB);

// ---- The plan ---------------------------------------------------------------------------------------

/** Every moment (a key `at` or ending in At) and every day (`on`, …On) the plan has, with its path. */
function dated(x: unknown, key = "", path = ""): { path: string; key: string; value: unknown }[] {
  if (Array.isArray(x)) return x.flatMap((v, i) => dated(v, key, `${path}[${i}]`));
  if (x !== null && typeof x === "object")
    return Object.entries(x).flatMap(([k, v]) => dated(v, k, `${path}.${k}`));
  return /^(at|on)$|At$|On$/.test(key) && x !== null ? [{ path, key, value: x }] : [];
}

const cycleOf = (plan: DemoPlan, code: string, year: number) =>
  plan.cycles.find((c) => c.code === code && c.year === year) as PlannedCycle;
const aroundToday = (plan: DemoPlan, code: string) =>
  plan.cycles.find((c) => c.code === code && c.placed === "today") as PlannedCycle;

/** What the plan must hold at `now`, whatever the date: the list of what it gets wrong. */
function planFaults(now: number): string[] {
  const plan = demoPlan(now);
  const today = todayInChina(now);
  const faults: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) faults.push(what);
  };
  // Nothing has happened after now.
  for (const d of dated(plan)) {
    if (/^at$|At$/.test(d.key))
      check(Number.isFinite(d.value) && (d.value as number) <= now, `after now: ${d.path}`);
    else check(typeof d.value === "string" && d.value <= today, `after today: ${d.path}`);
  }
  // Each of the five stages is in progress somewhere.
  const inStage = (s: string) => plan.cycles.filter((c) => c.stage === s);
  check(
    inStage("collect").some(
      (c) =>
        (dayStart(c.notice.opens) as number) <= now &&
        now <= (dayEnd(c.notice.closes) as number) &&
        c.proposalsAt.some((t) => t >= (dayStart(today) as number)),
    ),
    "no collection open with proposals today",
  );
  check(
    inStage("screen").some((c) => c.decidedAt.length > 0 && c.decidedAt.length < c.proposalsAt.length),
    "no screening half done",
  );
  check(
    inStage("deliberate").some(
      (c) => c.handedAt !== null && c.opinionsAt.length > 0 && c.votes.every((v) => v.day > today),
    ),
    "no deliberation with opinions before its session",
  );
  check(
    inStage("vote").some((c) =>
      c.votes.some(
        (v) => v.kind === "project" && v.day === today && (v.status === "frozen" || v.status === "open"),
      ),
    ),
    "no session today with its vote to open",
  );
  for (const code of [QINGSHAN, BAIYUN, WULAN, HONGQUAN, LIULIN, SONGLING]) {
    const latest = cycleOf(plan, code, latestVotedYear(code, now));
    check(
      latest?.stage === "supervise" && latest.votes[0]?.status === "closed",
      `${code}: latest voted year`,
    );
  }
  // Each cycle moved forward one stage at a time, in time order, and is where its last move left it.
  for (const c of plan.cycles) {
    const name = `${c.code}/${c.year}`;
    check(
      c.moves.every((m, i) => m.stage === STAGES[i] && m.at >= (c.moves[i - 1]?.at ?? 0)),
      `${name}: moves`,
    );
    check(c.stage === c.moves[c.moves.length - 1]?.stage, `${name}: stage`);
    check(plan.cycles.filter((x) => x.code === c.code && x.year === c.year).length === 1, `${name}: twice`);
  }
  for (const [code, stage] of AROUND_TODAY)
    check(aroundToday(plan, code).stage === stage, `${code}: ${stage}`);
  check(!plan.cycles.some((c) => c.code === CITY), "a cycle of the city");
  return faults;
}

/** The moments where the calendar turns, in each year from 2026 to 2030 (Beijing time). */
function boundaries(): number[] {
  const out: number[] = [];
  const at = (text: string) => out.push(instant(text), instant(text) - 1, instant(text) + 1);
  for (let y = 2026; y <= 2030; y++) {
    at(`${y}-01-01T00:00:00+08:00`);
    at(`${y}-01-01T08:00:00+08:00`);
    at(`${y}-12-31T23:59:00+08:00`);
    for (const code of [QINGSHAN, BAIYUN])
      for (const hm of ["00:00", "08:30", "10:00", "10:30", "12:00", "12:30"])
        at(`${sessionDay(code, y)}T${hm}:00+08:00`);
    for (const md of ["02-10", "02-20", "07-25", "08-01", "09-16", "12-01"]) at(`${y}-${md}T00:00:00+08:00`);
    at(`${y}-07-25T09:00:00+08:00`);
    at(`${y}-09-15T23:59:00+08:00`);
    at(`${y}-11-30T23:59:00+08:00`);
  }
  at("2028-02-29T00:00:00+08:00");
  at("2028-02-29T23:59:00+08:00");
  return out;
}

describe("the demo's plan (demoPlan)", () => {
  it("has each of the five stages in progress somewhere and nothing after now, at any moment of 2026–2030", () => {
    const wrong = boundaries()
      .map((now) => [new Date(now).toISOString(), planFaults(now)] as const)
      .filter(([, faults]) => faults.length > 0);
    expect(wrong).toEqual([]);
    fc.assert(
      fc.property(
        fc.integer({
          min: instant("2026-01-01T00:00:00+08:00"),
          max: instant("2030-12-31T23:59:59.999+08:00"),
        }),
        (now) => {
          expect(planFaults(now), new Date(now).toISOString()).toEqual([]);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("follows the practice's calendar at its turns", () => {
    const stage = (at: string, code: string, year: number) =>
      cycleOf(demoPlan(instant(at)), code, year)?.stage;
    // The notice of next year's projects is published on 25 July; collection closes with 15 September.
    expect(stage("2027-07-25T08:59:59+08:00", QINGSHAN, 2028)).toBeUndefined();
    expect(stage("2027-07-25T09:00:00+08:00", QINGSHAN, 2028)).toBe("collect");
    expect(cycleOf(demoPlan(instant("2027-07-31T12:00:00+08:00")), QINGSHAN, 2028).proposalsAt).toEqual([]);
    expect(stage("2027-09-15T23:59:59.999+08:00", BAIYUN, 2028)).toBe("collect");
    expect(stage("2027-09-16T00:00:00+08:00", BAIYUN, 2028)).toBe("screen");
    // The list is handed over at the end of 30 November.
    expect(stage("2027-11-30T23:59:00+08:00", QINGSHAN, 2028)).toBe("screen");
    const dec1 = cycleOf(demoPlan(instant("2027-12-01T00:00:00+08:00")), QINGSHAN, 2028);
    expect([dec1.stage, dec1.handedAt, dec1.decidedAt.length]).toEqual([
      "deliberate",
      dayEnd("2027-11-30"),
      dec1.proposalsAt.length,
    ]);
    // The session: 审议票决 from its first minute until the vote closes at 10:30, then 监督评估.
    const day = sessionDay(QINGSHAN, 2028);
    expect(day).toBe("2028-01-09");
    expect(stage(`${addDays(day, -1)}T23:59:59+08:00`, QINGSHAN, 2028)).toBe("deliberate");
    expect(stage(`${day}T00:00:00+08:00`, QINGSHAN, 2028)).toBe("vote");
    const voting = demoPlan(instant(`${day}T10:15:00+08:00`));
    expect(cycleOf(voting, QINGSHAN, 2028).votes[0]).toMatchObject({ status: "open", present: 0.95 });
    expect(stage(`${day}T10:29:59.999+08:00`, QINGSHAN, 2028)).toBe("vote");
    expect(latestVotedYear(QINGSHAN, instant(`${day}T10:29:59.999+08:00`))).toBe(2027);
    expect(stage(`${day}T10:30:00+08:00`, QINGSHAN, 2028)).toBe("supervise");
    expect(latestVotedYear(QINGSHAN, instant(`${day}T10:30:00+08:00`))).toBe(2028);
    // 白云旗's session is the next day.
    expect(stage(`${day}T12:00:00+08:00`, BAIYUN, 2028)).toBe("deliberate");
    // The year before is assessed after the project vote, 12:00–12:30; then its 不满意 project waits
    // for the unit's rectification (28 March).
    const assessment = (at: string) => cycleOf(demoPlan(instant(at)), QINGSHAN, 2027).votes[1];
    expect(assessment(`${day}T11:00:00+08:00`)?.status).toBe("frozen");
    expect(assessment(`${day}T12:29:59+08:00`)?.status).toBe("open");
    expect(assessment(`${day}T12:30:00+08:00`)).toMatchObject({ status: "closed", rectifiedOn: null });
    expect(assessment("2028-03-28T16:00:00+08:00")?.rectifiedOn).toBe("2028-03-28");
    // 青山旗 keeps the year before and no older one.
    expect(
      demoPlan(instant(`${day}T10:30:00+08:00`))
        .cycles.filter((c) => c.code === QINGSHAN)
        .map((c) => c.year),
    ).toEqual([2027, 2028]);
    // The first hours of 1 January in Beijing are still 31 December in UTC.
    const newYear = demoPlan(instant("2027-01-01T07:59:00+08:00"));
    expect(newYear.today).toBe("2027-01-01");
    expect(latestVotedYear(QINGSHAN, newYear.now)).toBe(2026);
    expect(cycleOf(newYear, QINGSHAN, 2027).stage).toBe("deliberate");
    // Plans on 10 February, reports on the 25th, the year's story only as its days come.
    const leap = cycleOf(demoPlan(instant("2028-02-29T23:59:00+08:00")), QINGSHAN, 2028);
    expect(leap.plansAt).toBe(atHour("2028-02-10", 9));
    expect(leap.reportsAt).toEqual([atHour("2028-02-25", 16)]);
    expect(leap.story).toMatchObject({ visit: null, secretVisit: null, lagging: null, postponedOn: null });
    const early = cycleOf(demoPlan(instant("2028-02-10T08:59:00+08:00")), QINGSHAN, 2028);
    expect([early.plansAt, early.reportsAt, early.story?.groupsAt]).toEqual([null, [], null]);
  });

  it("places the townships' cycles around today", () => {
    const plan = demoPlan(NOW);
    const today = plan.today;
    const collecting = aroundToday(plan, LIULIN);
    expect([collecting.notice.opens, collecting.notice.closes]).toEqual([
      addDays(today, -30),
      addDays(today, 30),
    ]);
    const screening = aroundToday(plan, HONGQUAN);
    expect(screening.notice.closes).toBe(addDays(today, -10));
    expect(screening.decidedAt.length).toBe(screening.proposalsAt.length / 2);
    const deliberating = aroundToday(plan, SONGLING);
    expect(todayInChina(deliberating.handedAt ?? 0)).toBe(addDays(today, -7));
    expect(deliberating.votes[0]?.day).toBe(addDays(today, 7));
    const voting = aroundToday(plan, WULAN);
    expect(voting.votes[0]).toMatchObject({ day: today, status: "frozen", present: 0.8, voted: 0 });
    // The year after the latest voted one, unless the calendar has it.
    for (const [code] of AROUND_TODAY)
      expect(aroundToday(plan, code).year).toBe(latestVotedYear(code, NOW) + 1);
  });
});

// ---- The database -----------------------------------------------------------------------------------

async function cycleRow(code: string, year: number): Promise<Cycle> {
  const [row] = await db
    .select()
    .from(cycles)
    .where(and(eq(cycles.jurisdictionCode, code), eq(cycles.year, year)));
  if (!row) throw new Error(`no cycle ${code} ${year}`);
  return row;
}

/** The cycles are those of the plan, in its stages, opened and moved at its moments. */
async function checkCycles(plan: DemoPlan) {
  const rows = await db.select().from(cycles);
  const key = (code: string, year: number) => `${code}/${year}`;
  expect(Object.fromEntries(rows.map((c) => [key(c.jurisdictionCode, c.year), c.stage]))).toEqual(
    Object.fromEntries(plan.cycles.map((c) => [key(c.code, c.year), c.stage])),
  );
  for (const c of plan.cycles) {
    const row = rows.find((x) => x.jurisdictionCode === c.code && x.year === c.year);
    expect([row?.createdAt, row?.stageSince]).toEqual([c.moves[0]?.at, c.moves[c.moves.length - 1]?.at]);
    const [n] = await db
      .select({ n: count() })
      .from(proposals)
      .where(eq(proposals.cycleId, row?.id ?? 0));
    expect(n?.n).toBe(c.proposalsAt.length);
  }
}

/** Nothing in the database is dated after `now`. */
async function checkNothingAfter(now: number) {
  const today = todayInChina(now);
  const moments: [string, string][] = [
    ["cycles", "created_at"],
    ["cycles", "stage_since"],
    ["audit_log", "at"],
    ["notices", "published_at"],
    ["notices", "updated_at"],
    ["proposals", "submitted_at"],
    ["proposals", "decided_at"],
    ["candidates", "created_at"],
    ["handovers", "handed_at"],
    ["opinions", "updated_at"],
    ["meetings", "created_at"],
    ["votes", "created_at"],
    ["votes", "frozen_at"],
    ["votes", "opened_at"],
    ["votes", "closed_at"],
    ["plans", "published_at"],
    ["progress_reports", "created_at"],
    ["supervision_groups", "created_at"],
    ["inspections", "created_at"],
    ["problems", "created_at"],
    ["problems", "closed_at"],
    ["project_changes", "created_at"],
    ["project_state", "updated_at"],
    ["year_totals", "updated_at"],
  ];
  const days: [string, string][] = [
    ["progress_reports", "reported_on"],
    ["milestones", "done_on"],
    ["inspections", "inspected_on"],
    ["problems", "found_on"],
    ["problems", "rectified_on"],
    ["project_changes", "decided_on"],
  ];
  const rows = await env.DB.batch<{ n: number }>([
    ...moments.map(([t, c]) => env.DB.prepare(`SELECT count(*) AS n FROM ${t} WHERE ${c} > ?`).bind(now)),
    ...days.map(([t, c]) => env.DB.prepare(`SELECT count(*) AS n FROM ${t} WHERE ${c} > ?`).bind(today)),
  ]);
  const late = [...moments, ...days]
    .filter((_, i) => (rows[i]?.results[0]?.n ?? 0) > 0)
    .map(([t, c]) => `${t}.${c}`);
  expect(late).toEqual([]);
}

/** Every vote is the plan's, as far as it has gone; registers, ballots and tallies agree. */
async function checkVotes(plan: DemoPlan) {
  const rows = await db
    .select({ v: votes, code: cycles.jurisdictionCode, year: cycles.year, heldOn: meetings.heldOn })
    .from(votes)
    .innerJoin(cycles, eq(cycles.id, votes.cycleId))
    .innerJoin(meetings, eq(meetings.id, votes.meetingId));
  const line = (code: string, year: number, kind: string, status: string | null, day: string) =>
    `${code}/${year} ${kind} ${status} ${day}`;
  expect(rows.map((r) => line(r.code, r.year, r.v.kind, r.v.status, r.heldOn)).sort()).toEqual(
    plan.cycles
      .flatMap((c) =>
        c.votes.filter((v) => v.status).map((v) => line(c.code, c.year, v.kind, v.status, v.day)),
      )
      .sort(),
  );
  const [m] = await db.select({ n: count() }).from(meetings);
  expect(m?.n).toBe(plan.cycles.reduce((n, c) => n + c.votes.length, 0));
  for (const { v: vote, code, year } of rows) {
    const planned = cycleOf(plan, code, year).votes.find((x) => x.kind === vote.kind);
    const serving = (await servingDeputies(db, code)).length;
    const [present, voters, box] = await Promise.all([
      db.select({ n: count() }).from(attendance).where(eq(attendance.meetingId, vote.meetingId)),
      db.select({ n: count() }).from(voteVoters).where(eq(voteVoters.voteId, vote.id)),
      db.select({ n: count() }).from(ballots).where(eq(ballots.voteId, vote.id)),
    ]);
    expect(present[0]?.n).toBe(Math.round((planned?.present ?? 0) * serving));
    expect(voters[0]?.n).toBe(Math.round((planned?.voted ?? 0) * serving));
    expect(box[0]?.n).toBe(voters[0]?.n);
    if (vote.status !== "closed") {
      expect(await db.select().from(voteResults).where(eq(voteResults.voteId, vote.id))).toEqual([]);
      continue;
    }
    const { vote: v, results } = await getResults(db, vote, plan.now);
    expect(v.ballotsCast).toBe(voters[0]?.n);
    if (vote.kind !== "project") continue;
    expect(results.filter((r) => r.elected).length).toBe(v.placesFilled);
    expect(v.placesFilled).toBe(vote.places);
    for (const r of results) expect(r.support + r.against + r.abstain).toBe(v.validBallots);
  }
}

/** Each stage's data in the cycles placed around today. */
async function checkAroundToday(plan: DemoPlan) {
  const today = plan.today;
  const collecting = await cycleRow(LIULIN, aroundToday(plan, LIULIN).year);
  const [notice] = await db.select().from(notices).where(eq(notices.cycleId, collecting.id));
  expect(notice && notice.opensAt <= plan.now && plan.now <= notice.closesAt).toBe(true);
  const received = await db.select().from(proposals).where(eq(proposals.cycleId, collecting.id));
  expect(new Set(received.map((p) => p.source))).toEqual(
    new Set(["public", "deputy", "department", "township"]),
  );
  expect(received.filter((p) => p.submittedAt >= (dayStart(today) as number)).length).toBeGreaterThan(1);

  const screening = await cycleRow(HONGQUAN, aroundToday(plan, HONGQUAN).year);
  const screened = await db.select().from(proposals).where(eq(proposals.cycleId, screening.id));
  expect(screened.filter((p) => p.status === "received")).toHaveLength(screened.length / 2);
  expect(await db.select().from(handovers).where(eq(handovers.cycleId, screening.id))).toEqual([]);

  const deliberating = await cycleRow(SONGLING, aroundToday(plan, SONGLING).year);
  expect(await db.select().from(handovers).where(eq(handovers.cycleId, deliberating.id))).toHaveLength(1);
  expect(
    (await db.select().from(opinions).where(eq(opinions.cycleId, deliberating.id))).length,
  ).toBeGreaterThan(0);
  const [session] = await db.select().from(meetings).where(eq(meetings.cycleId, deliberating.id));
  expect(session?.heldOn).toBe(addDays(today, 7));

  const voting = await cycleRow(WULAN, aroundToday(plan, WULAN).year);
  const [meeting] = await db.select().from(meetings).where(eq(meetings.cycleId, voting.id));
  const [vote] = await db.select().from(votes).where(eq(votes.cycleId, voting.id));
  expect(meeting?.heldOn).toBe(today);
  expect(vote).toMatchObject({ status: "frozen", openedAt: null });
  const [present] = await db
    .select({ n: count() })
    .from(attendance)
    .where(eq(attendance.meetingId, meeting?.id ?? 0));
  // Attendance partly taken, past the quorum of two thirds.
  expect((present?.n ?? 0) * 3).toBeGreaterThan((vote?.rosterSize ?? 0) * 2);
  expect(present?.n).toBeLessThan(vote?.rosterSize ?? 0);
}

/** project_state and year_totals equal the reports, problems and changes behind them. */
async function checkReadModels(plan: DemoPlan) {
  for (const planned of plan.cycles.filter((c) => c.stage === "supervise")) {
    const cycle = await cycleRow(planned.code, planned.year);
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
        const [a, b] = [mine[i - 1], mine[i]] as [(typeof mine)[0], (typeof mine)[0]];
        expect(b.reportedOn > a.reportedOn).toBe(true);
        expect(b.percent).toBeGreaterThanOrEqual(a.percent);
      }
      for (const r of mine) {
        const bySource = JSON.parse(r.disbursed) as Record<string, number>;
        expect(Object.values(bySource).every(Number.isInteger)).toBe(true);
        expect(Object.values(bySource).reduce((a, b) => a + b, 0)).toBe(r.disbursedYuan);
        expect(r.reportedOn).toBe(todayInChina(r.createdAt));
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
    // Money has been reported exactly where the plan has reports.
    expect((totals?.disbursedYuan ?? 0) > 0, `${planned.code}/${planned.year}`).toBe(
      planned.plansAt !== null && planned.reportsAt.length > 0,
    );
    expect((await db.select().from(plans).where(inArray(plans.candidateId, ids))).length > 0).toBe(
      planned.plansAt !== null,
    );
  }
  // The city view shows money for the jurisdictions whose year has reports; 白云旗 has no plan.
  const year = latestVotedYear(QINGSHAN, plan.now);
  const [city] = await db.select().from(jurisdictions).where(eq(jurisdictions.code, CITY));
  const o = await cityOverview(db, city as NonNullable<typeof city>, year);
  expect(o.rows.filter((r) => (r.totals?.disbursedYuan ?? 0) > 0).map((r) => r.jurisdiction.code)).toEqual(
    plan.cycles
      .filter((c) => c.year === year && c.stage === "supervise" && c.reportsAt.length > 0 && c.plansAt)
      .map((c) => c.code)
      .sort(),
  );
  const baiyun = await projectIds(db, (await cycleRow(BAIYUN, latestVotedYear(BAIYUN, plan.now))).id);
  expect(await db.select().from(plans).where(inArray(plans.candidateId, baiyun))).toHaveLength(0);
  expect(
    await db.select().from(progressReports).where(inArray(progressReports.candidateId, baiyun)),
  ).toHaveLength(0);
}

/** 青山旗's latest voted year: plans, flags, supervision, a postponement, as far as the plan has them. */
async function checkYear(plan: DemoPlan) {
  const L = latestVotedYear(QINGSHAN, plan.now);
  const planned = cycleOf(plan, QINGSHAN, L);
  const story = planned.story as NonNullable<PlannedCycle["story"]>;
  const cycle = await cycleRow(QINGSHAN, L);
  const list = await listProjects(db, cycle, plan.now);
  expect(list.length).toBe(10);
  const at = (i: number) => list[i] as (typeof list)[0];
  // Every project has a published plan but the demo unit's first one, which the tests plan themselves.
  expect(at(0).responsibleUnit).toBe("青山旗水利局");
  expect(list.filter((p) => !p.plan).map((p) => p.position)).toEqual(
    planned.plansAt ? [1] : list.map((p) => p.position),
  );
  for (const p of list.filter((x) => x.plan)) {
    expect(p.plan?.publishedAt).toBe(planned.plansAt);
    expect(p.milestones.length).toBeGreaterThanOrEqual(4);
    expect(p.milestones.length).toBeLessThanOrEqual(5);
  }
  // One project behind its milestones from the day the plan says, one with money far behind from its month.
  const months = planned.reportsAt.map((t) => Number(todayInChina(t).slice(5, 7)));
  expect(list.filter((p) => p.overdue > 0).map((p) => p.position)).toEqual(
    planned.plansAt && plan.today >= story.behindFrom ? [4] : [],
  );
  expect(list.filter((p) => p.moneyBehind).map((p) => p.position)).toEqual(
    months.some((m) => m >= story.moneyBehindMonth) ? [8] : [],
  );
  expect(list.some((p) => p.milestones.some((m) => m.doneOn))).toBe(months.some((m) => m >= 3));
  // The inspections, problems and decision the story has had so far.
  const ids = list.map((p) => p.id);
  const found = await db.select().from(problems).where(inArray(problems.candidateId, ids));
  const told = [story.visit?.problem, story.secretVisit?.problem, story.lagging].filter((p) => !!p);
  expect(found.map((p) => p.status).sort()).toEqual(told.map((p) => p?.status).sort());
  expect(found.filter((p) => isOverdue(p, plan.today)).length).toBe(
    told.filter((p) => p && p.status !== "closed" && p.deadline < plan.today).length,
  );
  const seen = await db.select().from(inspections).where(inArray(inspections.candidateId, ids));
  expect(seen.map((i) => i.unannounced).sort()).toEqual(
    [story.visit, story.secretVisit]
      .filter((v) => v !== null)
      .map((v) => v?.unannounced)
      .sort(),
  );
  const changes = await db.select().from(projectChanges).where(inArray(projectChanges.candidateId, ids));
  expect(changes.map((c) => [c.kind, c.announcementNo, c.decidedOn])).toEqual(
    story.postponedOn ? [["postpone", 1, story.postponedOn]] : [],
  );
  // Left for the other tests: the first project untouched, the second without supervision.
  const [first, second] = [at(0).id, at(1).id];
  for (const t of [plans, progressReports, supervisionGroups, supervisionMembers] as const)
    expect(await db.select().from(t).where(eq(t.candidateId, first))).toEqual([]);
  for (const t of [inspections, problems, projectChanges] as const)
    expect(await db.select().from(t).where(eq(t.candidateId, second))).toEqual([]);

  // The demo deputy leads a group and sits in another, once the groups are set up.
  const [cred] = await db
    .select({ deputyId: deputyCredentials.deputyId })
    .from(deputyCredentials)
    .where(eq(deputyCredentials.codeHash, await sha256Hex(DEMO_DEPUTY_CODE)));
  const mine = await myProjects(db, cred?.deputyId ?? 0);
  const groups = mine.map((p) => `${p.name} ${p.leader}`).sort();
  expect(groups).toEqual(story.groupsAt ? [`${at(2).name} true`, `${at(7).name} false`].sort() : []);
  expect(mine.every((p) => p.jurisdictionCode === QINGSHAN && p.year === L)).toBe(true);
  expect(
    await db
      .select()
      .from(supervisionMembers)
      .where(
        and(eq(supervisionMembers.candidateId, second), eq(supervisionMembers.deputyId, cred?.deputyId ?? 0)),
      ),
  ).toEqual([]);
  return { L, list, mine, changes };
}

/** 青山旗's year before: done, one carried over, its 满意度测评 as far as the plan has it. */
async function checkYearBefore(plan: DemoPlan) {
  const L = latestVotedYear(QINGSHAN, plan.now);
  const planned = cycleOf(plan, QINGSHAN, L - 1);
  const cycle = await cycleRow(QINGSHAN, L - 1);
  const list = await listProjects(db, cycle, plan.now);
  expect(list.length).toBe(10);
  const [project] = await db
    .select()
    .from(votes)
    .where(and(eq(votes.cycleId, cycle.id), eq(votes.kind, "project")));
  expect(project).toMatchObject({ status: "closed", placesFilled: 10 });
  const changes = await db
    .select()
    .from(projectChanges)
    .where(
      inArray(
        projectChanges.candidateId,
        list.map((p) => p.id),
      ),
    );
  expect(changes.map((c) => [c.kind, c.decidedOn])).toEqual([["carry_over", planned.carriedOn]]);
  expect(changes[0]?.carriedToCycleId).toBe((await cycleRow(QINGSHAN, L)).id);
  const carried = changes[0]?.candidateId;
  for (const p of list) expect(p.latest?.percent, p.name).toBe(p.id === carried ? p.latest?.percent : 100);
  expect(list.find((p) => p.id === carried)?.latest?.percent).toBeLessThan(100);

  const plannedVote = planned.votes.find((v) => v.kind === "assessment");
  const [vote] = await db
    .select()
    .from(votes)
    .where(and(eq(votes.cycleId, cycle.id), eq(votes.kind, "assessment")))
    .orderBy(desc(votes.id));
  expect(vote?.status).toBe(plannedVote?.status ?? undefined);
  if (vote?.status !== "closed") return null;
  expect(vote).toMatchObject({ base: "all", allowAbstain: true, form: "assess" });
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
      (b) => (JSON.parse(b.body) as { choices: Record<string, AssessChoice> }).choices[String(r.candidateId)],
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
  // The 不满意 project got its rectification at close; the unit reports it on the plan's day.
  const failing = results.find((r) => r.grade === "unsatisfied")?.candidateId;
  const opened = await db.select().from(problems).where(eq(problems.voteId, vote.id));
  expect(opened.map((p) => [p.candidateId, p.source, p.status, p.foundOn, p.rectifiedOn])).toEqual([
    [
      failing,
      "assessment",
      plannedVote?.rectifiedOn ? "rectifying" : "open",
      todayInChina(vote.closedAt ?? 0),
      plannedVote?.rectifiedOn ?? null,
    ],
  ]);
  return vote;
}

/** Every check of the database against the plan for `now`. */
async function checkAll(plan: DemoPlan) {
  await checkCycles(plan);
  await checkNothingAfter(plan.now);
  await checkVotes(plan);
  await checkAroundToday(plan);
  await checkReadModels(plan);
  await checkYear(plan);
  await checkYearBefore(plan);
}

describe("the demo data at the suite's moment", () => {
  const plan = demoPlan(NOW);

  it("holds the plan's cycles, votes and read models, nothing dated after now", SEEDING, async () => {
    await seedDemo(db, { now: NOW, iterations: 1000 });
    await checkAll(plan);
  });

  it(
    "shows the announcement, the postponement, the assessment and the deputy's groups",
    SEEDING,
    async () => {
      const anon = new Client();
      const L = latestVotedYear(QINGSHAN, NOW);
      expect(await (await anon.get(`/j/${QINGSHAN}/${L}`)).text()).toContain("主席团公告");
      const { mine, changes } = await checkYear(plan);
      if (changes[0])
        expect(
          await (await anon.get(`/j/${QINGSHAN}/${L}/projects/${changes[0].candidateId}`)).text(),
        ).toContain("延期 · 变更公告第 1 号");
      const vote = await checkYearBefore(plan);
      if (vote)
        expect(await (await anon.get(`/j/${QINGSHAN}/${L - 1}/satisfaction`)).text()).toContain(vote.title);
      const deputy = await new Client("100.79.0.1").loginDeputy();
      const me = await (await deputy.get("/me/supervision")).text();
      for (const p of mine) expect(me).toContain(p.name);
    },
  );

  it("has 乌兰苏木's vote ready for staff-wl to open", async () => {
    const cycle = await cycleRow(WULAN, aroundToday(plan, WULAN).year);
    const [vote] = await db.select().from(votes).where(eq(votes.cycleId, cycle.id));
    const staff = await new Client("100.79.0.2").loginStaff("staff-wl");
    const res = await staff.post(`/j/${WULAN}/${cycle.year}/votes/${vote?.id}/open`);
    expect([res.status, res.headers.get("location")]).toEqual([
      303,
      `/j/${WULAN}/${cycle.year}/votes/${vote?.id}?done=open`,
    ]);
    const [opened] = await db
      .select()
      .from(votes)
      .where(eq(votes.id, vote?.id ?? 0));
    expect(opened?.status).toBe("open");
  });
});

// ---- Chosen moments -----------------------------------------------------------------------------------

/** Empties every table (the audit log's append-only triggers are lifted for it and put back). */
async function clearDatabase() {
  const { results } = await env.DB.prepare(
    "SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'trigger') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%'",
  ).all<{ type: string; name: string; sql: string }>();
  const triggers = results.filter((r) => r.type === "trigger");
  await env.DB.batch([
    env.DB.prepare("PRAGMA defer_foreign_keys = on"),
    ...triggers.map((t) => env.DB.prepare(`DROP TRIGGER ${t.name}`)),
    ...results.filter((r) => r.type === "table").map((t) => env.DB.prepare(`DELETE FROM "${t.name}"`)),
    env.DB.prepare("DELETE FROM sqlite_sequence"),
    ...triggers.map((t) => env.DB.prepare(t.sql)),
  ]);
}

/** The rows that make the demo, apart from what is random by design (ballot keys, password salts). */
async function snapshot() {
  const { results } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%' AND name NOT IN ('ballots', 'users') ORDER BY name",
  ).all<{ name: string }>();
  const out: Record<string, unknown[]> = {};
  const rows = async (query: string) =>
    (await env.DB.prepare(query).all()).results.map((r) => JSON.stringify(r)).sort();
  for (const { name } of results) out[name] = await rows(`SELECT * FROM "${name}"`);
  out.ballots = await rows("SELECT vote_id, body FROM ballots");
  return out;
}

const MOMENTS = [
  "2027-01-01T00:00:00+08:00",
  `${sessionDay(QINGSHAN, 2027)}T10:15:00+08:00`,
  `${sessionDay(QINGSHAN, 2027)}T11:00:00+08:00`,
  "2027-06-30T12:00:00+08:00",
  "2027-08-10T12:00:00+08:00",
  "2027-10-15T12:00:00+08:00",
  "2027-12-31T23:59:00+08:00",
  "2028-02-29T23:59:00+08:00",
];

describe("the demo data at chosen moments", () => {
  const SAME = "2027-10-15T12:00:00+08:00";
  let seen: Awaited<ReturnType<typeof snapshot>> | null = null;
  for (const moment of MOMENTS)
    it(`holds the plan at ${moment}`, SEEDING, async () => {
      await clearDatabase();
      const now = instant(moment);
      await seedDemo(db, { now, iterations: 1000 });
      await checkAll(demoPlan(now));
      if (moment === SAME) seen = await snapshot();
    });

  it("gives the same data for the same moment", SEEDING, async () => {
    await clearDatabase();
    await seedDemo(db, { now: instant(SAME), iterations: 1000 });
    expect(seen).not.toBeNull();
    expect(await snapshot()).toEqual(seen);
  });
});

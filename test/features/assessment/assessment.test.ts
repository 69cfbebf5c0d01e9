// The year-end 满意度测评 (src/features/assessment/assessment.ts, a vote of kind "assessment",
// src/features/voting/assessment.ts, on the vote's ballot engine): the 镇海 grading on
// the real counts of the research and at the exact-half boundary, property tests against an
// independent reference written below (its own "more than half" by floor division, its own counting
// of raw ballots, its own rounding of the rate), then end to end in the Workers runtime against real
// D1: a secret ballot with counts sealed until close, one ballot per deputy, retries counted once,
// grades and rates at close, a rectification opened for every 不满意 project, the read models
// refreshed, and a re-assessment (复评) that replaces the grade.
import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createAssessment } from "../../../src/features/assessment/assessment";
import { projectIds } from "../../../src/features/projects/projects";
import { ASSESSMENT_PROBLEM, updateAssessmentRules } from "../../../src/features/voting/assessment";
import { createMeeting, markAttendance, servingDeputies } from "../../../src/features/voting/attendance";
import { newReceipt } from "../../../src/features/voting/casting";
import { ensureTally } from "../../../src/features/voting/counting";
import {
  gradeOf,
  ratePercent,
  tally,
  tallyAssessment,
  validateBallot,
} from "../../../src/features/voting/tally";
import type { AssessChoice, Grade, ThresholdBase } from "../../../src/features/voting/tally-types";
import { freezeVote, getVote, openVote } from "../../../src/features/voting/votes";
import type { Actor } from "../../../src/platform/auth/actor";
import { issueCredentials } from "../../../src/platform/auth/credentials";
import type { Db } from "../../../src/platform/data/db";
import {
  auditLog,
  type Cycle,
  candidates,
  cycles,
  plans,
  problems,
  projectState,
  users,
  votes,
  yearTotals,
} from "../../../src/platform/data/schema";
import { addDays, todayInChina } from "../../../src/platform/lib/dates";
import { actorOf, Client, seeded, testNow } from "../../worker/client";
import { collecting, grantFor, SUPERVISED } from "../../worker/fixtures";

// ---------------------------------------------------------------------------------------------
// The reference: deliberately naive, sharing no code with src/features/voting/tally.ts.

/** "More than half of base", for integers: more than the floor of the half. */
function moreThanHalf(n: number, base: number): boolean {
  return n > Math.floor(base / 2);
}

function refGrade(satisfied: number, basic: number, base: number): Grade {
  if (moreThanHalf(satisfied, base)) return "satisfied";
  if (moreThanHalf(satisfied + basic, base)) return "basic";
  return "unsatisfied";
}

/** Percent with one decimal, half up, through floating point (exact enough below a million ballots). */
function refPercent(num: number, den: number): string {
  if (den === 0) return "—";
  const tenths = Math.floor((num * 1000) / den + 0.5);
  return `${Math.floor(tenths / 10)}.${tenths % 10}%`;
}

/** `n` copies of an assess ballot built from [satisfied, basic, unsatisfied, abstain] for one project. */
function ballotsFor(id: number, counts: [number, number, number, number], blanks = 0) {
  const out: unknown[] = [];
  const [s, b, u, a] = counts;
  const push = (choice: AssessChoice, n: number) => {
    for (let i = 0; i < n; i++) out.push({ form: "assess", choices: { [String(id)]: choice } });
  };
  push("satisfied", s);
  push("basic", b);
  push("unsatisfied", u);
  push("abstain", a);
  for (let i = 0; i < blanks; i++) out.push({ form: "assess", choices: {} });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Real counts

describe("the 镇海 rule on real counts", () => {
  it("宁海 2020 农民饮用水 175/43/4, 222 members, base all: 满意 (175 > 111), rate 218/222", () => {
    const r = tallyAssessment({
      rules: { base: "all", allowAbstain: false },
      projectIds: [1],
      rosterSize: 222,
      present: 222,
      ballots: ballotsFor(1, [175, 43, 4, 0]),
    });
    expect(r.valid).toBe(222);
    expect(r.invalid).toBe(0);
    expect(r.gradeBase).toBe(222);
    expect(r.results[0]).toEqual({
      candidateId: 1,
      satisfied: 175,
      basic: 43,
      unsatisfied: 4,
      abstain: 0,
      grade: "satisfied",
      rate: { numerator: 218, denominator: 222 },
    });
    expect(ratePercent(218, 222)).toBe("98.2%");
  });

  it("龙游 152/30/0/0 with 弃权 on the ballot: 满意, rate 100%", () => {
    const r = tallyAssessment({
      rules: { base: "all", allowAbstain: true },
      projectIds: [9],
      rosterSize: 182,
      present: 182,
      ballots: ballotsFor(9, [152, 30, 0, 0]),
    });
    expect(r.results[0]).toMatchObject({
      satisfied: 152,
      basic: 30,
      unsatisfied: 0,
      abstain: 0,
      grade: "satisfied",
      rate: { numerator: 182, denominator: 182 },
    });
    expect(ratePercent(182, 182)).toBe("100.0%");
  });
});

describe("the exact-half boundary: exactly half is not more than half", () => {
  const cases: [string, [number, number, number, number], number, Grade][] = [
    ["满意 exactly half of 200 → not 满意; with no 基本满意, 不满意", [100, 0, 100, 0], 200, "unsatisfied"],
    ["满意 half + 1 of 200 → 满意", [101, 0, 99, 0], 200, "satisfied"],
    ["满意 half, 基本满意 1 → 基本满意", [100, 1, 99, 0], 200, "basic"],
    ["满意 + 基本满意 exactly half → 不满意", [60, 40, 100, 0], 200, "unsatisfied"],
    ["满意 + 基本满意 half + 1 → 基本满意", [60, 41, 99, 0], 200, "basic"],
    ["odd base 199: 100 is more than half → 满意", [100, 0, 99, 0], 199, "satisfied"],
    ["odd base 199: 99 + 0 → 不满意", [99, 0, 100, 0], 199, "unsatisfied"],
  ];
  for (const [name, counts, roster, grade] of cases) {
    it(name, () => {
      const r = tallyAssessment({
        rules: { base: "all", allowAbstain: true },
        projectIds: [5],
        rosterSize: roster,
        present: roster,
        ballots: ballotsFor(5, counts),
      });
      expect(r.results[0]?.grade).toBe(grade);
      expect(gradeOf(counts[0], counts[1], roster)).toBe(grade);
    });
  }

  it("counts against the chosen base: all, present, or valid ballots", () => {
    // 40 satisfied of 100 ballots, 90 present, 200 deputies.
    const input = (base: ThresholdBase) =>
      tallyAssessment({
        rules: { base, allowAbstain: true },
        projectIds: [5],
        rosterSize: 200,
        present: 90,
        ballots: ballotsFor(5, [40, 10, 30, 20]),
      });
    expect(input("all").results[0]?.grade).toBe("unsatisfied"); // 40 + 10 ≤ 100
    expect(input("present").results[0]?.grade).toBe("basic"); // 40 ≤ 45 < 40 + 10
    expect(input("valid").results[0]?.grade).toBe("unsatisfied"); // 40 + 10 is exactly half of 100
    expect(input("valid").gradeBase).toBe(100);
    // Exactly half of the valid ballots: 50 + 0 of 100 → 不满意.
    const half = tallyAssessment({
      rules: { base: "valid", allowAbstain: true },
      projectIds: [5],
      rosterSize: 200,
      present: 100,
      ballots: ballotsFor(5, [50, 0, 50, 0]),
    });
    expect(half.results[0]?.grade).toBe("unsatisfied");
  });
});

describe("the assessment ballot", () => {
  const ids = [3, 4];
  const yes = { form: "assess" as const, maxTicks: 0, allowAbstain: true };
  const no = { form: "assess" as const, maxTicks: 0, allowAbstain: false };

  it("with 弃权 allowed, a project left blank counts as 弃权", () => {
    expect(validateBallot({ form: "assess", choices: { 3: "basic" } }, yes, ids)).toEqual({
      form: "assess",
      choices: { 3: "basic" },
    });
    const r = tallyAssessment({
      rules: { base: "valid", allowAbstain: true },
      projectIds: ids,
      rosterSize: 10,
      present: 10,
      ballots: [
        { form: "assess", choices: { 3: "basic" } },
        { form: "assess", choices: {} },
      ],
    });
    expect(r.valid).toBe(2);
    expect(r.results.map((x) => [x.basic, x.abstain])).toEqual([
      [1, 1],
      [0, 2],
    ]);
  });

  it("without 弃权, a blank project or an explicit 弃权 makes the ballot invalid", () => {
    expect(validateBallot({ form: "assess", choices: { 3: "basic" } }, no, ids)).toBeNull();
    expect(validateBallot({ form: "assess", choices: { 3: "basic", 4: "abstain" } }, no, ids)).toBeNull();
    expect(
      validateBallot({ form: "assess", choices: { 3: "basic", 4: "unsatisfied" } }, no, ids),
    ).not.toBeNull();
    const r = tallyAssessment({
      rules: { base: "valid", allowAbstain: false },
      projectIds: ids,
      rosterSize: 10,
      present: 10,
      ballots: [
        { form: "assess", choices: { 3: "satisfied", 4: "satisfied" } },
        { form: "assess", choices: { 3: "satisfied" } },
      ],
    });
    expect([r.valid, r.invalid]).toEqual([1, 1]);
    expect(r.results.map((x) => x.satisfied)).toEqual([1, 1]);
    // An invalid ballot counts for nobody: the base "valid" is 1, and 1 > 0.5 → 满意.
    expect(r.results.map((x) => x.grade)).toEqual(["satisfied", "satisfied"]);
  });

  it("refuses other forms, unknown projects, other answers and extra fields", () => {
    for (const bad of [
      { form: "per_candidate", choices: { 3: "for" } },
      { form: "assess", choices: { 3: "for" } },
      { form: "assess", choices: { 99: "satisfied" } },
      { form: "assess", choices: { 3: "satisfied" }, extra: 1 },
      { form: "assess", choices: ["satisfied"] },
      { form: "assess", choices: { 3: 1 } },
      { form: "assess" },
      null,
    ]) {
      expect(validateBallot(bad, yes, ids)).toBeNull();
    }
    // An assess ballot is never valid on a project vote, and the project tally refuses the form.
    expect(
      validateBallot({ form: "assess", choices: {} }, { form: "per_candidate", maxTicks: 1 }, ids),
    ).toBeNull();
    expect(() =>
      tally({
        rules: {
          places: 1,
          form: "assess",
          maxTicks: 0,
          base: "all",
          thresholdNumerator: 1,
          thresholdDenominator: 2,
        },
        candidateIds: ids,
        rosterSize: 1,
        present: 1,
        ballots: [],
      }),
    ).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const RUNS = { numRuns: 400 };

describe("properties", () => {
  it("the grade equals the reference for any counts and base", () => {
    fc.assert(
      fc.property(fc.nat(2000), fc.nat(2000), fc.nat(4000), (s, b, base) => {
        expect(gradeOf(s, b, base)).toBe(refGrade(s, b, base));
      }),
      { numRuns: 2000 },
    );
  });

  it("the rate's percentage equals the reference", () => {
    fc.assert(
      fc.property(fc.nat(100_000), fc.nat(100_000), (a, b) => {
        const [num, den] = a <= b ? [a, b] : [b, a];
        expect(ratePercent(num, den)).toBe(refPercent(num, den));
      }),
      { numRuns: 2000 },
    );
  });

  /** Answers: 0 满意, 1 基本满意, 2 不满意, 3 弃权, 4 blank, 5 a wrong word. */
  const ballotArb = fc.oneof(
    { arbitrary: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 6, maxLength: 6 }), weight: 8 },
    { arbitrary: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 6, maxLength: 6 }), weight: 1 },
    { arbitrary: fc.constant("junk" as const), weight: 1 },
  );
  const scenarioArb = fc.record({
    ids: fc.uniqueArray(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 6 }),
    allowAbstain: fc.boolean(),
    base: fc.constantFrom<ThresholdBase>("all", "present", "valid"),
    roster: fc.nat(80),
    present: fc.nat(80),
    ballots: fc.array(ballotArb, { maxLength: 60 }),
  });
  const WORDS = ["satisfied", "basic", "unsatisfied", "abstain", null, "for"] as const;

  it("the tally of random ballots equals a naive count and the reference grade", () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const raw = s.ballots.map((b) => {
          if (b === "junk") return { form: "choose_n", ticks: [] };
          const choices: Record<string, string> = {};
          s.ids.forEach((id, k) => {
            const w = WORDS[b[k] ?? 4];
            if (w) choices[String(id)] = w;
          });
          return { form: "assess", choices };
        });
        const r = tallyAssessment({
          rules: { base: s.base, allowAbstain: s.allowAbstain },
          projectIds: s.ids,
          rosterSize: s.roster,
          present: s.present,
          ballots: raw,
        });
        // Naive validity: the form, known words only, 弃权 only if allowed, complete if not.
        const ok = raw.filter((x) => {
          if (x.form !== "assess") return false;
          const c = (x as { choices: Record<string, string> }).choices;
          for (const w of Object.values(c)) {
            if (w === "satisfied" || w === "basic" || w === "unsatisfied") continue;
            if (w === "abstain" && s.allowAbstain) continue;
            return false;
          }
          return s.allowAbstain || Object.keys(c).length === s.ids.length;
        }) as { choices: Record<string, string> }[];
        expect(r.valid).toBe(ok.length);
        expect(r.invalid).toBe(raw.length - ok.length);
        const base = s.base === "all" ? s.roster : s.base === "present" ? s.present : ok.length;
        s.ids.forEach((id, k) => {
          const said = ok.map((x) => x.choices[String(id)] ?? "abstain");
          const n = (w: string) => said.filter((x) => x === w).length;
          const got = r.results[k];
          expect(got?.candidateId).toBe(id);
          expect([got?.satisfied, got?.basic, got?.unsatisfied, got?.abstain]).toEqual([
            n("satisfied"),
            n("basic"),
            n("unsatisfied"),
            n("abstain"),
          ]);
          expect(got?.grade).toBe(refGrade(n("satisfied"), n("basic"), base));
          expect(got?.rate).toEqual({ numerator: n("satisfied") + n("basic"), denominator: ok.length });
        });
      }),
      RUNS,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// End to end on D1: the demo's 青山旗, this year's cycle in 监督评估 with its elected projects.

const J = "159921";
const YEAR = SUPERVISED;
const PAGE = `/j/${J}/${YEAR}`;
/** The grants the pages would hand the writers: assessments and deputies' slips (staff). */
const manageGrant = () => grantFor(db, staff, "vote.manage");
const slipGrant = () => grantFor(db, staff, "credential.manage");

const api = (id: number) => `/api/jurisdictions/${J}/cycles/${YEAR}/votes/${id}`;

let db: Db;
let staff: Actor;
let staffClient: Client;
let projects: number[] = [];
let meetingId = 0;
let voteId = 0;
const voters: { id: number; client: Client }[] = [];
/** Problems the demo's year already has under way, per project (src/demo/supervision.ts). */
const openBefore = new Map<number, number>();

async function cycle(year = YEAR): Promise<Cycle> {
  const [row] = await db
    .select()
    .from(cycles)
    .where(and(eq(cycles.jurisdictionCode, J), eq(cycles.year, year)));
  if (!row) throw new Error("no cycle");
  return row;
}

const RULES = { title: "青山旗年终测评（第一轮）", base: "valid", allowAbstain: "1", rectifyDays: "30" };

/** Voter k's answer on project i (undefined: left blank, which counts as 弃权 here). */
function answer(i: number, k: number): AssessChoice | undefined {
  if (i === 0) return "satisfied"; // 20 of 20 → 满意
  if (i === 1) return k < 10 ? "satisfied" : "unsatisfied"; // exactly half → 不满意
  if (i === 2) return k < 10 ? "satisfied" : k === 10 ? "basic" : "unsatisfied"; // 11 of 20 → 基本满意
  if (i === 3) return k < 5 ? "satisfied" : k < 10 ? "basic" : undefined; // 10 of 20 → 不满意
  return (["satisfied", "basic", "unsatisfied", "abstain", undefined] as const)[(i * 7 + k * 3) % 5];
}

function ballotOf(k: number) {
  const choices: Record<string, AssessChoice> = {};
  projects.forEach((id, i) => {
    const a = answer(i, k);
    if (a) choices[String(id)] = a;
  });
  return { form: "assess", choices };
}

beforeAll(async () => {
  db = await seeded();
  staff = await actorOf("staff");
  staffClient = await new Client("100.64.0.1").loginStaff("staff");
  const c = await cycle();
  projects = await projectIds(db, c.id);
  for (const s of await db.select().from(projectState).where(eq(projectState.cycleId, c.id)))
    openBefore.set(s.candidateId, s.openProblems);
  meetingId = await createMeeting(
    db,
    await grantFor(db, staff, "vote.manage"),
    c,
    {
      title: "青山旗人民代表大会年终会议",
      heldOn: `${YEAR}-12-20`,
    },
    testNow(),
  );
  const serving = await servingDeputies(db, J);
  const present = serving.slice(0, 150).map((d) => d.id);
  await markAttendance(
    db,
    await grantFor(db, staff, "vote.manage"),
    c,
    { id: meetingId, cycleId: c.id, title: "", heldOn: "", createdAt: 0 },
    present,
    serving.map((d) => d.id),
    testNow(),
  );
  const slips = await issueCredentials(
    db,
    await slipGrant(),
    J,
    serving.slice(0, 22).map((d) => d.id),
    {},
    testNow(),
  );
  for (const s of slips)
    voters.push({ id: s.deputyId, client: await new Client("100.64.1.1").loginDeputy(s.code) });
}, 120_000);

describe("preparing an assessment", () => {
  it("fills project_state when the project vote closed (the demo's vote went through ensureTally)", async () => {
    const c = await cycle();
    const rows = await db.select().from(projectState).where(eq(projectState.cycleId, c.id));
    expect(rows.map((r) => r.candidateId).sort()).toEqual([...projects].sort());
    expect(rows.every((r) => r.grade === null)).toBe(true);
    expect(projects.length).toBeGreaterThanOrEqual(5);
  });

  it("is refused outside 监督评估, on a candidate that is not a project, or on another meeting", async () => {
    // The year after (the demo opens it only from late July): not in 监督评估.
    await collecting(J, YEAR + 1);
    const next = await cycle(YEAR + 1);
    await expect(
      createAssessment(db, await manageGrant(), next, meetingId, RULES, projects, testNow()),
    ).rejects.toMatchObject({
      code: "illegal_transition",
    });
    const c = await cycle();
    const notProject = (
      await db.select({ id: candidates.id }).from(candidates).where(eq(candidates.cycleId, c.id))
    )
      .map((x) => x.id)
      .find((id) => !projects.includes(id));
    expect(notProject).toBeDefined();
    await expect(
      createAssessment(
        db,
        await manageGrant(),
        c,
        meetingId,
        RULES,
        [...projects, notProject ?? 0],
        testNow(),
      ),
    ).rejects.toMatchObject({ code: "invalid_input" });
    // A meeting that is not this cycle's is not found (#11: ids resolve inside the cycle).
    await expect(
      createAssessment(db, await manageGrant(), c, 999_999, RULES, projects, testNow()),
    ).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("is created by staff on the form, with its rules; the rules change until frozen", async () => {
    const form = await (await staffClient.get(`${PAGE}/assessments`)).text();
    expect(form).toContain("新建满意度测评");
    expect(form).toContain('name="rectifyDays"');
    const fields = new URLSearchParams({ meetingId: String(meetingId), ...RULES, rectifyDays: "45" });
    for (const id of projects) fields.append("candidates", String(id));
    const res = await staffClient.fetch(`${PAGE}/assessments`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `${fields.toString()}&_csrf=${staffClient.csrf}`,
    });
    expect(res.status).toBe(303);
    voteId = Number(res.headers.get("location")?.split("/").pop());
    const [row] = await db.select().from(votes).where(eq(votes.id, voteId));
    expect(row).toMatchObject({
      kind: "assessment",
      form: "assess",
      status: "draft",
      base: "valid",
      allowAbstain: true,
      rectifyDays: 45,
      places: projects.length,
    });
    // A bad value comes back to the form; a good one changes the draft.
    const bad = await staffClient.post(`${PAGE}/votes/${voteId}/rules`, { ...RULES, rectifyDays: "0" });
    expect(bad.status).toBe(400);
    expect((await staffClient.post(`${PAGE}/votes/${voteId}/rules`, RULES)).status).toBe(303);
    expect((await getVote(db, await cycle(), voteId)).rectifyDays).toBe(30);
    // A unit or the public cannot create one.
    const unit = await new Client("100.64.0.2").loginStaff("unit");
    expect((await unit.post(`${PAGE}/assessments`, { meetingId: String(meetingId), ...RULES })).status).toBe(
      403,
    );
  });

  it("freezes (no 差额 check) and opens in 监督评估 with quorum", async () => {
    expect((await staffClient.post(`${PAGE}/votes/${voteId}/freeze`)).status).toBe(303);
    expect((await staffClient.post(`${PAGE}/votes/${voteId}/rules`, RULES)).status).toBe(409);
    expect((await staffClient.post(`${PAGE}/votes/${voteId}/open`)).status).toBe(303);
    const v = await getVote(db, await cycle(), voteId);
    expect(v.status).toBe("open");
    expect(v.presentAtOpen).toBe(150);
  });
});

describe("casting", () => {
  it("shows three or four large choices per project, and takes the ballot through the review", async () => {
    const v = voters[0];
    if (!v) throw new Error("no voter");
    const page = await (await v.client.get(`${PAGE}/votes/${voteId}/ballot`)).text();
    for (const word of ["满意", "基本满意", "不满意", "弃权"]) expect(page).toContain(word);
    expect(page).toContain("opts-4");
    const receipt = /name="receipt" value="([^"]+)"/.exec(page)?.[1] ?? "";
    const fields: Record<string, string> = { receipt };
    for (const [k, x] of Object.entries(ballotOf(0).choices)) fields[`c-${k}`] = x;
    const review = await (await v.client.post(`${PAGE}/votes/${voteId}/ballot/review`, fields)).text();
    expect(review).toContain("请核对您的选票");
    expect(review).toContain(receipt);
    const cast = await v.client.post(`${PAGE}/votes/${voteId}/ballot/cast`, fields);
    expect(cast.status).toBe(200);
    expect(await cast.text()).toContain("投票成功");
  });

  it("refuses a second ballot, which changes nothing", async () => {
    const v = voters[0];
    if (!v) throw new Error("no voter");
    const other = {
      form: "assess",
      choices: Object.fromEntries(projects.map((id) => [String(id), "unsatisfied"])),
    };
    const r = await v.client.json(`${api(voteId)}/ballot`, "POST", { ballot: other, receipt: newReceipt() });
    expect(await r.json()).toEqual({ status: "already_voted" });
    const status = (await (await v.client.get(`${api(voteId)}/status`)).json()) as { voted: number };
    expect(status.voted).toBe(1);
  });

  it("counts a retried request once", async () => {
    const v = voters[1];
    if (!v) throw new Error("no voter");
    const body = { ballot: ballotOf(1), receipt: newReceipt() };
    const [a, b] = await Promise.all([
      v.client.json(`${api(voteId)}/ballot`, "POST", body),
      v.client.json(`${api(voteId)}/ballot`, "POST", body),
    ]);
    const outcomes = [
      ((await a.json()) as { status: string }).status,
      ((await b.json()) as { status: string }).status,
    ].sort();
    expect(outcomes).toEqual(["already_recorded", "recorded"]);
    expect(await (await v.client.json(`${api(voteId)}/ballot`, "POST", body)).json()).toEqual({
      status: "already_recorded",
    });
    const status = (await (await v.client.get(`${api(voteId)}/status`)).json()) as { voted: number };
    expect(status.voted).toBe(2);
  });

  it("refuses a deputy not present, staff, and malformed ballots", async () => {
    const serving = await servingDeputies(db, J);
    const absent = serving[180];
    const [slip] = await issueCredentials(db, await slipGrant(), J, [absent?.id ?? 0], {}, testNow());
    const away = await new Client("100.64.1.2").loginDeputy(slip?.code);
    const res = await away.json(`${api(voteId)}/ballot`, "POST", {
      ballot: ballotOf(5),
      receipt: newReceipt(),
    });
    expect(res.status).toBe(409);
    expect(
      (
        await staffClient.json(`${api(voteId)}/ballot`, "POST", {
          ballot: ballotOf(5),
          receipt: newReceipt(),
        })
      ).status,
    ).toBe(403);
    const v = voters[2];
    for (const bad of [
      { form: "per_candidate", choices: {} },
      { form: "assess", choices: { [String(projects[0])]: "for" } },
      { form: "assess", choices: { "999999": "satisfied" } },
    ]) {
      expect(
        (await v?.client.json(`${api(voteId)}/ballot`, "POST", { ballot: bad, receipt: newReceipt() }))
          ?.status,
      ).toBe(400);
    }
  });

  it("takes the rest of the twenty ballots at once", async () => {
    const rest = voters.slice(2, 20);
    const results = await Promise.all(
      rest.map((v, n) =>
        v.client.json(`${api(voteId)}/ballot`, "POST", { ballot: ballotOf(n + 2), receipt: newReceipt() }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(rest.map(() => 201));
  });
});

describe("while the assessment is open", () => {
  it("shows only turnout, to everyone: no count exists for anyone, staff included", async () => {
    const who = [
      new Client("100.64.2.1"),
      staffClient,
      await new Client("100.64.2.2").loginStaff("admin"),
      await new Client("100.64.2.3").loginStaff("city"),
      voters[0]?.client as Client,
    ];
    for (const c of who) {
      const res = await c.get(`${api(voteId)}/results`);
      expect(res.status).toBe(409);
      const status = (await (await c.get(`${api(voteId)}/status`)).json()) as Record<string, unknown>;
      expect(Object.keys(status).sort()).toEqual(["id", "present", "rosterSize", "status", "title", "voted"]);
      expect(status.voted).toBe(20);
    }
    const console = await (await staffClient.get(`${PAGE}/votes/${voteId}`)).text();
    expect(console).toContain("投票进行中，任何人都看不到票数");
    expect(console).not.toContain('<table class="results');
    const screen = await (await new Client().get(`${PAGE}/votes/${voteId}/screen`)).text();
    expect(screen).not.toContain('<table class="results');
    expect((await new Client().get(`${PAGE}/votes/${voteId}/announcement`)).status).toBe(404);
    const pub = await (await new Client().get(`${PAGE}/satisfaction`)).text();
    expect(pub).not.toContain(RULES.title);
  });

  it("keeps nothing that could link an assessment ballot to its deputy", async () => {
    const cols = async (table: string) =>
      (await env.DB.prepare(`SELECT name FROM pragma_table_info('${table}')`).all<{ name: string }>()).results
        .map((r) => r.name)
        .sort();
    expect(await cols("ballots")).toEqual(["body", "id", "receipt_hash", "vote_id"]);
    expect(await cols("vote_voters")).toEqual(["deputy_id", "vote_id"]);
    await expect(env.DB.prepare("SELECT rowid FROM ballots").all()).rejects.toThrow();
    const rows = (
      await env.DB.prepare("SELECT id, body FROM ballots WHERE vote_id = ?")
        .bind(voteId)
        .all<{ id: string; body: string }>()
    ).results;
    expect(rows).toHaveLength(20);
    const voterIds = voters.map((v) => String(v.id));
    for (const r of rows) {
      expect(r.id).toMatch(/^[0-9a-f]{32}$/);
      // The body is the choices and nothing else: no deputy, no time, no receipt.
      const body = JSON.parse(r.body) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(["choices", "form"]);
      expect(Object.keys(body.choices as object).every((k) => projects.includes(Number(k)))).toBe(true);
    }
    // The audit log records the steps, never a ballot or a voter.
    const log = (
      await env.DB.prepare("SELECT action, detail, actor FROM audit_log WHERE jurisdiction_code = ?")
        .bind(J)
        .all<{ action: string; detail: string; actor: string }>()
    ).results;
    expect(log.some((e) => e.actor.startsWith("deputy:"))).toBe(false);
    expect(log.some((e) => /ballot|receipt/i.test(e.action + e.detail))).toBe(false);
    // No response about the vote names a voter.
    const texts = [
      await (await staffClient.get(`${api(voteId)}/status`)).text(),
      await (await staffClient.get(`${PAGE}/votes/${voteId}`)).text(),
    ];
    for (const t of texts) for (const id of voterIds) expect(t).not.toContain(`"deputyId":${id}`);
  });
});

describe("closing", () => {
  /** The expected counts, from the ballots as this test cast them. */
  function expected() {
    return projects.map((id, i) => {
      const said = Array.from({ length: 20 }, (_, k) => answer(i, k) ?? "abstain");
      const n = (w: string) => said.filter((x) => x === w).length;
      return {
        candidateId: id,
        satisfied: n("satisfied"),
        basic: n("basic"),
        unsatisfied: n("unsatisfied"),
        abstain: n("abstain"),
        grade: refGrade(n("satisfied"), n("basic"), 20),
        rate: { numerator: n("satisfied") + n("basic"), denominator: 20 },
      };
    });
  }

  it("closes once; grades, counts and rates match the ballots cast", async () => {
    const [a, b] = await Promise.all([
      staffClient.post(`${PAGE}/votes/${voteId}/close`),
      staffClient.post(`${PAGE}/votes/${voteId}/close`),
    ]);
    expect([a.status, b.status].sort()).toEqual([303, 409]);
    const res = (await (await new Client().get(`${api(voteId)}/results`)).json()) as {
      kind: string;
      valid: number;
      invalid: number;
      gradeBase: number;
      results: { candidateId: number; name: string }[];
    };
    expect(res.kind).toBe("assessment");
    expect([res.valid, res.invalid, res.gradeBase]).toEqual([20, 0, 20]);
    expect(res.results.map(({ name: _, ...r }) => r)).toEqual(expected());
    const grades = res.results.map((r) => (r as unknown as { grade: Grade }).grade);
    expect(grades.slice(0, 4)).toEqual(["satisfied", "unsatisfied", "basic", "unsatisfied"]);
    // Stored as DOMAIN.md's columns: support 满意, basic 基本满意, against 不满意; never elected.
    const stored = await env.DB.prepare(
      "SELECT support, basic, against, abstain, elected, grade FROM vote_results WHERE vote_id = ? AND candidate_id = ?",
    )
      .bind(voteId, projects[2])
      .first();
    expect(stored).toEqual({ support: 10, basic: 1, against: 9, abstain: 0, elected: 0, grade: "basic" });
    expect((await projectIds(db, (await cycle()).id)).sort()).toEqual([...projects].sort());
  });

  it("opens a rectification for every project graded 不满意, with the unit and the deadline", async () => {
    const c = await cycle();
    const vote = await getVote(db, c, voteId);
    const rows = await db.select().from(problems).where(eq(problems.voteId, voteId));
    const failing = expected().filter((e) => e.grade === "unsatisfied");
    expect(rows.map((r) => r.candidateId).sort()).toEqual(failing.map((e) => e.candidateId).sort());
    const [me] = await db.select({ id: users.id }).from(users).where(eq(users.username, "staff"));
    const due = addDays(todayInChina(vote.closedAt ?? 0), 30);
    for (const p of rows) {
      const [cand] = await db
        .select({ unit: candidates.responsibleUnit, plan: plans.responsibleUnit })
        .from(candidates)
        .leftJoin(plans, eq(plans.candidateId, candidates.id))
        .where(eq(candidates.id, p.candidateId));
      expect(p).toMatchObject({
        source: "assessment",
        voteId,
        status: "open",
        description: ASSESSMENT_PROBLEM,
        deadline: due,
        foundOn: todayInChina(vote.closedAt ?? 0),
        responsibleUnit: cand?.plan ?? cand?.unit,
        createdBy: me?.id,
      });
    }
    // A second tally writes nothing: no second problem.
    await ensureTally(db, vote, testNow());
    expect(await db.select().from(problems).where(eq(problems.voteId, voteId))).toHaveLength(rows.length);
  });

  it("refreshes project_state and year_totals in the close batch", async () => {
    const c = await cycle();
    const states = await db.select().from(projectState).where(eq(projectState.cycleId, c.id));
    for (const e of expected()) {
      const s = states.find((x) => x.candidateId === e.candidateId);
      expect(s).toMatchObject({
        grade: e.grade,
        satisfiedOrBasic: e.rate.numerator,
        assessedValid: 20,
        openProblems: (openBefore.get(e.candidateId) ?? 0) + (e.grade === "unsatisfied" ? 1 : 0),
      });
    }
    const [totals] = await db
      .select()
      .from(yearTotals)
      .where(and(eq(yearTotals.jurisdictionCode, J), eq(yearTotals.year, YEAR)));
    const failing = expected().filter((e) => e.grade === "unsatisfied").length;
    const before = [...openBefore.values()].reduce((a, b) => a + b, 0);
    expect(totals).toMatchObject({
      assessed: projects.length,
      unsatisfied: failing,
      openProblems: before + failing,
    });
  });

  it("stays closed: no new ballot, counts unchanged", async () => {
    const late = voters[20];
    const res = await late?.client.json(`${api(voteId)}/ballot`, "POST", {
      ballot: ballotOf(0),
      receipt: newReceipt(),
    });
    expect(res?.status).toBe(409);
    const [row] = await db.select().from(votes).where(eq(votes.id, voteId));
    expect(row?.ballotsCast).toBe(20);
  });

  it("shows the result on the big screen, the public page and the printable announcement, without names", async () => {
    const screen = await (await new Client().get(`${PAGE}/votes/${voteId}/screen`)).text();
    expect(screen).toContain('<table class="results stack assessment"');
    expect(screen).toContain("基本满意");
    const ann = await (await new Client().get(`${PAGE}/votes/${voteId}/announcement`)).text();
    expect(ann).toContain("满意度测评结果公告");
    expect(ann).toContain("满意 20 票，基本满意 0 票，不满意 0 票，弃权 0 票");
    expect(ann).toContain("100.0%");
    expect(ann).toContain("50.0%");
    const vote = await getVote(db, await cycle(), voteId);
    expect(ann).toContain(addDays(todayInChina(vote.closedAt ?? 0), 30));
    const pub = await (await new Client().get(`${PAGE}/satisfaction`)).text();
    expect(pub).toContain(RULES.title);
    expect(pub).toContain("待整改");
    const serving = await servingDeputies(db, J);
    for (const d of serving.slice(0, 20)) {
      expect(pub).not.toContain(d.name);
      expect(ann).not.toContain(d.name);
    }
  });
});

describe("re-assessment (复评)", () => {
  let failing: number[] = [];
  let again = 0;

  it("is refused until the rectification is reported", async () => {
    failing = (
      await db.select({ id: problems.candidateId }).from(problems).where(eq(problems.voteId, voteId))
    ).map((r) => r.id);
    expect(failing.length).toBeGreaterThanOrEqual(2);
    const page = await (await staffClient.get(`${PAGE}/assessments/${voteId}/reassess`)).text();
    expect(page).toContain("整改尚未完成");
    await expect(
      createAssessment(db, await manageGrant(), await cycle(), meetingId, RULES, failing, testNow(), {
        parentVoteId: voteId,
      }),
    ).rejects.toMatchObject({ code: "illegal_transition", reason: "assess.reason.not_rectified" });
  });

  it("takes only the rectified 不满意 projects, and its grade replaces the earlier one", async () => {
    // The responsible unit reports its rectification (the supervision module's step, done here directly).
    await db
      .update(problems)
      .set({ status: "rectifying", rectification: "已整改", rectifiedOn: todayInChina(testNow()) })
      .where(eq(problems.voteId, voteId));
    const c = await cycle();
    const satisfied = projects.find((id) => !failing.includes(id)) ?? 0;
    await expect(
      createAssessment(db, await manageGrant(), c, meetingId, RULES, [...failing, satisfied], testNow(), {
        parentVoteId: voteId,
      }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    const fields = new URLSearchParams({ meetingId: String(meetingId), ...RULES, allowAbstain: "" });
    for (const id of failing) fields.append("candidates", String(id));
    const res = await staffClient.fetch(`${PAGE}/assessments/${voteId}/reassess`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `${fields.toString()}&_csrf=${staffClient.csrf}`,
    });
    expect(res.status).toBe(303);
    again = Number(res.headers.get("location")?.split("/").pop());
    const [row] = await db.select().from(votes).where(eq(votes.id, again));
    expect(row).toMatchObject({ kind: "assessment", parentVoteId: voteId, allowAbstain: false });
    await freezeVote(db, await grantFor(db, staff, "vote.manage"), c, await getVote(db, c, again), testNow());
    await openVote(db, await grantFor(db, staff, "vote.manage"), c, await getVote(db, c, again), testNow());
  });

  it("without 弃权, an incomplete ballot cannot be cast", async () => {
    const v = voters[0];
    if (!v) throw new Error("no voter");
    const page = await (await v.client.get(`${PAGE}/votes/${again}/ballot`)).text();
    expect(page).toContain("opts-3");
    expect(page).not.toContain("弃权</label>");
    const receipt = /name="receipt" value="([^"]+)"/.exec(page)?.[1] ?? "";
    const review = await (
      await v.client.post(`${PAGE}/votes/${again}/ballot/review`, {
        receipt,
        [`c-${failing[0]}`]: "satisfied",
      })
    ).text();
    expect(review).toContain("不设弃权，未全部选择的选票无效");
    expect(review).not.toContain("/ballot/cast");
    const partial = { form: "assess", choices: { [String(failing[0])]: "satisfied" } };
    const r = await v.client.json(`${api(again)}/ballot`, "POST", { ballot: partial, receipt: newReceipt() });
    expect(r.status).toBe(400);
    const abstain = {
      form: "assess",
      choices: Object.fromEntries(failing.map((id) => [String(id), "abstain"])),
    };
    expect(
      (await v.client.json(`${api(again)}/ballot`, "POST", { ballot: abstain, receipt: newReceipt() }))
        .status,
    ).toBe(400);
  });

  it("grades the rectified projects anew, in project_state", async () => {
    const all = {
      form: "assess",
      choices: Object.fromEntries(failing.map((id) => [String(id), "satisfied"])),
    };
    for (const v of voters.slice(0, 12)) {
      const r = await v.client.json(`${api(again)}/ballot`, "POST", { ballot: all, receipt: newReceipt() });
      expect(r.status).toBe(201);
    }
    expect((await staffClient.post(`${PAGE}/votes/${again}/close`)).status).toBe(303);
    const c = await cycle();
    const states = await db.select().from(projectState).where(eq(projectState.cycleId, c.id));
    for (const id of failing) {
      expect(states.find((s) => s.candidateId === id)).toMatchObject({
        grade: "satisfied",
        satisfiedOrBasic: 12,
        assessedValid: 12,
      });
    }
    // The others keep the first assessment's grade.
    const kept = projects.find((id) => !failing.includes(id));
    expect(states.find((s) => s.candidateId === kept)?.assessedValid).toBe(20);
    // No new problem: nothing was graded 不满意 this time.
    expect(await db.select().from(problems).where(eq(problems.voteId, again))).toHaveLength(0);
    const ann = await (await new Client().get(`${PAGE}/votes/${again}/announcement`)).text();
    expect(ann).toContain("复评");
  });
});

describe("assessment rules", () => {
  it("change an assessment only: the change and its audit entry are guarded by the same condition", async () => {
    const c = await cycle();
    const [project] = await db
      .select()
      .from(votes)
      .where(and(eq(votes.cycleId, c.id), eq(votes.kind, "project")));
    if (!project) throw new Error("the demo's year has no project vote");
    const entries = async () =>
      (
        await db
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.action, "vote.rules"), eq(auditLog.target, `vote:${project.id}`)))
      ).length;
    // A project vote in draft, handed to the assessment's writer by mistake: nothing may change, and
    // no audit entry may claim that it did.
    await db.update(votes).set({ status: "draft" }).where(eq(votes.id, project.id));
    try {
      await expect(
        updateAssessmentRules(
          db,
          await grantFor(db, staff, "vote.manage"),
          c,
          { ...project, status: "draft" },
          { title: "测评", base: "all", allowAbstain: "1" },
          testNow(),
        ),
      ).rejects.toMatchObject({ code: "illegal_transition" });
      expect(await entries()).toBe(0);
    } finally {
      await db.update(votes).set({ status: project.status }).where(eq(votes.id, project.id));
    }
  });
});

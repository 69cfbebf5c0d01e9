// Every rule about dates, at its boundaries. A day is a day in Beijing: it ends at 24:00 Asia/Shanghai,
// which is 16:00 UTC, so the first minute of 1 January is still 31 December in UTC. Each rule is tried
// at the last minute and the last millisecond of a day and at the first millisecond of the next, over
// 31 December → 1 January and over 29 February 2028 (a real date; 2027 has none).
//
// The file builds its own jurisdiction, accounts, cycles and projects (no demo data): the cycles and
// notices through the domain functions, as the government would; only a project's closed vote is
// stored directly (as the demo does), because the ballot is not what is tested here. Requests that
// go through the pages and the API carry their moment (`Client` with `at`); the rest call the domain
// functions with an explicit `now`.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../src";
import { ratePublic } from "../../src/features/assessment/ratings";
import { submitProposal } from "../../src/features/collection/proposals";
import { savePlan } from "../../src/features/projects/plans";
import { allProjectStates, flagsOf, getProject, listProjects } from "../../src/features/projects/projects";
import { reportProgress } from "../../src/features/projects/reports";
import { recordInspection } from "../../src/features/supervision/inspections";
import { createProblem, rectifyProblem } from "../../src/features/supervision/problems";
import { cycleSupervision, isOverdue, publicSupervision } from "../../src/features/supervision/supervision";
import type { UserActor } from "../../src/platform/auth/actor";
import { issueCredentials } from "../../src/platform/auth/credentials";
import { requireAccess } from "../../src/platform/auth/permissions";
import { LIMITS } from "../../src/platform/auth/rate-limit";
import { actorFromToken, loginDeputy, loginStaff } from "../../src/platform/auth/sessions";
import { advanceCycle, createCycle, cycleFacts, getCycle } from "../../src/platform/cycle/cycles";
import { collectionState, getNotice, saveNotice } from "../../src/platform/cycle/notices";
import { createDb } from "../../src/platform/data/db";
import {
  type Cycle,
  candidateFunding,
  candidates,
  cycles,
  deputies,
  inspections,
  jurisdictions,
  meetings,
  milestones,
  problems,
  projectChanges,
  proposals,
  rateLimits,
  sessions,
  users,
  voteResults,
  votes,
} from "../../src/platform/data/schema";
import { SESSION_COOKIE } from "../../src/platform/http/cookies";
import { AppError } from "../../src/platform/http/errors";
import { parseInstant } from "../../src/platform/lib/clock";
import { hashPassword, randomToken, sha256Hex } from "../../src/platform/lib/crypto";
import { todayInChina } from "../../src/platform/lib/dates";
import { Client } from "../worker/client";
import { grantFor } from "../worker/fixtures";

const db = createDb(env.DB);

/** A test jurisdiction of our own (not the demo's): a banner under a city, with one township. */
const CITY = "159800";
const J = "159801";
const TOWN = "159801101";
const UNIT = "测试旗水利局";
const PASSWORD = "calendar-test-password";
/** Sessions made for the page tests outlive every moment they are used at. */
const FAR = Date.UTC(2200, 0, 1);
const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** An ISO 8601 instant (with its offset) in ms. */
function at(iso: string): number {
  const t = parseInstant(iso);
  if (t === null) throw new Error(`not an instant: ${iso}`);
  return t;
}

/** Beijing 31 Dec 2090 23:59 / 23:59:59.999, and 1 Jan 2091 00:00 — written in UTC. */
const LAST_MINUTE = Date.UTC(2090, 11, 31, 15, 59, 0);
const LAST_MS = Date.UTC(2090, 11, 31, 15, 59, 59, 999);
const NEW_YEAR = Date.UTC(2090, 11, 31, 16, 0, 0);
/** Beijing 28 Feb 2028 23:59:59.999, 29 Feb 00:00, 29 Feb 23:59:59.999, 1 Mar 00:00. */
const FEB28_LAST_MS = Date.UTC(2028, 1, 28, 15, 59, 59, 999);
const FEB29 = Date.UTC(2028, 1, 28, 16, 0, 0);
const FEB29_LAST_MS = Date.UTC(2028, 1, 29, 15, 59, 59, 999);
const MAR1 = Date.UTC(2028, 1, 29, 16, 0, 0);

const iso = (ms: number) => new Date(ms).toISOString();

let gov: UserActor;
let staff: UserActor;
let unit: UserActor;

/** The grants the pages would hand the writers (test/worker/fixtures.ts). */
const newCycle = () => grantFor(db, gov, "cycle.create");
const move = () => grantFor(db, gov, "cycle.advance");
const slips = () => grantFor(db, staff, "credential.manage");

async function addUser(username: string, role: UserActor["role"], unitName: string | null = null) {
  const [row] = await db
    .insert(users)
    .values({
      username,
      displayName: username,
      passwordHash: await hashPassword(PASSWORD, 1000),
      role,
      jurisdictionCode: J,
      unitName,
      createdAt: 0,
    })
    .returning();
  if (!row) throw new Error("no user");
  return {
    kind: "user",
    id: row.id,
    role,
    name: username,
    jurisdictionCode: J,
    jurisdictionPath: `/${CITY}/${J}/`,
    unitName,
  } satisfies UserActor;
}

async function addDeputy(number: string): Promise<number> {
  const [row] = await db
    .insert(deputies)
    .values({
      jurisdictionCode: J,
      term: 1,
      number,
      name: `代表${number}`,
      delegation: "第一代表团",
      createdAt: 0,
    })
    .returning({ id: deputies.id });
  return row?.id as number;
}

/** A client signed in as `user` with a session of its own (its requests then carry their moment). */
async function signedIn(user: UserActor, address: string): Promise<Client> {
  const token = randomToken(32);
  await db
    .insert(sessions)
    .values({ tokenHash: await sha256Hex(token), userId: user.id, createdAt: 0, expiresAt: FAR });
  const c = new Client(address);
  c.cookies.set(SESSION_COOKIE, token);
  return c;
}

function fieldError(html: string, name: string): string | null {
  return html.match(new RegExp(`<p class="error" id="f-${name}-error">([^<]*)</p>`))?.[1] ?? null;
}

/** The AppError a call ends with (the test fails if it succeeds or throws anything else). */
async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected a refusal, but it succeeded");
}

async function cycleOf(year: number): Promise<Cycle> {
  return getCycle(db, J, year);
}

/**
 * A project of the year `year` (the cycle is created by the government if it does not exist yet),
 * with planned money of 100 万元 from the banner and a published plan with the given milestones.
 */
async function electedProject(year: number, name: string, milestoneLines: string[], planAt: number) {
  const [existing] = await db
    .select()
    .from(cycles)
    .where(and(eq(cycles.jurisdictionCode, J), eq(cycles.year, year)));
  if (!existing) await createCycle(db, await newCycle(), J, { year: String(year) }, planAt);
  const cycle = await cycleOf(year);
  // The stages before 监督评估 and the vote itself are not under test: stored as their end state.
  await db.update(cycles).set({ stage: "supervise", stageSince: planAt }).where(eq(cycles.id, cycle.id));
  const [cand] = await db
    .insert(candidates)
    .values({
      cycleId: cycle.id,
      position: 1,
      name,
      content: `${name}的建设内容`,
      responsibleUnit: UNIT,
      deadline: `${year}年12月底`,
      annualTarget: "年底前完工",
      locationCode: TOWN,
      createdAt: planAt,
      updatedAt: planAt,
    })
    .returning({ id: candidates.id });
  const id = cand?.id as number;
  await db.insert(candidateFunding).values({ candidateId: id, source: "county", amountYuan: 1_000_000 });
  const [m] = await db
    .insert(meetings)
    .values({ cycleId: cycle.id, title: `${year}年人代会`, heldOn: `${year}-01-10`, createdAt: planAt })
    .returning({ id: meetings.id });
  const [vote] = await db
    .insert(votes)
    .values({
      cycleId: cycle.id,
      meetingId: m?.id as number,
      title: `${name}票决`,
      kind: "project",
      status: "closed",
      places: 1,
      form: "per_candidate",
      maxTicks: 1,
      base: "all",
      thresholdNumerator: 1,
      thresholdDenominator: 2,
      quorumNumerator: 2,
      quorumDenominator: 3,
      closedAt: planAt,
      createdAt: planAt,
    })
    .returning({ id: votes.id });
  await db.insert(voteResults).values({
    voteId: vote?.id as number,
    candidateId: id,
    support: 40,
    against: 2,
    abstain: 1,
    passed: true,
    rank: 1,
    elected: true,
    tie: false,
  });
  const supervising = await cycleOf(year);
  await savePlan(
    db,
    await requireAccess(db, gov, J, "plan.edit"),
    supervising,
    id,
    { responsibleUnit: UNIT, annualTarget: "年底前完工", milestones: milestoneLines.join("\n") },
    true,
    planAt,
  );
  return { id, cycle: supervising, path: `/j/${J}/${year}/projects/${id}` };
}

let proposalKey = 0;
function proposalFields(): Record<string, string> {
  proposalKey++;
  return {
    idempotencyKey: `calendar-key-${String(proposalKey).padStart(8, "0")}`,
    category: "water",
    title: "嘎查饮水工程",
    background: "夏季缺水",
    content: "新打机电井两眼",
    locationCode: TOWN,
  };
}

const NOTICE = {
  title: "关于征集民生实事项目的公告",
  scope: "教育、医疗、养老、饮水、道路",
  exclusions: "办公楼、只惠及个别单位的项目",
  channels: "网站、二维码、代表转交",
};

beforeAll(async () => {
  await db.insert(jurisdictions).values([
    { code: CITY, parentCode: null, level: "city", name: "测试市", nameEn: "Test City", path: `/${CITY}/` },
    {
      code: J,
      parentCode: CITY,
      level: "county",
      name: "测试旗",
      nameEn: "Test Banner",
      path: `/${CITY}/${J}/`,
    },
    {
      code: TOWN,
      parentCode: J,
      level: "township",
      name: "测试苏木",
      nameEn: "Test Sumu",
      path: `/${CITY}/${J}/${TOWN}/`,
    },
  ]);
  gov = await addUser("cal-gov", "gov");
  staff = await addUser("cal-staff", "staff");
  unit = await addUser("cal-unit", "unit", UNIT);
});

// ---- 征集公告: the collection window ------------------------------------------------------------

describe("the collection window of a notice", () => {
  const YEAR = 2091;
  const PROPOSE = `/j/${J}/${YEAR}/propose`;
  const API = `/api/jurisdictions/${J}/cycles/${YEAR}/proposals`;
  let address = 0;
  const publicAt = (when: string) => new Client(`198.51.100.${++address}`, { at: when });

  beforeAll(async () => {
    const saved = at("2090-11-01T10:00:00+08:00");
    await createCycle(db, await newCycle(), J, { year: String(YEAR) }, saved);
    await saveNotice(
      db,
      await requireAccess(db, gov, J, "notice.edit"),
      await cycleOf(YEAR),
      { ...NOTICE, opensOn: "2090-12-01", closesOn: "2090-12-31" },
      true,
      saved,
    );
  });

  async function stored(): Promise<number[]> {
    const cycle = await cycleOf(YEAR);
    const rows = await db
      .select({ at: proposals.submittedAt })
      .from(proposals)
      .where(eq(proposals.cycleId, cycle.id))
      .orderBy(asc(proposals.submittedAt));
    return rows.map((r) => r.at);
  }

  it("stores the notice's dates as the first and last millisecond of those days in Beijing", async () => {
    const n = await getNotice(db, (await cycleOf(YEAR)).id);
    expect(n?.opensAt).toBe(Date.UTC(2090, 10, 30, 16, 0, 0));
    expect(n?.closesAt).toBe(LAST_MS);
  });

  it("takes a public proposal through the form until 24:00 Beijing of the closing day", async () => {
    const before = (await stored()).length;
    for (const when of ["2090-12-31T23:59:00+08:00", "2090-12-31T23:59:59.999+08:00"]) {
      const c = publicAt(when);
      expect(await (await c.get(PROPOSE)).text()).toContain('name="idempotencyKey"');
      const res = await c.post(PROPOSE, proposalFields());
      expect(res.status, when).toBe(303);
      expect(res.headers.get("location")).toMatch(new RegExp(`^/p/${YEAR}-[0-9A-Z]{6}\\?new=1$`));
    }
    const all = await stored();
    expect(all.length).toBe(before + 2);
    expect(all.slice(-2)).toEqual([LAST_MINUTE, LAST_MS]);
  });

  it("refuses it from 00:00 Beijing of the next day, though UTC is still on the closing day, saying so", async () => {
    const before = (await stored()).length;
    // The same instant written both ways: 1 January in Beijing, 31 December in UTC.
    for (const when of [
      "2091-01-01T00:00:00+08:00",
      "2090-12-31T16:00:00Z",
      "2091-01-01T00:00:00.001+08:00",
    ]) {
      const c = publicAt(when);
      const res = await c.post(PROPOSE, proposalFields());
      expect(res.status, when).toBe(409);
      expect(await res.text()).toContain("项目征集已截止");
      expect(await (await c.get(PROPOSE)).text()).toContain("项目征集已于 2090-12-31 截止");
    }
    const api = await publicAt("2091-01-01T00:00:00+08:00").json(API, "POST", proposalFields());
    expect(api.status).toBe(409);
    expect(((await api.json()) as { error: { reason: string } }).error.reason).toBe("项目征集已截止。");
    expect((await stored()).length).toBe(before);
  });

  it("refuses it before the opening day, saying when it opens, and takes it from 00:00 Beijing of that day", async () => {
    const before = (await stored()).length;
    for (const when of ["2090-11-30T23:59:00+08:00", "2090-11-30T23:59:59.999+08:00"]) {
      const c = publicAt(when);
      const res = await c.post(PROPOSE, proposalFields());
      expect(res.status, when).toBe(409);
      expect(await res.text()).toContain("项目征集尚未开始");
      expect(await (await c.get(PROPOSE)).text()).toContain("项目征集将于 2090-12-01 开始");
    }
    expect((await stored()).length).toBe(before);
    // 00:00 on 1 December in Beijing is 16:00 on 30 November in UTC.
    const res = await publicAt("2090-11-30T16:00:00Z").post(PROPOSE, proposalFields());
    expect(res.status).toBe(303);
    expect((await stored())[0]).toBe(Date.UTC(2090, 10, 30, 16, 0, 0));
  });

  it("is decided by the real time in a deployed worker, whatever MINSHENG_NOW says", async () => {
    const page = async (ENVIRONMENT: string) => {
      const ctx = createExecutionContext();
      const res = await worker.fetch(
        new Request(`https://minsheng.test${PROPOSE}`),
        { ...env, ENVIRONMENT, MINSHENG_NOW: "2090-12-15T12:00:00+08:00" },
        ctx,
      );
      await waitOnExecutionContext(ctx);
      return res.text();
    };
    // In tests the set moment is inside the window; the real time (long before 2090) is not.
    expect(await page("test")).toContain('name="idempotencyKey"');
    const deployed = await page("production");
    expect(deployed).toContain("项目征集将于 2090-12-01 开始");
    expect(deployed).not.toContain('name="idempotencyKey"');
  });
});

describe("a notice closing on 29 February 2028", () => {
  const YEAR = 2029;

  beforeAll(async () => {
    await createCycle(db, await newCycle(), J, { year: String(YEAR) }, at("2028-01-10T09:00:00+08:00"));
  });

  it("cannot close on 29 February 2027, a day that does not exist", async () => {
    const e = await refusal(
      saveNotice(
        db,
        await requireAccess(db, gov, J, "notice.edit"),
        await cycleOf(YEAR),
        { ...NOTICE, opensOn: "2027-02-01", closesOn: "2027-02-29" },
        true,
        at("2027-01-10T09:00:00+08:00"),
      ),
    );
    expect(e.code).toBe("invalid_input");
    expect(e.fields?.closesOn).toBe("field.date");
    expect(await getNotice(db, (await cycleOf(YEAR)).id)).toBeNull();
  });

  it("is open to the last millisecond of 29 February 2028 and closed at 00:00 on 1 March", async () => {
    await saveNotice(
      db,
      await requireAccess(db, gov, J, "notice.edit"),
      await cycleOf(YEAR),
      { ...NOTICE, opensOn: "2028-02-01", closesOn: "2028-02-29" },
      true,
      at("2028-01-10T09:00:00+08:00"),
    );
    const cycle = await cycleOf(YEAR);
    const notice = await getNotice(db, cycle.id);
    expect(notice?.closesAt).toBe(FEB29_LAST_MS);
    expect(collectionState(cycle, notice, Date.UTC(2028, 0, 31, 15, 59, 59, 999))).toBe("not_yet");
    expect(collectionState(cycle, notice, Date.UTC(2028, 0, 31, 16, 0, 0))).toBe("open");
    expect(collectionState(cycle, notice, FEB28_LAST_MS)).toBe("open");
    expect(collectionState(cycle, notice, FEB29)).toBe("open");
    expect(collectionState(cycle, notice, FEB29_LAST_MS)).toBe("open");
    expect(collectionState(cycle, notice, MAR1)).toBe("closed");

    const ok = await submitProposal(db, null, cycle, proposalFields(), "198.51.100.200", FEB29_LAST_MS);
    expect(ok.created).toBe(true);
    const late = await refusal(submitProposal(db, null, cycle, proposalFields(), "198.51.100.200", MAR1));
    expect(late.code).toBe("illegal_transition");
    expect(late.reason).toBe("collect.state.closed");
  });
});

describe("leaving 项目征集", () => {
  const YEAR = 2092;

  beforeAll(async () => {
    const saved = at("2091-11-01T10:00:00+08:00");
    await createCycle(db, await newCycle(), J, { year: String(YEAR) }, saved);
    await saveNotice(
      db,
      await requireAccess(db, gov, J, "notice.edit"),
      await cycleOf(YEAR),
      { ...NOTICE, opensOn: "2091-12-01", closesOn: "2091-12-31" },
      true,
      saved,
    );
  });

  it("is refused until the closing day has ended in Beijing, and allowed at 00:00 of the next day", async () => {
    const lastMs = Date.UTC(2091, 11, 31, 15, 59, 59, 999);
    const newYear = Date.UTC(2091, 11, 31, 16, 0, 0);
    const cycle = await cycleOf(YEAR);
    expect((await cycleFacts(db, cycle, lastMs)).collectionClosed).toBe(false);
    expect((await cycleFacts(db, cycle, newYear)).collectionClosed).toBe(true);
    const early = await refusal(
      advanceCycle(db, await move(), cycle, { from: "collect", to: "screen" }, lastMs),
    );
    expect(early.reason).toBe("stage.reason.collection_open");
    expect((await cycleOf(YEAR)).stage).toBe("collect");
    expect(await advanceCycle(db, await move(), cycle, { from: "collect", to: "screen" }, newYear)).toBe(
      "screen",
    );
    expect((await cycleOf(YEAR)).stage).toBe("screen");
  });
});

// ---- "The date cannot be later than today" ----------------------------------------------------

describe("dates that cannot be later than today", () => {
  let project: Awaited<ReturnType<typeof electedProject>>;
  let leap: Awaited<ReturnType<typeof electedProject>>;
  let staffPages: Client;
  let unitPages: Client;

  beforeAll(async () => {
    project = await electedProject(
      2090,
      "嘎查饮水安全工程",
      ["2090-06-30 完成招标"],
      at("2090-03-01T09:00:00+08:00"),
    );
    leap = await electedProject(
      2028,
      "苏木卫生院改造",
      ["2028-06-30 完成主体"],
      at("2028-01-20T09:00:00+08:00"),
    );
    staffPages = await signedIn(staff, "192.0.2.10");
    unitPages = await signedIn(unit, "192.0.2.11");
  });

  async function datesOf(table: "inspections" | "changes"): Promise<string[]> {
    if (table === "inspections") {
      const rows = await db
        .select({ d: inspections.inspectedOn })
        .from(inspections)
        .where(eq(inspections.candidateId, project.id))
        .orderBy(asc(inspections.id));
      return rows.map((r) => r.d);
    }
    const rows = await db
      .select({ d: projectChanges.decidedOn })
      .from(projectChanges)
      .where(eq(projectChanges.candidateId, project.id))
      .orderBy(asc(projectChanges.id));
    return rows.map((r) => r.d);
  }

  it("an inspection (through the page): today at 23:59 Beijing yes, tomorrow no; at 00:00 the new day yes", async () => {
    const inspect = (when: string, inspectedOn: string) =>
      staffPages.setMoment(when).post(`${project.path}/supervision/inspections`, {
        inspectedOn,
        participants: "监督组 3 名代表",
        findings: `${when} 的视察`,
      });
    expect((await inspect("2090-12-31T23:59:00+08:00", "2090-12-31")).status).toBe(303);
    for (const when of ["2090-12-31T23:59:00+08:00", "2090-12-31T23:59:59.999+08:00"]) {
      const res = await inspect(when, "2091-01-01");
      expect(res.status, when).toBe(400);
      expect(fieldError(await res.text(), "inspectedOn")).toBe("日期不能晚于今天。");
    }
    // 00:00 Beijing on 1 January: UTC is still 31 December, and 1 January is today.
    expect((await inspect("2090-12-31T16:00:00Z", "2091-01-01")).status).toBe(303);
    const tomorrow = await inspect("2090-12-31T16:00:00Z", "2091-01-02");
    expect(tomorrow.status).toBe(400);
    expect(fieldError(await tomorrow.text(), "inspectedOn")).toBe("日期不能晚于今天。");
    expect(await datesOf("inspections")).toEqual(["2090-12-31", "2091-01-01"]);
  });

  it("an inspection on 29 February 2028: refused on the 28th, taken from 00:00 on the 29th; none in 2027", async () => {
    const input = (inspectedOn: string, findings: string) => ({
      inspectedOn,
      participants: "监督组 2 名代表",
      findings,
    });
    const recorder = await requireAccess(db, staff, J, "supervision.record");
    const early = await refusal(
      recordInspection(db, recorder, leap.cycle, leap.id, input("2028-02-29", "早了"), FEB28_LAST_MS),
    );
    expect(early.fields?.inspectedOn).toBe("field.sup.future");
    const ok = await recordInspection(
      db,
      recorder,
      leap.cycle,
      leap.id,
      input("2028-02-29", "闰日视察"),
      FEB29,
    );
    expect(ok.created).toBe(true);
    const noDay = await refusal(
      recordInspection(db, recorder, leap.cycle, leap.id, input("2027-02-29", "不存在的日子"), MAR1),
    );
    expect(noDay.fields?.inspectedOn).toBe("field.date");
  });

  it("a change decision (through the page): decidedOn today at 23:59 yes, tomorrow no; at 00:00 yes", async () => {
    let no = 0;
    const decide = (when: string, decidedOn: string) =>
      staffPages.setMoment(when).post(`${project.path}/changes`, {
        kind: "postpone",
        decisionBody: "旗人大常委会第十二次会议",
        decisionNo: `测常发〔2090〕${++no}号`,
        decidedOn,
        reason: "冬季停工",
        detail: "完工时间延至次年六月底",
        confirm: "1",
      });
    const tomorrow = await decide("2090-12-31T23:59:59.999+08:00", "2091-01-01");
    expect(tomorrow.status).toBe(400);
    expect(fieldError(await tomorrow.text(), "decidedOn")).toBe("日期不能晚于今天。");
    expect((await decide("2090-12-31T23:59:00+08:00", "2090-12-31")).status).toBe(303);
    expect((await decide("2091-01-01T00:00:00+08:00", "2091-01-01")).status).toBe(303);
    expect(await datesOf("changes")).toEqual(["2090-12-31", "2091-01-01"]);
  });

  it("a problem's foundOn and its rectifiedOn", async () => {
    const problem = (description: string, foundOn: string) => ({
      description,
      responsibleUnit: UNIT,
      foundOn,
      deadline: "2091-01-31",
    });
    const recorder = await requireAccess(db, staff, J, "supervision.record");
    const future = await refusal(
      createProblem(db, recorder, project.cycle, project.id, problem("水管渗漏", "2091-01-01"), LAST_MS),
    );
    expect(future.fields?.foundOn).toBe("field.sup.future");
    const a = await createProblem(
      db,
      recorder,
      project.cycle,
      project.id,
      problem("水管渗漏", "2090-12-31"),
      LAST_MS,
    );
    const b = await createProblem(
      db,
      recorder,
      project.cycle,
      project.id,
      problem("井房漏雨", "2091-01-01"),
      NEW_YEAR,
    );
    expect(a.created && b.created).toBe(true);

    const rectifier = await requireAccess(db, unit, J, "problem.rectify");
    const rectify = (id: number, rectifiedOn: string, now: number) =>
      rectifyProblem(
        db,
        rectifier,
        project.cycle,
        project.id,
        id,
        { rectification: "已更换管件", rectifiedOn },
        now,
      );
    const early = await refusal(rectify(a.id, "2091-01-01", LAST_MS));
    expect(early.fields?.rectifiedOn).toBe("field.sup.future");
    await rectify(a.id, "2091-01-01", NEW_YEAR);
    await rectify(b.id, "2090-12-31", LAST_MS);
    const rows = await db
      .select({ id: problems.id, foundOn: problems.foundOn, rectifiedOn: problems.rectifiedOn })
      .from(problems)
      .where(eq(problems.candidateId, project.id))
      .orderBy(asc(problems.id));
    expect(rows).toEqual([
      { id: a.id, foundOn: "2090-12-31", rectifiedOn: "2091-01-01" },
      { id: b.id, foundOn: "2091-01-01", rectifiedOn: "2090-12-31" },
    ]);
  });

  it("a progress report's reportedOn: today yes, tomorrow no (domain)", async () => {
    const report = async (reportedOn: string, now: number) =>
      reportProgress(
        db,
        await requireAccess(db, unit, J, "progress.report"),
        project.cycle,
        project.id,
        { reportedOn, percent: "30", body: `截至${reportedOn}` },
        now,
      );
    const future = await refusal(report("2091-01-01", LAST_MS));
    expect(future.code).toBe("invalid_input");
    expect(future.fields?.reportedOn).toBe("field.sup.future");
    await report("2090-12-31", LAST_MS);
    await report("2091-01-01", NEW_YEAR);
    const p = await getProject(db, project.cycle, project.id, NEW_YEAR);
    expect(p.latest?.reportedOn).toBe("2091-01-01");
  });

  it("a progress report's reportedOn through the page", async () => {
    const form = (reportedOn: string) => {
      const f = new FormData();
      f.set("reportedOn", reportedOn);
      f.set("percent", "35");
      f.set("body", `页面报告 ${reportedOn}`);
      return f;
    };
    const future = await unitPages
      .setMoment("2090-12-31T23:59:59.999+08:00")
      .postMultipart(`${project.path}/report`, form("2091-01-02"));
    expect(future.status).toBe(400);
    expect(fieldError(await future.text(), "reportedOn")).toBe("日期不能晚于今天。");
    const today = await unitPages
      .setMoment("2091-01-01T00:00:00+08:00")
      .postMultipart(`${project.path}/report`, form("2091-01-01"));
    expect(today.status).toBe(303);
  });
});

// ---- Overdue problems and milestones --------------------------------------------------------------

describe("overdue problems", () => {
  it("isOverdue: a deadline of today is not overdue; from 00:00 Beijing of the next day it is", () => {
    const open = (deadline: string) => ({ status: "open" as const, deadline });
    expect(isOverdue(open("2090-12-31"), todayInChina(LAST_MS))).toBe(false);
    expect(isOverdue(open("2090-12-31"), todayInChina(NEW_YEAR))).toBe(true);
    expect(isOverdue({ status: "rectifying", deadline: "2090-12-31" }, todayInChina(NEW_YEAR))).toBe(true);
    expect(isOverdue({ status: "closed", deadline: "2090-12-31" }, todayInChina(NEW_YEAR))).toBe(false);
    expect(isOverdue(open("2028-02-29"), todayInChina(FEB29_LAST_MS))).toBe(false);
    expect(isOverdue(open("2028-02-29"), todayInChina(MAR1))).toBe(true);
    expect(isOverdue(open("2028-02-28"), todayInChina(FEB28_LAST_MS))).toBe(false);
    expect(isOverdue(open("2028-02-28"), todayInChina(FEB29))).toBe(true);
  });

  it("in the public supervision view and the cycle overview, at the Beijing day boundary", async () => {
    const p = await electedProject(
      2089,
      "旗医院门诊楼",
      ["2089-10-31 主体完工"],
      at("2089-03-01T09:00:00+08:00"),
    );
    const lastMs = Date.UTC(2089, 11, 31, 15, 59, 59, 999);
    const newYear = Date.UTC(2089, 11, 31, 16, 0, 0);
    const recorder = await requireAccess(db, staff, J, "supervision.record");
    const { id } = await createProblem(
      db,
      recorder,
      p.cycle,
      p.id,
      { description: "门诊楼外墙开裂", responsibleUnit: UNIT, foundOn: "2089-12-01", deadline: "2089-12-31" },
      at("2089-12-01T10:00:00+08:00"),
    );
    const publicOverdue = async (now: number) =>
      (await publicSupervision(db, p.id, now)).problems.find((x) => x.id === id)?.overdue;
    const overviewOverdue = async (now: number) =>
      (await cycleSupervision(db, p.cycle, now)).problems.find((x) => x.id === id)?.overdue;
    expect(await publicOverdue(lastMs)).toBe(false);
    expect(await overviewOverdue(lastMs)).toBe(false);
    expect(await publicOverdue(newYear)).toBe(true);
    expect(await overviewOverdue(newYear)).toBe(true);
    // A problem whose deadline is 29 February 2028.
    const leap = await electedProject(
      2027,
      "嘎查道路硬化",
      ["2027-10-31 完工"],
      at("2027-03-01T09:00:00+08:00"),
    );
    const q = await createProblem(
      db,
      recorder,
      leap.cycle,
      leap.id,
      { description: "路面积水", responsibleUnit: UNIT, foundOn: "2028-02-01", deadline: "2028-02-29" },
      at("2028-02-01T10:00:00+08:00"),
    );
    const leapOverdue = async (now: number) =>
      (await publicSupervision(db, leap.id, now)).problems.find((x) => x.id === q.id)?.overdue;
    expect(await leapOverdue(FEB29_LAST_MS)).toBe(false);
    expect(await leapOverdue(MAR1)).toBe(true);
  });
});

describe("milestone and money flags of projects", () => {
  let project: Awaited<ReturnType<typeof electedProject>>;
  let leap: Awaited<ReturnType<typeof electedProject>>;
  let staffPages: Client;

  beforeAll(async () => {
    project = await electedProject(
      2093,
      "牧区供暖改造",
      ["2092-12-15 开工", "2092-12-31 主体完工", "2093-06-30 竣工验收"],
      at("2092-03-01T09:00:00+08:00"),
    );
    // 60% done with 10 万元 of 100 万元 disbursed: money far behind; the first milestone is reached.
    const [first] = await db
      .select({ id: milestones.id })
      .from(milestones)
      .where(and(eq(milestones.candidateId, project.id), eq(milestones.dueOn, "2092-12-15")));
    await reportProgress(
      db,
      await requireAccess(db, unit, J, "progress.report"),
      project.cycle,
      project.id,
      {
        reportedOn: "2092-12-20",
        percent: "60",
        body: "主体完成六成",
        disbursed_county: "10",
        done: [String(first?.id)],
      },
      at("2092-12-20T10:00:00+08:00"),
    );
    leap = await electedProject(
      2094,
      "闰年供水管网",
      ["2028-02-28 完成设计", "2028-02-29 完成招标", "2028-12-31 完工"],
      at("2028-01-05T09:00:00+08:00"),
    );
    staffPages = await signedIn(staff, "192.0.2.20");
  });

  const lastMs = Date.UTC(2092, 11, 31, 15, 59, 59, 999);
  const newYear = Date.UTC(2092, 11, 31, 16, 0, 0);

  /** The flags of a project as the three readers see them: listProjects, getProject and flagsOf. */
  async function flags(p: typeof project, now: number) {
    const listed = (await listProjects(db, p.cycle, now)).find((x) => x.id === p.id);
    const single = await getProject(db, p.cycle, p.id, now);
    const rows = (await allProjectStates(db, p.cycle.id)).filter((r) => r.candidateId === p.id);
    const flagged = (await flagsOf(db, rows, now)).get(p.id);
    return [
      { overdue: listed?.overdue, moneyBehind: listed?.moneyBehind },
      { overdue: single.overdue, moneyBehind: single.moneyBehind },
      { overdue: flagged?.overdue, moneyBehind: flagged?.moneyBehind },
    ];
  }

  it("a milestone due today is not overdue; from 00:00 Beijing of the next day it is (a reached one never)", async () => {
    const same = (overdue: number, moneyBehind: boolean) => [
      { overdue, moneyBehind },
      { overdue, moneyBehind },
      { overdue, moneyBehind },
    ];
    expect(await flags(project, Date.UTC(2092, 11, 31, 15, 59, 0))).toEqual(same(0, true));
    expect(await flags(project, lastMs)).toEqual(same(0, true));
    expect(await flags(project, newYear)).toEqual(same(1, true));
    expect(await flags(project, Date.UTC(2093, 0, 1, 0, 0, 0))).toEqual(same(1, true));
  });

  it("around 29 February 2028", async () => {
    const counts = async (now: number) => (await flags(leap, now)).map((f) => f.overdue);
    expect(await counts(FEB28_LAST_MS)).toEqual([0, 0, 0]);
    expect(await counts(FEB29)).toEqual([1, 1, 1]);
    expect(await counts(FEB29_LAST_MS)).toEqual([1, 1, 1]);
    expect(await counts(MAR1)).toEqual([2, 2, 2]);
    // No report yet: money cannot be behind.
    expect((await flags(leap, MAR1)).map((f) => f.moneyBehind)).toEqual([false, false, false]);
  });

  it("on the public project page and the supervisors' flagged list", async () => {
    const publicPage = async (when: string) =>
      (await new Client("192.0.2.21", { at: when }).get(project.path)).text();
    const before = await publicPage(iso(lastMs));
    expect(before).not.toContain('class="overdue"');
    expect(before).toContain('<li class="done">2092-12-15 开工');
    const after = await publicPage("2093-01-01T00:00:00+08:00");
    expect(after).toContain('<li class="overdue">2092-12-31 主体完工');
    expect(after).not.toContain('<li class="overdue">2093-06-30');

    const flagged = async (when: string) =>
      (await staffPages.setMoment(when).get(`/j/${J}/2093/projects?flagged=1`)).text();
    const late = await flagged("2093-01-01T00:00:00+08:00");
    expect(late).toContain("1 个节点逾期");
    expect(late).toContain("资金拨付明显滞后于进度");
    const onTime = await flagged("2092-12-31T23:59:59.999+08:00");
    expect(onTime).not.toContain("个节点逾期");
    expect(onTime).toContain("资金拨付明显滞后于进度");
  });
});

// ---- The public rating: one per project, rater and Beijing day ---------------------------------------

describe("the public rating's day", () => {
  it("is the Beijing day: a second rating the same evening is refused, one at 00:00 Beijing is taken", async () => {
    const p = await electedProject(
      2095,
      "社区养老服务站",
      ["2095-10-31 投入使用"],
      at("2095-03-01T09:00:00+08:00"),
    );
    await reportProgress(
      db,
      await requireAccess(db, unit, J, "progress.report"),
      p.cycle,
      p.id,
      { reportedOn: "2095-11-30", percent: "100", body: "已投入使用" },
      at("2095-11-30T10:00:00+08:00"),
    );
    const rate = (now: number) =>
      ratePublic(db, p.cycle, p.id, { rating: "5" }, "198.51.100.250", "calendar-key", now);
    const evening = Date.UTC(2095, 11, 31, 10, 0, 0); // 18:00 Beijing on 31 December
    await rate(evening);
    const again = await refusal(rate(Date.UTC(2095, 11, 31, 15, 59, 59, 999)));
    expect(again.code).toBe("conflict");
    expect(again.reason).toBe("pub.rating.already");
    await rate(Date.UTC(2095, 11, 31, 16, 0, 0)); // 1 January in Beijing, still 31 December in UTC
    const twice = await refusal(rate(Date.UTC(2096, 0, 1, 1, 0, 0)));
    expect(twice.reason).toBe("pub.rating.already");
  });
});

// ---- Slips, sessions and the sign-in window -------------------------------------------------------

describe("deputy slips and sessions", () => {
  let first = 0;
  let second = 0;

  beforeAll(async () => {
    first = await addDeputy("C-001");
    second = await addDeputy("C-002");
  });

  it("a slip signs in until the millisecond before it expires, and not at its expiry", async () => {
    // Issued at 00:00 Beijing on 18 December for 14 days: valid until 00:00 Beijing on 1 January.
    const [slip] = await issueCredentials(
      db,
      await slips(),
      J,
      [first],
      { days: "14" },
      at("2090-12-18T00:00:00+08:00"),
    );
    expect(slip?.expiresAt).toBe(NEW_YEAR);
    const code = slip?.code as string;
    const s = await loginDeputy(db, { code }, "203.0.113.50", NEW_YEAR - 1);
    // The session ends with the slip, not 24 hours later.
    expect(s.expiresAt).toBe(NEW_YEAR);
    expect((await actorFromToken(db, s.token, NEW_YEAR - 1))?.id).toBe(first);
    expect(await actorFromToken(db, s.token, NEW_YEAR)).toBeNull();
    const e = await refusal(loginDeputy(db, { code }, "203.0.113.50", NEW_YEAR));
    expect(e.code).toBe("credential_expired");

    // The same through the sign-in page: signed in at 23:59, signed in still at 23:59:59.999.
    const c = new Client("203.0.113.51", { at: "2090-12-31T23:59:00+08:00" });
    expect((await c.post("/login/deputy", { code })).status).toBe(303);
    expect((await c.setMoment("2090-12-31T23:59:59.999+08:00").get("/api/me")).status).toBe(200);
    c.setMoment("2091-01-01T00:00:00+08:00");
    expect((await c.get("/api/me")).status).toBe(401);
    const late = await c.post("/login/deputy", { code });
    expect(late.status).toBe(401);
    expect(await late.text()).toContain("该登录条已过期");
  });

  it("a slip that expires at 00:00 Beijing on 29 February 2028 (14 days from the 15th)", async () => {
    const [slip] = await issueCredentials(
      db,
      await slips(),
      J,
      [second],
      { days: "14" },
      at("2028-02-15T00:00:00+08:00"),
    );
    expect(slip?.expiresAt).toBe(FEB29);
    const code = slip?.code as string;
    expect((await loginDeputy(db, { code }, "203.0.113.52", FEB29 - 1)).expiresAt).toBe(FEB29);
    expect((await refusal(loginDeputy(db, { code }, "203.0.113.52", FEB29))).code).toBe("credential_expired");
  });

  it("a deputy's session lasts 24 hours when the slip lasts longer", async () => {
    const [slip] = await issueCredentials(
      db,
      await slips(),
      J,
      [first],
      { days: "90" },
      at("2090-12-01T09:00:00+08:00"),
    );
    const t = at("2090-12-31T08:00:00+08:00");
    const s = await loginDeputy(db, { code: slip?.code as string }, "203.0.113.53", t);
    expect(s.expiresAt).toBe(Date.UTC(2091, 0, 1, 0, 0, 0));
    expect((await actorFromToken(db, s.token, s.expiresAt - 1))?.id).toBe(first);
    expect(await actorFromToken(db, s.token, s.expiresAt)).toBeNull();
  });

  it("a staff session lasts 12 hours: signed in at noon, it ends at 00:00 Beijing", async () => {
    const s = await loginStaff(
      db,
      { username: "cal-staff", password: PASSWORD },
      "203.0.113.54",
      at("2090-12-31T12:00:00+08:00"),
    );
    expect(s.expiresAt).toBe(NEW_YEAR);
    expect((await actorFromToken(db, s.token, NEW_YEAR - 1))?.id).toBe(staff.id);
    expect(await actorFromToken(db, s.token, NEW_YEAR)).toBeNull();
    // The same through the sign-in page and the API.
    const c = new Client("203.0.113.55", { at: "2090-12-31T12:00:00+08:00" });
    expect((await c.post("/login", { username: "cal-staff", password: PASSWORD })).status).toBe(303);
    expect((await c.setMoment("2090-12-31T23:59:59.999+08:00").get("/api/me")).status).toBe(200);
    expect((await c.setMoment("2091-01-01T00:00:00+08:00").get("/api/me")).status).toBe(401);
  });
});

describe("the sign-in rate-limit window", () => {
  const QUARTER = 15 * 60_000;
  // 23:45 Beijing on 31 December: the last window of the year.
  const W = Date.UTC(2090, 11, 31, 15, 45, 0);

  it("counts five failures in one 15-minute window; the next window starts clean", async () => {
    await addUser("cal-rl-1", "staff");
    const fail = (now: number) =>
      refusal(loginStaff(db, { username: "cal-rl-1", password: "wrong" }, "203.0.113.60", now));
    for (const now of [W, W + 60_000, W + 5 * 60_000, W + 10 * 60_000, W + QUARTER - 1])
      expect((await fail(now)).code).toBe("bad_credentials");
    // Even the right password, from another address, waits for the window to end.
    const good = (now: number, address = "203.0.113.70") =>
      loginStaff(db, { username: "cal-rl-1", password: PASSWORD }, address, now);
    expect((await refusal(good(W + QUARTER - 1))).code).toBe("rate_limited");
    const page = await new Client("203.0.113.71", { at: "2090-12-31T23:59:59.999+08:00" }).post("/login", {
      username: "cal-rl-1",
      password: PASSWORD,
    });
    expect(page.status).toBe(429);
    expect(await page.text()).toContain("尝试次数过多");
    // 00:00 Beijing on 1 January: a new window.
    expect((await good(W + QUARTER)).expiresAt).toBe(W + QUARTER + 12 * HOUR);
    const windows = await db
      .select({ start: rateLimits.windowStart, count: rateLimits.count })
      .from(rateLimits)
      .where(eq(rateLimits.key, "login:acct:cal-rl-1"));
    expect(windows).toEqual([{ start: W, count: 5 }]);
  });

  it("does not carry failures over from one window into the next", async () => {
    await addUser("cal-rl-2", "staff");
    const fail = (now: number) =>
      refusal(loginStaff(db, { username: "cal-rl-2", password: "wrong" }, "203.0.113.80", now));
    for (let i = 4; i >= 1; i--) await fail(W + QUARTER - i * 1000); // 23:59:56 … 23:59:59
    for (let i = 0; i < 4; i++) await fail(W + QUARTER + i * 1000); // 00:00:00 … 00:00:03
    const good = (now: number) =>
      loginStaff(db, { username: "cal-rl-2", password: PASSWORD }, "203.0.113.81", now);
    await good(W + QUARTER + 5000);
    // A fifth failure in the new window reaches the limit there.
    await fail(W + QUARTER + 6000);
    expect((await refusal(good(W + 2 * QUARTER - 1))).code).toBe("rate_limited");
    await good(W + 2 * QUARTER);
    const windows = await db
      .select({ start: rateLimits.windowStart, count: rateLimits.count })
      .from(rateLimits)
      .where(eq(rateLimits.key, "login:acct:cal-rl-2"))
      .orderBy(asc(rateLimits.windowStart));
    expect(windows).toEqual([
      { start: W, count: 4 },
      { start: W + QUARTER, count: 5 },
    ]);
  });

  it("holds a hall's address for deputies to its window as well", async () => {
    const deputy = await addDeputy("C-003");
    const [slip] = await issueCredentials(
      db,
      await slips(),
      J,
      [deputy],
      { days: "90" },
      at("2090-12-01T09:00:00+08:00"),
    );
    const address = "203.0.113.90";
    await db
      .insert(rateLimits)
      .values({ key: `login:deputy-addr:${address}`, windowStart: W, count: LIMITS.deputyAddress.max });
    const login = (now: number) => loginDeputy(db, { code: slip?.code as string }, address, now);
    expect((await refusal(login(W + QUARTER - 1))).code).toBe("rate_limited");
    expect((await login(W + QUARTER)).expiresAt).toBe(W + QUARTER + DAY);
  });
});

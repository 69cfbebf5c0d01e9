// The secret ballot, end to end in the Workers runtime against real D1: quorum and frozen lists,
// one ballot per deputy, retries that count once, counts sealed while open, nothing that links a
// ballot to its deputy, a tally that matches the ballots, and closed votes that stay closed.
import { env } from "cloudflare:test";
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { saveCandidate } from "../../../src/features/screening/candidates";
import { handOver } from "../../../src/features/screening/handover";
import { decide } from "../../../src/features/screening/screening";
import { createMeeting, markAttendance, servingDeputies } from "../../../src/features/voting/attendance";
import { castInOneTrip, rememberFrozenVote } from "../../../src/features/voting/ballot-box";
import { createVote, freezeVote, getVote, newReceipt, rulesOf } from "../../../src/features/voting/votes";
import type { Actor } from "../../../src/platform/auth/actor";
import { issueCredentials, revokeCredential } from "../../../src/platform/auth/credentials";
import { advanceCycle } from "../../../src/platform/cycle/cycles";
import type { Db } from "../../../src/platform/data/db";
import { cycles, notices, proposals, votes } from "../../../src/platform/data/schema";
import { SESSION_COOKIE } from "../../../src/platform/http/cookies";
import { actorOf, Client, testNow } from "../../worker/client";
import { collecting, grantFor, OPEN_YEAR } from "../../worker/fixtures";

const J = "159921";
const YEAR = OPEN_YEAR;
const PAGE = `/j/${J}/${YEAR}`;

let db: Db;
let staff: Actor;
let staffClient: Client;
let candidateIds: number[] = [];
let meetingId = 0;
let voteId = 0;
const voters: { id: number; client: Client }[] = [];

/** The grants the pages would hand the writers: slips (staff), the stage's move (gov or staff). */
const slipGrant = () => grantFor(db, staff, "credential.manage");
const moveGrant = (actor: Actor) => grantFor(db, actor, "cycle.advance");

const api = (id = voteId) => `/api/jurisdictions/${J}/cycles/${YEAR}/votes/${id}`;

async function cycle() {
  const [row] = await db
    .select()
    .from(cycles)
    .where(and(eq(cycles.jurisdictionCode, J), eq(cycles.year, YEAR)));
  if (!row) throw new Error("no cycle");
  return row;
}

/** Screening done, twelve complete candidates handed over, cycle in 酝酿协商. */
async function prepareCandidates() {
  const gov = await actorOf("gov");
  let c = await cycle();
  await db
    .update(notices)
    .set({ closesAt: testNow() - 1000 })
    .where(eq(notices.cycleId, c.id));
  await advanceCycle(db, await moveGrant(gov), c, { from: "collect", to: "screen" }, testNow());
  c = await cycle();
  const ids = (await db.select({ id: proposals.id }).from(proposals).where(eq(proposals.cycleId, c.id))).map(
    (r) => String(r.id),
  );
  await decide(
    db,
    await grantFor(db, gov, "proposal.screen"),
    c,
    { action: "reserve", ids, reason: "储备" },
    testNow(),
  );
  const edit = await grantFor(db, gov, "candidate.edit");
  for (let i = 1; i <= 12; i++) {
    await saveCandidate(
      db,
      edit,
      c,
      {
        name: `候选项目${i}`,
        content: "内容",
        responsibleUnit: "旗住建局",
        deadline: "年底",
        annualTarget: "完工",
        locationCode: J,
        funding_county: String(10 * i),
      },
      testNow(),
    );
  }
  await handOver(db, edit, c, { report: "候选项目形成情况的报告。" }, testNow());
}

beforeAll(async () => {
  db = await collecting();
  staff = await actorOf("staff");
  staffClient = await new Client("100.64.0.1").loginStaff("staff");
  await prepareCandidates();
  const c = await cycle();
  const { listCandidates } = await import("../../../src/features/screening/candidates");
  candidateIds = (await listCandidates(db, c.id)).map((x) => x.id);
  meetingId = await createMeeting(
    db,
    await grantFor(db, staff, "vote.manage"),
    c,
    {
      title: "青山旗第十七届人民代表大会第五次会议",
      heldOn: "2027-01-10",
    },
    testNow(),
  );
  // Twenty deputies will vote through the API; they need their slips and a session each.
  const serving = await servingDeputies(db, J);
  const slips = await issueCredentials(
    db,
    await slipGrant(),
    J,
    serving.slice(0, 20).map((d) => d.id),
    {},
    testNow(),
  );
  for (const s of slips) {
    const client = await new Client("100.64.1.1").loginDeputy(s.code);
    voters.push({ id: s.deputyId, client });
  }
}, 120_000);

describe("preparing the vote", () => {
  it("creates a draft on the handed-over list, and the rules can change until frozen", async () => {
    const c = await cycle();
    voteId = await createVote(
      db,
      staff,
      c,
      meetingId,
      { title: "2027年度民生实事项目票决", places: "10", form: "per_candidate", base: "all" },
      candidateIds,
      testNow(),
    );
    const rules = await staffClient.post(`${PAGE}/votes/${voteId}/rules`, {
      title: "2027年度民生实事项目票决",
      places: "10",
      form: "per_candidate",
      base: "all",
      thresholdNumerator: "3",
      thresholdDenominator: "2",
    });
    expect(rules.status).toBe(400);
    expect(await rules.text()).toContain("分子须小于分母");
  });

  it("refuses to open an unfrozen vote, or a vote outside 审议票决", async () => {
    expect((await staffClient.post(`${PAGE}/votes/${voteId}/open`)).status).toBe(409);
    expect((await staffClient.post(`${PAGE}/votes/${voteId}/freeze`)).status).toBe(303);
    const frozen = await getVote(db, await cycle(), voteId);
    expect(frozen.status).toBe("frozen");
    expect(frozen.rosterSize).toBe(199);
    // Frozen: the rules no longer change.
    const rules = await staffClient.post(`${PAGE}/votes/${voteId}/rules`, {
      title: "改",
      places: "3",
      form: "choose_n",
      base: "valid",
    });
    expect(rules.status).toBe(409);
    expect((await getVote(db, await cycle(), voteId)).places).toBe(10);
    // Still in 酝酿协商: cannot open.
    const early = await staffClient.post(`${PAGE}/votes/${voteId}/open`);
    expect(early.status).toBe(409);
    expect(await early.text()).toContain("当前阶段不能进行这项票决操作");
    const c = await cycle();
    await advanceCycle(db, await moveGrant(staff), c, { from: "deliberate", to: "vote" }, testNow());
  });

  it("refuses to open without quorum (more than two thirds present)", async () => {
    const c = await cycle();
    const serving = await servingDeputies(db, J);
    const meeting = { id: meetingId, cycleId: c.id, title: "", heldOn: "", createdAt: 0 };
    // 132 of 199 is not more than two thirds (132.67).
    await markAttendance(
      db,
      await grantFor(db, staff, "vote.manage"),
      c,
      meeting,
      serving.slice(0, 132).map((d) => d.id),
      serving.map((d) => d.id),
      testNow(),
    );
    const res = await staffClient.post(`${PAGE}/votes/${voteId}/open`);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("出席代表未超过法定人数");
    await markAttendance(
      db,
      await grantFor(db, staff, "vote.manage"),
      c,
      meeting,
      serving.slice(0, 133).map((d) => d.id),
      serving.map((d) => d.id),
      testNow(),
    );
    expect((await staffClient.post(`${PAGE}/votes/${voteId}/open`)).status).toBe(303);
  });
});

/** The ballots the twenty deputies cast, so the expected tally can be computed independently. */
const cast: Record<string, "for" | "against" | "abstain">[] = [];

describe("casting", () => {
  it("takes one ballot per deputy; a second is refused and changes nothing", async () => {
    const first = voters[0];
    if (!first) throw new Error("no voter");
    const ballot = {
      form: "per_candidate",
      choices: Object.fromEntries(candidateIds.map((id) => [String(id), "for"])),
    };
    const r1 = await first.client.json(`${api()}/ballot`, "POST", { ballot, receipt: newReceipt() });
    expect(r1.status).toBe(201);
    expect(await r1.json()).toEqual({ status: "recorded" });
    cast.push(ballot.choices as Record<string, "for">);
    const other = {
      form: "per_candidate",
      choices: Object.fromEntries(candidateIds.map((id) => [String(id), "against"])),
    };
    const r2 = await first.client.json(`${api()}/ballot`, "POST", { ballot: other, receipt: newReceipt() });
    expect(await r2.json()).toEqual({ status: "already_voted" });
    const status = (await (await first.client.get(`${api()}/status`)).json()) as { voted: number };
    expect(status.voted).toBe(1);
  });

  it("counts a retried request once, and tells the deputy it was recorded", async () => {
    const v = voters[1];
    if (!v) throw new Error("no voter");
    const receipt = newReceipt();
    const choices = Object.fromEntries(candidateIds.map((id, i) => [String(id), i < 9 ? "for" : "against"]));
    const body = { ballot: { form: "per_candidate", choices }, receipt };
    // The same request sent twice at once (a dropped connection and its retry).
    const [a, b] = await Promise.all([
      v.client.json(`${api()}/ballot`, "POST", body),
      v.client.json(`${api()}/ballot`, "POST", body),
    ]);
    const outcomes = [
      ((await a.json()) as { status: string }).status,
      ((await b.json()) as { status: string }).status,
    ].sort();
    expect(outcomes).toEqual(["already_recorded", "recorded"]);
    cast.push(choices as Record<string, "for">);
    // And once more later: still recorded, still once.
    expect(await (await v.client.json(`${api()}/ballot`, "POST", body)).json()).toEqual({
      status: "already_recorded",
    });
    expect(
      ((await (await v.client.get(`${api()}/receipts/${receipt}`)).json()) as { recorded: boolean }).recorded,
    ).toBe(true);
    const status = (await (await v.client.get(`${api()}/status`)).json()) as { voted: number };
    expect(status.voted).toBe(2);
  });

  it("refuses a deputy who is not present, staff, and malformed ballots", async () => {
    const serving = await servingDeputies(db, J);
    const absent = serving[150];
    if (!absent) throw new Error("no deputy");
    const [slip] = await issueCredentials(db, await slipGrant(), J, [absent.id], {}, testNow());
    const away = await new Client("100.64.1.2").loginDeputy(slip?.code);
    const ballot = { form: "per_candidate", choices: {} };
    const res = await away.json(`${api()}/ballot`, "POST", { ballot, receipt: newReceipt() });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { reason: string } }).error.reason).toContain("请先签到");
    expect(
      (await staffClient.json(`${api()}/ballot`, "POST", { ballot, receipt: newReceipt() })).status,
    ).toBe(403);
    const v = voters[2];
    if (!v) throw new Error("no voter");
    for (const bad of [
      { form: "choose_n", ticks: [candidateIds[0]] },
      { form: "per_candidate", choices: { "999999": "for" } },
      { form: "per_candidate", choices: { [String(candidateIds[0])]: "maybe" } },
    ]) {
      expect(
        (await v.client.json(`${api()}/ballot`, "POST", { ballot: bad, receipt: newReceipt() })).status,
      ).toBe(400);
    }
    expect(
      (await v.client.json(`${api()}/ballot`, "POST", { ballot, receipt: "not-a-receipt" })).status,
    ).toBe(400);
  });

  it("records in one trip only what the careful path would record, and nothing else", async () => {
    // castInOneTrip checks everything inside its write; whenever anything is off it writes nothing
    // and answers null (the route then takes the careful path, tested above).
    const c = await cycle();
    const vote = await getVote(db, c, voteId);
    const remembered = {
      voteId,
      jurisdictionCode: J,
      year: YEAR,
      meetingId,
      frozenAt: vote.frozenAt ?? 0,
      rules: rulesOf(vote),
      candidateIds,
    };
    rememberFrozenVote(remembered);
    // The vote is remembered here; nothing is loaded (a loader that finds nothing).
    const castOne = (
      token: string,
      where: { jurisdictionCode: string; year: number; voteId: number },
      b: { ballot: unknown; receipt: string },
    ) => castInOneTrip(db, token, where, b, async () => null, testNow());
    const at = { jurisdictionCode: J, year: YEAR, voteId };
    const choices = Object.fromEntries(candidateIds.map((id) => [String(id), "abstain"]));
    const body = () => ({ ballot: { form: "per_candidate", choices }, receipt: newReceipt() });
    const tokenOf = (client: Client) => client.cookies.get(SESSION_COOKIE) ?? "";
    const counts = async () => ({
      voters: (
        await env.DB.prepare("SELECT count(*) AS n FROM vote_voters WHERE vote_id = ?")
          .bind(voteId)
          .first<{ n: number }>()
      )?.n,
      ballots: (
        await env.DB.prepare("SELECT count(*) AS n FROM ballots WHERE vote_id = ?")
          .bind(voteId)
          .first<{ n: number }>()
      )?.n,
    });
    const before = await counts();
    const [v0, , v2] = voters;
    if (!v0 || !v2) throw new Error("no voter");
    // Already voted (the register's key), absent, staff, a made-up session, a vote remembered
    // with another freeze, a ballot with a stranger candidate, the wrong jurisdiction.
    const serving = await servingDeputies(db, J);
    const [slip] = await issueCredentials(db, await slipGrant(), J, [serving[160]?.id ?? 0], {}, testNow());
    const absent = await new Client("100.64.1.3").loginDeputy(slip?.code);
    expect(await castOne(tokenOf(v0.client), at, body())).toBeNull();
    expect(await castOne(tokenOf(absent), at, body())).toBeNull();
    expect(await castOne(tokenOf(staffClient), at, body())).toBeNull();
    expect(await castOne("x".repeat(43), at, body())).toBeNull();
    expect(
      await castOne(tokenOf(v2.client), at, {
        ballot: { form: "per_candidate", choices: { "999999": "for" } },
        receipt: newReceipt(),
      }),
    ).toBeNull();
    expect(await castOne(tokenOf(v2.client), { ...at, jurisdictionCode: "159922" }, body())).toBeNull();
    rememberFrozenVote({ ...remembered, frozenAt: remembered.frozenAt + 1 });
    expect(await castOne(tokenOf(v2.client), at, body())).toBeNull();
    rememberFrozenVote(remembered);
    // A revoked slip ends the session's right to vote at once.
    const [slip2] = await issueCredentials(db, await slipGrant(), J, [v2.id], {}, testNow());
    const again = await new Client("100.64.1.4").loginDeputy(slip2?.code);
    await revokeCredential(db, await slipGrant(), J, v2.id, testNow());
    expect(await castOne(tokenOf(again), at, body())).toBeNull();
    expect(await counts()).toEqual(before);
    // The one who may vote: register row and ballot, both, in one trip.
    const [slip3] = await issueCredentials(db, await slipGrant(), J, [v2.id], {}, testNow());
    const fresh = await new Client("100.64.1.5").loginDeputy(slip3?.code);
    expect(await castOne(tokenOf(fresh), at, body())).toEqual({ status: "recorded" });
    cast.push(choices as Record<string, "abstain">);
    expect(await counts()).toEqual({ voters: (before.voters ?? 0) + 1, ballots: (before.ballots ?? 0) + 1 });
    voters[2] = { id: v2.id, client: fresh }; // its earlier sessions ended with the revoked slip
    // And never twice: not with the register's key refusing, nor when the register insert finds the
    // deputy no longer present (it writes nothing, so the ballot is not written either).
    const after = { voters: (before.voters ?? 0) + 1, ballots: (before.ballots ?? 0) + 1 };
    expect(await castOne(tokenOf(fresh), at, body())).toBeNull();
    expect(await counts()).toEqual(after);
    await env.DB.prepare("DELETE FROM attendance WHERE meeting_id = ? AND deputy_id = ?")
      .bind(meetingId, v2.id)
      .run();
    expect(await castOne(tokenOf(fresh), at, body())).toBeNull();
    expect(await counts()).toEqual(after);
    await markAttendance(
      db,
      await grantFor(db, staff, "vote.manage"),
      c,
      { id: meetingId, cycleId: c.id, title: "", heldOn: "", createdAt: 0 },
      [v2.id],
      [],
      testNow(),
    );
  });

  it("takes the rest of the ballots at once", async () => {
    const rest = voters.slice(3);
    const bodies = rest.map((_, k) =>
      Object.fromEntries(
        candidateIds.map((id, i) => [
          String(id),
          (["for", "against", "abstain"] as const)[(i * 7 + k * 3) % 3] as "for" | "against" | "abstain",
        ]),
      ),
    );
    const results = await Promise.all(
      rest.map((v, k) =>
        v.client.json(`${api()}/ballot`, "POST", {
          ballot: { form: "per_candidate", choices: bodies[k] },
          receipt: newReceipt(),
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(rest.map(() => 201));
    cast.push(...bodies);
  });
});

describe("while the vote is open", () => {
  it("shows only turnout, to everyone: no count exists for anyone, staff included", async () => {
    const who = [
      new Client("100.64.2.1"),
      staffClient,
      await new Client("100.64.2.2").loginStaff("admin"),
      await new Client("100.64.2.3").loginStaff("city"),
      voters[0]?.client as Client,
    ];
    for (const c of who) {
      const res = await c.get(`${api()}/results`);
      expect(res.status).toBe(409);
      expect(((await res.json()) as { error: { reason: string } }).error.reason).toContain("看不到票数");
      const status = (await (await c.get(`${api()}/status`)).json()) as Record<string, unknown>;
      expect(Object.keys(status).sort()).toEqual(["id", "present", "rosterSize", "status", "title", "voted"]);
      expect(status.voted).toBe(20);
    }
    const console = await (await staffClient.get(`${PAGE}/votes/${voteId}`)).text();
    expect(console).toContain("投票进行中，任何人都看不到票数");
    expect(console).not.toContain('<table class="results');
    expect((await new Client().get(`${PAGE}/votes/${voteId}/announcement`)).status).toBe(404);
  });

  it("keeps nothing that could link a ballot to its deputy", async () => {
    const cols = async (table: string) =>
      (await env.DB.prepare(`SELECT name FROM pragma_table_info('${table}')`).all<{ name: string }>()).results
        .map((r) => r.name)
        .sort();
    expect(await cols("ballots")).toEqual(["body", "id", "receipt_hash", "vote_id"]);
    expect(await cols("vote_voters")).toEqual(["deputy_id", "vote_id"]);
    // No rowid, so no insertion order either.
    await expect(env.DB.prepare("SELECT rowid FROM ballots").all()).rejects.toThrow();
    await expect(env.DB.prepare("SELECT rowid FROM vote_voters").all()).rejects.toThrow();
    // Ballot keys are random 128-bit values, in no relation to the order of voting.
    const ids = (
      await env.DB.prepare("SELECT id FROM ballots WHERE vote_id = ?").bind(voteId).all<{ id: string }>()
    ).results.map((r) => r.id);
    expect(ids).toHaveLength(20);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    // The audit log records the vote's steps, never a ballot or a voter.
    const log = (
      await env.DB.prepare("SELECT action, target, detail, actor FROM audit_log WHERE jurisdiction_code = ?")
        .bind(J)
        .all<{ action: string; target: string; detail: string; actor: string }>()
    ).results;
    expect(log.some((e) => e.actor.startsWith("deputy:"))).toBe(false);
    expect(log.some((e) => /ballot|receipt/i.test(e.action + e.detail))).toBe(false);
  });
});

describe("closing", () => {
  it("closes once, counts exactly the ballots cast, and numbers the announcement", async () => {
    const confirm = await staffClient.get(`${PAGE}/votes/${voteId}/confirm?step=close`);
    expect(await confirm.text()).toContain("不能重新开始");
    const [a, b] = await Promise.all([
      staffClient.post(`${PAGE}/votes/${voteId}/close`),
      staffClient.post(`${PAGE}/votes/${voteId}/close`),
    ]);
    expect([a.status, b.status].sort()).toEqual([303, 409]);
    const res = (await (await new Client().get(`${api()}/results`)).json()) as {
      announcementNo: number;
      ballotsCast: number;
      valid: number;
      results: {
        candidateId: number;
        support: number;
        against: number;
        abstain: number;
        passed: boolean;
        elected: boolean;
      }[];
    };
    expect(res.announcementNo).toBe(1);
    expect(res.ballotsCast).toBe(20);
    expect(res.valid).toBe(20);
    for (const r of res.results) {
      const mine = cast.map((bal) => bal[String(r.candidateId)] ?? "abstain");
      expect([r.support, r.against, r.abstain]).toEqual([
        mine.filter((x) => x === "for").length,
        mine.filter((x) => x === "against").length,
        mine.filter((x) => x === "abstain").length,
      ]);
      // Base "all": more than half of 199 deputies; twenty ballots can never reach it.
      expect(r.passed).toBe(false);
      expect(r.elected).toBe(false);
    }
    const ann = await (await new Client().get(`${PAGE}/votes/${voteId}/announcement`)).text();
    expect(ann).toContain("第1号");
    expect(ann).toContain("空缺 10 个名额");
  });

  it("stays closed: no reopening, no new ballot, no change of rules", async () => {
    expect((await staffClient.post(`${PAGE}/votes/${voteId}/open`)).status).toBe(409);
    expect((await staffClient.post(`${PAGE}/votes/${voteId}/freeze`)).status).toBe(409);
    expect((await staffClient.post(`${PAGE}/votes/${voteId}/close`)).status).toBe(409);
    expect(
      (
        await staffClient.post(`${PAGE}/votes/${voteId}/rules`, {
          title: "x",
          places: "1",
          form: "per_candidate",
          base: "all",
        })
      ).status,
    ).toBe(409);
    const serving = await servingDeputies(db, J);
    const late = serving[30];
    const [slip] = await issueCredentials(db, await slipGrant(), J, [late?.id ?? 0], {}, testNow());
    const c = await new Client("100.64.1.3").loginDeputy(slip?.code);
    const res = await c.json(`${api()}/ballot`, "POST", {
      ballot: { form: "per_candidate", choices: {} },
      receipt: newReceipt(),
    });
    expect(res.status).toBe(409);
    const [row] = await db.select().from(votes).where(eq(votes.id, voteId));
    expect(row?.ballotsCast).toBe(20);
  });
});

describe("a vote on the present base, with a tie", () => {
  it("elects the top candidates, marks the tie at the last place, and runs a further vote", async () => {
    const c = await cycle();
    const list = candidateIds.slice(0, 4);
    const id = await createVote(
      db,
      staff,
      c,
      meetingId,
      { title: "4选2", places: "2", form: "choose_n", base: "valid" },
      list,
      testNow(),
    );
    await freezeVote(db, await grantFor(db, staff, "vote.manage"), c, await getVote(db, c, id), testNow());
    expect((await staffClient.post(`${PAGE}/votes/${id}/open`)).status).toBe(303);
    // Eight valid ballots: A 6, B 5, C 5, D 0 — all three pass (more than 4), A is elected and
    // B and C tie for the second place.
    const ticks = [
      [0, 1],
      [0, 1],
      [0, 1],
      [0, 2],
      [0, 2],
      [0, 2],
      [1, 2],
      [1, 2],
    ].map((p) => p.map((i) => list[i] as number));
    for (const [k, t] of ticks.entries()) {
      const v = voters[k];
      const r = await v?.client.json(`${api(id)}/ballot`, "POST", {
        ballot: { form: "choose_n", ticks: t },
        receipt: newReceipt(),
      });
      expect(r?.status).toBe(201);
    }
    expect((await staffClient.post(`${PAGE}/votes/${id}/close`)).status).toBe(303);
    const res = (await (await staffClient.get(`${api(id)}/results`)).json()) as {
      announcementNo: number;
      placesTied: number;
      results: { candidateId: number; support: number; elected: boolean; tie: boolean }[];
    };
    expect(res.announcementNo).toBe(2);
    expect(res.results.map((r) => [r.support, r.elected, r.tie])).toEqual([
      [6, true, false],
      [5, false, true],
      [5, false, true],
      [0, false, false],
    ]);
    expect(res.placesTied).toBe(1);
    const runoff = await staffClient.post(`${PAGE}/votes/${id}/runoff`);
    expect(runoff.status).toBe(303);
    const next = Number(runoff.headers.get("location")?.split("/").pop());
    const [row] = await db.select().from(votes).where(eq(votes.id, next));
    expect(row).toMatchObject({ kind: "runoff", parentVoteId: id, places: 1, status: "draft" });
    const onBallot = await db.query.voteCandidates.findMany({
      where: (vc, { eq: e }) => e(vc.voteId, next),
      orderBy: (vc) => [asc(vc.position)],
    });
    expect(onBallot.map((x) => x.candidateId)).toEqual([list[1], list[2]]);
  });
});

describe("the big screen", () => {
  it("is public, shows turnout, and the result once closed", async () => {
    const page = await (await new Client().get(`${PAGE}/votes/${voteId}/screen`)).text();
    expect(page).toContain('data-status-url="/api/jurisdictions/159921/cycles/');
    expect(page).toContain('<table class="results');
    // It updates itself through its script; a meta refresh (hono hoists <meta> out of <noscript>
    // into <head>) would reload it every few seconds and lose the figures on a network loss.
    expect(page).not.toContain('http-equiv="refresh"');
    // The result it shows is the stored tally: every candidate of the vote, with its 赞成 count.
    const res = (await (await new Client().get(`${api()}/results`)).json()) as {
      results: { name: string; support: number }[];
    };
    expect(res.results).toHaveLength(candidateIds.length);
    for (const r of res.results) expect(page).toContain(r.name);
  });
});

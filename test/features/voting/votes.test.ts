// The secret ballot, end to end in the Workers runtime against real D1: quorum and frozen lists,
// counts sealed while open, nothing that links a ballot to its deputy, a tally that matches the
// ballots, and closed votes that stay closed (casting itself: ./casting.test.ts).
import { env } from "cloudflare:test";
import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { markAttendance, servingDeputies } from "../../../src/features/voting/attendance";
import { newReceipt } from "../../../src/features/voting/casting";
import { createVote, freezeVote, getVote } from "../../../src/features/voting/votes";
import type { Actor } from "../../../src/platform/auth/actor";
import { issueCredentials } from "../../../src/platform/auth/credentials";
import { advanceCycle } from "../../../src/platform/cycle/cycles";
import type { Db } from "../../../src/platform/data/db";
import { cycles, meetings, votes } from "../../../src/platform/data/schema";
import { actorOf, Client, testNow } from "../../worker/client";
import { collecting, grantFor } from "../../worker/fixtures";
import { apiOf, createSession, cycleOf, J, PAGE, prepareCandidates, signedInDeputies } from "./support";

let db: Db;
let staff: Actor;
let staffClient: Client;
let candidateIds: number[] = [];
let meetingId = 0;
let voteId = 0;
let voters: { id: number; client: Client }[] = [];

const api = (id = voteId) => apiOf(id);
const cycle = () => cycleOf(db);

beforeAll(async () => {
  db = await collecting();
  staff = await actorOf("staff");
  staffClient = await new Client("100.64.0.1").loginStaff("staff");
  await prepareCandidates(db);
  const c = await cycle();
  const { listCandidates } = await import("../../../src/features/screening/candidates");
  candidateIds = (await listCandidates(db, c.id)).map((x) => x.id);
  meetingId = await createSession(db, staff, c);
  // Twenty deputies will vote through the API; they need their slips and a session each.
  voters = await signedInDeputies(db, staff, 0, 20, "100.64.1.1");
}, 120_000);

describe("preparing the vote", () => {
  it("creates a draft on the handed-over list, and the rules can change until frozen", async () => {
    const c = await cycle();
    voteId = await createVote(
      db,
      await grantFor(db, staff, "vote.manage"),
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

  it("binds a vote only to a meeting of its own cycle: another's is not found, none a field error", async () => {
    const c = await cycle();
    const all = await db
      .select({ id: meetings.id, code: cycles.jurisdictionCode, cycleId: meetings.cycleId })
      .from(meetings)
      .innerJoin(cycles, eq(cycles.id, meetings.cycleId));
    // Last year's meeting of this congress, and another congress's meeting.
    const ownEarlier = all.find((m) => m.code === J && m.cycleId !== c.id);
    const foreign = all.find((m) => m.code !== J);
    expect(ownEarlier, "the demo has an earlier meeting of 青山旗").toBeDefined();
    expect(foreign, "the demo has a meeting of another jurisdiction").toBeDefined();
    const before = (await db.select({ id: votes.id }).from(votes)).length;
    const form = (meeting: string) => ({
      meetingId: meeting,
      title: "绑定到别的会议",
      places: "1",
      form: "per_candidate",
      base: "all",
      candidates: String(candidateIds[0]),
    });
    for (const m of [ownEarlier, foreign])
      expect((await staffClient.post(`${PAGE}/votes`, form(String(m?.id)))).status).toBe(404);
    for (const bad of ["", "abc", "0", "-1", "1.5", "99999999999999999999"])
      expect((await staffClient.post(`${PAGE}/votes`, form(bad))).status, `meetingId=${bad}`).toBe(400);
    const missing = form("");
    delete (missing as Partial<typeof missing>).meetingId;
    expect((await staffClient.post(`${PAGE}/votes`, missing)).status).toBe(400);
    expect((await db.select({ id: votes.id }).from(votes)).length).toBe(before);
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
    await advanceCycle(
      db,
      await grantFor(db, staff, "cycle.advance"),
      c,
      { from: "deliberate", to: "vote" },
      testNow(),
    );
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

// One ballot per deputy, retries, refusals, the one guarded write and the phone page: ./casting.test.ts.
describe("casting", () => {
  it("takes twenty ballots at once", async () => {
    const bodies = voters.map((_, k) =>
      Object.fromEntries(
        candidateIds.map((id, i) => [
          String(id),
          (["for", "against", "abstain"] as const)[(i * 7 + k * 3) % 3] as "for" | "against" | "abstain",
        ]),
      ),
    );
    const results = await Promise.all(
      voters.map((v, k) =>
        v.client.json(`${api()}/ballot`, "POST", {
          ballot: { form: "per_candidate", choices: bodies[k] },
          receipt: newReceipt(),
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(voters.map(() => 201));
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
    const [slip] = await issueCredentials(
      db,
      await grantFor(db, staff, "credential.manage"),
      J,
      [late?.id ?? 0],
      {},
      testNow(),
    );
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
      await grantFor(db, staff, "vote.manage"),
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

// Casting a ballot, end to end in the Workers runtime against real D1: one path (castBallot) for the
// JSON API and the deputy's phone page; one ballot per deputy, retries that count once, the one
// guarded write that records only what may be recorded, in one round trip, and the refusals each
// caller has always given.
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { markAttendance, servingDeputies } from "../../../src/features/voting/attendance";
import { forgetFrozenVote, frozenVote, writeBallot } from "../../../src/features/voting/ballot-box";
import { ballotFacts, castBallot, newReceipt } from "../../../src/features/voting/casting";
import { rulesOf } from "../../../src/features/voting/rules";
import { getVote } from "../../../src/features/voting/votes";
import type { Actor } from "../../../src/platform/auth/actor";
import { issueCredentials, revokeCredential } from "../../../src/platform/auth/credentials";
import { createDb, type Db } from "../../../src/platform/data/db";
import { createMeter, meteredD1 } from "../../../src/platform/data/metered";
import { ballots } from "../../../src/platform/data/schema";
import { SESSION_COOKIE } from "../../../src/platform/http/cookies";
import { actorOf, Client, testNow } from "../../worker/client";
import { collecting, grantFor } from "../../worker/fixtures";
import { anOpenVote, apiOf, cycleOf, J, PAGE, signedInDeputies, YEAR } from "./support";

let db: Db;
let staff: Actor;
let staffClient: Client;
let vote: Awaited<ReturnType<typeof anOpenVote>>;
let voters: { id: number; client: Client }[] = [];

const api = () => apiOf(vote.voteId);
const page = () => `${PAGE}/votes/${vote.voteId}`;
const at = () => ({ jurisdictionCode: J, year: YEAR, voteId: vote.voteId });
const tokenOf = (client: Client) => client.cookies.get(SESSION_COOKIE) ?? "";
const voter = (k: number) => {
  const v = voters[k];
  if (!v) throw new Error(`no voter ${k}`);
  return v;
};
const ballotOf = (choice: "for" | "against" | "abstain") => ({
  form: "per_candidate",
  choices: Object.fromEntries(vote.candidateIds.map((id) => [String(id), choice])),
});
/** The ballot page's fields for a ballot of one choice throughout, with `receipt`. */
const fieldsOf = (choice: "for" | "against" | "abstain", receipt: string) => ({
  receipt,
  ...Object.fromEntries(vote.candidateIds.map((id) => [`c-${id}`, choice])),
});
const counts = async () => ({
  voters: (
    await env.DB.prepare("SELECT count(*) AS n FROM vote_voters WHERE vote_id = ?")
      .bind(vote.voteId)
      .first<{ n: number }>()
  )?.n,
  ballots: (
    await env.DB.prepare("SELECT count(*) AS n FROM ballots WHERE vote_id = ?")
      .bind(vote.voteId)
      .first<{ n: number }>()
  )?.n,
});

/** A deputy who is not present at the meeting (serving deputy `k`, beyond the 133 present), signed in. */
async function absentDeputy(k: number, address: string) {
  const serving = await servingDeputies(db, J);
  const [slip] = await issueCredentials(
    db,
    await grantFor(db, staff, "credential.manage"),
    J,
    [serving[k]?.id ?? 0],
    {},
    testNow(),
  );
  return new Client(address).loginDeputy(slip?.code);
}

beforeAll(async () => {
  db = await collecting();
  staff = await actorOf("staff");
  staffClient = await new Client("100.64.0.1").loginStaff("staff");
  vote = await anOpenVote(db, staff);
  voters = await signedInDeputies(db, staff, 0, 12, "100.64.1.1");
}, 120_000);

describe("casting through the JSON API", () => {
  it("takes one ballot per deputy; a second is refused and changes nothing", async () => {
    const first = voter(0);
    const r1 = await first.client.json(`${api()}/ballot`, "POST", {
      ballot: ballotOf("for"),
      receipt: newReceipt(),
    });
    expect(r1.status).toBe(201);
    expect(await r1.json()).toEqual({ status: "recorded" });
    const r2 = await first.client.json(`${api()}/ballot`, "POST", {
      ballot: ballotOf("against"),
      receipt: newReceipt(),
    });
    expect(await r2.json()).toEqual({ status: "already_voted" });
    const status = (await (await first.client.get(`${api()}/status`)).json()) as { voted: number };
    expect(status.voted).toBe(1);
  });

  it("counts a retried request once, and tells the deputy it was recorded", async () => {
    const v = voter(1);
    const receipt = newReceipt();
    const body = { ballot: ballotOf("against"), receipt };
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

  it("answers a deputy from their own entry in the register, never from another's receipt", async () => {
    const owner = voter(10);
    const borrower = voter(11);
    const receipt = newReceipt();
    const cast = (v: typeof owner, r: string) =>
      v.client.json(`${api()}/ballot`, "POST", { ballot: ballotOf("for"), receipt: r });
    expect(await (await cast(owner, receipt)).json()).toEqual({ status: "recorded" });
    const voted = async () =>
      ((await (await owner.client.get(`${api()}/status`)).json()) as { voted: number }).voted;
    const before = await voted();
    // Another present deputy who has not voted sends the owner's receipt: not "already recorded",
    // and nothing is stored for them.
    const borrowed = await cast(borrower, receipt);
    expect(borrowed.status).toBe(409);
    expect(((await borrowed.json()) as { error: { code: string } }).error.code).toBe("conflict");
    expect(await voted()).toBe(before);
    // With a receipt of their own, their ballot is recorded.
    expect(await (await cast(borrower, newReceipt())).json()).toEqual({ status: "recorded" });
    expect(await voted()).toBe(before + 1);
  });

  it("stores one canonical form: an explicit 弃权 and a candidate left out are the same ballot", async () => {
    const [a, b] = await signedInDeputies(db, staff, 12, 14, "100.64.1.2");
    if (!a || !b) throw new Error("two deputies");
    const [first, ...rest] = vote.candidateIds;
    const explicit = Object.fromEntries(vote.candidateIds.map((id) => [String(id), "abstain"]));
    explicit[String(first)] = "for";
    // The same choices, sent in another order and with the 弃权 left out.
    const sparse = { [String(first)]: "for" };
    const before = new Set((await db.select({ id: ballots.id }).from(ballots)).map((r) => r.id));
    for (const [v, choices] of [
      [a, explicit],
      [b, sparse],
    ] as const) {
      const res = await v.client.json(`${api()}/ballot`, "POST", {
        ballot: { form: "per_candidate", choices },
        receipt: newReceipt(),
      });
      expect(await res.json()).toEqual({ status: "recorded" });
    }
    const stored = (await db.select().from(ballots).where(eq(ballots.voteId, vote.voteId)))
      .filter((r) => !before.has(r.id))
      .map((r) => r.body);
    expect(stored).toHaveLength(2);
    expect(stored[0]).toBe(stored[1]);
    // Every candidate, in ballot order.
    expect(Object.keys(JSON.parse(stored[0] ?? "{}").choices)).toEqual([first, ...rest].map(String));
  });

  it("refuses a deputy who is not present, staff, another congress's deputy, and malformed ballots", async () => {
    const before = await counts();
    const away = await absentDeputy(150, "100.64.1.2");
    const ballot = { form: "per_candidate", choices: {} };
    const res = await away.json(`${api()}/ballot`, "POST", { ballot, receipt: newReceipt() });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { reason: string } }).error.reason).toContain("请先签到");
    expect(
      (await staffClient.json(`${api()}/ballot`, "POST", { ballot, receipt: newReceipt() })).status,
    ).toBe(403);
    const elsewhere = await signedInDeputies(db, await actorOf("staff-by"), 0, 1, "100.64.1.6");
    for (const d of elsewhere) {
      expect((await d.client.json(`${api()}/ballot`, "POST", { ballot, receipt: newReceipt() })).status).toBe(
        403,
      );
    }
    const v = voter(2);
    for (const bad of [
      { form: "choose_n", ticks: [vote.candidateIds[0]] },
      { form: "per_candidate", choices: { "999999": "for" } },
      { form: "per_candidate", choices: { [String(vote.candidateIds[0])]: "maybe" } },
    ]) {
      expect(
        (await v.client.json(`${api()}/ballot`, "POST", { ballot: bad, receipt: newReceipt() })).status,
      ).toBe(400);
    }
    expect(
      (await v.client.json(`${api()}/ballot`, "POST", { ballot, receipt: "not-a-receipt" })).status,
    ).toBe(400);
    // Unknown vote first, then no session.
    expect(
      (await new Client().json(`${apiOf(999999)}/ballot`, "POST", { ballot, receipt: newReceipt() })).status,
    ).toBe(404);
    expect(
      (await new Client().json(`${api()}/ballot`, "POST", { ballot, receipt: newReceipt() })).status,
    ).toBe(401);
    expect(await counts()).toEqual(before);
  });
});

describe("the one guarded write", () => {
  it("reads a frozen vote's facts right, once, and casts in one round trip", async () => {
    const row = await getVote(db, await cycleOf(db), vote.voteId);
    forgetFrozenVote(vote.voteId);
    const meter = createMeter();
    const metered = createDb(meteredD1(env.DB, meter));
    const known = await frozenVote(metered, at());
    expect(meter.calls).toBe(1);
    expect({ ...known, candidateIds: [...(known?.candidateIds ?? [])].sort() }).toEqual({
      ...at(),
      meetingId: vote.meetingId,
      frozenAt: row.frozenAt,
      rules: rulesOf(row),
      candidateIds: [...vote.candidateIds].sort(),
    });
    // Remembered: the next cast is the write alone.
    const v = voter(3);
    const cast = await castBallot(metered, {
      at: at(),
      token: tokenOf(v.client),
      now: testNow(),
      surface: "page",
      read: async () => ({ ballot: ballotOf("abstain"), receipt: newReceipt() }),
    });
    expect(cast.outcome).toEqual({ status: "recorded" });
    expect(cast.deputy).toMatchObject({ kind: "deputy", id: v.id, jurisdictionCode: J });
    expect(meter.calls).toBe(2);
    // The ballot's pages read the session's deputy with the ballot, in one round trip too.
    const facts = await ballotFacts(metered, at(), tokenOf(v.client), testNow());
    expect(meter.calls).toBe(3);
    expect(facts).toMatchObject({ registered: true, present: true, term: cast.deputy?.term });
    expect(facts.actor).toEqual(cast.deputy);
    expect(facts.candidates.map((c) => c.id)).toEqual(vote.candidateIds);
  });

  it("records only for a deputy who may vote now, and nothing else", async () => {
    const known = await frozenVote(db, at());
    if (!known) throw new Error("not frozen");
    const write = (token: string, frozen = known) =>
      writeBallot(db, frozen, {
        token,
        ballot: { form: "per_candidate", choices: {} },
        receipt: newReceipt(),
        now: testNow(),
        identify: false,
      }).then((r) => r.recorded);
    const before = await counts();
    // Already voted (the register's key), absent, staff, a made-up session, a vote remembered with
    // another freeze, a revoked slip: nothing written.
    const absent = await absentDeputy(160, "100.64.1.3");
    const v4 = voter(4);
    expect(await write(tokenOf(voter(0).client))).toBe(false);
    expect(await write(tokenOf(absent))).toBe(false);
    expect(await write(tokenOf(staffClient))).toBe(false);
    expect(await write("x".repeat(43))).toBe(false);
    expect(await write(tokenOf(v4.client), { ...known, frozenAt: known.frozenAt + 1 })).toBe(false);
    const [slip] = await issueCredentials(
      db,
      await grantFor(db, staff, "credential.manage"),
      J,
      [v4.id],
      {},
      testNow(),
    );
    const again = await new Client("100.64.1.4").loginDeputy(slip?.code);
    await revokeCredential(db, await grantFor(db, staff, "credential.manage"), J, v4.id, testNow());
    expect(await write(tokenOf(again))).toBe(false);
    expect(await counts()).toEqual(before);
    // The one who may vote: register row and ballot, both.
    const [slip2] = await issueCredentials(
      db,
      await grantFor(db, staff, "credential.manage"),
      J,
      [v4.id],
      {},
      testNow(),
    );
    const fresh = await new Client("100.64.1.5").loginDeputy(slip2?.code);
    voters[4] = { id: v4.id, client: fresh }; // its earlier sessions ended with the revoked slip
    expect(await write(tokenOf(fresh))).toBe(true);
    const after = { voters: (before.voters ?? 0) + 1, ballots: (before.ballots ?? 0) + 1 };
    expect(await counts()).toEqual(after);
    // And never twice: not with the register's key refusing, nor when the deputy is no longer
    // present (the register insert writes nothing, so the ballot is not written either).
    expect(await write(tokenOf(fresh))).toBe(false);
    const v5 = voter(5);
    await env.DB.prepare("DELETE FROM attendance WHERE meeting_id = ? AND deputy_id = ?")
      .bind(vote.meetingId, v5.id)
      .run();
    expect(await write(tokenOf(v5.client))).toBe(false);
    expect(await counts()).toEqual(after);
    const res = await v5.client.json(`${api()}/ballot`, "POST", {
      ballot: ballotOf("for"),
      receipt: newReceipt(),
    });
    expect(res.status).toBe(409);
    await markAttendance(
      db,
      await grantFor(db, staff, "vote.manage"),
      await cycleOf(db),
      vote.meeting,
      [v5.id],
      [],
      testNow(),
    );
  });
});

describe("casting on the phone page", () => {
  it("records the ballot confirmed after review, once, and shows the deputy signed in", async () => {
    const v = voter(6);
    const ballot = await (await v.client.get(`${page()}/ballot`)).text();
    const receipt = /name="receipt" value="([^"]+)"/.exec(ballot)?.[1] ?? "";
    expect(receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    const fields = fieldsOf("for", receipt);
    const review = await (await v.client.post(`${page()}/ballot/review`, fields)).text();
    expect(review).toContain("请核对您的选票");
    const before = await counts();
    const cast = await v.client.post(`${page()}/ballot/cast`, fields);
    expect(cast.status).toBe(200);
    expect(cast.headers.get("cache-control")).toBe("no-store");
    const text = await cast.text();
    expect(text).toContain("<h1>投票成功</h1>");
    expect(text).toContain(receipt);
    expect(text).toContain("退出"); // the header shows the deputy signed in
    // Confirmed again (a lost answer): recorded once.
    const twice = await (await v.client.post(`${page()}/ballot/cast`, fields)).text();
    expect(twice).toContain("您的选票已经记录（网络重试，未重复计票）");
    expect(twice).toContain("退出");
    expect(await counts()).toEqual({ voters: (before.voters ?? 0) + 1, ballots: (before.ballots ?? 0) + 1 });
    // The same ballot box as the API's: another ballot there is refused, and the page says so.
    const api2 = await v.client.json(`${api()}/ballot`, "POST", {
      ballot: ballotOf("against"),
      receipt: newReceipt(),
    });
    expect(await api2.json()).toEqual({ status: "already_voted" });
    expect(await (await v.client.get(`${page()}/ballot`)).text()).toContain("您已投票，谢谢！");
  });

  it("takes a deputy who voted through the API as voted", async () => {
    const v = voter(7);
    const r = await v.client.json(`${api()}/ballot`, "POST", {
      ballot: ballotOf("abstain"),
      receipt: newReceipt(),
    });
    expect(r.status).toBe(201);
    const cast = await v.client.post(`${page()}/ballot/cast`, fieldsOf("for", newReceipt()));
    expect(cast.status).toBe(200);
    const text = await cast.text();
    expect(text).toContain("<h1>您已经投过票</h1>");
    expect(text).toContain("以第一次投出的选票为准");
  });

  it("refuses as the ballot pages do: not present, not a deputy of this congress, no session", async () => {
    const before = await counts();
    const away = await absentDeputy(170, "100.64.1.7");
    const res = await away.post(`${page()}/ballot/cast`, fieldsOf("for", newReceipt()));
    expect(res.status).toBe(409);
    const text = await res.text();
    expect(text).toContain("您还没有签到，请先签到。");
    expect(text).toContain("2027年度民生实事项目票决");
    expect(text).toContain("退出");
    // Staff, or another congress's deputy, find no ballot here; a visitor is asked to sign in.
    expect((await staffClient.post(`${page()}/ballot/cast`, fieldsOf("for", newReceipt()))).status).toBe(404);
    const elsewhere = await signedInDeputies(db, await actorOf("staff-by"), 1, 2, "100.64.1.8");
    for (const d of elsewhere) {
      expect((await d.client.post(`${page()}/ballot/cast`, fieldsOf("for", newReceipt()))).status).toBe(404);
    }
    const visitor = await new Client().post(`${page()}/ballot/cast`, fieldsOf("for", newReceipt()));
    expect(visitor.status).toBe(303);
    expect(visitor.headers.get("location")).toBe("/login");
    // A receipt not from the form, an unknown vote.
    const v = voter(8);
    expect((await v.client.post(`${page()}/ballot/cast`, fieldsOf("for", "nope"))).status).toBe(400);
    expect(
      (await v.client.post(`${PAGE}/votes/999999/ballot/cast`, fieldsOf("for", newReceipt()))).status,
    ).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it("says the vote is not open once it is closed", async () => {
    expect((await staffClient.post(`${page()}/close`)).status).toBe(303);
    const v = voter(9);
    const res = await v.client.post(`${page()}/ballot/cast`, fieldsOf("for", newReceipt()));
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("现在不在投票时间内。");
    const api2 = await v.client.json(`${api()}/ballot`, "POST", {
      ballot: ballotOf("for"),
      receipt: newReceipt(),
    });
    expect(api2.status).toBe(409);
  });
});

// The cycle's stages: every illegal move is refused (by the pure function and through the routes),
// a legal move is recorded in the audit log, and a doubled request moves the cycle once.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { listCandidates, saveCandidate } from "../../../src/features/screening/candidates";
import { handOver } from "../../../src/features/screening/handover";
import { decide } from "../../../src/features/screening/screening";
import { createMeeting, markAttendance, servingDeputies } from "../../../src/features/voting/attendance";
import { closeVote, createVote, freezeVote, getVote, openVote } from "../../../src/features/voting/votes";
import type { Actor, Role } from "../../../src/platform/auth/actor";
import { checkAdvance, STAGES, type Stage } from "../../../src/platform/cycle/stages";
import { auditLog, cycles, notices, proposals } from "../../../src/platform/data/schema";
import { actorOf, Client, testNow } from "../../worker/client";
import { collecting, grantFor, OPEN_YEAR } from "../../worker/fixtures";

const ROLES: Role[] = ["admin", "staff", "gov", "unit", "city", "deputy"];
/** Who leaves each stage, written out from DOMAIN.md independently of src/platform/cycle/stages.ts. */
const MOVER: Record<Stage, Role | null> = {
  collect: "gov",
  screen: "gov",
  deliberate: "staff",
  vote: "staff",
  supervise: null,
};
const FACTS = {
  activeDeputies: 10,
  collectionClosed: true,
  handedOver: true,
  votesFrozen: 1,
  votesOpen: 0,
  votesClosed: 1,
};

describe("checkAdvance (pure)", () => {
  const all = STAGES.flatMap((from) => STAGES.flatMap((to) => ROLES.map((role) => ({ from, to, role }))));
  it.each(all)("$from → $to by $role", ({ from, to, role }) => {
    const verdict = checkAdvance(from, to, role, FACTS);
    const legal = STAGES.indexOf(to) === STAGES.indexOf(from) + 1 && MOVER[from] === role;
    expect(verdict.ok).toBe(legal);
    if (!verdict.ok) {
      const wrongStep = STAGES.indexOf(to) !== STAGES.indexOf(from) + 1;
      expect(verdict.code).toBe(wrongStep ? "illegal_transition" : "forbidden");
    }
  });

  it("refuses to enter deliberation without a roster", () => {
    const verdict = checkAdvance("deliberate", "vote", "staff", { ...FACTS, activeDeputies: 0 });
    expect(verdict).toEqual({ ok: false, code: "illegal_transition", reason: "stage.reason.no_roster" });
  });

  it("keeps collection open until the notice closes, and leaves screening only by hand-over", () => {
    expect(checkAdvance("collect", "screen", "gov", { ...FACTS, collectionClosed: false })).toEqual({
      ok: false,
      code: "illegal_transition",
      reason: "stage.reason.collection_open",
    });
    expect(checkAdvance("screen", "deliberate", "gov", { ...FACTS, handedOver: false })).toEqual({
      ok: false,
      code: "illegal_transition",
      reason: "stage.reason.use_handover",
    });
  });
});

describe("moving a cycle through the API", () => {
  const year = OPEN_YEAR;
  const path = `/api/jurisdictions/159921/cycles/${year}/advance`;
  let gov: Client;
  let staff: Client;
  const cycleNow = async () => {
    const db = await collecting();
    const [row] = await db
      .select()
      .from(cycles)
      .where(and(eq(cycles.jurisdictionCode, "159921"), eq(cycles.year, year)));
    if (!row) throw new Error("no demo cycle");
    return row;
  };
  const reasonOf = async (res: Response) =>
    ((await res.json()) as { error: { code: string; reason: string } }).error;

  beforeAll(async () => {
    await collecting();
    gov = await new Client().loginStaff("gov");
    staff = await new Client().loginStaff("staff");
  });

  it("refuses skipping, going back and the wrong role, and changes nothing", async () => {
    for (const [client, body] of [
      [gov, { from: "collect", to: "deliberate" }],
      [gov, { from: "collect", to: "collect" }],
      [staff, { from: "collect", to: "screen" }],
    ] as const) {
      const res = await client.json(path, "POST", body);
      expect(res.status).toBeGreaterThanOrEqual(403);
      const err = await reasonOf(res);
      expect(["illegal_transition", "forbidden"]).toContain(err.code);
      expect(err.reason.length).toBeGreaterThan(0);
    }
    expect((await cycleNow()).stage).toBe("collect");
  });

  it("keeps the cycle in 项目征集 while the notice is open", async () => {
    const res = await gov.json(path, "POST", { from: "collect", to: "screen" });
    expect(res.status).toBe(409);
    expect((await reasonOf(res)).reason).toContain("征集公告");
  });

  it("moves once on a doubled request and records the move in the audit log", async () => {
    const db = await collecting();
    const cycle = await cycleNow();
    await db
      .update(notices)
      .set({ closesAt: testNow() - 1000 })
      .where(eq(notices.cycleId, cycle.id));
    const before = await db.select().from(auditLog).where(eq(auditLog.jurisdictionCode, "159921"));
    const [a, b] = await Promise.all([
      gov.json(path, "POST", { from: "collect", to: "screen" }),
      gov.json(path, "POST", { from: "collect", to: "screen" }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect((await cycleNow()).stage).toBe("screen");
    const after = await db.select().from(auditLog).where(eq(auditLog.jurisdictionCode, "159921"));
    const moves = after.slice(before.length).filter((e) => e.action === "cycle.advance");
    expect(moves).toHaveLength(1);
    expect(JSON.parse(moves[0]?.detail ?? "{}")).toEqual({ from: "collect", to: "screen" });
  });

  it("leaves 筛选移交 only by the hand-over, never goes back, and ends at 监督评估", async () => {
    expect((await gov.json(path, "POST", { from: "screen", to: "collect" })).status).toBe(409);
    const direct = await gov.json(path, "POST", { from: "screen", to: "deliberate" });
    expect(direct.status).toBe(409);
    expect((await reasonOf(direct)).reason).toContain("移交");
    // Screen every proposal, form one complete candidate, hand over.
    const db = await collecting();
    const cycle = await cycleNow();
    const ids = (
      await db.select({ id: proposals.id }).from(proposals).where(eq(proposals.cycleId, cycle.id))
    ).map((r) => String(r.id));
    const actor = (await actorOf("gov")) as Actor;
    await decide(
      db,
      await grantFor(db, actor, "proposal.screen"),
      cycle,
      { action: "reserve", ids, reason: "列入储备库" },
      testNow(),
    );
    const edit = await grantFor(db, actor, "candidate.edit");
    await saveCandidate(
      db,
      edit,
      cycle,
      {
        name: "测试候选项目",
        content: "内容",
        responsibleUnit: "旗水利局",
        deadline: "2027-11-30",
        annualTarget: "完工",
        locationCode: "159921",
        funding_county: "100",
      },
      testNow(),
    );
    await handOver(db, edit, cycle, { report: "候选项目形成情况的报告全文。" }, testNow());
    expect((await cycleNow()).stage).toBe("deliberate");
    expect((await gov.json(path, "POST", { from: "deliberate", to: "vote" })).status).toBe(403);
    // The presidium must freeze a vote's list and rules before the vote stage.
    const early = await staff.json(path, "POST", { from: "deliberate", to: "vote" });
    expect(early.status).toBe(409);
    expect((await reasonOf(early)).reason).toContain("票决办法");
    const staffActor = await actorOf("staff");
    const c2 = await cycleNow();
    const meetingId = await createMeeting(
      db,
      await grantFor(db, staffActor, "vote.manage"),
      c2,
      { title: "第五次会议", heldOn: "2027-01-10" },
      testNow(),
    );
    const candidateIds = (await listCandidates(db, c2.id)).map((x) => x.id);
    const voteId = await createVote(
      db,
      await grantFor(db, staffActor, "vote.manage"),
      c2,
      meetingId,
      { title: "票决", places: "1", form: "per_candidate", base: "all", allowEqual: "1" },
      candidateIds,
      testNow(),
    );
    await freezeVote(
      db,
      await grantFor(db, staffActor, "vote.manage"),
      c2,
      await getVote(db, c2, voteId),
      testNow(),
    );
    expect((await staff.json(path, "POST", { from: "deliberate", to: "vote" })).status).toBe(200);
    // …and close a vote before supervision.
    const notYet = await staff.json(path, "POST", { from: "vote", to: "supervise" });
    expect(notYet.status).toBe(409);
    const c3 = await cycleNow();
    const serving = await servingDeputies(db, "159921");
    const meeting = { id: meetingId, cycleId: c3.id, title: "", heldOn: "", createdAt: 0 };
    await markAttendance(
      db,
      await grantFor(db, staffActor, "vote.manage"),
      c3,
      meeting,
      serving.map((d) => d.id),
      [],
      testNow(),
    );
    await openVote(
      db,
      await grantFor(db, staffActor, "vote.manage"),
      c3,
      await getVote(db, c3, voteId),
      testNow(),
    );
    await closeVote(
      db,
      await grantFor(db, staffActor, "vote.manage"),
      c3,
      await getVote(db, c3, voteId),
      testNow(),
    );
    expect((await staff.json(path, "POST", { from: "vote", to: "supervise" })).status).toBe(200);
    const last = await staff.json(path, "POST", { from: "supervise", to: "supervise" });
    expect(last.status).toBe(409);
    expect((await reasonOf(last)).code).toBe("illegal_transition");
    expect((await cycleNow()).stage).toBe("supervise");
  });

  it("moves through the pages with a confirmation step", async () => {
    const db = await collecting();
    const y = year + 1;
    expect((await gov.post("/j/159921/cycles", { year: String(y) })).status).toBe(303);
    const confirm = await gov.get(`/j/159921/${y}/advance?to=screen`);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain("不可撤回");
    const refused = await gov.post(`/j/159921/${y}/advance`, { from: "collect", to: "screen" });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("征集公告");
    const [row] = await db
      .select()
      .from(cycles)
      .where(and(eq(cycles.jurisdictionCode, "159921"), eq(cycles.year, y)));
    await db.insert(notices).values({
      cycleId: row?.id ?? 0,
      title: "t",
      scope: "s",
      exclusions: "e",
      channels: "c",
      opensOn: "2020-01-01",
      closesOn: "2020-02-01",
      opensAt: 0,
      closesAt: 1,
      publishedAt: 1,
      updatedAt: 0,
    });
    expect((await gov.post(`/j/159921/${y}/advance`, { from: "collect", to: "screen" })).status).toBe(303);
    const [moved] = await db
      .select()
      .from(cycles)
      .where(and(eq(cycles.jurisdictionCode, "159921"), eq(cycles.year, y)));
    expect(moved?.stage).toBe("screen");
  });
});

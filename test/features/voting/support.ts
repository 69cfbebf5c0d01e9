// What the vote's worker tests share: a cycle of 青山旗 in a year of its own, its candidates
// handed over, a meeting, deputies signed in on their own clients, and (for the casting tests) a
// vote opened on it, all through the domain functions.
import { and, eq } from "drizzle-orm";
import { listCandidates, saveCandidate } from "../../../src/features/screening/candidates";
import { handOver } from "../../../src/features/screening/handover";
import { decide } from "../../../src/features/screening/screening";
import { createMeeting, markAttendance, servingDeputies } from "../../../src/features/voting/attendance";
import { createVote, freezeVote, getVote, openVote } from "../../../src/features/voting/votes";
import type { Actor } from "../../../src/platform/auth/actor";
import { issueCredentials } from "../../../src/platform/auth/credentials";
import { advanceCycle } from "../../../src/platform/cycle/cycles";
import type { Db } from "../../../src/platform/data/db";
import { cycles, notices, proposals } from "../../../src/platform/data/schema";
import { actorOf, Client, testNow } from "../../worker/client";
import { grantFor, OPEN_YEAR, QINGSHAN } from "../../worker/fixtures";

export const J = QINGSHAN;
export const YEAR = OPEN_YEAR;
export const PAGE = `/j/${J}/${YEAR}`;

/** The JSON API of a vote. */
export const apiOf = (voteId: number) => `/api/jurisdictions/${J}/cycles/${YEAR}/votes/${voteId}`;

export async function cycleOf(db: Db) {
  const [row] = await db
    .select()
    .from(cycles)
    .where(and(eq(cycles.jurisdictionCode, J), eq(cycles.year, YEAR)));
  if (!row) throw new Error("no cycle");
  return row;
}

/** Screening done, twelve complete candidates handed over, cycle in 酝酿协商. */
export async function prepareCandidates(db: Db) {
  const gov = await actorOf("gov");
  let c = await cycleOf(db);
  await db
    .update(notices)
    .set({ closesAt: testNow() - 1000 })
    .where(eq(notices.cycleId, c.id));
  await advanceCycle(
    db,
    await grantFor(db, gov, "cycle.advance"),
    c,
    { from: "collect", to: "screen" },
    testNow(),
  );
  c = await cycleOf(db);
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
  for (let i = 1; i <= 12; i++) {
    await saveCandidate(
      db,
      await grantFor(db, gov, "candidate.edit"),
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
  await handOver(
    db,
    await grantFor(db, gov, "candidate.edit"),
    c,
    { report: "候选项目形成情况的报告。" },
    testNow(),
  );
}

/** The congress's session: its first meeting of the year. */
export async function createSession(db: Db, staff: Actor, cycle: Awaited<ReturnType<typeof cycleOf>>) {
  return createMeeting(
    db,
    await grantFor(db, staff, "vote.manage"),
    cycle,
    { title: "青山旗第十七届人民代表大会第五次会议", heldOn: "2027-01-10" },
    testNow(),
  );
}

/** Serving deputies `from`…`to` of `staff`'s congress, with a slip each, signed in on a client of their own. */
export async function signedInDeputies(db: Db, staff: Actor, from: number, to: number, address: string) {
  const serving = (await servingDeputies(db, staff.jurisdictionCode)).slice(from, to);
  if (serving.length !== to - from) throw new Error(`${staff.jurisdictionCode}: not enough deputies`);
  const slips = await issueCredentials(
    db,
    await grantFor(db, staff, "credential.manage"),
    staff.jurisdictionCode,
    serving.map((d) => d.id),
    {},
    testNow(),
  );
  const out: { id: number; client: Client }[] = [];
  for (const s of slips) out.push({ id: s.deputyId, client: await new Client(address).loginDeputy(s.code) });
  return out;
}

/**
 * A project vote on the twelve candidates (10 places, per candidate), frozen and open in 审议票决,
 * with the first 133 of the 199 serving deputies present (the quorum is more than two thirds).
 */
export async function anOpenVote(db: Db, staff: Actor) {
  await prepareCandidates(db);
  let c = await cycleOf(db);
  const candidateIds = (await listCandidates(db, c.id)).map((x) => x.id);
  const meetingId = await createSession(db, staff, c);
  const grant = await grantFor(db, staff, "vote.manage");
  const voteId = await createVote(
    db,
    grant,
    c,
    meetingId,
    { title: "2027年度民生实事项目票决", places: "10", form: "per_candidate", base: "all" },
    candidateIds,
    testNow(),
  );
  await freezeVote(db, grant, c, await getVote(db, c, voteId), testNow());
  await advanceCycle(
    db,
    await grantFor(db, staff, "cycle.advance"),
    c,
    { from: "deliberate", to: "vote" },
    testNow(),
  );
  c = await cycleOf(db);
  const serving = await servingDeputies(db, J);
  const meeting = { id: meetingId, cycleId: c.id, title: "", heldOn: "", createdAt: 0 };
  await markAttendance(
    db,
    await grantFor(db, staff, "vote.manage"),
    c,
    meeting,
    serving.slice(0, 133).map((d) => d.id),
    serving.map((d) => d.id),
    testNow(),
  );
  await openVote(db, grant, c, await getVote(db, c, voteId), testNow());
  return { candidateIds, meetingId, voteId, meeting };
}

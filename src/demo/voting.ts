// Demo data for stages 3–4: the cycles in 监督评估 carry the session at which the deputies voted —
// attendance, a closed vote with its ballots and tally, and the announcement — and (stage 5) the
// year-end 满意度测评 at the next session. Ballots are generated, not cast through a session; they
// are stored exactly as cast ones are, and counted by the same `ensureTally`.
import { and, asc, eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../data/db";
import {
  attendance,
  ballots,
  candidates,
  cycles,
  handovers,
  meetings,
  voteCandidates,
  votes,
  voteVoters,
} from "../data/schema";
import { servingDeputies } from "../domain/attendance";
import type { AssessChoice } from "../domain/tally-types";
import { ensureTally } from "../domain/votes";
import { chunks } from "../lib/chunks";
import { sha256Hex, toHex } from "../lib/crypto";
import { dayStart } from "../lib/dates";
import { rng } from "./names";

const ORDINAL = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/** The annual session of the congress held in January of `year`: its title, date and opening time. */
export function sessionOf(code: string, name: string, term: number, year: number) {
  const heldOn = `${year}-01-${String(8 + (Number(code) % 10)).padStart(2, "0")}`;
  const termName = `第${ORDINAL[(term % 10) - 1] ?? term}届`;
  return {
    title: `${name}${termName}人民代表大会第${ORDINAL[(year - 2022) % 10]}次会议`,
    heldOn,
    at: (dayStart(heldOn) as number) + 10 * 3600_000,
  };
}

/** Stored ballots for the given bodies: random keys, receipts kept only as hashes. */
function ballotRows(voteId: number, bodies: unknown[]) {
  return Promise.all(
    bodies.map(async (body) => {
      const id = toHex(crypto.getRandomValues(new Uint8Array(16)));
      return { id, voteId, body: JSON.stringify(body), receiptHash: await sha256Hex(`receipt:demo-${id}`) };
    }),
  );
}

/** Attendance, the register of who voted and the ballot box, as statements for one batch. */
function castStatements(
  db: Db,
  meetingId: number,
  voteId: number,
  present: { id: number }[],
  rows: Awaited<ReturnType<typeof ballotRows>>,
): BatchItem<"sqlite">[] {
  return [
    ...chunks(present, 30).map((part) =>
      db
        .insert(attendance)
        .values(part.map((d) => ({ meetingId, deputyId: d.id, source: "staff" as const }))),
    ),
    ...chunks(present, 45).map((part) =>
      db.insert(voteVoters).values(part.map((d) => ({ voteId, deputyId: d.id }))),
    ),
    ...chunks(rows, 24).map((part) => db.insert(ballots).values(part)),
  ];
}

export async function seedVoting(db: Db, code: string, name: string, term: number): Promise<void> {
  const list = await db
    .select()
    .from(cycles)
    .where(and(eq(cycles.jurisdictionCode, code), eq(cycles.stage, "supervise")))
    .orderBy(asc(cycles.id));
  const serving = await servingDeputies(db, code);
  const r = rng(Number(code) + 11);
  for (const cycle of list) {
    const [h] = await db.select().from(handovers).where(eq(handovers.cycleId, cycle.id));
    const cands = await db
      .select()
      .from(candidates)
      .where(eq(candidates.cycleId, cycle.id))
      .orderBy(asc(candidates.position));
    if (!h || cands.length === 0 || serving.length === 0) continue;
    const { title, heldOn, at } = sessionOf(code, name, term, cycle.year);
    const [m] = await db
      .insert(meetings)
      .values({
        cycleId: cycle.id,
        title,
        heldOn,
        createdAt: at,
      })
      .returning({ id: meetings.id });
    const meetingId = m?.id as number;
    const present = serving.filter(() => r() < 0.95);
    const places = Math.max(1, cands.length - 2);
    const [v] = await db
      .insert(votes)
      .values({
        cycleId: cycle.id,
        meetingId,
        title: `${cycle.year}年度民生实事项目票决`,
        kind: "project",
        status: "closed",
        places,
        form: "per_candidate",
        maxTicks: places,
        base: "all",
        thresholdNumerator: 1,
        thresholdDenominator: 2,
        quorumNumerator: 2,
        quorumDenominator: 3,
        chiefScrutineer: "王建国",
        scrutineers: "李秀兰、巴特尔",
        counters: "张志强、其其格",
        rosterSize: serving.length,
        presentAtOpen: present.length,
        frozenAt: at - 3600_000,
        openedAt: at,
        closedAt: at + 1800_000,
        announcementNo: 1,
        createdAt: at - 86_400_000,
      })
      .returning({ id: votes.id });
    const voteId = v?.id as number;
    // Each candidate has its own popularity; the last two trail.
    const popularity = cands.map((_, i) => (i < places ? 0.75 + r() * 0.2 : 0.25 + r() * 0.2));
    const rows = await ballotRows(
      voteId,
      present.map(() => {
        const choices: Record<string, string> = {};
        cands.forEach((c, i) => {
          const x = r();
          choices[String(c.id)] =
            x < (popularity[i] ?? 0.5) ? "for" : x < (popularity[i] ?? 0.5) + 0.1 ? "abstain" : "against";
        });
        return { form: "per_candidate", choices };
      }),
    );
    const batch: BatchItem<"sqlite">[] = [
      db.insert(voteCandidates).values(cands.map((c, i) => ({ voteId, candidateId: c.id, position: i + 1 }))),
      ...castStatements(db, meetingId, voteId, present, rows),
    ];
    await db.batch(batch as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
    const [closed] = await db.select().from(votes).where(eq(votes.id, voteId));
    if (closed) await ensureTally(db, closed);
  }
}

/** How the deputies lean on one project: the chances of 满意, 基本满意 and 不满意 (the rest is 弃权). */
export type Leaning = [satisfied: number, basic: number, unsatisfied: number];

/**
 * The year-end 满意度测评 of a cycle's projects at the next January session (base: all deputies,
 * 弃权 on the ballot), with its attendance and generated ballots, closed and counted by
 * `ensureTally` — which also opens the rectification of every project graded 不满意.
 */
export async function seedAssessment(
  db: Db,
  cycle: { id: number; year: number },
  place: { code: string; name: string; term: number },
  projects: { id: number; leaning: Leaning }[],
): Promise<number> {
  const serving = await servingDeputies(db, place.code);
  const r = rng(Number(place.code) + cycle.year);
  const { title, heldOn, at } = sessionOf(place.code, place.name, place.term, cycle.year + 1);
  const present = serving.filter(() => r() < 0.95);
  const [m] = await db
    .insert(meetings)
    .values({ cycleId: cycle.id, title, heldOn, createdAt: at })
    .returning({ id: meetings.id });
  const meetingId = m?.id as number;
  // After the session's project vote (opened at `at`, closed half an hour later).
  const opens = at + 2 * 3600_000;
  const [v] = await db
    .insert(votes)
    .values({
      cycleId: cycle.id,
      meetingId,
      title: `${cycle.year}年度民生实事项目满意度测评`,
      kind: "assessment",
      status: "closed",
      places: projects.length,
      form: "assess",
      maxTicks: 0,
      base: "all",
      thresholdNumerator: 1,
      thresholdDenominator: 2,
      quorumNumerator: 2,
      quorumDenominator: 3,
      allowEqual: true,
      allowAbstain: true,
      rectifyDays: 90,
      chiefScrutineer: "赵德胜",
      scrutineers: "刘丽华、斯琴",
      counters: "陈振华、乌兰",
      rosterSize: serving.length,
      presentAtOpen: present.length,
      frozenAt: opens - 3600_000,
      openedAt: opens,
      closedAt: opens + 1800_000,
      announcementNo: 2,
      createdAt: opens - 86_400_000,
    })
    .returning({ id: votes.id });
  const voteId = v?.id as number;
  const rows = await ballotRows(
    voteId,
    present.map(() => {
      const choices: Record<string, AssessChoice> = {};
      for (const p of projects) {
        const [s, b, u] = p.leaning;
        const x = r();
        choices[String(p.id)] =
          x < s ? "satisfied" : x < s + b ? "basic" : x < s + b + u ? "unsatisfied" : "abstain";
      }
      return { form: "assess", choices };
    }),
  );
  await db.batch([
    db
      .insert(voteCandidates)
      .values(projects.map((p, i) => ({ voteId, candidateId: p.id, position: i + 1 }))),
    ...castStatements(db, meetingId, voteId, present, rows),
  ]);
  const [closed] = await db.select().from(votes).where(eq(votes.id, voteId));
  if (closed) await ensureTally(db, closed);
  return voteId;
}

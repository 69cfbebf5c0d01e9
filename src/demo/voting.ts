// Demo data for stages 3–4, as ./calendar.ts plans them: deputies' opinions during deliberation,
// and each session's vote as far as it has gone — the meeting, the draft, the list and rules frozen,
// attendance, the ballots cast so far, the close with its tally and announcement. The same helper
// serves the year-end 满意度测评 at the next session (./supervision.ts). Ballots are generated, not
// cast through a session; they are stored exactly as cast ones are, and counted by `ensureTally`.
import { asc, eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { servingDeputies } from "../features/voting/attendance";
import { ensureTally } from "../features/voting/counting";
import type { AssessChoice } from "../features/voting/tally-types";
import type { Db } from "../platform/data/db";
import {
  attendance,
  ballots,
  type Cycle,
  candidates,
  meetings,
  opinions,
  voteCandidates,
  votes,
  voteVoters,
} from "../platform/data/schema";
import { chunks } from "../platform/lib/chunks";
import { sha256Hex, toHex } from "../platform/lib/crypto";
import type { PlannedCycle, PlannedVote } from "./calendar";
import { cycleSeed, type Place } from "./collection";
import { pick, rng } from "./names";

const ORDINAL = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/** The title of the annual session held in January of `year`. */
function sessionTitle(place: Pick<Place, "name" | "term">, year: number): string {
  const termName = `第${ORDINAL[(place.term % 10) - 1] ?? place.term}届`;
  return `${place.name}${termName}人民代表大会第${ORDINAL[(year - 2022) % 10]}次会议`;
}

const OPINIONS = [
  "群众对这个项目呼声很高，赞成列入。",
  "建议进一步明确资金来源，确保当年能够开工。",
  "建议优先安排偏远嘎查村，兼顾区域均衡。",
  "希望明确建成后的管护主体和经费，避免闲置。",
  "投资估算偏低，建议再作论证。",
  "建议与已有项目统筹实施，避免重复建设。",
];

/** Stored ballots for the given bodies: random keys, receipts kept only as hashes. */
function ballotRows(voteId: number, bodies: unknown[]) {
  return Promise.all(
    bodies.map(async (body) => {
      const id = toHex(crypto.getRandomValues(new Uint8Array(16)));
      return { id, voteId, body: JSON.stringify(body), receiptHash: await sha256Hex(`receipt:demo-${id}`) };
    }),
  );
}

/** How a deputy fills in the ballot, for the candidates (or projects) on it in order. */
export type Ballot = (r: () => number, ids: number[]) => unknown;

/** The rules of each kind of vote (票决办法 / 测评办法), as the presidium adopts them. */
function rules(kind: PlannedVote["kind"], listed: number) {
  const common = {
    base: "all" as const,
    thresholdNumerator: 1,
    thresholdDenominator: 2,
    quorumNumerator: 2,
    quorumDenominator: 3,
  };
  if (kind === "project") {
    const places = Math.max(1, listed - 2);
    return {
      ...common,
      kind,
      places,
      form: "per_candidate" as const,
      maxTicks: places,
      chiefScrutineer: "王建国",
      scrutineers: "李秀兰、巴特尔",
      counters: "张志强、其其格",
      announcementNo: 1,
    };
  }
  return {
    ...common,
    kind,
    places: listed,
    form: "assess" as const,
    maxTicks: 0,
    allowEqual: true,
    allowAbstain: true,
    rectifyDays: 90,
    chiefScrutineer: "赵德胜",
    scrutineers: "刘丽华、斯琴",
    counters: "陈振华、乌兰",
    announcementNo: 2,
  };
}

/**
 * A session's vote of the cycle as far as the plan has it: the meeting; the vote on `ids` (draft,
 * frozen, open or closed); attendance; the register and the ballots of those who have voted; at
 * close the tally by `ensureTally`, as closing does. The same deputies come to both votes of a
 * session, and the first to check in are the first to vote.
 */
export async function seedVote(
  db: Db,
  cycle: Cycle,
  v: PlannedVote,
  place: Place,
  ids: number[],
  ballot: Ballot,
): Promise<number | null> {
  const year = Number(v.day.slice(0, 4));
  const [m] = await db
    .insert(meetings)
    .values({ cycleId: cycle.id, title: sessionTitle(place, year), heldOn: v.day, createdAt: v.meetingAt })
    .returning({ id: meetings.id });
  if (!v.status || !v.createdAt || !m || ids.length === 0) return null;
  const serving = await servingDeputies(db, place.code);
  const order = rng(cycleSeed(place.code, year, 1));
  const hall = serving.map((d) => ({ d, k: order() })).sort((a, b) => a.k - b.k);
  const present = hall.slice(0, Math.round(v.present * serving.length)).map((x) => x.d);
  const voted = present.slice(0, Math.round(v.voted * serving.length));
  const { announcementNo, ...rest } = rules(v.kind, ids.length);
  const [row] = await db
    .insert(votes)
    .values({
      ...rest,
      cycleId: cycle.id,
      meetingId: m.id,
      title: `${cycle.year}年度民生实事项目${v.kind === "assessment" ? "满意度测评" : "票决"}`,
      status: v.status,
      rosterSize: v.frozenAt ? serving.length : null,
      presentAtOpen: v.openedAt ? present.length : null,
      frozenAt: v.frozenAt,
      openedAt: v.openedAt,
      closedAt: v.closedAt,
      announcementNo: v.closedAt ? announcementNo : null,
      createdAt: v.createdAt,
    })
    .returning({ id: votes.id });
  const voteId = row?.id as number;
  const r = rng(cycleSeed(place.code, year, v.kind === "project" ? 2 : 3));
  const box = await ballotRows(
    voteId,
    voted.map(() => ballot(r, ids)),
  );
  await db.batch([
    db.insert(voteCandidates).values(ids.map((candidateId, i) => ({ voteId, candidateId, position: i + 1 }))),
    ...chunks(present, 30).map((part) =>
      db
        .insert(attendance)
        .values(part.map((d) => ({ meetingId: m.id, deputyId: d.id, source: "staff" as const }))),
    ),
    ...chunks(voted, 45).map((part) =>
      db.insert(voteVoters).values(part.map((d) => ({ voteId, deputyId: d.id }))),
    ),
    ...chunks(box, 24).map((part) => db.insert(ballots).values(part)),
  ]);
  if (v.closedAt) {
    const [closed] = await db.select().from(votes).where(eq(votes.id, voteId));
    if (closed) await ensureTally(db, closed, v.closedAt);
  }
  return voteId;
}

/** 赞成/反对/弃权 per candidate: each has its own popularity; the last two trail. */
function projectBallot(places: number, count: number, r: () => number): Ballot {
  const popularity = Array.from({ length: count }, (_, i) =>
    i < places ? 0.75 + r() * 0.2 : 0.25 + r() * 0.2,
  );
  return (b, ids) => {
    const choices: Record<string, string> = {};
    ids.forEach((id, i) => {
      const x = b();
      const p = popularity[i] ?? 0.5;
      choices[String(id)] = x < p ? "for" : x < p + 0.1 ? "abstain" : "against";
    });
    return { form: "per_candidate", choices };
  };
}

/** Deputies' opinions during deliberation, and the session's project vote, as far as the plan has them. */
export async function seedVoting(db: Db, cycle: Cycle, planned: PlannedCycle, place: Place): Promise<void> {
  const cands = await db
    .select({ id: candidates.id })
    .from(candidates)
    .where(eq(candidates.cycleId, cycle.id))
    .orderBy(asc(candidates.position));
  if (cands.length === 0) return;
  const ids = cands.map((c) => c.id);
  const serving = await servingDeputies(db, place.code);
  const r = rng(cycleSeed(place.code, cycle.year, 4));
  const said = new Set<string>();
  const rows = planned.opinionsAt.flatMap((at) => {
    const deputy = pick(r, serving);
    const candidateId = pick(r, ids);
    const body = pick(r, OPINIONS);
    const key = `${candidateId}/${deputy?.id}`;
    if (!deputy || said.has(key)) return [];
    said.add(key);
    return [{ cycleId: cycle.id, candidateId, deputyId: deputy.id, body, updatedAt: at }];
  });
  const inserts: BatchItem<"sqlite">[] = chunks(rows, 15).map((part) => db.insert(opinions).values(part));
  if (inserts.length) await db.batch(inserts as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  for (const v of planned.votes.filter((x) => x.kind === "project")) {
    const places = Math.max(1, ids.length - 2);
    await seedVote(db, cycle, v, place, ids, projectBallot(places, ids.length, r));
  }
}

/** How the deputies lean on one project: the chances of 满意, 基本满意 and 不满意 (the rest is 弃权). */
export type Leaning = [satisfied: number, basic: number, unsatisfied: number];

/** The year-end 满意度测评 ballot for projects with the given leanings. */
export function assessmentBallot(leaning: (i: number) => Leaning): Ballot {
  return (r, ids) => {
    const choices: Record<string, AssessChoice> = {};
    ids.forEach((id, i) => {
      const [s, b, u] = leaning(i);
      const x = r();
      choices[String(id)] =
        x < s ? "satisfied" : x < s + b ? "basic" : x < s + b + u ? "unsatisfied" : "abstain";
    });
    return { form: "assess", choices };
  };
}

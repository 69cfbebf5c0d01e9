// Demo data for stages 3–4: last year's cycles (now in 监督评估) carry the session at which the
// deputies voted — attendance, a closed vote with its ballots and tally, and the announcement.
// Ballots are generated, not cast through a session; they are stored exactly as cast ones are.
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
import { ensureTally } from "../domain/votes";
import { chunks } from "../lib/chunks";
import { sha256Hex, toHex } from "../lib/crypto";
import { dayStart } from "../lib/dates";
import { rng } from "./names";

const ORDINAL = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

export async function seedVoting(db: Db, code: string, name: string, term: number): Promise<void> {
  const list = await db
    .select()
    .from(cycles)
    .where(and(eq(cycles.jurisdictionCode, code), eq(cycles.stage, "supervise")));
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
    const heldOn = `${cycle.year}-01-${String(8 + (Number(code) % 10)).padStart(2, "0")}`;
    const at = (dayStart(heldOn) as number) + 10 * 3600_000;
    const termName = `第${ORDINAL[(term % 10) - 1] ?? term}届`;
    const [m] = await db
      .insert(meetings)
      .values({
        cycleId: cycle.id,
        title: `${name}${termName}人民代表大会第${ORDINAL[(cycle.year - 2022) % 10]}次会议`,
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
    const rows = await Promise.all(
      present.map(async () => {
        const choices: Record<string, string> = {};
        cands.forEach((c, i) => {
          const x = r();
          choices[String(c.id)] =
            x < (popularity[i] ?? 0.5) ? "for" : x < (popularity[i] ?? 0.5) + 0.1 ? "abstain" : "against";
        });
        const id = toHex(crypto.getRandomValues(new Uint8Array(16)));
        return {
          id,
          voteId,
          body: JSON.stringify({ form: "per_candidate", choices }),
          receiptHash: await sha256Hex(`receipt:demo-${id}`),
        };
      }),
    );
    const batch: BatchItem<"sqlite">[] = [
      db.insert(voteCandidates).values(cands.map((c, i) => ({ voteId, candidateId: c.id, position: i + 1 }))),
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
    await db.batch(batch as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
    const [closed] = await db.select().from(votes).where(eq(votes.id, voteId));
    if (closed) await ensureTally(db, closed);
  }
}

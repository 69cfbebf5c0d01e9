// The demo a newcomer sees: every banner and township has last year's cycle in 监督评估 with a
// closed vote and its tally, and next year's collecting proposals.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ballots, cycles, jurisdictions, votes, voteVoters } from "../../src/data/schema";
import { getResults } from "../../src/domain/votes";
import { Client, seeded } from "./client";

describe("demo data", () => {
  it("gives each banner and township a voted cycle with a consistent tally, and one collecting", async () => {
    const db = await seeded();
    const places = await db.select().from(jurisdictions).where(eq(jurisdictions.level, "county"));
    expect(places.length).toBe(2);
    const year = new Date().getUTCFullYear();
    for (const j of places) {
      const [last] = await db
        .select()
        .from(cycles)
        .where(and(eq(cycles.jurisdictionCode, j.code), eq(cycles.year, year)));
      const [next] = await db
        .select()
        .from(cycles)
        .where(and(eq(cycles.jurisdictionCode, j.code), eq(cycles.year, year + 1)));
      expect(last?.stage).toBe("supervise");
      expect(next?.stage).toBe("collect");
      const [vote] = await db
        .select()
        .from(votes)
        .where(eq(votes.cycleId, last?.id ?? 0));
      expect(vote?.status).toBe("closed");
      if (!vote) continue;
      const voters = await db.select().from(voteVoters).where(eq(voteVoters.voteId, vote.id));
      const box = await db.select({ id: ballots.id }).from(ballots).where(eq(ballots.voteId, vote.id));
      expect(box.length).toBe(voters.length);
      const { vote: v, results } = await getResults(db, vote);
      expect(v.ballotsCast).toBe(voters.length);
      expect(results.filter((r) => r.elected).length).toBe(v.placesFilled);
      expect(results.some((r) => r.elected)).toBe(true);
      for (const r of results) expect(r.support + r.against + r.abstain).toBe(v.validBallots);
    }
    const ann = await new Client().get(`/j/159921/${year}`);
    expect(await ann.text()).toContain("主席团公告");
  });
});

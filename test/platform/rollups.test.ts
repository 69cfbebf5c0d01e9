// The stage-5 read models: project_state and year_totals are rebuilt from the source tables and
// agree with them to the yuan.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { listProjects } from "../../src/features/projects/projects";
import { refreshCycleProjects, refreshYear } from "../../src/platform/data/rollups";
import { cycles, projectState, yearTotals } from "../../src/platform/data/schema";
import { seeded, testNow } from "../worker/client";
import { SUPERVISED } from "../worker/fixtures";

const J = "159921";
const YEAR = SUPERVISED;

describe("project_state and year_totals", () => {
  it("hold one row per elected project and the year's exact totals", async () => {
    const db = await seeded();
    const [cycle] = await db
      .select()
      .from(cycles)
      .where(and(eq(cycles.jurisdictionCode, J), eq(cycles.year, YEAR)));
    if (!cycle) throw new Error("no cycle");
    await db.batch([
      ...refreshCycleProjects(db, cycle.id, testNow()),
      ...refreshYear(db, cycle.id, testNow()),
    ]);
    const projects = await listProjects(db, cycle, testNow());
    const rows = await db.select().from(projectState).where(eq(projectState.cycleId, cycle.id));
    expect(rows.map((r) => r.candidateId).sort()).toEqual(projects.map((p) => p.id).sort());
    for (const p of projects) {
      const row = rows.find((r) => r.candidateId === p.id);
      expect(row?.plannedYuan).toBe(p.plannedYuan);
      expect(row?.percent).toBe(p.latest?.percent ?? 0);
      expect(row?.disbursedYuan).toBe(p.latest?.disbursedYuan ?? 0);
    }
    const [totals] = await db
      .select()
      .from(yearTotals)
      .where(and(eq(yearTotals.jurisdictionCode, J), eq(yearTotals.year, YEAR)));
    expect(totals?.projects).toBe(projects.length);
    expect(totals?.plannedYuan).toBe(projects.reduce((a, p) => a + p.plannedYuan, 0));
    expect(totals?.disbursedYuan).toBe(projects.reduce((a, p) => a + (p.latest?.disbursedYuan ?? 0), 0));
  });
});

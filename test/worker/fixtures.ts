// What the worker tests find in the demo, whichever moment the suite runs at (the demo follows the
// calendar, src/demo/calendar.ts): the year 青山旗 is in 监督评估, today's date, and a cycle of its
// own in 项目征集 for the tests that start at the beginning of a cycle.
import { and, eq } from "drizzle-orm";
import { cycleAroundToday, latestVotedYear } from "../../src/demo/calendar";
import { seedPlannedCycle } from "../../src/demo/seed";
import type { Actor } from "../../src/platform/auth/actor";
import { type Grant, type Permission, requireAccess } from "../../src/platform/auth/permissions";
import type { Db } from "../../src/platform/data/db";
import { cycles } from "../../src/platform/data/schema";
import { todayInChina } from "../../src/platform/lib/dates";
import { seeded, testNow } from "./client";

export const QINGSHAN = "159921";

/** Today in Beijing, at the suite's moment. */
export const TODAY = todayInChina(testNow());

/** 青山旗's year in 监督评估: its latest voted year (this year once its January session has voted). */
export const SUPERVISED = latestVotedYear(QINGSHAN, testNow());

/** A year for which the demo has no cycle in 青山旗 or 白云旗 (they reach at most SUPERVISED + 1). */
export const OPEN_YEAR = SUPERVISED + 2;

/**
 * A day of `year` that has come by the suite's moment: `year-monthDay`, or today when that is still
 * ahead (early in the year). For reports, inspections and decisions, which cannot be dated later.
 */
export function pastDayOf(year: number, monthDay: string): string {
  const day = `${year}-${monthDay}`;
  return day <= TODAY ? day : TODAY;
}

/**
 * The demo with a cycle of `code` for `year` in 项目征集, open now, with proposals from every source
 * received so far: placed as the demo's collecting township's is, once per test file.
 */
export async function collecting(code = QINGSHAN, year = OPEN_YEAR): Promise<Db> {
  const db = await seeded();
  const [have] = await db
    .select({ id: cycles.id })
    .from(cycles)
    .where(and(eq(cycles.jurisdictionCode, code), eq(cycles.year, year)));
  if (!have) await seedPlannedCycle(db, cycleAroundToday(code, year, "collect", testNow()));
  return db;
}

/** What a page gets from the role check: a grant of `permission` to `actor` in its own jurisdiction. */
export function grantFor<P extends Permission>(db: Db, actor: Actor, permission: P): Promise<Grant<P>> {
  return requireAccess(db, actor, actor.jurisdictionCode, permission);
}

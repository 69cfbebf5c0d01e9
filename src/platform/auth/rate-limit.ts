// Fixed-window counters in D1. Only failures are counted, so a hall of 300 deputies signing in
// correctly from one shared address never trips the per-address limit.
import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "../data/db";
import { rateLimits } from "../data/schema";

export interface Limit {
  /** Failures allowed in one window. */
  max: number;
  windowMs: number;
}

/** Sign-in limits. Per account: a password guesser gets 5 tries per 15 minutes. Per address:
 * generous, because one hall shares one address; deputy codes carry ≈59 bits, so guessing them
 * is hopeless even at this rate. */
export const LIMITS = {
  account: { max: 5, windowMs: 15 * 60_000 },
  staffAddress: { max: 100, windowMs: 15 * 60_000 },
  deputyAddress: { max: 300, windowMs: 15 * 60_000 },
} as const satisfies Record<string, Limit>;

function windowStart(limit: Limit, now: number): number {
  return now - (now % limit.windowMs);
}

/** Whether `key` has used up its failures in the current window. */
export async function isLimited(db: Db, key: string, limit: Limit, now: number): Promise<boolean> {
  const [row] = await db
    .select({ count: rateLimits.count })
    .from(rateLimits)
    .where(and(eq(rateLimits.key, key), eq(rateLimits.windowStart, windowStart(limit, now))));
  return (row?.count ?? 0) >= limit.max;
}

/** Counts one event (a failure, or a submission) against `key` in the current window. */
export function countEvent(db: Db, key: string, limit: Limit, now: number) {
  return db
    .insert(rateLimits)
    .values({ key, windowStart: windowStart(limit, now), count: 1 })
    .onConflictDoUpdate({
      target: [rateLimits.key, rateLimits.windowStart],
      set: { count: sql`${rateLimits.count} + 1` },
    });
}

/** Removes windows that have ended; called now and then so the table stays small. */
export function pruneRateLimits(db: Db, now: number) {
  return db.delete(rateLimits).where(lt(rateLimits.windowStart, now - 24 * 60 * 60_000));
}

/** Public proposal submissions: per address, generous enough for a village meeting on one phone hotspot. */
export const PROPOSAL_LIMIT: Limit = { max: 30, windowMs: 60 * 60_000 };

/** The public-proposal limit, from the deployment's setting when it has one. */
export function proposalLimit(perHour: string | undefined): Limit {
  const n = Number(perHour);
  return Number.isInteger(n) && n > 0 ? { max: n, windowMs: PROPOSAL_LIMIT.windowMs } : PROPOSAL_LIMIT;
}

// 群众满意度: the public's non-binding rating (1–5 stars) of a finished project. Not the formal
// assessment (deputies' secret ballot, src/features/assessment/assessment.ts) and shown as such.
//
// Flood protection without storing addresses:
// - one rating per project, rater and day: the rater is HMAC-SHA256(server secret, day | address),
//   so the same address is a different rater tomorrow and the stored value cannot be turned back
//   into an address without the secret; the table's key (project, rater, day) refuses a second row;
// - at most RATING_LIMIT ratings per address and hour over all projects, counted in the existing
//   rate-limit table under an HMAC of the address (src/platform/auth/rate-limit.ts), never the address.
// The rating and its count are one D1 batch. Ratings are not written to the audit log: they are
// anonymous, and a chain entry per click would let a flood lengthen every jurisdiction's log.
import { and, eq, sql } from "drizzle-orm";
import * as v from "valibot";
import { countEvent, isLimited, type Limit } from "../../platform/auth/rate-limit";
import type { Db } from "../../platform/data/db";
import { type Cycle, projectState, publicRatings } from "../../platform/data/schema";
import { AppError } from "../../platform/http/errors";
import { toHex } from "../../platform/lib/crypto";
import { todayInChina } from "../../platform/lib/dates";
import { intField, parse } from "../../platform/lib/validate";

/** Ratings per address and hour, over all projects: a family on one phone, a village on one hotspot. */
export const RATING_LIMIT: Limit = { max: 20, windowMs: 60 * 60_000 };

const RatingInput = v.object({ rating: intField(1, 5) });

/**
 * The key of the keyed hashes. Deployments set the secret `RATING_SECRET` (`wrangler secret put`);
 * without one (local mode, tests) a fixed development key is used, which still stores no address
 * but could be brute-forced over the IPv4 space by someone holding the database.
 */
export function ratingKey(secret: string | undefined): string {
  return secret && secret.length >= 16 ? secret : "minsheng-development-rating-key";
}

const encoder = new TextEncoder();

async function hmacHex(key: string, text: string): Promise<string> {
  const k = await crypto.subtle.importKey(
    "raw",
    encoder.encode(key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return toHex(await crypto.subtle.sign("HMAC", k, encoder.encode(text)));
}

/** The rater of a day: a keyed hash of day and address (the address itself is never stored). */
function raterHash(key: string, address: string, day: string): Promise<string> {
  return hmacHex(key, `rater|${day}|${address}`);
}

export interface RatingSummary {
  count: number;
  /** Average with one decimal ("4.3"), null without ratings. */
  average: string | null;
}

export async function ratingSummary(db: Db, candidateId: number): Promise<RatingSummary> {
  const [row] = await db
    .select({ n: sql<number>`count(*)`, sum: sql<number>`coalesce(sum(${publicRatings.rating}), 0)` })
    .from(publicRatings)
    .where(eq(publicRatings.candidateId, candidateId));
  const n = Number(row?.n ?? 0);
  if (n === 0) return { count: 0, average: null };
  // Half-up rounding to tenths in integers: round(10·sum/n).
  const tenths = Math.floor((Number(row?.sum ?? 0) * 20 + n) / (2 * n));
  return { count: n, average: `${Math.floor(tenths / 10)}.${tenths % 10}` };
}

/** Whether the project takes public ratings: a project of this cycle that is completed. */
export async function mayRate(db: Db, cycle: Cycle, candidateId: number): Promise<boolean> {
  const [row] = await db
    .select({ status: projectState.status })
    .from(projectState)
    .where(and(eq(projectState.candidateId, candidateId), eq(projectState.cycleId, cycle.id)));
  return row?.status === "completed";
}

/**
 * Records one public rating. Refuses a project that is not completed (illegal_transition), a second
 * rating of the same project by the same rater on the same day (conflict), and an address over
 * its hourly limit (rate_limited).
 */
export async function ratePublic(
  db: Db,
  cycle: Cycle,
  candidateId: number,
  input: unknown,
  address: string,
  key: string,
  now: number,
): Promise<void> {
  const { rating } = parse(RatingInput, input);
  if (!(await mayRate(db, cycle, candidateId)))
    throw new AppError("illegal_transition", { reason: "pub.rating.not_completed" });
  const day = todayInChina(now);
  const [rater, addressKey] = await Promise.all([
    raterHash(key, address, day),
    hmacHex(key, `address|${address}`),
  ]);
  const limitKey = `rating:addr:${addressKey}`;
  if (await isLimited(db, limitKey, RATING_LIMIT, now))
    throw new AppError("rate_limited", { reason: "pub.rating.too_many" });
  const [inserted] = await db.batch([
    db.insert(publicRatings).values({ candidateId, raterHash: rater, day, rating }).onConflictDoNothing(),
    countEvent(db, limitKey, RATING_LIMIT, now),
  ]);
  if (((inserted as { meta?: { changes?: number } }).meta?.changes ?? 0) === 0)
    throw new AppError("conflict", { reason: "pub.rating.already" });
}

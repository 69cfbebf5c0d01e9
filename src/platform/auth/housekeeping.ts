// Housekeeping on a schedule (the Cron Trigger in wrangler.toml, src/index.ts): expired sessions and
// ended sign-in counters are deleted, so neither table grows without end. Both deletions are one
// batch, on the scheduled run's moment from the one clock.
import type { Db } from "../data/db";
import { pruneRateLimits } from "./rate-limit";
import { pruneSessions } from "./sessions";

export async function housekeep(db: Db, now: number): Promise<{ sessions: number; counters: number }> {
  const [s, r] = await db.batch([pruneSessions(db, now), pruneRateLimits(db, now)]);
  const changed = (x: unknown) => (x as { meta?: { changes?: number } }).meta?.changes ?? 0;
  return { sessions: changed(s), counters: changed(r) };
}

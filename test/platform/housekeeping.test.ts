// Housekeeping on the Cron Trigger (src/index.ts `scheduled`, src/platform/auth/housekeeping.ts): expired
// sessions and sign-in counters whose window started more than 24 hours ago are deleted, on the one
// clock; live sessions and current counters stay. (That wrangler.toml has the `[triggers] crons` entry
// cannot be read from inside workerd; the lead checks it.)
import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from "cloudflare:test";
import { asc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import worker from "../../src";
import { housekeep } from "../../src/platform/auth/housekeeping";
import { LIMITS, pruneRateLimits } from "../../src/platform/auth/rate-limit";
import { actorFromToken, pruneSessions } from "../../src/platform/auth/sessions";
import { createDb } from "../../src/platform/data/db";
import { jurisdictions, rateLimits, sessions, users } from "../../src/platform/data/schema";
import { sha256Hex } from "../../src/platform/lib/crypto";

const db = createDb(env.DB);
const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** The scheduled run's moment: 03:17 Beijing on 1 January 2091 (19:17 UTC on 31 December 2090). */
const RUN = "2091-01-01T03:17:00+08:00";
const NOW = Date.UTC(2090, 11, 31, 19, 17, 0);

let userId = 0;

/** Sessions by name, each with its token, so a kept one can be checked to still sign in. */
const SESSIONS: Record<string, number> = {
  "expired a day ago": NOW - DAY,
  "expired a millisecond ago": NOW - 1,
  "expires now": NOW,
  "live a millisecond more": NOW + 1,
  "live twelve hours more": NOW + 12 * HOUR,
};
const EXPIRED = ["expired a day ago", "expired a millisecond ago", "expires now"];
const LIVE = ["live a millisecond more", "live twelve hours more"];

/** Counters by key: the window each started at. */
const COUNTERS: Record<string, number> = {
  "login:acct:two-days-ago": NOW - 2 * DAY,
  "login:acct:a-day-and-a-ms-ago": NOW - DAY - 1,
  "login:acct:a-day-ago": NOW - DAY,
  "login:acct:an-hour-ago": NOW - HOUR,
  // The current window of the run's moment.
  "login:acct:current": NOW - (NOW % LIMITS.account.windowMs),
};
const ENDED = ["login:acct:two-days-ago", "login:acct:a-day-and-a-ms-ago"];
const CURRENT = ["login:acct:a-day-ago", "login:acct:an-hour-ago", "login:acct:current"];

async function tokenHash(name: string) {
  return sha256Hex(`token:${name}`);
}

async function fill() {
  await db.delete(sessions);
  await db.delete(rateLimits);
  if (userId === 0) {
    await db
      .insert(jurisdictions)
      .values({ code: "159700", level: "county", name: "测试县", nameEn: "Test County", path: "/159700/" });
    const [u] = await db
      .insert(users)
      .values({
        username: "hk-staff",
        displayName: "hk-staff",
        passwordHash: "unused",
        role: "staff",
        jurisdictionCode: "159700",
        createdAt: 0,
      })
      .returning({ id: users.id });
    userId = u?.id as number;
  }
  for (const [name, expiresAt] of Object.entries(SESSIONS))
    await db.insert(sessions).values({ tokenHash: await tokenHash(name), userId, createdAt: 0, expiresAt });
  for (const [key, windowStart] of Object.entries(COUNTERS))
    await db.insert(rateLimits).values({ key, windowStart, count: 3 });
}

async function remaining() {
  const hashes = new Map<string, string>();
  for (const name of Object.keys(SESSIONS)) hashes.set(await tokenHash(name), name);
  const s = await db.select({ h: sessions.tokenHash }).from(sessions);
  const r = await db.select({ key: rateLimits.key }).from(rateLimits).orderBy(asc(rateLimits.key));
  return {
    sessions: s.map((x) => hashes.get(x.h) ?? x.h).sort(),
    counters: r.map((x) => x.key).sort(),
  };
}

async function runScheduled(over: Record<string, string>) {
  const controller = createScheduledController({ scheduledTime: NOW, cron: "17 19 * * *" });
  const ctx = createExecutionContext();
  await worker.scheduled(controller, { ...env, ...over }, ctx);
  await waitOnExecutionContext(ctx);
}

beforeEach(fill);

describe("the scheduled handler", () => {
  it("deletes exactly the expired sessions and the ended sign-in counters, on the set clock", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      await runScheduled({ MINSHENG_NOW: RUN });
      expect(await remaining()).toEqual({ sessions: [...LIVE].sort(), counters: [...CURRENT].sort() });
      expect(log).toHaveBeenCalledWith(
        `housekeeping: ${EXPIRED.length} expired sessions, ${ENDED.length} ended sign-in counters removed`,
      );
    } finally {
      log.mockRestore();
    }
  });

  it("removes only what no longer signs anyone in: the sessions kept are the ones that still work", async () => {
    for (const name of Object.keys(SESSIONS)) {
      const hash = await tokenHash(name);
      const [row] = await db.select().from(sessions).where(eq(sessions.tokenHash, hash));
      expect(row?.expiresAt).toBe(SESSIONS[name]);
    }
    await runScheduled({ MINSHENG_NOW: RUN });
    const kept = (await remaining()).sessions;
    // actorFromToken's rule (expiresAt <= now is expired) and housekeeping's agree at the same moment.
    for (const name of Object.keys(SESSIONS)) {
      const expiresAt = SESSIONS[name] as number;
      expect(kept.includes(name), name).toBe(expiresAt > NOW);
    }
  });

  it("runs again without harm: a second run at the same moment removes nothing more", async () => {
    await runScheduled({ MINSHENG_NOW: RUN });
    const once = await remaining();
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      await runScheduled({ MINSHENG_NOW: RUN });
      expect(await remaining()).toEqual(once);
      expect(log).toHaveBeenCalledWith("housekeeping: 0 expired sessions, 0 ended sign-in counters removed");
    } finally {
      log.mockRestore();
    }
  });

  it("a day later, the sessions and counters live at the first run have ended too", async () => {
    await runScheduled({ MINSHENG_NOW: RUN });
    await runScheduled({ MINSHENG_NOW: "2091-01-02T03:17:00.001+08:00" });
    // Counters that started an hour before the first run and in its window are now older than 24 h;
    // the one that started exactly 24 h before the first run, and the live sessions, are gone too.
    expect(await remaining()).toEqual({ sessions: [], counters: [] });
  });

  it("on a deployed worker runs on the real time, not on MINSHENG_NOW", async () => {
    // Every row is in the far future for the real clock: nothing has expired or ended.
    await runScheduled({ ENVIRONMENT: "production", MINSHENG_NOW: RUN });
    expect(await remaining()).toEqual({
      sessions: Object.keys(SESSIONS).sort(),
      counters: Object.keys(COUNTERS).sort(),
    });
  });
});

describe("housekeep", () => {
  it("answers how many rows it removed, and the two prunes agree with it", async () => {
    expect(await housekeep(db, NOW)).toEqual({ sessions: EXPIRED.length, counters: ENDED.length });
    expect(await remaining()).toEqual({ sessions: [...LIVE].sort(), counters: [...CURRENT].sort() });
    await fill();
    await pruneSessions(db, NOW);
    expect((await remaining()).sessions).toEqual([...LIVE].sort());
    expect((await remaining()).counters).toEqual(Object.keys(COUNTERS).sort());
    await pruneRateLimits(db, NOW);
    expect((await remaining()).counters).toEqual([...CURRENT].sort());
  });

  it("keeps a session that still signs in and removes one that no longer does", async () => {
    expect(await actorFromToken(db, "token:live a millisecond more", NOW)).not.toBeNull();
    expect(await actorFromToken(db, "token:expires now", NOW)).toBeNull();
    await housekeep(db, NOW);
    expect(await actorFromToken(db, "token:live a millisecond more", NOW)).not.toBeNull();
    expect((await remaining()).sessions).not.toContain("expires now");
  });
});

// The one clock. The worker reads the time here and nowhere else: once per request (the request
// context, src/platform/http/context.ts) and once per scheduled run (src/index.ts); domain functions
// receive that moment as `now` (milliseconds since the epoch) and never look at the time themselves.
//
// In production the clock is the real time. In local mode and in tests, MINSHENG_NOW=<ISO 8601
// instant with its offset> sets it: `MINSHENG_NOW=2027-01-01T00:00:00+08:00 npm start` shows the app
// as it will be on that day. With MINSHENG_NOW_FROM (the real time, in ms, at which the launcher set
// it) the clock starts at MINSHENG_NOW and runs at the real pace from then on; without it the clock
// stands still at MINSHENG_NOW, which is what tests want.

export interface ClockEnv {
  ENVIRONMENT: string;
  MINSHENG_NOW?: string;
  MINSHENG_NOW_FROM?: string;
}

/** Only these environments may set the clock; a deployed worker always runs on the real time. */
const SETTABLE = new Set(["local", "test"]);

/**
 * "2027-01-01T00:00:00+08:00" → its instant in ms, or null. The date, the time and the offset (or
 * Z) are all required, so that an instant means the same on every machine, whatever its zone.
 */
export function parseInstant(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})$/.exec(
    text.trim(),
  );
  if (!m) return null;
  const [, y, mo, d, h, mi, s = "0", ms = "0", zone] = m;
  const local = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    Number(ms.padEnd(3, "0")),
  );
  const check = new Date(local);
  if (
    check.getUTCFullYear() !== Number(y) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  )
    return null;
  if (zone === "Z" || zone === undefined) return local;
  const sign = zone.startsWith("-") ? -1 : 1;
  const [oh, om] = [Number(zone.slice(1, 3)), Number(zone.slice(4, 6))];
  if (oh > 23 || om > 59) return null;
  return local - sign * (oh * 60 + om) * 60_000;
}

/**
 * The current moment for this environment. `real` is the real time; it is a parameter so that this
 * module is the only place that reads it.
 */
export function clockNow(env: ClockEnv, real: number = Date.now()): number {
  if (!SETTABLE.has(env.ENVIRONMENT) || !env.MINSHENG_NOW) return real;
  const set = parseInstant(env.MINSHENG_NOW);
  if (set === null)
    throw new Error(`MINSHENG_NOW is not an ISO 8601 instant with an offset: ${env.MINSHENG_NOW}`);
  const from = env.MINSHENG_NOW_FROM ? Number(env.MINSHENG_NOW_FROM) : Number.NaN;
  return Number.isFinite(from) ? set + Math.max(0, real - from) : set;
}

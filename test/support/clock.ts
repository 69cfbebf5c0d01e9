// The clock on the Node side of the tests and benchmarks, the same one the worker they start runs
// on (src/platform/lib/clock.ts): MINSHENG_NOW=<ISO 8601 instant> sets the moment, and from the moment it was
// set (MINSHENG_NOW_FROM, recorded once per process) the clock runs at the real pace. Without
// MINSHENG_NOW it is the real time.
import { clockNow, parseInstant } from "../../src/platform/lib/clock";

/** The clock variables to hand to a worker started now (wrangler dev `--var`), or none. */
export function clockVars(): Record<string, string> {
  const set = process.env.MINSHENG_NOW;
  if (!set) return {};
  if (parseInstant(set) === null)
    throw new Error(`MINSHENG_NOW must be an ISO 8601 instant with its offset, got "${set}"`);
  process.env.MINSHENG_NOW_FROM ??= String(Date.now());
  return { MINSHENG_NOW: set, MINSHENG_NOW_FROM: process.env.MINSHENG_NOW_FROM };
}

/** Now, as the worker started by this process sees it. */
export function nodeNow(): number {
  return clockNow({ ENVIRONMENT: "local", ...clockVars() });
}

/** The Beijing date `days` from now on that clock, as YYYY-MM-DD. */
export function beijingDate(days = 0): string {
  return new Date(nodeNow() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** The year of today's Beijing date on that clock. */
export function beijingYear(): number {
  return Number(beijingDate().slice(0, 4));
}

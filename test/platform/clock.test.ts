// The one clock (src/platform/lib/clock.ts) and the Beijing calendar (src/platform/lib/dates.ts) at their boundaries.
// Expected instants are written as Date.UTC(...) literals: a day in Beijing runs from 16:00 UTC of
// the day before to 15:59:59.999 UTC, so no expectation is computed by the code under test.
import { env } from "cloudflare:test";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { clockNow, parseInstant } from "../../src/platform/lib/clock";
import { addDays, dayEnd, dayStart, pastDateField, todayInChina } from "../../src/platform/lib/dates";
import { testNow } from "../worker/client";

const HOUR = 3600_000;

describe("parseInstant", () => {
  it("reads an instant with an offset, with Z, with seconds and milliseconds or without", () => {
    expect(parseInstant("2027-01-01T00:00:00+08:00")).toBe(Date.UTC(2026, 11, 31, 16, 0, 0));
    expect(parseInstant("2027-01-01T00:00+08:00")).toBe(Date.UTC(2026, 11, 31, 16, 0, 0));
    expect(parseInstant("2026-12-31T16:00:00Z")).toBe(Date.UTC(2026, 11, 31, 16, 0, 0));
    expect(parseInstant("2026-12-31T16:00:00.000Z")).toBe(Date.UTC(2026, 11, 31, 16, 0, 0));
    expect(parseInstant("2027-12-31T23:59:59.999+08:00")).toBe(Date.UTC(2027, 11, 31, 15, 59, 59, 999));
    // One or two digits of a fraction are tenths and hundredths, not milliseconds.
    expect(parseInstant("2027-06-01T12:00:00.5Z")).toBe(Date.UTC(2027, 5, 1, 12, 0, 0, 500));
    expect(parseInstant("2027-06-01T12:00:00.25Z")).toBe(Date.UTC(2027, 5, 1, 12, 0, 0, 250));
    // Negative and half-hour offsets.
    expect(parseInstant("2027-06-01T07:00:00-05:00")).toBe(Date.UTC(2027, 5, 1, 12, 0, 0));
    expect(parseInstant("2027-06-01T17:30:00+05:30")).toBe(Date.UTC(2027, 5, 1, 12, 0, 0));
    expect(parseInstant("2027-06-01T12:00:00+00:00")).toBe(Date.UTC(2027, 5, 1, 12, 0, 0));
    // Surrounding whitespace (as in an environment variable) is ignored.
    expect(parseInstant("  2027-06-01T12:00:00Z\n")).toBe(Date.UTC(2027, 5, 1, 12, 0, 0));
  });

  it("reads 29 February in a leap year, and the first and last minute of a year", () => {
    expect(parseInstant("2028-02-29T00:00:00+08:00")).toBe(Date.UTC(2028, 1, 28, 16, 0, 0));
    expect(parseInstant("2028-02-29T23:59:59.999+08:00")).toBe(Date.UTC(2028, 1, 29, 15, 59, 59, 999));
    expect(parseInstant("2090-12-31T23:59:00+08:00")).toBe(Date.UTC(2090, 11, 31, 15, 59, 0));
    expect(parseInstant("2091-01-01T00:00:00+08:00")).toBe(Date.UTC(2090, 11, 31, 16, 0, 0));
  });

  it("refuses an instant without its offset, so that it means the same on every machine", () => {
    expect(parseInstant("2027-01-01T00:00:00")).toBeNull();
    expect(parseInstant("2027-01-01T00:00")).toBeNull();
    expect(parseInstant("2027-01-01")).toBeNull();
  });

  it("refuses dates and times that do not exist", () => {
    expect(parseInstant("2027-02-29T12:00:00+08:00")).toBeNull();
    expect(parseInstant("2100-02-29T12:00:00+08:00")).toBeNull(); // not a leap year either
    expect(parseInstant("2027-04-31T12:00:00+08:00")).toBeNull();
    expect(parseInstant("2027-13-01T12:00:00+08:00")).toBeNull();
    expect(parseInstant("2027-00-10T12:00:00+08:00")).toBeNull();
    expect(parseInstant("2027-01-00T12:00:00+08:00")).toBeNull();
    expect(parseInstant("2027-12-31T24:00:00+08:00")).toBeNull();
    expect(parseInstant("2027-12-31T24:00+08:00")).toBeNull();
    expect(parseInstant("2027-12-31T23:60:00+08:00")).toBeNull();
    expect(parseInstant("2027-12-31T23:59:60+08:00")).toBeNull();
  });

  it("refuses offsets that do not exist", () => {
    expect(parseInstant("2027-06-01T12:00:00+08:60")).toBeNull();
    expect(parseInstant("2027-06-01T12:00:00+08:75")).toBeNull();
    expect(parseInstant("2027-06-01T12:00:00+24:00")).toBeNull();
    expect(parseInstant("2027-06-01T12:00:00-99:00")).toBeNull();
  });

  it("refuses garbage", () => {
    for (const text of [
      "",
      "now",
      "tomorrow",
      "1798761600000",
      "2027-01-01 00:00:00+08:00",
      "2027/01/01T00:00:00+08:00",
      "2027-1-1T00:00:00+08:00",
      "2027-01-01T0:00:00+08:00",
      "2027-01-01T00:00:00+0800",
      "2027-01-01T00:00:00+8",
      "2027-01-01T00:00:00 CST",
      "2027-01-01T00:00:00Z trailing",
      "Fri, 01 Jan 2027 00:00:00 GMT",
    ])
      expect(parseInstant(text), text).toBeNull();
  });
});

describe("clockNow", () => {
  const SET = "2090-12-31T23:59:00+08:00";
  const SET_MS = Date.UTC(2090, 11, 31, 15, 59, 0);
  const REAL = Date.UTC(2026, 5, 1, 4, 0, 0);

  it("is the real time in production, whatever MINSHENG_NOW says", () => {
    expect(clockNow({ ENVIRONMENT: "production", MINSHENG_NOW: SET }, REAL)).toBe(REAL);
    expect(
      clockNow({ ENVIRONMENT: "production", MINSHENG_NOW: SET, MINSHENG_NOW_FROM: String(REAL) }, REAL + 5),
    ).toBe(REAL + 5);
    // Not even a broken setting stops a deployed worker.
    expect(clockNow({ ENVIRONMENT: "production", MINSHENG_NOW: "garbage" }, REAL)).toBe(REAL);
    // Any environment but local and test is treated as deployed.
    expect(clockNow({ ENVIRONMENT: "staging", MINSHENG_NOW: SET }, REAL)).toBe(REAL);
    expect(clockNow({ ENVIRONMENT: "", MINSHENG_NOW: SET }, REAL)).toBe(REAL);
  });

  it("is the real time in local mode and tests when MINSHENG_NOW is not set", () => {
    expect(clockNow({ ENVIRONMENT: "local" }, REAL)).toBe(REAL);
    expect(clockNow({ ENVIRONMENT: "test", MINSHENG_NOW: "" }, REAL)).toBe(REAL);
    // Without the `real` argument: the real time itself.
    const before = Date.now();
    const now = clockNow({ ENVIRONMENT: "local" });
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it("stands still at MINSHENG_NOW without MINSHENG_NOW_FROM", () => {
    for (const ENVIRONMENT of ["local", "test"]) {
      expect(clockNow({ ENVIRONMENT, MINSHENG_NOW: SET }, REAL)).toBe(SET_MS);
      expect(clockNow({ ENVIRONMENT, MINSHENG_NOW: SET }, REAL + 86_400_000)).toBe(SET_MS);
      expect(clockNow({ ENVIRONMENT, MINSHENG_NOW: SET })).toBe(SET_MS);
    }
    // A MINSHENG_NOW_FROM that is not a number is ignored: the clock stands still.
    expect(clockNow({ ENVIRONMENT: "local", MINSHENG_NOW: SET, MINSHENG_NOW_FROM: "soon" }, REAL)).toBe(
      SET_MS,
    );
  });

  it("runs from MINSHENG_NOW at the real pace with MINSHENG_NOW_FROM", () => {
    const from = { ENVIRONMENT: "local", MINSHENG_NOW: SET, MINSHENG_NOW_FROM: String(REAL) };
    expect(clockNow(from, REAL)).toBe(SET_MS);
    expect(clockNow(from, REAL + 1)).toBe(SET_MS + 1);
    // A minute and a millisecond later it is the next day (and year) in Beijing.
    expect(clockNow(from, REAL + 60_000)).toBe(Date.UTC(2090, 11, 31, 16, 0, 0));
    expect(todayInChina(clockNow(from, REAL + 59_999))).toBe("2090-12-31");
    expect(todayInChina(clockNow(from, REAL + 60_000))).toBe("2091-01-01");
    // A real time before the setting (a clock adjusted backwards) never runs the clock back.
    expect(clockNow(from, REAL - 10_000)).toBe(SET_MS);
    // With the real time itself: the clock has run as long as the real time since FROM.
    const started = Date.now() - 90_000;
    const running = clockNow({ ENVIRONMENT: "local", MINSHENG_NOW: SET, MINSHENG_NOW_FROM: String(started) });
    expect(running - SET_MS).toBeGreaterThanOrEqual(90_000);
    expect(running - SET_MS).toBeLessThanOrEqual(Date.now() - started);
  });

  it("refuses a MINSHENG_NOW that is not an instant with an offset, where it would be used", () => {
    expect(() => clockNow({ ENVIRONMENT: "local", MINSHENG_NOW: "2090-12-31T23:59:00" }, REAL)).toThrow(
      /MINSHENG_NOW/,
    );
    expect(() => clockNow({ ENVIRONMENT: "test", MINSHENG_NOW: "2027-02-29T00:00:00+08:00" }, REAL)).toThrow(
      /MINSHENG_NOW/,
    );
  });

  it("stands still in these tests at the moment vitest.config.ts gave the worker", () => {
    expect(env.ENVIRONMENT).toBe("test");
    expect(env.MINSHENG_NOW_FROM).toBeUndefined();
    const set = parseInstant(env.MINSHENG_NOW ?? "");
    expect(set).not.toBeNull();
    expect(testNow()).toBe(set);
    expect(testNow()).toBe(testNow());
  });
});

describe("the Beijing calendar", () => {
  it("todayInChina turns at 16:00 UTC, not at midnight UTC", () => {
    expect(todayInChina(Date.UTC(2090, 11, 31, 15, 59, 0))).toBe("2090-12-31");
    expect(todayInChina(Date.UTC(2090, 11, 31, 15, 59, 59, 999))).toBe("2090-12-31");
    expect(todayInChina(Date.UTC(2090, 11, 31, 16, 0, 0))).toBe("2091-01-01");
    // UTC midnight of a day is 08:00 of that day in Beijing.
    expect(todayInChina(Date.UTC(2091, 0, 1, 0, 0, 0))).toBe("2091-01-01");
    expect(todayInChina(Date.UTC(2091, 0, 1, 15, 59, 59, 999))).toBe("2091-01-01");
    // 29 February 2028 exists; 2027 goes from 28 February to 1 March.
    expect(todayInChina(Date.UTC(2028, 1, 28, 15, 59, 59, 999))).toBe("2028-02-28");
    expect(todayInChina(Date.UTC(2028, 1, 28, 16, 0, 0))).toBe("2028-02-29");
    expect(todayInChina(Date.UTC(2028, 1, 29, 15, 59, 59, 999))).toBe("2028-02-29");
    expect(todayInChina(Date.UTC(2028, 1, 29, 16, 0, 0))).toBe("2028-03-01");
    expect(todayInChina(Date.UTC(2027, 1, 28, 16, 0, 0))).toBe("2027-03-01");
  });

  it("dayStart and dayEnd are the first and last millisecond of the day in Beijing", () => {
    expect(dayStart("2091-01-01")).toBe(Date.UTC(2090, 11, 31, 16, 0, 0));
    expect(dayEnd("2090-12-31")).toBe(Date.UTC(2090, 11, 31, 15, 59, 59, 999));
    expect(dayStart("2090-12-31")).toBe(Date.UTC(2090, 11, 30, 16, 0, 0));
    expect(dayStart("2028-02-29")).toBe(Date.UTC(2028, 1, 28, 16, 0, 0));
    expect(dayEnd("2028-02-29")).toBe(Date.UTC(2028, 1, 29, 15, 59, 59, 999));
    expect(dayStart("2028-03-01")).toBe(Date.UTC(2028, 1, 29, 16, 0, 0));
    expect(dayEnd("2027-02-28")).toBe(Date.UTC(2027, 1, 28, 15, 59, 59, 999));
    expect(dayStart("2027-03-01")).toBe(Date.UTC(2027, 1, 28, 16, 0, 0));
    // Consecutive days meet without a gap or an overlap, and each day is 24 hours (no DST in China).
    for (const [day, next] of [
      ["2090-12-31", "2091-01-01"],
      ["2028-02-28", "2028-02-29"],
      ["2028-02-29", "2028-03-01"],
      ["2027-02-28", "2027-03-01"],
    ] as const) {
      expect((dayEnd(day) as number) + 1).toBe(dayStart(next));
      expect((dayEnd(day) as number) - (dayStart(day) as number)).toBe(24 * HOUR - 1);
      expect(todayInChina(dayStart(day) as number)).toBe(day);
      expect(todayInChina(dayEnd(day) as number)).toBe(day);
      expect(todayInChina((dayEnd(day) as number) + 1)).toBe(next);
    }
  });

  it("dayStart and dayEnd refuse dates that do not exist or are not written YYYY-MM-DD", () => {
    for (const text of [
      "2027-02-29",
      "2100-02-29",
      "2027-04-31",
      "2027-13-01",
      "2027-00-01",
      "2027-01-00",
      "2027-1-1",
      "2027/01/01",
      "20270101",
      "2027-01-01T00:00",
      "",
    ]) {
      expect(dayStart(text), text).toBeNull();
      expect(dayEnd(text), text).toBeNull();
    }
  });

  it("addDays counts calendar days across month, leap-day and year ends", () => {
    expect(addDays("2090-12-31", 1)).toBe("2091-01-01");
    expect(addDays("2091-01-01", -1)).toBe("2090-12-31");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2028-02-29", 1)).toBe("2028-03-01");
    expect(addDays("2027-02-28", 1)).toBe("2027-03-01");
    expect(addDays("2028-02-15", 14)).toBe("2028-02-29");
    expect(addDays("2027-02-15", 14)).toBe("2027-03-01");
    expect(addDays("2028-01-01", 365)).toBe("2028-12-31"); // 2028 has 366 days
    expect(addDays("2027-01-01", 365)).toBe("2028-01-01");
  });

  it("pastDateField takes today in Beijing at the latest", () => {
    const ok = (date: string, now: number) => v.safeParse(pastDateField(now), date).success;
    const lastMs = Date.UTC(2090, 11, 31, 15, 59, 59, 999); // 2090-12-31 23:59:59.999 Beijing
    const firstMs = Date.UTC(2090, 11, 31, 16, 0, 0); // 2091-01-01 00:00 Beijing, UTC still 31 Dec
    expect(ok("2090-12-31", lastMs)).toBe(true);
    expect(ok("2091-01-01", lastMs)).toBe(false);
    expect(ok("2091-01-01", firstMs)).toBe(true);
    expect(ok("2091-01-02", firstMs)).toBe(false);
    expect(ok("2028-02-29", Date.UTC(2028, 1, 28, 15, 59, 59, 999))).toBe(false);
    expect(ok("2028-02-29", Date.UTC(2028, 1, 28, 16, 0, 0))).toBe(true);
    expect(ok("2027-02-29", Date.UTC(2027, 5, 1))).toBe(false);
    const res = v.safeParse(pastDateField(lastMs), "2091-01-01");
    expect(res.issues?.[0]?.message).toBe("field.sup.future");
    expect(v.safeParse(pastDateField(lastMs), "2027-02-29").issues?.[0]?.message).toBe("field.date");
  });
});

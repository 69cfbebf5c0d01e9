// Calendar dates as people in China mean them: a day runs from 00:00 to 24:00 Beijing time (UTC+8,
// no daylight saving), whatever the server's zone.
import * as v from "valibot";

const OFFSET_MS = 8 * 60 * 60_000;

/** "2026-09-01" → the first millisecond of that day in Beijing time, or null if not a real date. */
export function dayStart(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(ms);
  if (
    d.getUTCFullYear() !== Number(m[1]) ||
    d.getUTCMonth() !== Number(m[2]) - 1 ||
    d.getUTCDate() !== Number(m[3])
  ) {
    return null;
  }
  return ms - OFFSET_MS;
}

/** The last millisecond of that day in Beijing time. */
export function dayEnd(date: string): number | null {
  const start = dayStart(date);
  return start === null ? null : start + 24 * 60 * 60_000 - 1;
}

/** Today's date in Beijing time, as YYYY-MM-DD. */
export function todayInChina(now: number): string {
  return new Date(now + OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const start = dayStart(date) ?? 0;
  return new Date(start + OFFSET_MS + days * 24 * 60 * 60_000).toISOString().slice(0, 10);
}

export const dateField = v.pipe(
  v.string("field.required"),
  v.trim(),
  v.nonEmpty("field.required"),
  v.check((s) => dayStart(s) !== null, "field.date"),
);

/** A date that has happened by `now`: today (Beijing time) at the latest. */
export const pastDateField = (now: number, message = "field.sup.future") =>
  v.pipe(
    dateField,
    v.check((s) => s <= todayInChina(now), message),
  );

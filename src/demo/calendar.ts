// The demo's calendar: `demoPlan(now)` says which cycles the demo city has at the moment `now`, in
// which stage, and when everything in them happened. It is pure; ./seed.ts writes what it says.
//
// Most cycles follow the calendar of the practice. For the projects of year c: the notice is
// published on 25 July of c−1 (the cycle opens with it), proposals come in from 1 August to
// 15 September, screening runs to 30 November (the list is handed over at the end of that day),
// deliberation lasts until the session in January of c (day 8 + code % 10), where the vote opens at
// 10:00 and closes at 10:30. Then the year's projects: plans published on 10 February, progress
// reported on the 25th of each month, and the year-end 满意度测评 at the session of January c+1,
// after that session's project vote (12:00–12:30).
//
// Each township also holds one cycle placed around today, so that on every date each of the five
// stages is in progress somewhere: 柳林乡 collects, 红泉镇 screens, 松岭镇 deliberates and 乌兰苏木's
// session is today, its vote ready to open.
//
// Names: a field ending in `At` is a moment (ms) that has come (≤ now); one ending in `On` a day that
// has come (≤ today, Beijing time). Other dates (a notice's opens/closes, a session's day, a
// deadline) are the schedule and may lie ahead.
import type { Stage } from "../platform/cycle/stages";
import type {
  DemoPlan,
  Placed,
  PlannedCycle,
  PlannedVote,
  StoryProblem,
  Visit,
  YearStory,
} from "./plan-types";

export type { DemoPlan, PlannedCycle, PlannedVote, StoryProblem } from "./plan-types";

import { addDays, dayEnd, dayStart, todayInChina } from "../platform/lib/dates";

export const CITY = "159900";
export const QINGSHAN = "159921"; // 青山旗: the full story
export const BAIYUN = "159922"; // 白云旗: its year left for a browser test to walk
export const WULAN = "159921101"; // 乌兰苏木 (青山旗)
export const HONGQUAN = "159921102"; // 红泉镇 (青山旗)
export const LIULIN = "159922101"; // 柳林乡 (白云旗)
export const SONGLING = "159922102"; // 松岭镇 (白云旗)

/**
 * The townships' cycles placed around today: the stage each is in, and its dates in days from today
 * (the notice opens, closes, the list is handed over, the session).
 */
export const AROUND_TODAY = [
  [LIULIN, "collect", [-30, 30, null, null]],
  [HONGQUAN, "screen", [-55, -10, null, null]],
  [SONGLING, "deliberate", [-100, -55, -7, 7]],
  [WULAN, "vote", [-120, -75, -30, 0]],
] as const;

const HOUR = 3_600_000;
const NEVER = Number.POSITIVE_INFINITY;
const PROPOSALS = 30;
const OPINIONS = 20;

/** The moment `hours` after the start of a Beijing day. */
export const atHour = (date: string, hours: number): number => (dayStart(date) as number) + hours * HOUR;
const mm = (month: number) => String(month).padStart(2, "0");

/** The day of the annual session in January of `year` (the same day every year for a place). */
export function sessionDay(code: string, year: number): string {
  return `${year}-01-${mm(8 + (Number(code) % 10))}`;
}

/** The latest year whose projects were voted at a session that has closed by `now`. */
export function latestVotedYear(code: string, now: number): number {
  const year = Number(todayInChina(now).slice(0, 4));
  return now >= atHour(sessionDay(code, year), 10.5) ? year : year - 1;
}

/** The schedule of a cycle, whether or not each step has come. */
interface Schedule {
  code: string;
  year: number;
  placed: Placed;
  openedAt: number;
  opens: string;
  closes: string;
  /** Proposals come in evenly over each wave. */
  waves: { count: number; from: number; to: number }[];
  screening: { from: number; to: number };
  handedAt: number;
  session: string | null;
  presence: { at: number; share: number };
  voting: { opens: number; closes: number };
}

/** `n` moments spread evenly over [from, to), and only those that have come. */
function spread(n: number, from: number, to: number, now: number): number[] {
  if (from > now) return [];
  return Array.from({ length: n }, (_, i) => Math.floor(from + ((i + 0.5) / n) * (to - from))).filter(
    (t) => t <= now,
  );
}

/** The cycle for the projects of `year`, on the practice's calendar. */
function onCalendar(code: string, year: number): Schedule {
  const y = year - 1;
  const session = sessionDay(code, year);
  return {
    code,
    year,
    placed: "calendar",
    openedAt: atHour(`${y}-07-25`, 9),
    opens: `${y}-08-01`,
    closes: `${y}-09-15`,
    waves: [{ count: PROPOSALS, from: dayStart(`${y}-08-01`) as number, to: dayEnd(`${y}-09-15`) as number }],
    screening: { from: atHour(`${y}-09-16`, 9), to: atHour(`${y}-11-30`, 12) },
    handedAt: dayEnd(`${y}-11-30`) as number,
    session,
    presence: { at: atHour(session, 8.5), share: 0.95 },
    voting: { opens: atHour(session, 10), closes: atHour(session, 10.5) },
  };
}

/**
 * A cycle placed around today, its dates in days from today. What waits for people never happens
 * by itself: the collection is not closed, the screening not finished, the vote not opened.
 */
function aroundToday(
  code: string,
  year: number,
  days: readonly [opens: number, closes: number, handed: number | null, session: number | null],
  now: number,
): Schedule {
  const today = todayInChina(now);
  const day = (n: number) => addDays(today, n);
  const [opens, closes, handed, session] = days;
  const opensAt = dayStart(day(opens)) as number;
  const screenFrom = atHour(day(closes + 1), 9);
  const handedAt = handed === null ? NEVER : atHour(day(handed), 16);
  return {
    code,
    year,
    placed: "today",
    openedAt: atHour(day(opens - 3), 9),
    opens: day(opens),
    closes: day(closes),
    // A collection still open has proposals from today too.
    waves:
      closes >= 0
        ? [
            { count: 20, from: opensAt, to: dayStart(today) as number },
            { count: 4, from: dayStart(today) as number, to: now },
          ]
        : [{ count: PROPOSALS, from: opensAt, to: dayEnd(day(closes)) as number }],
    // Screening still under way is about half done.
    screening: { from: screenFrom, to: handed === null ? 2 * now - screenFrom : handedAt - 4 * HOUR },
    handedAt,
    session: session === null ? null : day(session),
    presence: { at: session === null ? NEVER : (dayStart(day(session)) as number), share: 0.8 },
    voting: { opens: NEVER, closes: NEVER },
  };
}

/** What of a schedule has happened by `now`: the stage moves, proposals, decisions, opinions, votes. */
function realise(s: Schedule, now: number, votes: PlannedVote[] = []): PlannedCycle {
  const steps: [Stage, number][] = [
    ["collect", s.openedAt],
    ["screen", dayStart(addDays(s.closes, 1)) as number],
    ["deliberate", s.handedAt],
    ["vote", s.session === null ? NEVER : (dayStart(s.session) as number)],
    ["supervise", s.voting.closes],
  ];
  const moves: PlannedCycle["moves"] = [];
  for (const [stage, at] of steps) {
    if (at > now) break;
    moves.push({ stage, at });
  }
  const proposals = s.waves.reduce((n, w) => n + w.count, 0);
  const handedAt = s.handedAt <= now ? s.handedAt : null;
  // Staff enter the session's meeting the day after the hand-over, and the vote the day after.
  const meetingAt = meetingAfter(s.handedAt);
  const project =
    s.session === null || meetingAt > now
      ? []
      : [
          vote("project", s.session, now, {
            meetingAt,
            createdAt: meetingAt + 24 * HOUR,
            presence: s.presence,
            ...s.voting,
          }),
        ];
  return {
    code: s.code,
    year: s.year,
    placed: s.placed,
    stage: moves[moves.length - 1]?.stage ?? "collect",
    moves,
    notice: { publishedAt: s.openedAt, opens: s.opens, closes: s.closes },
    proposalsAt: s.waves.flatMap((w) => spread(w.count, w.from, w.to, now)),
    decidedAt: spread(proposals, s.screening.from, s.screening.to, now),
    handedAt,
    opinionsAt:
      handedAt === null || s.session === null
        ? []
        : spread(OPINIONS, handedAt, dayStart(s.session) as number, now),
    votes: [...project, ...votes],
    plansAt: null,
    reportsAt: [],
    story: null,
    carriedOn: null,
  };
}

const meetingAfter = (handedAt: number) =>
  handedAt === NEVER ? NEVER : atHour(addDays(todayInChina(handedAt), 1), 10);

/** A session's vote as far as it has gone by `now`; the presidium freezes it on the eve at 16:00. */
function vote(
  kind: PlannedVote["kind"],
  day: string,
  now: number,
  t: {
    meetingAt: number;
    createdAt: number;
    presence: { at: number; share: number };
    opens: number;
    closes: number;
  },
): PlannedVote {
  const come = (at: number) => (at <= now ? at : null);
  const frozenAt = come(atHour(addDays(day, -1), 16));
  const [createdAt, openedAt, closedAt] = [come(t.createdAt), come(t.opens), come(t.closes)];
  const present = t.presence.at <= now ? t.presence.share : 0;
  return {
    kind,
    day,
    meetingAt: t.meetingAt,
    createdAt,
    frozenAt,
    openedAt,
    closedAt,
    status: closedAt ? "closed" : openedAt ? "open" : frozenAt ? "frozen" : createdAt ? "draft" : null,
    present,
    voted: closedAt ? present : openedAt ? (present * (now - t.opens)) / (t.closes - t.opens) : 0,
    rectifiedOn: null,
  };
}

/** Report rounds of `year` on the 25th of the given months, those that have come. */
function reports(year: number, months: number[], now: number): number[] {
  return months.map((m) => atHour(`${year}-${mm(m)}-25`, 16)).filter((t) => t <= now);
}

/** 青山旗's current year as it stands at `now`. */
function yearStory(y: number, now: number): YearStory {
  const come = (date: string, hour: number) => (atHour(date, hour) <= now ? atHour(date, hour) : null);
  const problem = (
    foundOn: string,
    hour: number,
    deadline: string,
    rectifiedOn: string | null,
    closedOn: string | null,
  ): StoryProblem | null => {
    const foundAt = come(foundOn, hour);
    if (foundAt === null) return null;
    const rectified = rectifiedOn !== null && come(rectifiedOn, 16) !== null;
    const closedAt = closedOn === null ? null : come(closedOn, 15);
    const status = closedAt ? "closed" : rectified ? "rectifying" : "open";
    return { foundOn, foundAt, deadline, status, rectifiedOn: rectified ? rectifiedOn : null, closedAt };
  };
  const visit = (on: string, unannounced: boolean, p: () => StoryProblem | null): Visit | null => {
    const at = come(on, 17);
    return at === null ? null : { on, at, unannounced, problem: p() };
  };
  const postponedAt = come(`${y}-08-28`, 16);
  return {
    groupsAt: come(`${y}-02-20`, 10),
    // Found, rectified within its 45 days, verified and closed.
    visit: visit(`${y}-06-18`, false, () =>
      problem(`${y}-06-18`, 18, `${y}-08-02`, `${y}-07-20`, `${y}-07-28`),
    ),
    // Rectified; staff have still to verify it (due after the year).
    secretVisit: visit(`${y}-09-10`, true, () =>
      problem(`${y}-09-10`, 18, `${y + 1}-01-15`, `${y}-10-28`, null),
    ),
    // Seen in the May report; nothing done by its deadline.
    lagging: problem(`${y}-06-05`, 11, `${y}-07-15`, null, null),
    postponedOn: postponedAt ? `${y}-08-28` : null,
    postponedAt,
    behindFrom: `${y}-06-01`,
    moneyBehindMonth: 8,
  };
}

/**
 * A cycle of `code` for `year` placed around today in `stage`, exactly as the township holding that
 * stage has it (AROUND_TODAY): for tests that need, for example, a collection open now in 青山旗.
 */
export function cycleAroundToday(
  code: string,
  year: number,
  stage: (typeof AROUND_TODAY)[number][1],
  now: number,
): PlannedCycle {
  const days = AROUND_TODAY.find(([, s]) => s === stage)?.[2] ?? AROUND_TODAY[0][2];
  return realise(aroundToday(code, year, days, now), now);
}

/** Which cycles the demo city has at `now`, in which stage, and what has happened in each. */
export function demoPlan(now: number): DemoPlan {
  const cycles: PlannedCycle[] = [];
  const months = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  for (const code of [QINGSHAN, BAIYUN]) {
    const L = latestVotedYear(code, now);
    if (code === QINGSHAN) {
      // The year before: done, one project carried over, assessed at the session of L.
      const s = sessionDay(code, L);
      const assessment = vote("assessment", s, now, {
        meetingAt: meetingAfter(onCalendar(code, L).handedAt),
        createdAt: atHour(addDays(s, -7), 10),
        presence: onCalendar(code, L).presence,
        opens: atHour(s, 12),
        closes: atHour(s, 12.5),
      });
      const rectified = atHour(`${L}-03-28`, 16);
      if (assessment.status === "closed" && rectified <= now) assessment.rectifiedOn = `${L}-03-28`;
      cycles.push({
        ...realise(onCalendar(code, L - 1), now, [assessment]),
        plansAt: atHour(`${L - 1}-02-10`, 9),
        reportsAt: reports(L - 1, [2, 4, 6, 8, 10, 11], now),
        carriedOn: `${L - 1}-11-26`,
      });
    }
    const plansAt = atHour(`${L}-02-10`, 9);
    const current = realise(onCalendar(code, L), now);
    cycles.push(
      code === QINGSHAN
        ? {
            ...current,
            plansAt: plansAt <= now ? plansAt : null,
            reportsAt: reports(L, months(2, 12), now),
            story: yearStory(L, now),
          }
        : current,
    );
    const next = onCalendar(code, L + 1);
    if (next.openedAt <= now) cycles.push(realise(next, now));
  }
  for (const [code, , days] of AROUND_TODAY) {
    const L = latestVotedYear(code, now);
    const plansAt = atHour(`${L}-02-10`, 9);
    const reported = code === WULAN || code === HONGQUAN;
    cycles.push({
      ...realise(onCalendar(code, L), now),
      plansAt: reported && plansAt <= now ? plansAt : null,
      reportsAt: reported ? reports(L, [3, 6, 9, 12], now) : [],
    });
    let year = L + 1;
    while (cycles.some((c) => c.code === code && c.year === year)) year++;
    cycles.push(realise(aroundToday(code, year, days, now), now));
  }
  return { now, today: todayInChina(now), cycles };
}

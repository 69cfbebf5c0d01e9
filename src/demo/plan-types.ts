// The shape of the demo's plan (./calendar.ts makes it, ./seed.ts writes it): cycles, votes, stories.
import type { Stage } from "../platform/cycle/stages";

export type Placed = "calendar" | "today";
type VoteStatus = "draft" | "frozen" | "open" | "closed";

/** A session's vote (the project vote, or the year-end assessment of the cycle's projects). */
export interface PlannedVote {
  kind: "project" | "assessment";
  /** The session's day (schedule). */
  day: string;
  /** The meeting (会议) of the session entered by staff. */
  meetingAt: number;
  /** The vote: created (draft), frozen by the presidium, opened, closed; null until it happens. */
  createdAt: number | null;
  frozenAt: number | null;
  openedAt: number | null;
  closedAt: number | null;
  status: VoteStatus | null;
  /** Shares of the serving deputies checked in and having voted (a prefix of those present). */
  present: number;
  voted: number;
  /** Assessment: the day the unit reported the rectification of the project graded 不满意. */
  rectifiedOn: string | null;
}

export interface StoryProblem {
  foundOn: string;
  foundAt: number;
  deadline: string;
  status: "open" | "rectifying" | "closed";
  rectifiedOn: string | null;
  closedAt: number | null;
}

export interface Visit {
  on: string;
  at: number;
  unannounced: boolean;
  /** What the visit found, once recorded. */
  problem: StoryProblem | null;
}

/**
 * 青山旗's current year (by index on its list of projects, see ./supervision.ts): index 0 is left
 * alone; 2 is ahead and visited, 3 falls behind, 4 is finished early and visited unannounced,
 * 7 has money far behind, 9 is postponed. Null: not yet.
 */
export interface YearStory {
  /** Supervision groups set up (the demo deputy leads one and sits in another). */
  groupsAt: number | null;
  visit: Visit | null;
  secretVisit: Visit | null;
  /** The problem the reports showed on the project behind its milestones. */
  lagging: StoryProblem | null;
  postponedOn: string | null;
  postponedAt: number | null;
  /** From this day the project behind has a milestone overdue (schedule). */
  behindFrom: string;
  /** From this month's report on, one project's money is far behind its progress. */
  moneyBehindMonth: number;
}

export interface PlannedCycle {
  code: string;
  year: number;
  placed: Placed;
  stage: Stage;
  /** The cycle's opening (collect) and every stage move since, in order. */
  moves: { stage: Stage; at: number }[];
  notice: { publishedAt: number; opens: string; closes: string };
  /** When each proposal received so far came in; all of them once collection has closed. */
  proposalsAt: number[];
  /** The screening decisions so far, one per proposal in the order they came in. */
  decidedAt: number[];
  handedAt: number | null;
  /** Deputies' opinions on the candidates so far. */
  opinionsAt: number[];
  votes: PlannedVote[];
  /** Stage 5: plans published, progress reports filed (one moment per report round). */
  plansAt: number | null;
  reportsAt: number[];
  story: YearStory | null;
  /** A finished year: the day one project was carried over (结转) to the next year by decision. */
  carriedOn: string | null;
}

export interface DemoPlan {
  now: number;
  today: string;
  cycles: PlannedCycle[];
}

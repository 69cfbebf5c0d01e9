// The annual cycle as data plus one pure transition function. Every route that moves a cycle
// calls `checkAdvance`; nothing else changes a cycle's stage.
import type { Role } from "../auth/actor";

/** The five stages of DOMAIN.md, in order. */
export const STAGES = ["collect", "screen", "deliberate", "vote", "supervise"] as const;
export type Stage = (typeof STAGES)[number];

export function isStage(s: string): s is Stage {
  return (STAGES as readonly string[]).includes(s);
}

export function stageIndex(s: Stage): number {
  return STAGES.indexOf(s);
}

export function nextStage(s: Stage): Stage | null {
  return STAGES[stageIndex(s) + 1] ?? null;
}

/**
 * Facts about a cycle that exit conditions depend on, gathered from the database by the caller.
 * Later stages add their facts here (proposals screened, list handed over, vote closed, ...).
 */
export interface CycleFacts {
  /** The deputy roster of the jurisdiction has at least one active deputy. */
  activeDeputies: number;
  /** The collection notice was published and its closing date has passed. */
  collectionClosed: boolean;
  /** The candidate list is (being) handed over to the congress: the only way out of 筛选移交. */
  handedOver: boolean;
  /** Votes whose list and rules the presidium has frozen (frozen, open or closed). */
  votesFrozen: number;
  /** Votes open right now. */
  votesOpen: number;
  /** Votes closed, with a result. */
  votesClosed: number;
}

/** Who may move a cycle out of each stage (the stage it leaves). */
const MOVERS: Record<Exclude<Stage, "supervise">, readonly Role[]> = {
  // The government closes collection and starts screening.
  collect: ["gov"],
  // Hand-over (移交): the government hands the candidate list to the congress.
  screen: ["gov"],
  // Congress staff, for the presidium, open the vote stage once deliberation is done.
  deliberate: ["staff"],
  // Congress staff, for the presidium, record that the vote is over and supervision starts.
  vote: ["staff"],
};

/** Exit conditions per stage: each returns an i18n reason key when it fails, or null. */
const EXIT_CONDITIONS: Record<Exclude<Stage, "supervise">, ((f: CycleFacts) => string | null)[]> = {
  collect: [(f) => (f.collectionClosed ? null : "stage.reason.collection_open")],
  screen: [(f) => (f.handedOver ? null : "stage.reason.use_handover")],
  deliberate: [
    (f) => (f.activeDeputies > 0 ? null : "stage.reason.no_roster"),
    (f) => (f.votesFrozen > 0 ? null : "stage.reason.no_frozen_vote"),
  ],
  vote: [
    (f) => (f.votesOpen === 0 ? null : "stage.reason.vote_open"),
    (f) => (f.votesClosed > 0 ? null : "stage.reason.no_closed_vote"),
  ],
};

export type AdvanceCheck =
  | { ok: true; to: Stage }
  | { ok: false; code: "forbidden" | "illegal_transition"; reason: string };

/**
 * Decides whether `role` may move a cycle from `from` to `to`. Only the next stage is ever legal:
 * no skipping, no going back, nothing after the last stage.
 */
export function checkAdvance(from: Stage, to: Stage, role: Role, facts: CycleFacts): AdvanceCheck {
  const next = nextStage(from);
  if (next === null) return { ok: false, code: "illegal_transition", reason: "stage.reason.last" };
  if (to !== next) return { ok: false, code: "illegal_transition", reason: "stage.reason.not_next" };
  const leaving = from as Exclude<Stage, "supervise">;
  if (!MOVERS[leaving].includes(role)) return { ok: false, code: "forbidden", reason: "stage.reason.role" };
  for (const cond of EXIT_CONDITIONS[leaving]) {
    const reason = cond(facts);
    if (reason) return { ok: false, code: "illegal_transition", reason };
  }
  return { ok: true, to: next };
}

/** The roles that may move a cycle out of `stage` (for showing the button to the right people). */
export function moversOf(stage: Stage): readonly Role[] {
  return stage === "supervise" ? [] : MOVERS[stage];
}

// The role matrix: which role may do what, in one table. Reading is allowed in the actor's own
// jurisdiction and, for subtree roles (city, admin), below it; writing only in the actor's own.
// Another jurisdiction's data answers "not found", a visible one the role may not touch "forbidden".

import { and, eq } from "drizzle-orm";
import { getJurisdiction } from "../cycle/jurisdictions";
import type { Db } from "../data/db";
import { type Cycle, type Jurisdiction, supervisionMembers } from "../data/schema";
import { AppError } from "../http/errors";
import { type Actor, canSeeJurisdiction, type Role } from "./actor";

const PERMISSIONS = {
  "roster.read": ["staff", "admin", "city"],
  "roster.write": ["staff"],
  "credential.manage": ["staff"],
  "audit.read": ["staff", "admin", "city"],
  "cycle.create": ["gov", "staff"],
  "cycle.advance": ["gov", "staff"],
  "notice.edit": ["gov"],
  "proposal.screen": ["gov"],
  /** The proposer's name and phone, and proposals not yet public. */
  "proposal.private": ["gov"],
  "candidate.edit": ["gov"],
  "handover.return": ["staff"],
  "plan.edit": ["gov"],
  /** Progress reports (src/features/projects/reports.ts): the responsible unit, on its own projects only (`assertOwnProject`). */
  "progress.report": ["unit"],
  /** Which projects are behind: for the people who supervise them. */
  "project.flags": ["gov", "staff", "city", "admin"],
  /** Meetings, attendance, votes: congress staff acting for the presidium. */
  "vote.manage": ["staff"],
  /** Supervision (src/features/supervision/): a project's group, inspections, problems and changes. */
  "supervision.read": ["staff", "gov", "unit", "deputy", "city", "admin"],
  /** The cycle's supervision overview and the half-year report. */
  "supervision.overview": ["staff", "gov", "city", "admin"],
  /** Groups, problems (create, close, send back), change decisions: congress staff. */
  "supervision.manage": ["staff"],
  /** Inspections and the problems found: staff, or deputies of the project's group (`assertRecorderOf`). */
  "supervision.record": ["staff", "deputy"],
  /** Rectification of a problem: the responsible unit (its own projects) or the government (`assertRectifierOf`). */
  "problem.rectify": ["unit", "gov"],
  /** Accounts and jurisdictions: administrators, anywhere in their subtree. */
  "admin.manage": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Writes allowed only in the actor's own jurisdiction (admin.manage reaches the whole subtree). */
const WRITES: ReadonlySet<Permission> = new Set([
  "roster.write",
  "credential.manage",
  "cycle.create",
  "cycle.advance",
  "notice.edit",
  "proposal.screen",
  "proposal.private",
  "candidate.edit",
  "handover.return",
  "vote.manage",
  "plan.edit",
  "progress.report",
  "supervision.manage",
  "supervision.record",
  "problem.rectify",
]);

export function can(
  actor: Actor | null,
  jurisdiction: Pick<Jurisdiction, "code" | "path">,
  permission: Permission,
): boolean {
  if (!actor || !canSeeJurisdiction(actor, jurisdiction)) return false;
  if (!(PERMISSIONS[permission] as readonly Role[]).includes(actor.role)) return false;
  return !WRITES.has(permission) || actor.jurisdictionCode === jurisdiction.code;
}

declare const GRANTED: unique symbol;

/**
 * Proof that `requireAccess` checked one permission for one actor on one jurisdiction. Only this
 * module makes grants, so a domain writer that takes one cannot be reached without its check; the
 * writer then calls `authorize` for the object it touches.
 */
export interface Grant<P extends Permission = Permission> {
  readonly actor: Actor;
  readonly jurisdiction: Jurisdiction;
  readonly permission: P;
  readonly [GRANTED]: true;
}

/** Grants this isolate issued: a look-alike object built elsewhere is refused at run time too. */
const issued = new WeakSet<object>();

function issue<P extends Permission>(actor: Actor, jurisdiction: Jurisdiction, permission: P): Grant<P> {
  const grant = Object.freeze({ actor, jurisdiction, permission }) as Grant<P>;
  issued.add(grant);
  return grant;
}

/** Loads a jurisdiction and checks that the actor may act on it; throws the right error otherwise. */
export async function requireAccess<P extends Permission>(
  db: Db,
  actor: Actor | null,
  code: string,
  permission: P,
): Promise<Grant<P>> {
  const jurisdiction = await getJurisdiction(db, code);
  if (!actor) throw new AppError("unauthenticated");
  if (!canSeeJurisdiction(actor, jurisdiction)) throw new AppError("not_found");
  if (!can(actor, jurisdiction, permission)) throw new AppError("forbidden");
  return issue(actor, jurisdiction, permission);
}

/**
 * A domain writer's first line: the grant is one `requireAccess` issued, for one of `permissions`,
 * and the jurisdiction it was issued for is the one the written object belongs to. Returns the actor.
 */
export function authorize<P extends Permission>(
  grant: Grant<P>,
  permissions: P | readonly P[],
  target: { jurisdictionCode: string },
): Actor {
  const allowed: readonly Permission[] = Array.isArray(permissions) ? permissions : [permissions];
  if (!issued.has(grant) || !allowed.includes(grant.permission)) throw new AppError("forbidden");
  if (grant.jurisdiction.code !== target.jurisdictionCode) throw new AppError("not_found");
  return grant.actor;
}

// ---- Stage 5 (projects, supervision and changes) --------------------------------------------------

/** Whether the actor is the project's responsible unit (as its plan names it) in the cycle's jurisdiction. */
export function ownsProject(actor: Actor, cycle: Cycle, project: { responsibleUnit: string }): boolean {
  return (
    actor.kind === "user" &&
    actor.role === "unit" &&
    actor.jurisdictionCode === cycle.jurisdictionCode &&
    actor.unitName === project.responsibleUnit
  );
}

/** A unit acts on its own projects only: to it (and to any other role) another's project is not found. */
export function assertOwnProject(actor: Actor, cycle: Cycle, project: { responsibleUnit: string }): void {
  if (!ownsProject(actor, cycle, project)) throw new AppError("not_found");
}

/** Supervision happens once the year's projects are decided: in the 监督评估 stage. */
export function assertSupervising(cycle: Cycle) {
  if (cycle.stage !== "supervise") throw new AppError("illegal_transition", { reason: "sup.reason.stage" });
}

/** Congress staff of the cycle's own jurisdiction (the pages check the role matrix first). */
export function isStaffOf(actor: Actor, cycle: Cycle): boolean {
  return actor.kind === "user" && actor.role === "staff" && actor.jurisdictionCode === cycle.jurisdictionCode;
}

// The object-level rules behind the supervision grants: a writer calls `authorize` first, then the
// rule for the object it touches. Each `is…` answers for showing a form; its `assert…` throws the
// error the writer answers with.

/** Staff of the cycle's jurisdiction, or a deputy of the project's supervision group there. */
export async function isRecorderOf(db: Db, actor: Actor | null, cycle: Cycle, candidateId: number) {
  if (!actor || actor.jurisdictionCode !== cycle.jurisdictionCode) return false;
  if (actor.kind === "user") return actor.role === "staff";
  const [row] = await db
    .select({ id: supervisionMembers.deputyId })
    .from(supervisionMembers)
    .where(and(eq(supervisionMembers.candidateId, candidateId), eq(supervisionMembers.deputyId, actor.id)));
  return Boolean(row);
}

/** Behind a `supervision.record` grant: a deputy records only on the projects of their own groups. */
export async function assertRecorderOf(db: Db, actor: Actor, cycle: Cycle, candidateId: number) {
  if (await isRecorderOf(db, actor, cycle, candidateId)) return;
  const here = actor.jurisdictionCode === cycle.jurisdictionCode;
  if (here && actor.kind === "deputy") throw new AppError("forbidden", { reason: "sup.reason.not_member" });
  throw new AppError(here ? "forbidden" : "not_found");
}

/** The government of the cycle's jurisdiction, or the unit responsible for the project. */
export function isRectifierOf(actor: Actor | null, cycle: Cycle, project: { responsibleUnit: string }) {
  if (!actor) return false;
  if (actor.kind === "user" && actor.role === "gov" && actor.jurisdictionCode === cycle.jurisdictionCode)
    return true;
  return ownsProject(actor, cycle, project);
}

/** Behind a `problem.rectify` grant: another unit's project is "not found" to a unit. */
export function assertRectifierOf(actor: Actor, cycle: Cycle, project: { responsibleUnit: string }) {
  if (isRectifierOf(actor, cycle, project)) return;
  const unit = actor.kind === "user" && actor.role === "unit";
  throw new AppError(actor.jurisdictionCode === cycle.jurisdictionCode && !unit ? "forbidden" : "not_found");
}

// Who is acting, and what each role may see. Every route asks these functions; none decides alone.

export const STAFF_ROLES = ["admin", "staff", "gov", "unit", "city"] as const;
type StaffRole = (typeof STAFF_ROLES)[number];
export type Role = StaffRole | "deputy";

interface ActorBase {
  id: number;
  name: string;
  jurisdictionCode: string;
  /** Materialised path of the actor's jurisdiction, e.g. "/159900/159921/". */
  jurisdictionPath: string;
}

export interface UserActor extends ActorBase {
  kind: "user";
  role: StaffRole;
  unitName: string | null;
}

export interface DeputyActor extends ActorBase {
  kind: "deputy";
  role: "deputy";
  term: number;
  delegation: string;
}

export type Actor = UserActor | DeputyActor;

/** Roles that see the whole subtree below their jurisdiction; every other role sees its own only. */
const SUBTREE_ROLES: ReadonlySet<Role> = new Set(["city", "admin"]);

/**
 * Whether the actor may see a jurisdiction's non-public data at all. Callers answer
 * "not found" (never "forbidden") when this is false, so another jurisdiction's data stays invisible.
 */
export function canSeeJurisdiction(actor: Actor | null, target: { code: string; path: string }): boolean {
  if (!actor) return false;
  if (actor.jurisdictionCode === target.code) return true;
  return SUBTREE_ROLES.has(actor.role) && target.path.startsWith(actor.jurisdictionPath);
}

export function actorLabel(actor: Actor | null): string {
  if (!actor) return "public";
  return `${actor.kind}:${actor.id}`;
}

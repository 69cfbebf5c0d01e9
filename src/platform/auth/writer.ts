// The frame every domain writer shares, written once: the grant is checked for the jurisdiction the
// writer acts in (`authorize`), then the input is parsed, then the writer's own body runs with what
// it works with (the actor, the time, the audit entries of its changes). The function `writer`
// returns keeps the writer's signature, (db, grant, cycle, ...targets, input, now, options?), so its
// callers do not change: they hand over the grant, the body never sees an unchecked one.
import type * as v from "valibot";
import type { AuditInput } from "../audit/audit";
import type { Db } from "../data/db";
import type { Cycle } from "../data/schema";
import { parse } from "../lib/validate";
import type { Actor } from "./actor";
import { authorize, type Grant, type Permission } from "./permissions";

/** A writer's input schema, or a function of the time giving one (for dates no later than today). */
type InputSchema = v.GenericSchema | ((now: number) => v.GenericSchema);

type Parsed<S extends InputSchema> = S extends v.GenericSchema
  ? v.InferOutput<S>
  : S extends (now: number) => v.GenericSchema
    ? v.InferOutput<ReturnType<S>>
    : never;

/** What follows the targets (and the input): the time, then the writer's options if it takes any. */
type Tail<O> = [O] extends [never] ? [now: number] : [now: number, options?: O];

/** What a writer's body works with once its grant is checked. */
export interface Acting<P extends Permission = Permission, O = never> {
  readonly db: Db;
  /** The checked grant, for a body that hands part of its work to another writer. */
  readonly grant: Grant<P>;
  readonly actor: Actor;
  readonly now: number;
  /** The options the caller passed after `now`, if any. */
  readonly options: O | undefined;
}

/** What the body of a writer in a cycle works with: `Acting`, the cycle, and its audit entries. */
export interface Writing<P extends Permission = Permission, O = never> extends Acting<P, O> {
  readonly cycle: Cycle;
  /** The audit entry of what the body writes: in the cycle's jurisdiction, by the actor, now. */
  readonly auditEntry: (action: string, target: string, detail?: Record<string, unknown>) => AuditInput;
}

/** What a helper of a writer's body needs of its frame: the database, the cycle, the time, the audit. */
export type Frame = Pick<Writing, "db" | "cycle" | "now" | "auditEntry">;

type Body = (w: never, ...args: never[]) => Promise<unknown>;

/**
 * The arguments after the cycle: [...targets, input?, now, options?]. `now` is a number and options
 * never are (see `Tail`), so the last argument tells whether the caller passed options.
 */
function split(args: unknown[], withInput: boolean) {
  const end = typeof args.at(-1) === "number" ? args.length : args.length - 1;
  const first = end - (withInput ? 2 : 1);
  return {
    targets: args.slice(0, first),
    input: args[first],
    now: args[end - 1] as number,
    options: args[end],
  };
}

/** `Writing.auditEntry` for a writer in `cycle`. */
function entries(cycle: Cycle, actor: Actor, now: number): Writing["auditEntry"] {
  return (action, target, detail) => ({
    jurisdictionCode: cycle.jurisdictionCode,
    at: now,
    actor,
    action,
    target,
    detail,
  });
}

/** The frame itself: in a cycle, the grant must be issued for its jurisdiction; else for the actor's own. */
function frame(permission: Permission, rest: [InputSchema, Body] | [Body], inCycle: boolean) {
  const [schema, body] = rest.length === 2 ? rest : [null, rest[0]];
  const run = body as (w: object, ...args: unknown[]) => Promise<unknown>;
  return async (db: Db, grant: Grant, ...all: unknown[]) => {
    const cycle = inCycle ? (all.shift() as Cycle) : null;
    const actor = authorize(
      grant,
      permission,
      inCycle ? (cycle as Cycle) : { jurisdictionCode: grant.actor.jurisdictionCode },
    );
    const { targets, input, now, options } = split(all, schema !== null);
    const w = {
      db,
      grant,
      actor,
      now,
      options,
      ...(cycle ? { cycle, auditEntry: entries(cycle, actor, now) } : {}),
    };
    if (!schema) return run(w, ...targets);
    return run(w, parse(typeof schema === "function" ? schema(now) : schema, input), ...targets);
  };
}

/**
 * A writer in a cycle, behind a grant of `permission` issued for the cycle's jurisdiction:
 * `(db, grant, cycle, ...targets, input, now, options?) => body(w, parsed input, ...targets)`.
 * The grant is checked first, then the input parsed (invalid_input), then the body runs. The
 * targets are what the body takes after the input (a project's id, a vote); options, the
 * writer's optional last argument, arrive as `w.options` (declare them with `Writing<P, O>`).
 */
export function writer<P extends Permission, S extends InputSchema, T extends unknown[], R, O = never>(
  permission: P,
  schema: S,
  body: (w: Writing<P, O>, input: Parsed<S>, ...targets: T) => Promise<R>,
): (db: Db, grant: Grant<P>, cycle: Cycle, ...args: [...T, input: unknown, ...Tail<O>]) => Promise<R>;
/** A writer in a cycle that reads no form (or parses it itself, after checks that come first). */
export function writer<P extends Permission, T extends unknown[], R, O = never>(
  permission: P,
  body: (w: Writing<P, O>, ...targets: T) => Promise<R>,
): (db: Db, grant: Grant<P>, cycle: Cycle, ...args: [...T, ...Tail<O>]) => Promise<R>;
export function writer(permission: Permission, ...rest: [InputSchema, Body] | [Body]) {
  return frame(permission, rest, true);
}

/**
 * A writer with no cycle, acting from its actor's own jurisdiction (the grant must be issued
 * there): `(db, grant, ...targets, input, now) => body(w, parsed input, ...targets)`.
 */
export function ownWriter<P extends Permission, S extends InputSchema, T extends unknown[], R>(
  permission: P,
  schema: S,
  body: (w: Acting<P>, input: Parsed<S>, ...targets: T) => Promise<R>,
): (db: Db, grant: Grant<P>, ...args: [...T, input: unknown, now: number]) => Promise<R>;
export function ownWriter<P extends Permission, T extends unknown[], R>(
  permission: P,
  body: (w: Acting<P>, ...targets: T) => Promise<R>,
): (db: Db, grant: Grant<P>, ...args: [...T, now: number]) => Promise<R>;
export function ownWriter(permission: Permission, ...rest: [InputSchema, Body] | [Body]) {
  return frame(permission, rest, false);
}

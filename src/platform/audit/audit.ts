// The audit log: append-only and hash-chained per jurisdiction. An entry is written in the same
// D1 batch as the change it records, so neither exists without the other. The chain head is read,
// the next entry hashed, and the batch committed; (jurisdiction, seq) is the primary key, so two
// writers racing for the same seq cannot both win: the loser's whole batch rolls back and retries.
import { and, asc, desc, eq, getTableName, gt, inArray, lt, max, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { AnySQLiteColumn, SQLiteTable, SQLiteUpdateSetSource } from "drizzle-orm/sqlite-core";
import { type Actor, actorLabel } from "../auth/actor";
import { type Db, isUniqueViolation } from "../data/db";
import { auditLog, users } from "../data/schema";
import { AppError } from "../http/errors";
import { sha256Hex } from "../lib/crypto";

const GENESIS_HASH = "0".repeat(64);

export interface AuditInput {
  jurisdictionCode: string;
  actor: Actor | null;
  action: string;
  target: string;
  /** The moment of the change (the request's clock). */
  at: number;
  /** Facts worth keeping. Never a password, a code, a ballot, or anything the user typed freely. */
  detail?: Record<string, unknown>;
}

interface EntryFields {
  jurisdictionCode: string;
  seq: number;
  at: number;
  actor: string;
  action: string;
  target: string;
  detail: string;
  prevHash: string;
}

function entryHash(e: EntryFields): Promise<string> {
  return sha256Hex(
    [e.prevHash, e.jurisdictionCode, e.seq, e.at, e.actor, e.action, e.target, e.detail].join("\n"),
  );
}

async function nextEntry(db: Db, input: AuditInput) {
  const [head] = await db
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .where(eq(auditLog.jurisdictionCode, input.jurisdictionCode))
    .orderBy(desc(auditLog.seq))
    .limit(1);
  const fields: EntryFields = {
    jurisdictionCode: input.jurisdictionCode,
    seq: (head?.seq ?? 0) + 1,
    at: input.at,
    actor: actorLabel(input.actor),
    action: input.action,
    target: input.target,
    detail: JSON.stringify(input.detail ?? {}),
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  return { ...fields, hash: await entryHash(fields) };
}

function isChainConflict(e: unknown): boolean {
  return isUniqueViolation(e, "audit_log");
}

/**
 * Commits `changes` together with one audit entry, atomically. `changes` is a function so that a
 * retry after a lost race rebuilds the statements (they may depend on the time). With `guard`
 * (an SQL condition), the entry is written only while the guard holds inside the same batch; the
 * changes must carry the same condition, so a stale or doubled request changes and records nothing.
 */
export async function commitWithAudit(
  db: Db,
  input: AuditInput,
  changes: () => BatchItem<"sqlite">[] = () => [],
  guard?: SQL,
): Promise<{ written: boolean }> {
  for (let attempt = 0; attempt < 25; attempt++) {
    // Back off with jitter after a lost race, so racing writers spread out.
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 5 * 2 ** attempt)));
    const e = await nextEntry(db, input);
    const insert = guard
      ? db
          .insert(auditLog)
          .select(
            sql`SELECT ${e.jurisdictionCode}, ${e.seq}, ${e.at}, ${e.actor}, ${e.action}, ${e.target}, ${e.detail}, ${e.prevHash}, ${e.hash} WHERE ${guard}`,
          )
      : db.insert(auditLog).values(e);
    try {
      const [first] = await db.batch([insert, ...changes()]);
      // Without a guard the entry is always written; with one, D1 reports whether the guard held.
      const written = !guard || ((first as { meta?: { changes?: number } }).meta?.changes ?? 0) > 0;
      return { written };
    } catch (err) {
      if (!isChainConflict(err)) throw err;
    }
  }
  throw new AppError("conflict");
}

/**
 * A guarded transition: updates the rows of `table` that match `where` — the state the user saw —
 * and records it, in one batch. The audit entry is guarded by the same condition as the update, so
 * both are written or neither is: a stale or doubled request changes and records nothing, and says
 * so (`false`). `more` are statements that go with it (read models).
 */
export async function transition<T extends SQLiteTable>(
  db: Db,
  table: T,
  where: SQL | undefined,
  set: SQLiteUpdateSetSource<T>,
  audit: AuditInput,
  more: () => BatchItem<"sqlite">[] = () => [],
): Promise<boolean> {
  const guard = sql`EXISTS (SELECT 1 FROM ${table} WHERE ${where})`;
  const { written } = await commitWithAudit(
    db,
    audit,
    () => [db.update(table).set(set).where(where), ...more()],
    guard,
  );
  return written;
}

/**
 * Creates a row and records it in one batch with the audit entry that names it and the `changes`
 * that depend on it (funding, links, a vote's candidates), so none exists without the others. The
 * entry names the row, so its id is chosen before the batch: max(id) + 1 (the tables created this
 * way are never deleted from, so it is never an old id). Two creations racing for the same id make
 * one batch fail on the key, and it tries again with the next. `build` may read what else depends
 * on the moment (a place on a list); it is called again on each try.
 */
export async function createWithAudit(
  db: Db,
  table: SQLiteTable,
  idColumn: AnySQLiteColumn,
  build: (
    id: number,
  ) => Promise<{ insert: BatchItem<"sqlite">; audit: AuditInput; changes?: BatchItem<"sqlite">[] }>,
): Promise<number> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const [top] = await db.select({ id: max(idColumn) }).from(table);
    const id = Number(top?.id ?? 0) + 1;
    const { insert, audit, changes = [] } = await build(id);
    try {
      await commitWithAudit(db, audit, () => [insert, ...changes]);
      return id;
    } catch (err) {
      if (!isUniqueViolation(err, getTableName(table))) throw err;
    }
  }
  throw new AppError("conflict");
}

/** Newest first, one page at a time (keyset pagination on seq). */
export function listAudit(db: Db, jurisdictionCode: string, opts: { beforeSeq?: number; limit: number }) {
  const scope = eq(auditLog.jurisdictionCode, jurisdictionCode);
  return db
    .select()
    .from(auditLog)
    .where(opts.beforeSeq ? and(scope, lt(auditLog.seq, opts.beforeSeq)) : scope)
    .orderBy(desc(auditLog.seq))
    .limit(opts.limit);
}

/**
 * The staff accounts that entries name as their actor ("user:<id>"), by that label: one query for a
 * page of the log. Deputies and the public stay as their labels (a deputy is never named).
 */
export async function actorAccounts(
  db: Db,
  entries: readonly { actor: string }[],
): Promise<Map<string, { name: string; username: string }>> {
  const ids = [
    ...new Set(entries.flatMap((e) => (e.actor.startsWith("user:") ? [Number(e.actor.slice(5))] : []))),
  ];
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.displayName, username: users.username })
    .from(users)
    .where(inArray(users.id, ids));
  return new Map(rows.map((u) => [`user:${u.id}`, { name: u.name, username: u.username }]));
}

export type ChainVerdict = { ok: true; entries: number } | { ok: false; entries: number; brokenAt: number };

/** Recomputes every hash of a jurisdiction's chain, in pages, and reports the first broken entry. */
export async function verifyChain(db: Db, jurisdictionCode: string): Promise<ChainVerdict> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  const pageSize = 500;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.jurisdictionCode, jurisdictionCode), gt(auditLog.seq, expectedSeq - 1)))
      .orderBy(asc(auditLog.seq))
      .limit(pageSize);
    for (const row of rows) {
      const recomputed = await entryHash({ ...row });
      if (row.seq !== expectedSeq || row.prevHash !== prevHash || recomputed !== row.hash) {
        return { ok: false, entries: expectedSeq - 1, brokenAt: row.seq };
      }
      prevHash = row.hash;
      expectedSeq++;
    }
    if (rows.length < pageSize) return { ok: true, entries: expectedSeq - 1 };
  }
}

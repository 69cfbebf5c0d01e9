// Statements built once. drizzle builds a query's SQL text on every call, and for a query with
// joins and subqueries that costs more machine time than D1 spends running it (measured in workerd:
// about 0.21 ms to build the voter read; the cast's register insert has the same joins and
// subqueries). On the paths the hall hammers, a statement is built by
// drizzle once per database handle, with `slot()` placeholders for what varies, and bound per
// call: the same SQL, the same parameters, drizzle's text.
import { fillPlaceholders, type Placeholder, sql } from "drizzle-orm";
import type { Db } from "./db";

/** A value bound per call (drizzle's `sql.placeholder`). */
export const slot = (name: string): Placeholder => sql.placeholder(name);

/** What a query builder of drizzle's has that this needs: its SQL text and parameters. */
interface Buildable {
  toSQL(): { sql: string; params: unknown[] };
}

/**
 * A statement built once per database handle by `build` (with `slot()`s), bound per call to
 * `values`, one for each slot: a D1 statement for `db.$client.batch` or to run on its own.
 */
export function prepared<V extends object>(build: (db: Db) => Buildable) {
  const built = new WeakMap<Db, { statement: D1PreparedStatement; params: unknown[] }>();
  return (db: Db, values: V): D1PreparedStatement => {
    let b = built.get(db);
    if (!b) {
      const q = build(db).toSQL();
      b = { statement: db.$client.prepare(q.sql), params: q.params };
      built.set(db, b);
    }
    return b.statement.bind(...fillPlaceholders(b.params, values as Record<string, unknown>));
  };
}

/**
 * The rows of a prepared select as objects with the selection's keys, the columns in the order
 * selected (as drizzle maps a batch's rows; its columns need distinct names). For selections of
 * plain integer and text columns: nothing is decoded.
 */
export function rowsOf<K extends string>(result: D1Result, keys: readonly K[]): Record<K, unknown>[] {
  return (result.results as Record<string, unknown>[]).map((row) => {
    const values = Object.values(row);
    return Object.fromEntries(keys.map((k, i) => [k, values[i]])) as Record<K, unknown>;
  });
}

/** Rows written by a statement of a batch. */
export const changesOf = (result: D1Result | undefined): number => result?.meta.changes ?? 0;

import { drizzle } from "drizzle-orm/d1";
import { AppError } from "../http/errors";
import * as schema from "./schema";

function build(d1: D1Database) {
  return drizzle(d1, { schema });
}

export type Db = ReturnType<typeof build>;

// One drizzle instance per D1 binding and isolate: building it walks the whole schema, which is
// worth doing once rather than on every request (the instance holds no per-request state).
const instances = new WeakMap<D1Database, Db>();

export function createDb(d1: D1Database): Db {
  let db = instances.get(d1);
  if (!db) {
    db = build(d1);
    instances.set(d1, db);
  }
  return db;
}

/** The first row a query returns, or not_found: reading one object by its key. */
export async function firstOrNotFound<T>(rows: PromiseLike<T[]>): Promise<T> {
  const [row] = await rows;
  if (!row) throw new AppError("not_found");
  return row;
}

/**
 * Whether a D1 error is SQLite refusing a row for a UNIQUE or PRIMARY KEY constraint (of `table`,
 * when given). D1 puts SQLite's message in the error or in its cause, depending on the call.
 */
export function isUniqueViolation(e: unknown, table?: string): boolean {
  const text =
    String((e as { message?: unknown })?.message ?? e) +
    String((e as { cause?: { message?: unknown } })?.cause?.message ?? "");
  return table === undefined
    ? /UNIQUE constraint failed|PRIMARY KEY/i.test(text)
    : text.includes(`UNIQUE constraint failed: ${table}.`);
}

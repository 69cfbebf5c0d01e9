// D1 metering for the benchmark harness (bench/): wraps the binding so that every statement run
// through it adds its `meta.rows_read` to a per-request counter. Only used in local mode when the
// request asks for it (see middleware/context.ts); production never wraps the binding.

/** Request header that turns metering on (local mode only). */
export const METER_REQUEST_HEADER = "x-bench-metrics";

export interface D1Meter {
  /** Sum of `meta.rows_read` over every statement executed through the wrapped binding. */
  rowsRead: number;
  /** Statements executed (a batch counts each of its statements). */
  queries: number;
  /** Calls to D1, i.e. round trips: a statement run on its own, or a whole batch, counts once. */
  calls: number;
  /** Statements whose rows could not be counted: raw()/first() on a statement that may write. */
  unmetered: number;
}

export function createMeter(): D1Meter {
  return { rowsRead: 0, queries: 0, calls: 0, unmetered: 0 };
}

/**
 * The response headers reporting a meter: `x-d1-rows-read`, `x-d1-queries`, `x-d1-calls`, and
 * `x-d1-unmetered` when not 0.
 */
export function meterHeaders(meter: D1Meter): [string, string][] {
  const headers: [string, string][] = [
    ["x-d1-rows-read", String(meter.rowsRead)],
    ["x-d1-queries", String(meter.queries)],
    ["x-d1-calls", String(meter.calls)],
  ];
  if (meter.unmetered > 0) headers.push(["x-d1-unmetered", String(meter.unmetered)]);
  return headers;
}

/**
 * A statement that cannot change the database, so it is safe to run a second time for its meta.
 * Conservative: anything else (including `with … insert`, `pragma`) counts as possibly writing.
 */
function isReadOnlySql(sql: string): boolean {
  const head = sql.trimStart().slice(0, 7).toLowerCase();
  if (/^select\b/.test(head)) return true;
  return /^with\b/.test(head) && !/\b(insert|update|delete|replace)\b/i.test(sql);
}

interface HasMeta {
  meta?: { rows_read?: number };
}

type Method = (...args: unknown[]) => unknown;

/**
 * A proxy of `target` whose methods `replace` gives a stand-in for (by name; undefined: none);
 * every other property reads through, and every other method is the real one, bound to `target`.
 */
function intercept<T extends object>(target: T, replace: (prop: string | symbol, fn: Method) => unknown): T {
  return new Proxy(target, {
    get(_, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      return replace(prop, value as Method) ?? value.bind(target);
    },
  });
}

/** Wraps `d1` so that every statement run through it is counted in `meter`. Results are unchanged. */
export function meteredD1(d1: D1Database, meter: D1Meter): D1Database {
  // Wrapped statement → the real one, so batch() hands the binding its own statements.
  const real = new WeakMap<object, D1PreparedStatement>();
  const unwrap = (s: D1PreparedStatement) => real.get(s) ?? s;
  const count = (result: HasMeta | undefined) => {
    meter.queries++;
    meter.rowsRead += Number(result?.meta?.rows_read ?? 0);
  };

  const statement = (stmt: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const readOnly = isReadOnlySql(sql);
    const proxy = intercept(stmt, (prop, fn) => {
      switch (prop) {
        case "bind":
          return (...args: unknown[]) => statement(Reflect.apply(fn, stmt, args) as D1PreparedStatement, sql);
        case "run":
        case "all":
          return async (...args: unknown[]) => {
            meter.calls++;
            const result = (await Reflect.apply(fn, stmt, args)) as HasMeta;
            count(result);
            return result;
          };
        case "raw":
        case "first":
          // These return rows without meta. The caller gets the untouched result of the real
          // call; a read-only statement is then run once more, with run(), only for its meta.
          return async (...args: unknown[]) => {
            meter.calls++;
            const result = await Reflect.apply(fn, stmt, args);
            if (!readOnly) {
              meter.queries++;
              meter.unmetered++;
              return result;
            }
            try {
              count(await stmt.run());
            } catch {
              meter.queries++;
              meter.unmetered++;
            }
            return result;
          };
      }
    });
    real.set(proxy, stmt);
    return proxy;
  };

  // prepare() and batch() are all a D1Database and a D1DatabaseSession have in common.
  const wrap = <T extends D1Database | D1DatabaseSession>(db: T): T =>
    intercept(db, (prop, fn) => {
      switch (prop) {
        case "prepare":
          return (sql: string) => statement(db.prepare(sql), sql);
        case "batch":
          return async (statements: D1PreparedStatement[]) => {
            meter.calls++;
            const results = await db.batch(statements.map(unwrap));
            for (const result of results) count(result);
            return results;
          };
        case "withSession":
          return (...args: unknown[]) => wrap(Reflect.apply(fn, db, args) as D1DatabaseSession);
      }
    });

  return wrap(d1);
}

// Shared pieces of the benchmarks: the module shape bench/run.ts expects, load runs (autocannon),
// metered requests (D1 rows read, see src/platform/data/metered.ts), medians and plain-text tables.
import autocannon from "autocannon";

/** A figure in a benchmark's JSON line. Keys are flat (`home_c10_rps`) so two runs diff line by line. */
export type Figures = Record<string, number | string | boolean | null>;

/** The dev server a benchmark runs against (see test/support/dev-server.ts). */
export interface Server {
  url: string;
  /** Its local D1 state, for `wrangler d1 execute --local --persist-to`. */
  persistDir: string;
  /** Its process group, whose CPU time a benchmark may read (bench/lib/cpu.ts). */
  pgid?: number | undefined;
}

/** What a benchmark module (bench/NAME.ts) exports. It prints its own tables; run.ts prints the JSON line. */
export interface Benchmark {
  name: string;
  /** Worker variables (`--var`) for this benchmark's dev server, printed by run.ts. */
  vars?: Record<string, string>;
  run(url: string, server: Server): Promise<Figures>;
}

export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return n;
}

/** Defaults keep a full run of home-signin under two minutes on two cores; override for longer runs. */
export const config = {
  /** Rounds per measurement; figures are medians over the rounds. */
  rounds: Math.round(envNumber("BENCH_ROUNDS", 3)),
  /** Seconds per duration-based load run. */
  duration: envNumber("BENCH_DURATION", 2),
  /** Sequential metered requests per page for the D1 figures. */
  meterSamples: Math.round(envNumber("BENCH_METER_SAMPLES", 5)),
};

export interface Req {
  method?: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  completed: number;
  /** Errors, timeouts and responses with a status other than the expected one. */
  failed: number;
  /** What the failures were, e.g. "500×3, timeout×1"; empty when none failed. */
  failures: string;
}

/**
 * One load run: `connections` concurrent keep-alive connections for `duration` seconds, or until
 * `amount` requests have completed. rps is completed requests over wall time.
 */
export async function load(
  url: string,
  req: Req,
  opts: { connections: number; expect: number; duration?: number; amount?: number },
): Promise<LoadResult> {
  const result = await autocannon({
    url: url + req.path,
    method: req.method ?? "GET",
    headers: { ...req.headers },
    ...(req.body === undefined ? {} : { body: req.body }),
    connections: opts.connections,
    ...(opts.amount ? { amount: opts.amount } : { duration: opts.duration ?? config.duration }),
    timeout: 30,
  });
  let unexpected = 0;
  const failures: string[] = [];
  for (const [status, { count }] of Object.entries(result.statusCodeStats)) {
    if (Number(status) === opts.expect) continue;
    unexpected += count;
    failures.push(`${status}×${count}`);
  }
  if (result.timeouts > 0) failures.push(`timeout×${result.timeouts}`);
  if (result.errors > result.timeouts) failures.push(`error×${result.errors - result.timeouts}`);
  const completed = result.requests.total;
  return {
    rps: result.duration > 0 ? completed / result.duration : 0,
    p50: result.latency.p50,
    p99: result.latency.p99,
    completed,
    failed: result.errors + unexpected,
    failures: failures.join(", "),
  };
}

/**
 * One request, checked for the expected status. A 503 is wrangler dev restarting the worker (a
 * source file changed; the app itself never answers 503): wait and send it again, a few times. A
 * GET that fails on the network (typically a kept-alive connection the server closed while idle)
 * is sent again too.
 */
export async function request(url: string, req: Req, expect: number): Promise<Response> {
  let res: Response;
  for (let attempt = 0; ; attempt++) {
    try {
      res = await fetch(url + req.path, {
        method: req.method ?? "GET",
        headers: req.headers ?? {},
        ...(req.body === undefined ? {} : { body: req.body }),
        redirect: "manual",
      });
    } catch (e) {
      if ((req.method ?? "GET") !== "GET" || attempt === 3) throw e;
      await new Promise((done) => setTimeout(done, 1000));
      continue;
    }
    if (res.status !== 503 || attempt === 3) break;
    await res.arrayBuffer();
    await new Promise((done) => setTimeout(done, 1000));
  }
  if (res.status !== expect) {
    throw new Error(`${req.method ?? "GET"} ${req.path}: expected ${expect}, got ${res.status}`);
  }
  return res;
}

export interface Metered {
  rowsRead: number[];
  queries: number[];
}

/**
 * `samples` sequential requests with metering on (`x-bench-metrics: 1`), reading the D1 figures the
 * worker reports in `x-d1-rows-read` and `x-d1-queries`. Fails if the worker does not meter (not
 * in local mode) or could not count a statement.
 */
export async function meter(
  url: string,
  req: Req,
  expect: number,
  samples = config.meterSamples,
): Promise<Metered> {
  const out: Metered = { rowsRead: [], queries: [] };
  // One unmetered request first: if wrangler dev restarted the worker, its first request runs the
  // demo-data check (src/platform/http/demo.ts), which must not be counted.
  await (await request(url, req, expect)).arrayBuffer();
  for (let i = 0; i < samples; i++) {
    const res = await request(url, { ...req, headers: { ...req.headers, "x-bench-metrics": "1" } }, expect);
    await res.arrayBuffer();
    const rows = res.headers.get("x-d1-rows-read");
    const queries = res.headers.get("x-d1-queries");
    if (rows === null || queries === null) {
      throw new Error(`${req.path}: no x-d1-rows-read header; metering needs ENVIRONMENT=local`);
    }
    const unmetered = res.headers.get("x-d1-unmetered");
    if (unmetered) throw new Error(`${req.path}: ${unmetered} statement(s) could not be metered`);
    out.rowsRead.push(Number(rows));
    out.queries.push(Number(queries));
  }
  return out;
}

export function median(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** a / b, or null when b is 0 (a ratio the run could not measure). */
export function ratio(a: number, b: number): number | null {
  return b > 0 ? a / b : null;
}

/** Rounds a figure for the JSON line; null (and NaN) become null. */
export function round(n: number | null, digits = 2): number | null {
  if (n === null || !Number.isFinite(n)) return null;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function fmt(n: number | null, digits = 1): string {
  return n === null || !Number.isFinite(n) ? "–" : n.toFixed(digits);
}

/** A range "min–max", or the single value when all samples agree. */
export function spread(xs: number[], digits = 0): string {
  if (xs.length === 0) return "–";
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo === hi ? lo.toFixed(digits) : `${lo.toFixed(digits)}–${hi.toFixed(digits)}`;
}

/** A plain-text table; `right` lists the indexes of right-aligned (numeric) columns. */
export function table(headers: string[], rows: string[][], right: number[] = []): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (right.includes(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

// home-signin: the pages everyone hits first. Throughput and latency under load for a static asset
// (the dev server's own floor), the public home page, a jurisdiction page, staff sign-in and a
// signed-in page, plus D1 rows read per request, measured with sequential metered requests.
//
// Sign-in hashes the password with PBKDF2 (100,000 iterations) by design, so it is far slower than
// the pages; it runs a fixed number of requests per connection rather than for a fixed time, so
// that no hashing is left running into the next measurement.
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../src/demo/seed";
import {
  config,
  type Figures,
  fmt,
  type LoadResult,
  load,
  type Metered,
  median,
  meter,
  type Req,
  ratio,
  request,
  round,
  spread,
  table,
} from "./lib/bench";

export const name = "home-signin";

const CONNECTIONS = [10, 50] as const;
/** Sign-in requests per connection in one measurement (10 connections → 20 requests). */
const SIGNIN_PER_CONNECTION = 2;
/** Times a spoiled load run is repeated before it counts as it is. */
const RETRIES = 2;

interface Target {
  key: string;
  label: string;
  req: Req;
  expect: number;
  /** Served by the asset layer without running the worker, so there is nothing to meter. */
  static?: boolean;
  /** Fixed request count per connection instead of a fixed duration. */
  perConnection?: number;
}

function cookieValue(res: Response, name: string): string {
  // Node's fetch has Headers.getSetCookie(); the project's types are the Workers ones, which lack it.
  const setCookies = (res.headers as unknown as { getSetCookie(): string[] }).getSetCookie();
  for (const c of setCookies) {
    const [pair = ""] = c.split(";");
    if (pair.startsWith(`${name}=`)) return pair.slice(name.length + 1);
  }
  throw new Error(`${res.url || "response"}: no ${name} cookie set`);
}

/** GET /login for the CSRF pair (cookie and hidden field), then one real sign-in for a session. */
async function prepareSignIn(url: string) {
  const page = await request(url, { path: "/login" }, 200);
  const csrfCookie = cookieValue(page, "ms_csrf");
  const input = /<input[^>]*name="_csrf"[^>]*>/.exec(await page.text())?.[0] ?? "";
  const csrfField = /value="([^"]*)"/.exec(input)?.[1];
  if (!csrfField) throw new Error("GET /login: no _csrf form field");
  const signIn: Req = {
    method: "POST",
    path: "/login",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: `ms_csrf=${csrfCookie}` },
    body: new URLSearchParams({ username: "staff", password: DEMO_PASSWORD, _csrf: csrfField }).toString(),
  };
  const res = await request(url, signIn, 303);
  const session = cookieValue(res, "ms_session");
  const me = await request(url, { path: "/me", headers: { cookie: `ms_session=${session}` } }, 200);
  const staffName = DEMO_ACCOUNTS.find((a) => a.username === "staff")?.name ?? "staff";
  if (!(await me.text()).includes(staffName)) throw new Error("/me does not show the staff account");
  return { signIn, session };
}

const settle = () => new Promise((r) => setTimeout(r, 200));

export async function run(url: string): Promise<Figures> {
  const { signIn, session } = await prepareSignIn(url);
  const targets: Target[] = [
    {
      key: "static",
      label: "static /static/app.css",
      req: { path: "/static/app.css" },
      expect: 200,
      static: true,
    },
    { key: "home", label: "home /", req: { path: "/" }, expect: 200 },
    { key: "jurisdiction", label: "jurisdiction /j/159921", req: { path: "/j/159921" }, expect: 200 },
    {
      key: "me",
      label: "signed-in /me",
      req: { path: "/me", headers: { cookie: `ms_session=${session}` } },
      expect: 200,
    },
    {
      key: "signin",
      label: "sign-in POST /login",
      req: signIn,
      expect: 303,
      perConnection: SIGNIN_PER_CONNECTION,
    },
  ];

  // D1 per request, sequentially and before any load (the demo data was seeded at start-up).
  const metered = new Map<string, Metered>();
  for (const t of targets) if (!t.static) metered.set(t.key, await meter(url, t.req, t.expect));

  // A spoiled run (failed requests, or none completed — typically wrangler dev restarting the worker
  // because a source file changed) is repeated, up to RETRIES times, after a pause.
  let retried = 0;
  const measure = async (t: Target, connections: number): Promise<LoadResult> => {
    for (let attempt = 0; ; attempt++) {
      const r = await load(url, t.req, {
        connections,
        expect: t.expect,
        ...(t.perConnection ? { amount: t.perConnection * connections } : { duration: config.duration }),
      });
      if ((r.failed === 0 && r.completed > 0) || attempt === RETRIES) return r;
      retried++;
      console.log(`  retrying ${t.label}, ${connections} conns: ${r.failures || "no request completed"}`);
      await new Promise((done) => setTimeout(done, 2000));
    }
  };

  // Warm-up: every target once at the lower concurrency, briefly.
  for (const t of targets) {
    await load(url, t.req, {
      connections: CONNECTIONS[0],
      expect: t.expect,
      ...(t.perConnection ? { amount: CONNECTIONS[0] } : { duration: 0.5 }),
    });
    await settle();
  }

  // Rounds interleave the targets, so a slow spell of the machine hits all of them alike and the
  // ratios (taken within each round, then the median) stay comparable.
  const runs = new Map<string, LoadResult[]>();
  const started = Date.now();
  for (let round = 1; round <= config.rounds; round++) {
    for (const t of targets) {
      for (const c of CONNECTIONS) {
        const k = `${t.key}_c${c}`;
        runs.set(k, [...(runs.get(k) ?? []), await measure(t, c)]);
        await settle();
      }
    }
    console.log(`  round ${round}/${config.rounds} done (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  const get = (key: string, c: number): LoadResult[] => runs.get(`${key}_c${c}`) ?? [];
  const med = (key: string, c: number, f: (r: LoadResult) => number) => median(get(key, c).map(f));

  const figures: Figures = {
    rounds: config.rounds,
    duration_s: config.duration,
    signin_requests_per_connection: SIGNIN_PER_CONNECTION,
  };
  const loadRows: string[][] = [];
  let failed = 0;
  const failures: string[] = [];
  for (const t of targets) {
    for (const c of CONNECTIONS) {
      const rs = get(t.key, c);
      const f = rs.reduce((n, r) => n + r.failed, 0);
      failed += f;
      rs.forEach((r, i) => {
        const what = r.failures || (r.completed === 0 ? "no request completed" : "");
        if (what) failures.push(`${t.label}, ${c} conns, round ${i + 1}: ${what}`);
      });
      const rps = med(t.key, c, (r) => r.rps);
      const p50 = med(t.key, c, (r) => r.p50);
      const p99 = med(t.key, c, (r) => r.p99);
      figures[`${t.key}_c${c}_rps`] = round(rps, 1);
      figures[`${t.key}_c${c}_p50_ms`] = round(p50, 1);
      figures[`${t.key}_c${c}_p99_ms`] = round(p99, 1);
      loadRows.push([
        t.label,
        String(c),
        fmt(rps),
        spread(
          rs.map((r) => r.rps),
          0,
        ),
        fmt(p50, 0),
        fmt(p99, 0),
        String(median(rs.map((r) => r.completed))),
        String(f),
      ]);
    }
  }
  figures.failed_requests = failed;
  figures.retried_runs = retried;

  const d1Rows: string[][] = [];
  for (const t of targets) {
    const m = metered.get(t.key);
    if (!m) continue;
    figures[`${t.key}_rows_read`] = median(m.rowsRead);
    figures[`${t.key}_queries`] = median(m.queries);
    d1Rows.push([t.label, spread(m.rowsRead), spread(m.queries)]);
  }

  // Ratios within each round, then the median over rounds.
  const perRound = (a: string, b: string, c: number, f: (r: LoadResult) => number) =>
    median(
      get(a, c)
        .map((r, i) => {
          const other = get(b, c)[i];
          return other ? ratio(f(r), f(other)) : null;
        })
        .filter((x): x is number => x !== null),
    );
  const ratios: [string, string, (c: number) => number][] = [
    ["home_vs_static_rps", "home rps / static asset rps", (c) => perRound("home", "static", c, (r) => r.rps)],
    [
      "jurisdiction_vs_home_rps",
      "jurisdiction rps / home rps",
      (c) => perRound("jurisdiction", "home", c, (r) => r.rps),
    ],
    [
      "me_vs_home_rps",
      "signed-in /me rps / anonymous home rps",
      (c) => perRound("me", "home", c, (r) => r.rps),
    ],
    [
      "signin_vs_home_p50",
      "sign-in p50 latency / home p50 latency",
      (c) => perRound("signin", "home", c, (r) => r.p50),
    ],
  ];
  const ratioRows: string[][] = [];
  for (const [key, label, f] of ratios) {
    const values = CONNECTIONS.map((c) => f(c));
    CONNECTIONS.forEach((c, i) => {
      figures[`ratio_${key}_c${c}`] = round(values[i] ?? null, 3);
    });
    ratioRows.push([label, ...values.map((v) => fmt(v, 3))]);
  }

  const secs = `${config.duration} s runs; sign-in ${SIGNIN_PER_CONNECTION} requests per connection`;
  console.log(`\nLoad — medians of ${config.rounds} rounds (${secs})`);
  console.log(
    table(
      ["target", "conns", "req/s", "req/s range", "p50 ms", "p99 ms", "requests", "failed"],
      loadRows,
      [1, 2, 3, 4, 5, 6, 7],
    ),
  );
  console.log(
    `\nD1 per request — ${config.meterSamples} sequential metered requests each (range if they differ)`,
  );
  console.log(table(["target", "rows read", "queries"], d1Rows, [1, 2]));
  console.log("\nRatios — within each round, median over rounds");
  console.log(
    table(
      ["ratio", ...CONNECTIONS.map((c) => `${c} conns`)],
      ratioRows,
      CONNECTIONS.map((_, i) => i + 1),
    ),
  );
  if (retried > 0) console.log(`\n${retried} spoiled run(s) were repeated (see "retrying" above).`);
  if (failures.length > 0) {
    console.log(`\nWARNING: ${failed} request(s) failed or had an unexpected status:`);
    for (const f of failures) console.log(`  ${f}`);
  }
  if (failures.some((f) => f.includes("503") || f.includes("no request completed"))) {
    console.log(
      "  (wrangler dev answers 503, or holds GETs, while it restarts the worker: a watched source file" +
        " changed during the run. Rerun on a quiet tree.)",
    );
  }
  return figures;
}

// proposals: stage 1 (collection) at scale, on a collecting cycle of 青山旗 (159921) that the
// benchmark opens first as the government, with a notice open from three days ago for thirty days:
// two years after the demo's latest voted one, a year the demo leaves free on any date (on the clock
// of test/support/clock.ts, which MINSHENG_NOW sets), so that the cycle holds only these proposals.
//
// Phase A: 50 concurrent public clients, each with its own connection and cookie jar (so its own
// CSRF token), submit 2,000 proposals through the API, each with its own idempotency key. The list
// is then walked page by page (keyset, `after`) to check that exactly 2,000 new proposals were
// stored, all with the tracking numbers the clients were given, and 50 of the submissions are sent
// again: each must answer 200 with the same tracking number, and the count must not change.
// The list pages (API first page, a deep page, filters, the public HTML page) are metered — D1 rows
// read and queries per request — and the first page (API and HTML) is put under load.
//
// Phase B grows the cycle to 20,000 benchmark proposals and measures the same pages again: a page
// should read rows in proportion to its size (20), not to the number of proposals, so the ratio of
// rows read at 20,000 to rows read at 2,000 should be ≈1. Submitting all 18,000 through the API
// would take ~10 minutes on two cores (≈30 submissions/s under wrangler dev), so most of them are
// written straight into this dev server's local D1 with `wrangler d1 execute --local --persist-to
// <its dir> --file` (rows from the same generator as the API bodies, source "public", status
// "received", each with its own tracking number and idempotency key), and the last 500 go through
// the API, so that submission is measured with ~20,000 proposals in the table as well.
//
// The dev server runs with PUBLIC_PROPOSALS_PER_HOUR=1000000: every client comes from 127.0.0.1,
// and this benchmark measures throughput, not the per-address limit (30 an hour by default).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { latestVotedYear } from "../src/demo/calendar";
import { DEMO_IDEAS } from "../src/demo/collection";
import { DEMO_PASSWORD } from "../src/demo/seed";
import { PUBLIC_PAGE_SIZE } from "../src/features/collection/proposals";
import { wanToYuan } from "../src/platform/lib/money";
import { beijingDate, nodeNow } from "../test/support/clock";
import {
  config,
  envNumber,
  type Figures,
  fmt,
  type LoadResult,
  load,
  type Metered,
  median,
  meter,
  ratio,
  request,
  round,
  type Server,
  spread,
  table,
} from "./lib/bench";
import { Client, percentile, type Reply } from "./lib/client";

export const name = "proposals";
export const vars = { PUBLIC_PROPOSALS_PER_HOUR: "1000000" };

const CODE = "159921";
const PLACES = [CODE, "159921101", "159921102"];
const CLIENTS = 50;
/** Benchmark proposals in phase A (all through the API) and in phase B (in all). */
const SIZE_A = Math.round(envNumber("BENCH_PROPOSALS", 2000));
const SIZE_B = Math.round(envNumber("BENCH_PROPOSALS_LARGE", 20_000));
/** Of phase B's additions, how many go through the API (the rest are written to D1 directly). */
const API_B = Math.min(500, Math.max(0, SIZE_B - SIZE_A - 1));
const REPEATS = Math.min(50, SIZE_A);
const PAGE = PUBLIC_PAGE_SIZE;
/** Attempts for one request when wrangler dev restarts the worker (503) or drops the connection. */
const ATTEMPTS = 6;
/** Times a spoiled load run is repeated before it counts as it is. */
const RETRIES = 2;
/**
 * Seconds per list load run: at least 5, because at 50 connections a list request takes about a
 * second on two cores, and a run drops the requests still in flight when it ends.
 */
const LOAD_SECONDS = Math.max(config.duration, 5);
const BULK_ROWS_PER_STATEMENT = 200;

const root = path.resolve(import.meta.dirname, "..");
const wrangler = path.join(root, "node_modules/.bin/wrangler");
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

// ---------------------------------------------------------------------------------------------
// Proposal bodies: deterministic per index, spread over the demo ideas (so categories), the banner
// and its two townships, with and without name, phone and estimate.

const NAMES = ["张先生", "李女士", "王大姐", "赵师傅", "其其格", "巴特尔", "刘老师", "陈大夫"];

function unit(i: number, salt: number): number {
  let x = Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(salt + 1, 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return ((x ^ (x >>> 16)) >>> 0) / 2 ** 32;
}

const pickOf = <T>(xs: readonly T[], u: number): T => xs[Math.floor(u * xs.length)] as T;

interface Body {
  idempotencyKey: string;
  category: string;
  title: string;
  background: string;
  content: string;
  locationCode: string;
  locationDetail: string;
  estimate?: string;
  proposerName?: string;
  proposerPhone?: string;
}

function proposal(runId: string, i: number): Body {
  const [category, idea, content, wan] = pickOf(DEMO_IDEAS, unit(i, 1));
  const b: Body = {
    idempotencyKey: `bench-${runId}-${String(i).padStart(6, "0")}`,
    category,
    title: `${idea}（${i + 1}）`,
    background: `群众反映：${idea.replace(/工程|项目|建设$/, "")}问题突出，多年未得到解决。（基准测试第${i + 1}件）`,
    content,
    locationCode: pickOf(PLACES, unit(i, 2)),
    locationDetail: `第${1 + Math.floor(unit(i, 3) * 9)}嘎查`,
  };
  if (unit(i, 4) < 0.7) b.estimate = (wan * (0.6 + unit(i, 5) * 0.8)).toFixed(1);
  if (unit(i, 6) < 0.6) b.proposerName = pickOf(NAMES, unit(i, 7));
  if (unit(i, 8) < 0.3) b.proposerPhone = "13800138000";
  return b;
}

// ---------------------------------------------------------------------------------------------
// Requests through bench clients, sent again on a 503 (wrangler dev restarting the worker because a
// source file changed) or a dropped connection. A submission is sent again with the same body, so
// the same idempotency key: that is what the key is for.

interface Attempted {
  reply: Reply | null;
  attempts: number;
  error: string;
}

async function send(
  client: Client,
  method: "GET" | "POST",
  p: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Attempted> {
  let error = "";
  for (let attempt = 1; ; attempt++) {
    try {
      const reply = await client.send(method, p, headers, body);
      if (reply.status !== 503) return { reply, attempts: attempt, error: "" };
      error = "503";
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    if (attempt === ATTEMPTS) return { reply: null, attempts: attempt, error };
    await sleep(1000);
  }
}

function parse(body: string): Record<string, unknown> {
  try {
    return JSON.parse(body) as Record<string, unknown>;
  } catch {
    return {};
  }
}

const csrfHeaders = (client: Client) => ({
  "content-type": "application/json",
  "x-csrf-token": client.cookie("ms_csrf") ?? "",
});

/**
 * The government opens the benchmark's cycle and publishes its notice, open from three days ago for
 * thirty days, through the JSON API and the notice page's form (as bench/vote.ts does its set-up).
 */
async function openCycle(url: string, year: number): Promise<void> {
  const gov = new Client(url);
  const expect = async (method: "GET" | "POST", p: string, status: number, type?: string, body?: string) => {
    const headers: Record<string, string> = type
      ? { "content-type": type, "x-csrf-token": gov.cookie("ms_csrf") ?? "" }
      : {};
    const { reply, error } = await send(gov, method, p, headers, body);
    if (reply?.status !== status)
      throw new Error(`${method} ${p}: ${reply ? `${reply.status} ${reply.body.slice(0, 300)}` : error}`);
  };
  try {
    const json = "application/json";
    await expect("GET", "/login", 200);
    await expect(
      "POST",
      "/api/auth/login",
      200,
      json,
      JSON.stringify({ username: "gov", password: DEMO_PASSWORD }),
    );
    await expect("POST", `/api/jurisdictions/${CODE}/cycles`, 201, json, JSON.stringify({ year }));
    const notice = new URLSearchParams([
      ["title", `关于征集${year}年度民生实事项目的公告（基准测试）`],
      ["scope", "群众关心的民生领域。"],
      ["exclusions", "仅惠及个别单位或个人的。"],
      ["channels", "网上提交。"],
      ["opensOn", beijingDate(-3)],
      ["closesOn", beijingDate(30)],
      ["publish", "1"],
    ]);
    await expect(
      "POST",
      `/j/${CODE}/${year}/notice`,
      303,
      "application/x-www-form-urlencoded",
      notice.toString(),
    );
  } finally {
    gov.close();
  }
}

/** `n` clients, each with its CSRF cookie from GET /login. */
async function clients(url: string, n: number): Promise<Client[]> {
  const pool = Array.from({ length: n }, () => new Client(url));
  await Promise.all(
    pool.map(async (c) => {
      const { reply, error } = await send(c, "GET", "/login");
      if (reply?.status !== 200 || !c.cookie("ms_csrf")) {
        throw new Error(`GET /login: ${reply ? `status ${reply.status}` : error}, no ms_csrf cookie`);
      }
    }),
  );
  return pool;
}

interface SubmitRun {
  count: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  failed: number;
  /** Submissions that needed more than one attempt (503 or dropped connection). */
  retried: number;
  failures: string;
  /** The tracking number each body was given, by index; undefined where it failed. */
  trackingNos: (string | undefined)[];
}

function tally(counts: Map<string, number>): string {
  return [...counts].map(([k, n]) => `${k}×${n}`).join(", ");
}

/** Submits every body once, through `n` concurrent clients taking the next body as they finish. */
async function submitAll(url: string, apiPath: string, bodies: Body[], n: number): Promise<SubmitRun> {
  const pool = await clients(url, n);
  try {
    const trackingNos: (string | undefined)[] = new Array(bodies.length);
    const latencies: number[] = [];
    const failures = new Map<string, number>();
    let retried = 0;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      pool.map(async (client) => {
        for (;;) {
          const i = next++;
          const body = bodies[i];
          if (!body) return;
          const { reply, attempts, error } = await send(
            client,
            "POST",
            apiPath,
            csrfHeaders(client),
            JSON.stringify(body),
          );
          if (attempts > 1) retried++;
          if (!reply) {
            failures.set(error, (failures.get(error) ?? 0) + 1);
            continue;
          }
          latencies.push(reply.ms);
          const r = parse(reply.body);
          // 201 is a new proposal. 200 (already stored) is right only for a second attempt whose
          // first one was stored before the connection dropped.
          const ok =
            (reply.status === 201 && r.created === true) ||
            (reply.status === 200 && attempts > 1 && r.created === false);
          if (ok && typeof r.trackingNo === "string") {
            trackingNos[i] = r.trackingNo;
          } else {
            const code = (r.error as { code?: string } | undefined)?.code;
            const k = `${reply.status}${code ? ` ${code}` : ""}`;
            failures.set(k, (failures.get(k) ?? 0) + 1);
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const stored = trackingNos.filter((t) => t !== undefined).length;
    return {
      count: bodies.length,
      seconds,
      rps: stored / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      failed: bodies.length - stored,
      retried,
      failures: tally(failures),
      trackingNos,
    };
  } finally {
    for (const c of pool) c.close();
  }
}

interface Walk {
  /** Ids, newest first, as the pages listed them. */
  ids: number[];
  trackingNos: string[];
  pages: number;
  seconds: number;
  /** Whether the ids came strictly decreasing (no proposal twice, none skipped by the keyset). */
  ordered: boolean;
}

/** Every page of the public list in turn, following `next`. */
async function walk(url: string, apiPath: string): Promise<Walk> {
  const client = new Client(url);
  try {
    const out: Walk = { ids: [], trackingNos: [], pages: 0, seconds: 0, ordered: true };
    const started = performance.now();
    let after: number | null = null;
    for (;;) {
      const p: string = after === null ? apiPath : `${apiPath}?after=${after}`;
      const { reply, error } = await send(client, "GET", p);
      if (reply?.status !== 200) throw new Error(`GET ${p}: ${reply ? `status ${reply.status}` : error}`);
      const page = JSON.parse(reply.body) as {
        proposals: { id: number; trackingNo: string }[];
        next: number | null;
      };
      out.pages++;
      for (const x of page.proposals) {
        const last = out.ids[out.ids.length - 1];
        if (last !== undefined && x.id >= last) out.ordered = false;
        out.ids.push(x.id);
        out.trackingNos.push(x.trackingNo);
      }
      if (page.next === null) break;
      after = page.next;
    }
    out.seconds = (performance.now() - started) / 1000;
    return out;
  } finally {
    client.close();
  }
}

interface RepeatCheck {
  sent: number;
  same: number;
  wrong: string;
  p50: number;
}

/** Sends `n` stored submissions again (new clients, same bodies): each must answer 200, same number. */
async function repeat(
  url: string,
  apiPath: string,
  bodies: Body[],
  trackingNos: (string | undefined)[],
  n: number,
): Promise<RepeatCheck> {
  const picks = Array.from({ length: n }, (_, k) => Math.floor((k * bodies.length) / n));
  const pool = await clients(url, n);
  try {
    const wrong = new Map<string, number>();
    const latencies: number[] = [];
    let same = 0;
    await Promise.all(
      picks.map(async (i, k) => {
        const client = pool[k] as Client;
        const { reply, error } = await send(
          client,
          "POST",
          apiPath,
          csrfHeaders(client),
          JSON.stringify(bodies[i]),
        );
        if (!reply) {
          wrong.set(error, (wrong.get(error) ?? 0) + 1);
          return;
        }
        latencies.push(reply.ms);
        const r = parse(reply.body);
        if (reply.status === 200 && r.created === false && r.trackingNo === trackingNos[i]) same++;
        else {
          const what = reply.status === 200 ? "200 with another tracking number" : String(reply.status);
          wrong.set(what, (wrong.get(what) ?? 0) + 1);
        }
      }),
    );
    return { sent: n, same, wrong: tally(wrong), p50: percentile(latencies, 50) };
  } finally {
    for (const c of pool) c.close();
  }
}

interface MeteredSubmit {
  status: number;
  rowsRead: number | null;
  queries: number | null;
  unmetered: number;
}

/** One new submission with metering on: D1 rows read and statements for storing a proposal. */
async function meteredSubmit(url: string, apiPath: string, body: Body): Promise<MeteredSubmit> {
  const [client] = await clients(url, 1);
  if (!client) throw new Error("no client");
  try {
    const { reply, error } = await send(
      client,
      "POST",
      apiPath,
      { ...csrfHeaders(client), "x-bench-metrics": "1" },
      JSON.stringify(body),
    );
    if (!reply) throw new Error(`metered submission: ${error}`);
    const header = (k: string) => {
      const v = reply.headers[k];
      return typeof v === "string" ? Number(v) : null;
    };
    return {
      status: reply.status,
      rowsRead: header("x-d1-rows-read"),
      queries: header("x-d1-queries"),
      unmetered: header("x-d1-unmetered") ?? 0,
    };
  } finally {
    client.close();
  }
}

// ---------------------------------------------------------------------------------------------
// List pages: metered one by one, and the first page (API and HTML) under load.

interface ListTarget {
  key: string;
  label: string;
  path: string;
  /** JSON (count `proposals`) or the HTML page (count table rows). */
  html?: boolean;
}

function listTargets(year: number, apiPath: string, middleId: number): ListTarget[] {
  const page = `/j/${CODE}/${year}/proposals`;
  return [
    { key: "first", label: "API first page", path: apiPath },
    { key: "deep", label: "API deep page (after = middle id)", path: `${apiPath}?after=${middleId}` },
    { key: "township", label: "API township=159921101", path: `${apiPath}?township=159921101` },
    {
      key: "township_deep",
      label: "API township=159921101, deep",
      path: `${apiPath}?township=159921101&after=${middleId}`,
    },
    { key: "category", label: "API category=water", path: `${apiPath}?category=water` },
    {
      key: "township_category",
      label: "API township=159921102&category=roads",
      path: `${apiPath}?township=159921102&category=roads`,
    },
    { key: "status", label: "API status=received", path: `${apiPath}?status=received` },
    { key: "html", label: `HTML ${page}`, path: page, html: true },
    {
      key: "html_filtered",
      label: "HTML, township=159921101&category=water",
      path: `${page}?township=159921101&category=water`,
      html: true,
    },
  ];
}

interface ListFigures {
  shown: Map<string, number>;
  metered: Map<string, Metered>;
  load: Map<string, LoadResult[]>;
  /** Spoiled load runs that were repeated. */
  retried: number;
}

const LOADED = ["first", "html"];

async function measureLists(url: string, targets: ListTarget[]): Promise<ListFigures> {
  const out: ListFigures = { shown: new Map(), metered: new Map(), load: new Map(), retried: 0 };
  for (const t of targets) {
    const res = await request(url, { path: t.path }, 200);
    const text = await res.text();
    const shown = t.html
      ? Math.max(0, (text.match(/<tr[\s>]/g) ?? []).length - 1)
      : (JSON.parse(text) as { proposals: unknown[] }).proposals.length;
    out.shown.set(t.key, shown);
    out.metered.set(t.key, await meter(url, { path: t.path }, 200));
  }
  for (const t of targets.filter((x) => LOADED.includes(x.key))) {
    await load(url, { path: t.path }, { connections: CLIENTS, expect: 200, duration: 0.5 });
    const runs: LoadResult[] = [];
    for (let r = 0; r < config.rounds; r++) {
      // A spoiled run (failures, or nothing completed: wrangler dev holding requests while it
      // restarts the worker because a source file changed) is repeated, up to RETRIES times.
      for (let attempt = 0; ; attempt++) {
        const result = await load(
          url,
          { path: t.path },
          { connections: CLIENTS, expect: 200, duration: LOAD_SECONDS },
        );
        await sleep(200);
        if ((result.failed === 0 && result.completed > 0) || attempt === RETRIES) {
          runs.push(result);
          break;
        }
        out.retried++;
        console.log(`  retrying ${t.label} under load: ${result.failures || "no request completed"}`);
        await sleep(2000);
      }
    }
    out.load.set(t.key, runs);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Phase B's direct path: rows into the dev server's local D1 with `wrangler d1 execute`.

const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

/** `YYYY-0XXXXX`: the API's numbers never contain a 0 (see randomCode), so these cannot collide. */
function bulkTrackingNo(year: number, k: number): string {
  let s = "";
  for (let i = 0, n = k; i < 5; i++, n = Math.floor(n / 30)) s = CODE_ALPHABET[n % 30] + s;
  return `${year}-0${s}`;
}

const sqlText = (s: string | undefined | null) => (s == null ? "NULL" : `'${s.replace(/'/g, "''")}'`);

function exec(cmd: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: root,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", CI: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => {
      output = (output + d).slice(-4000);
    });
    child.stderr.on("data", (d) => {
      output = (output + d).slice(-4000);
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

async function bulkInsert(server: Server, year: number, bodies: Body[], from: number): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), "minsheng-bench-"));
  try {
    const cycle = `(SELECT id FROM cycles WHERE jurisdiction_code = '${CODE}' AND year = ${year})`;
    const now = nodeNow();
    const statements: string[] = [];
    for (let s = 0; s < bodies.length; s += BULK_ROWS_PER_STATEMENT) {
      const values = bodies.slice(s, s + BULK_ROWS_PER_STATEMENT).map((b, k) => {
        const yuan = b.estimate ? wanToYuan(b.estimate) : null;
        return `(${[
          cycle,
          sqlText(bulkTrackingNo(year, from + s + k)),
          sqlText(b.idempotencyKey),
          "'public'",
          sqlText(b.category),
          sqlText(b.title),
          sqlText(b.background),
          sqlText(b.content),
          sqlText(b.locationCode),
          sqlText(b.locationDetail),
          yuan === null ? "NULL" : String(yuan),
          sqlText(b.proposerName),
          sqlText(b.proposerPhone),
          String(now),
        ].join(", ")})`;
      });
      statements.push(
        "INSERT INTO proposals (cycle_id, tracking_no, idempotency_key, source, category, title, background, " +
          "content, location_code, location_detail, estimate_yuan, proposer_name, proposer_phone, submitted_at) " +
          `VALUES\n${values.join(",\n")};`,
      );
    }
    const file = path.join(dir, "proposals.sql");
    writeFileSync(file, `${statements.join("\n")}\n`);
    const started = performance.now();
    const r = await exec(wrangler, [
      "d1",
      "execute",
      "DB",
      "--local",
      "--persist-to",
      server.persistDir,
      "--file",
      file,
      "--yes",
    ]);
    if (r.code !== 0) throw new Error(`wrangler d1 execute failed (${r.code}):\n${r.output}`);
    return (performance.now() - started) / 1000;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------

const n = (x: number) => x.toLocaleString("en-US");

function describeSubmit(s: SubmitRun, clientsUsed: number): string {
  return (
    `  ${n(s.count)} submissions in ${s.seconds.toFixed(1)} s with ${clientsUsed} clients: ` +
    `${s.rps.toFixed(1)} proposals/s; latency p50 ${fmt(s.p50, 0)} ms, p99 ${fmt(s.p99, 0)} ms; ` +
    `failed ${s.failed}${s.failures ? ` (${s.failures})` : ""}; ` +
    `sent again after a 503 or dropped connection: ${s.retried}`
  );
}

interface Check {
  label: string;
  ok: boolean;
}

function verify(
  label: string,
  w: Walk,
  expected: number,
  trackingNos: (string | undefined)[],
  checks: Check[],
) {
  const listed = new Set(w.trackingNos);
  const missing = trackingNos.filter((t) => t === undefined || !listed.has(t)).length;
  const twice = w.trackingNos.length - listed.size;
  console.log(
    `  ${label}: list walked, ${n(w.pages)} pages in ${w.seconds.toFixed(1)} s: ${n(w.ids.length)} proposals ` +
      `(expected ${n(expected)}); ${n(trackingNos.length - missing)}/${n(trackingNos.length)} submitted tracking ` +
      `numbers listed; ${twice} listed twice; ids ${w.ordered ? "strictly decreasing" : "OUT OF ORDER"}`,
  );
  checks.push({ label: `${label}: count`, ok: w.ids.length === expected });
  checks.push({ label: `${label}: every submitted tracking number listed`, ok: missing === 0 });
  checks.push({ label: `${label}: keyset walk in order, no repeats`, ok: w.ordered && twice === 0 });
}

export async function run(url: string, server: Server): Promise<Figures> {
  const year = latestVotedYear(CODE, nodeNow()) + 2;
  const apiPath = `/api/jurisdictions/${CODE}/cycles/${year}/proposals`;
  const runId = Math.random().toString(36).slice(2, 10).padEnd(8, "0");
  const bodies = Array.from({ length: SIZE_B + 2 }, (_, i) => proposal(runId, i));
  const checks: Check[] = [];
  const figures: Figures = {
    proposals_a: SIZE_A,
    proposals_b: SIZE_B,
    clients: CLIENTS,
    public_proposals_per_hour: Number(vars.PUBLIC_PROPOSALS_PER_HOUR),
    rounds: config.rounds,
    load_s: LOAD_SECONDS,
  };
  console.log(
    `  cycle ${CODE}/${year}; PUBLIC_PROPOSALS_PER_HOUR=${vars.PUBLIC_PROPOSALS_PER_HOUR} (all clients share ` +
      "127.0.0.1; this measures throughput, not the per-address limit)",
  );

  const cores = os.cpus().length;
  const busy = () => `load average ${os.loadavg()[0]?.toFixed(1)} on ${cores} cores`;
  const load0 = os.loadavg()[0] ?? 0;
  console.log(`  machine: ${busy()} at the start`);
  await openCycle(url, year);
  const before = await walk(url, apiPath);
  console.log(`  cycle opened, its notice open; before: ${n(before.ids.length)} proposals in it`);

  // Phase A ---------------------------------------------------------------------------------
  console.log(
    `\nPhase A — ${n(SIZE_A)} public proposals through the API, ${CLIENTS} concurrent clients ` +
      "(own connection, cookie jar and CSRF token each; own idempotency key per proposal)",
  );
  const a = await submitAll(url, apiPath, bodies.slice(0, SIZE_A), CLIENTS);
  console.log(describeSubmit(a, CLIENTS));
  checks.push({ label: "phase A: no failed submission", ok: a.failed === 0 });
  const walkA = await walk(url, apiPath);
  verify("stored", walkA, before.ids.length + SIZE_A, a.trackingNos, checks);

  const rep = await repeat(url, apiPath, bodies.slice(0, SIZE_A), a.trackingNos, REPEATS);
  const walkRep = await walk(url, apiPath);
  console.log(
    `  idempotency: ${rep.sent} stored submissions sent again → ${rep.same} × 200 with the same tracking ` +
      `number${rep.wrong ? `, wrong: ${rep.wrong}` : ""} (p50 ${fmt(rep.p50, 0)} ms); count after: ` +
      `${n(walkRep.ids.length)} (${walkRep.ids.length === walkA.ids.length ? "unchanged" : "CHANGED"})`,
  );
  checks.push({ label: "idempotent repeats answer 200 with the same number", ok: rep.same === rep.sent });
  checks.push({ label: "idempotent repeats store nothing", ok: walkRep.ids.length === walkA.ids.length });

  const middleA = walkA.ids[Math.floor(walkA.ids.length / 2)] ?? 0;
  console.log(`  measuring list pages with ${n(SIZE_A)} benchmark proposals…`);
  const listsA = await measureLists(url, listTargets(year, apiPath, middleA));
  const subA = await meteredSubmit(url, apiPath, bodies[SIZE_A] as Body);

  // Phase B ---------------------------------------------------------------------------------
  const bulk = SIZE_B - SIZE_A - 1 - API_B;
  console.log(
    `\nPhase B — growing to ${n(SIZE_B)} benchmark proposals: ${n(SIZE_A)} + 1 metered submission so far, ` +
      `${n(bulk)} written directly to the local D1, ${n(API_B)} through the API`,
  );
  const from = SIZE_A + 1;
  const bulkSeconds =
    bulk > 0 ? await bulkInsert(server, year, bodies.slice(from, from + bulk), from) : Number.NaN;
  console.log(
    `  ${n(bulk)} rows inserted with wrangler d1 execute --local --persist-to <this server's dir> --file ` +
      `(${Math.ceil(bulk / BULK_ROWS_PER_STATEMENT)} INSERTs of ≤${BULK_ROWS_PER_STATEMENT} rows) in ` +
      `${bulkSeconds.toFixed(1)} s`,
  );
  const b = await submitAll(url, apiPath, bodies.slice(from + bulk, from + bulk + API_B), CLIENTS);
  console.log(describeSubmit(b, CLIENTS));
  checks.push({ label: "phase B: no failed submission", ok: b.failed === 0 });
  const walkB = await walk(url, apiPath);
  verify("grown", walkB, before.ids.length + SIZE_B, [...a.trackingNos, ...b.trackingNos], checks);
  const middleB = walkB.ids[Math.floor(walkB.ids.length / 2)] ?? 0;
  console.log(`  measuring list pages with ${n(SIZE_B)} benchmark proposals…`);
  const targets = listTargets(year, apiPath, middleB);
  const listsB = await measureLists(url, targets);
  const subB = await meteredSubmit(url, apiPath, bodies[SIZE_B + 1] as Body);

  // Figures and tables ------------------------------------------------------------------------
  for (const [k, s] of [
    ["a", a],
    ["b", b],
  ] as const) {
    figures[`submit_${k}_count`] = s.count;
    figures[`submit_${k}_rps`] = round(s.rps, 1);
    figures[`submit_${k}_p50_ms`] = round(s.p50, 0);
    figures[`submit_${k}_p99_ms`] = round(s.p99, 0);
    figures[`submit_${k}_failed`] = s.failed;
    figures[`submit_${k}_retried`] = s.retried;
  }
  figures.stored_a = walkA.ids.length - before.ids.length;
  figures.idempotent_same = rep.same;
  figures.idempotent_sent = rep.sent;
  figures.bulk_rows = bulk;
  figures.bulk_s = round(bulkSeconds, 1);
  figures.stored_b = walkB.ids.length - before.ids.length;
  figures.walk_b_pages = walkB.pages;
  figures.walk_b_s = round(walkB.seconds, 1);
  figures.submit_a_rows_read = subA.unmetered ? null : subA.rowsRead;
  figures.submit_b_rows_read = subB.unmetered ? null : subB.rowsRead;
  figures.submit_queries = subB.queries;

  console.log(`\nSubmissions — latency per request as the clients saw it`);
  const subRow = (label: string, s: SubmitRun, m: MeteredSubmit) => [
    label,
    n(s.count),
    fmt(s.rps),
    fmt(s.p50, 0),
    fmt(s.p99, 0),
    String(s.failed),
    String(s.retried),
    m.unmetered ? `– (${m.unmetered} unmetered)` : String(m.rowsRead ?? "–"),
    String(m.queries ?? "–"),
  ];
  console.log(
    table(
      ["phase", "sent", "proposals/s", "p50 ms", "p99 ms", "failed", "retried", "rows read", "queries"],
      [
        subRow(`A: ${n(before.ids.length)} → ${n(walkA.ids.length)} in the cycle`, a, subA),
        subRow(`B: ${n(walkB.ids.length - API_B)} → ${n(walkB.ids.length)} in the cycle`, b, subB),
      ],
      [1, 2, 3, 4, 5, 6, 7, 8],
    ),
  );
  console.log(
    "  (rows read and queries: one metered submission after each phase, with the proposals then in the cycle)",
  );

  const rowsTable: string[][] = [];
  let worst = 0;
  for (const t of targets) {
    const mA = listsA.metered.get(t.key);
    const mB = listsB.metered.get(t.key);
    if (!mA || !mB) continue;
    const rA = median(mA.rowsRead);
    const rB = median(mB.rowsRead);
    const r = ratio(rB, rA);
    if (r !== null) worst = Math.max(worst, r);
    figures[`list_${t.key}_rows_a`] = rA;
    figures[`list_${t.key}_rows_b`] = rB;
    figures[`list_${t.key}_rows_ratio`] = round(r, 3);
    figures[`list_${t.key}_queries`] = median(mB.queries);
    rowsTable.push([
      t.label,
      `${listsA.shown.get(t.key)}/${listsB.shown.get(t.key)}`,
      spread(mA.rowsRead),
      spread(mB.rowsRead),
      fmt(r, 2),
      `${spread(mA.queries)}/${spread(mB.queries)}`,
    ]);
    checks.push({
      label: `${t.label}: a full page at both sizes`,
      ok: listsA.shown.get(t.key) === PAGE && listsB.shown.get(t.key) === PAGE,
    });
  }
  figures.list_rows_ratio_max = round(worst, 3);
  console.log(
    `\nList pages — D1 rows read per request, ${n(SIZE_A)} vs ${n(SIZE_B)} benchmark proposals ` +
      `(${config.meterSamples} sequential metered requests each; page size ${PAGE})`,
  );
  console.log(
    table(
      ["page", "shown", `rows @${n(SIZE_A)}`, `rows @${n(SIZE_B)}`, "ratio", "queries"],
      rowsTable,
      [1, 2, 3, 4, 5],
    ),
  );
  console.log(
    "  rows read include the jurisdiction and cycle look-ups (1 row each); the page query reads one row more" +
      " than it shows, to know whether there is a next page",
  );

  const loadRows: string[][] = [];
  let loadFailed = 0;
  for (const t of targets.filter((x) => LOADED.includes(x.key))) {
    for (const [k, size, lists] of [
      ["a", SIZE_A, listsA],
      ["b", SIZE_B, listsB],
    ] as const) {
      const runs = lists.load.get(t.key) ?? [];
      const rps = median(runs.map((r) => r.rps));
      const p50 = median(runs.map((r) => r.p50));
      const p99 = median(runs.map((r) => r.p99));
      const failed = runs.reduce((s, r) => s + r.failed, 0);
      loadFailed += failed;
      figures[`list_${t.key}_c${CLIENTS}_rps_${k}`] = round(rps, 1);
      figures[`list_${t.key}_c${CLIENTS}_p50_ms_${k}`] = round(p50, 1);
      figures[`list_${t.key}_c${CLIENTS}_p99_ms_${k}`] = round(p99, 1);
      loadRows.push([
        t.label,
        n(size),
        fmt(rps),
        spread(
          runs.map((r) => r.rps),
          0,
        ),
        fmt(p50, 0),
        fmt(p99, 0),
        `${failed}${runs.some((r) => r.failures) ? ` (${runs.map((r) => r.failures).join("; ")})` : ""}`,
      ]);
    }
  }
  figures.list_load_failed = loadFailed;
  figures.list_load_retried_runs = listsA.retried + listsB.retried;
  console.log(
    `\nList first page under load — ${CLIENTS} connections, ${LOAD_SECONDS} s runs, medians of ${config.rounds}`,
  );
  console.log(
    table(
      ["page", "proposals", "req/s", "req/s range", "p50 ms", "p99 ms", "failed"],
      loadRows,
      [1, 2, 3, 4, 5],
    ),
  );

  figures.loadavg_start = round(load0, 1);
  figures.loadavg_end = round(os.loadavg()[0] ?? 0, 1);
  console.log(
    `\nMachine: ${busy()} at the end (this benchmark's own load included)` +
      (load0 > cores
        ? `; ${load0.toFixed(1)} at the start, before any load: other processes competed for the CPU, so the` +
          " timings are pessimistic (rows read are not affected)."
        : "."),
  );
  const failedChecks = checks.filter((c) => !c.ok);
  figures.checks_failed = failedChecks.length;
  console.log(
    failedChecks.length === 0
      ? `\nAll ${checks.length} checks passed (counts, tracking numbers, idempotency, full pages).`
      : `\nWARNING: ${failedChecks.length} check(s) failed:\n${failedChecks.map((c) => `  ${c.label}`).join("\n")}`,
  );
  console.log(
    worst > 0 && worst < 1.2
      ? `Rows read per list page do not grow with the proposals: at most ×${worst.toFixed(2)} from ${n(SIZE_A)} to ${n(SIZE_B)}.`
      : `WARNING: a list page reads ×${worst.toFixed(2)} the rows at ${n(SIZE_B)} than at ${n(SIZE_A)} proposals.`,
  );
  return figures;
}

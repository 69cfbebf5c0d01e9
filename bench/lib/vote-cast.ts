// The casts of bench/vote.ts: the ballots (deterministic per round), the workers they go to (our
// API and ballot page, the minimal worker with and without assets), and how they are sent: all at
// once, at the hall's pace, one at a time; and the phone's whole flow (page, review, confirm).
import { newReceipt } from "../../src/features/voting/casting";
import { type Client, percentile, type Reply } from "./client";
import { cpuSince, groupCpu, ownCpu } from "./cpu";
import { call, pool, sleep } from "./vote-setup";

// ---------------------------------------------------------------------------------------------
// Ballots: per deputy and candidate, deterministic per round, so the expected totals are known.

export type Choice = "for" | "against" | "abstain";

export function unit(a: number, b: number, c: number): number {
  let x = Math.imul(a + 1, 0x9e3779b1) ^ Math.imul(b + 1, 0x85ebca6b) ^ Math.imul(c + 1, 0xc2b2ae35);
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return ((x ^ (x >>> 16)) >>> 0) / 2 ** 32;
}

/** A ballot as a deputy fills it in: support varies by candidate; about 3 % of rows left blank (弃权). */
export function ballot(roundNo: number, deputy: number, candidateIds: number[]): Record<string, Choice> {
  const choices: Record<string, Choice> = {};
  const n = candidateIds.length;
  candidateIds.forEach((id, k) => {
    const u = unit(roundNo, deputy, k);
    if (u < 0.03) return;
    const pFor = 0.35 + (0.6 * ((k * 7) % n)) / (n - 1);
    const w = (u - 0.03) / 0.97;
    choices[String(id)] = w < pFor ? "for" : w < pFor + (1 - pFor) * 0.7 ? "against" : "abstain";
  });
  return choices;
}

// ---------------------------------------------------------------------------------------------
// Casting.

export interface Target {
  key: "ours" | "page" | "minimal" | "bare";
  label: string;
  /** The id of the benchmark's v-th vote (0: warm-up) on this worker. */
  vote(v: number): number;
  path(voteId: number): string;
  /** A cheap GET that opens a client's connection before the casts (a phone that has the ballot page). */
  warm: string;
  /** A client for deputy k on a fresh connection, and the headers of its cast. */
  client(k: number): { client: Client; headers: Record<string, string> };
  /** The body of deputy k's cast of `choices`, with a fresh receipt. */
  body(k: number, choices: Record<string, Choice>): string;
  /** The answer says the ballot was recorded now; or, to a second attempt, that it was before. */
  recorded(r: Reply): boolean;
  retried(r: Reply): boolean;
  /** The dev server's process group, whose CPU time a burst reads (bench/lib/cpu.ts). */
  pgid: number | undefined;
}

/** The JSON API's cast (ours and the minimal worker's): 201 {status: "recorded"}. */
export const jsonCast = {
  body: (_k: number, choices: Record<string, Choice>) =>
    JSON.stringify({ ballot: { form: "per_candidate", choices }, receipt: newReceipt() }),
  recorded: (r: Reply) => r.status === 201,
  retried: (r: Reply) => r.status === 201 || (r.status === 200 && r.body.includes('"already_recorded"')),
};

/** The ballot page's form fields as the phone sends them: its CSRF token, the receipt, a choice per candidate. */
export function ballotForm(csrf: string, receipt: string, choices: Record<string, Choice>): string {
  return new URLSearchParams([
    ["_csrf", csrf],
    ["receipt", receipt],
    ...Object.entries(choices).map(([id, c]): [string, string] => [`c-${id}`, c]),
  ]).toString();
}

/** The page's answers (zh-CN): 投票成功, and to a retry 您的选票已经记录. */
export const pageCast = {
  recorded: (r: Reply) => r.status === 200 && r.body.includes("<h1>投票成功</h1>"),
  retried: (r: Reply) => r.status === 200 && /<h1>(投票成功|您的选票已经记录)/.test(r.body),
};

export interface CastRun {
  sent: number;
  recorded: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  /** Requests the worker refused or failed (any answer but recorded, or a network error). */
  failed: number;
  failures: string;
  /**
   * Requests wrangler dev's proxy dropped: its 503 "Your worker restarted mid-request" (it says so
   * whenever its connection to the worker is lost, which happens with hundreds of requests in
   * flight, and when the worker reloads because a source file changed). Not the worker's answer.
   */
  dropped: number;
  /** Of the failed and dropped, how many a second attempt (same ballot, same receipt) recorded. */
  recovered: number;
  /** CPU ms per ballot sent, by process of the target's dev server, and "client" (this process). */
  cpu: Map<string, number>;
}

const DROPPED = /^Your worker restarted mid-request/;

function tally(m: Map<string, number>): string {
  return [...m].map(([k, n]) => `${k}×${n}`).join(", ");
}

/**
 * Sends the casts of `deputies` (indexes) all at once, each from its own client. Each client opens
 * its connection first (a GET, untimed): 500 connections opened in the same instant overflow the
 * listen queue and cost the unlucky ones a 1 s SYN retransmission, which measures the kernel, not
 * the worker. The clock runs from the first cast sent to the last answer.
 */
export async function castAtOnce(
  t: Target,
  voteId: number,
  deputies: number[],
  bodies: string[],
): Promise<CastRun> {
  const clients = deputies.map((k) => t.client(k));
  await pool(clients, 100, async ({ client }) => {
    await call(client, "GET", t.warm, 200);
  });
  const failures = new Map<string, number>();
  const latencies: number[] = [];
  const retry: number[] = [];
  let dropped = 0;
  const cpu0 = groupCpu(t.pgid);
  const own0 = ownCpu();
  const started = performance.now();
  let lastEnd = started;
  await Promise.all(
    clients.map(async ({ client, headers }, n) => {
      let what: string;
      try {
        const r = await client.send("POST", t.path(voteId), headers, bodies[n]);
        lastEnd = Math.max(lastEnd, performance.now());
        latencies.push(r.ms);
        if (t.recorded(r)) return;
        if (r.status === 503 && DROPPED.test(r.body)) {
          dropped++;
          retry.push(n);
          return;
        }
        what = `${r.status} ${r.body.slice(0, 80)}`;
      } catch (e) {
        what = e instanceof Error ? e.message : String(e);
      }
      failures.set(what, (failures.get(what) ?? 0) + 1);
      retry.push(n);
    }),
  );
  const seconds = (lastEnd - started) / 1000;
  const cpu = cpuSince(cpu0, groupCpu(t.pgid));
  cpu.set("client", ownCpu() - own0);
  for (const [name, ms] of cpu) cpu.set(name, ms / deputies.length);
  for (const c of clients) c.client.close();
  let recovered = 0;
  for (const n of retry) {
    const { client, headers } = t.client(deputies[n] as number);
    try {
      const r = await client.send("POST", t.path(voteId), headers, bodies[n]);
      if (t.retried(r)) recovered++;
    } catch {
      /* stays failed */
    } finally {
      client.close();
    }
  }
  const recorded = deputies.length - retry.length;
  return {
    sent: deputies.length,
    recorded,
    seconds,
    rps: recorded / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
    failed: retry.length - dropped,
    failures: tally(failures),
    dropped,
    recovered,
    cpu,
  };
}

/**
 * The hall's pace: every deputy confirms within the same short window (WINDOW_MS), each at its own
 * moment (deterministic pseudo-random offsets), from its own client with its connection open. This
 * is the latency a deputy sees in the plenary; the burst above, with all ballots in flight in the
 * same millisecond, measures capacity, and its latency is queueing (p99 ≈ ballots / throughput).
 */
export async function castPaced(
  t: Target,
  voteId: number,
  deputies: number[],
  bodies: string[],
  windowMs: number,
  seed: number,
): Promise<CastRun> {
  const clients = deputies.map((k) => t.client(k));
  const failures = new Map<string, number>();
  const latencies: number[] = [];
  let dropped = 0;
  const started = performance.now();
  await Promise.all(
    clients.map(async ({ client, headers }, n) => {
      await sleep(unit(seed, n, 99) * windowMs);
      // The phone has the ballot page open: its connection is up (untimed) when the deputy confirms.
      // Opened here rather than at the start, where it would sit idle for up to the whole window
      // and be closed by the server's keep-alive timeout.
      await call(client, "GET", t.warm, 200);
      let what: string;
      try {
        const r = await client.send("POST", t.path(voteId), headers, bodies[n]);
        if (t.recorded(r)) return void latencies.push(r.ms);
        if (r.status === 503 && DROPPED.test(r.body)) {
          // Dropped by wrangler dev's proxy: the deputy taps again (same ballot, same receipt).
          dropped++;
          const again = await client.send("POST", t.path(voteId), headers, bodies[n]);
          latencies.push(r.ms + again.ms);
          if (t.retried(again)) return;
          what = `again ${again.status} ${again.body.slice(0, 80)}`;
        } else {
          latencies.push(r.ms);
          what = `${r.status} ${r.body.slice(0, 80)}`;
        }
      } catch (e) {
        what = e instanceof Error ? e.message : String(e);
      }
      failures.set(what, (failures.get(what) ?? 0) + 1);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const c of clients) c.client.close();
  const failed = [...failures.values()].reduce((a, b) => a + b, 0);
  // A dropped cast was sent again; if that failed too, it is among the failed.
  const recorded = deputies.length - failed;
  return {
    sent: deputies.length,
    recorded,
    seconds,
    rps: recorded / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
    failed,
    failures: tally(failures),
    dropped,
    recovered: 0,
    cpu: new Map(),
  };
}

export interface Sequential {
  latencies: number[];
  queries: number[];
  calls: number[];
  rowsRead: number[];
  failed: number;
}

/** Casts one at a time: latency on an idle worker; the last `metered` with D1 metering on. */
export async function castOneByOne(
  t: Target,
  voteId: number,
  deputies: number[],
  bodies: string[],
  metered: number,
): Promise<Sequential> {
  const out: Sequential = { latencies: [], queries: [], calls: [], rowsRead: [], failed: 0 };
  for (const [n, k] of deputies.entries()) {
    const meter = n >= deputies.length - metered;
    const { client, headers } = t.client(k);
    let reply: Reply | null = null;
    try {
      reply = await client.send(
        "POST",
        t.path(voteId),
        meter ? { ...headers, "x-bench-metrics": "1" } : headers,
        bodies[n],
      );
    } catch {
      /* counted below */
    } finally {
      client.close();
    }
    if (!reply || !t.recorded(reply)) out.failed++;
    else if (meter) {
      if (reply.headers["x-d1-unmetered"]) throw new Error("a statement of the cast could not be metered");
      out.queries.push(Number(reply.headers["x-d1-queries"]));
      out.calls.push(Number(reply.headers["x-d1-calls"]));
      out.rowsRead.push(Number(reply.headers["x-d1-rows-read"]));
    } else out.latencies.push(reply.ms);
    await sleep(20);
  }
  return out;
}

export interface FlowRun {
  sent: number;
  /** Flows whose confirmation recorded the ballot. */
  recorded: number;
  /** Milliseconds per flow (the ballot page, the review and the confirmation, back to back). */
  flows: number[];
  /** The same per step. */
  steps: { page: number[]; review: number[]; cast: number[] };
  failed: number;
  failures: string;
  /** Steps wrangler dev's proxy dropped (its 503; see CastRun), each sent again once. */
  dropped: number;
}

/**
 * How long a deputy takes between the flow's steps: filling in the ballot (reading the list, marking
 * each candidate) and reading the review before confirming, in ms, [shortest, longest]; each
 * deputy's own draw between them.
 */
export interface Reading {
  fillMs: [number, number];
  reviewMs: [number, number];
}

/**
 * The hall's pace on a phone: 20 candidates marked one by one on a small screen take 20–40 s, the
 * review that lists them back 3–8 s (the reading is untimed: the flow's time is the answers' sum).
 */
export const HALL_READING: Reading = { fillMs: [20_000, 40_000], reviewMs: [3_000, 8_000] };

/**
 * The phone's whole flow: the ballot page (GET, which gives the ballot's receipt), the review (POST)
 * and the confirmation (POST, the cast), with the deputy's cookies and the form's CSRF token. A
 * flow's time is what the deputy waits: the three answers' sum.
 *
 * Every deputy confirms within `windowMs`, at the moment castPaced gives it (the same seeded
 * offsets, so the casts come as densely as the API's at the hall's pace). With `reading`, each
 * deputy opened the ballot page a filling-in and a review before that moment (HALL_READING); its
 * phone's connection is up when it taps (opened untimed just before each step, as castPaced does,
 * since the dev server closes a connection idle for the seconds of a reading, where a phone keeps
 * its connection to Cloudflare's edge open). Without, the three steps run back to back within the
 * window on one connection opened before: three page requests per deputy in the same seconds, a
 * stress no hall produces.
 */
export async function flowPaced(
  t: Target,
  voteId: number,
  deputies: number[],
  ballots: Record<string, Choice>[],
  windowMs: number,
  seed: number,
  reading?: Reading,
): Promise<FlowRun> {
  const out: FlowRun = {
    sent: deputies.length,
    recorded: 0,
    flows: [],
    steps: { page: [], review: [], cast: [] },
    failed: 0,
    failures: "",
    dropped: 0,
  };
  const failures = new Map<string, number>();
  const ballotPath = t.path(voteId).replace(/\/cast$/, "");
  const between = (range: [number, number], u: number) => range[0] + u * (range[1] - range[0]);
  // The confirmations fall in [lead, lead + windowMs] after the start; the pages before them.
  const lead = reading ? reading.fillMs[1] + reading.reviewMs[1] : 0;
  const started = performance.now();
  const until = async (ms: number) => {
    const wait = started + ms - performance.now();
    if (wait > 0) await sleep(wait);
  };
  await Promise.all(
    deputies.map(async (k, n) => {
      const confirmAt = lead + unit(seed, n, 99) * windowMs;
      const reviewAt = reading ? confirmAt - between(reading.reviewMs, unit(seed, n, 13)) : 0;
      const pageAt = reading ? reviewAt - between(reading.fillMs, unit(seed, n, 7)) : confirmAt;
      const fail = (what: string) => failures.set(what, (failures.get(what) ?? 0) + 1);
      // The phone's connection is up when the deputy taps (opened untimed just before, as in
      // castPaced): after a reading, a new one, since the dev server closes idle connections.
      let current = t.client(k);
      const opened = [current.client];
      let used = false;
      const clientFor = async () => {
        if (reading && used) {
          current = t.client(k);
          opened.push(current.client);
        }
        if (reading || !used) await call(current.client, "GET", t.warm, 200);
        used = true;
        return current;
      };
      // A step wrangler dev's proxy dropped (its 503) is sent again once, as the deputy would tap
      // again; the deputy waits for both.
      const step = async (method: "GET" | "POST", p: string, body?: string) => {
        const { client, headers } = await clientFor();
        const r = await client.send(method, p, method === "POST" ? headers : {}, body);
        if (r.status !== 503 || !DROPPED.test(r.body)) return { r, again: false, ms: r.ms };
        out.dropped++;
        const again = await client.send(method, p, method === "POST" ? headers : {}, body);
        return { r: again, again: true, ms: r.ms + again.ms };
      };
      try {
        await until(pageAt);
        const page = await step("GET", ballotPath);
        const receipt = /name="receipt" value="([^"]+)"/.exec(page.r.body)?.[1];
        if (page.r.status !== 200 || !receipt) return fail(`ballot page ${page.r.status}`);
        const form = ballotForm(current.client.cookie("ms_csrf") ?? "", receipt, ballots[n] ?? {});
        await until(reviewAt);
        const review = await step("POST", `${ballotPath}/review`, form);
        if (review.r.status !== 200 || !review.r.body.includes("/ballot/cast"))
          return fail(`review ${review.r.status}`);
        await until(confirmAt);
        const cast = await step("POST", `${ballotPath}/cast`, form);
        if (!(cast.again ? pageCast.retried(cast.r) : pageCast.recorded(cast.r)))
          return fail(`cast ${cast.r.status} ${cast.r.body.slice(0, 60)}`);
        out.recorded++;
        out.steps.page.push(page.ms);
        out.steps.review.push(review.ms);
        out.steps.cast.push(cast.ms);
        out.flows.push(page.ms + review.ms + cast.ms);
      } catch (e) {
        fail(e instanceof Error ? e.message : String(e));
      } finally {
        for (const c of opened) c.close();
      }
    }),
  );
  out.failed = [...failures.values()].reduce((a, b) => a + b, 0);
  out.failures = tally(failures);
  return out;
}

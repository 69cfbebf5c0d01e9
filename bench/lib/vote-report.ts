// What bench/vote.ts prints at the end, and the figures of its JSON line: medians of the rounds per
// worker, the throughput ratios (our JSON API and our ballot page against the minimal worker, with
// and without assets), where the machine time goes, the hall's pace, the checks and the targets.
import { type Figures, fmt, median, ratio, round, table } from "./bench";
import { percentile } from "./client";
import type { CastRun, FlowRun, Reading, Sequential, Target } from "./vote-cast";

/** The targets on the local worker: both cast ratios, the API's p99 and the page flow's at the hall's pace. */
const TARGET_RATIO = 0.85;
const TARGET_P99_MS = 250;
const TARGET_FLOW_P99_MS = 300;

export interface Check {
  label: string;
  ok: boolean;
}

export interface Measured {
  deputies: number;
  candidates: number;
  rounds: number;
  setupSeconds: number;
  targets: Target[];
  runs: Map<string, CastRun[]>;
  sequential: Map<string, Sequential>;
  paced: Map<string, CastRun>;
  /** The phone's flow at the hall's pace, with the deputies' reading between its steps (the target). */
  flow: FlowRun;
  /** The same with no reading: the three steps back to back within the window (a stress figure). */
  burstFlow: FlowRun;
  reading: Reading;
  windowMs: number;
  /** Per-round ratios of throughput: ours / minimal, ours / bare, page / minimal, page / bare. */
  ratios: { api: number[]; apiBare: number[]; page: number[]; pageBare: number[] };
  checks: Check[];
  spoiled: number;
  load0: number;
  loadEnd: number;
  cores: number;
}

const list = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(", ");

export function report(m: Measured): Figures {
  const { runs, sequential, targets, deputies: n } = m;
  const med = (k: string, f: (c: CastRun) => number) => median((runs.get(k) ?? []).map(f));
  const rps = (k: string) => med(k, (c) => c.rps);
  const r = {
    api: median(m.ratios.api),
    apiBare: median(m.ratios.apiBare),
    page: median(m.ratios.page),
    pageBare: median(m.ratios.pageBare),
  };
  const p99 = (k: string) => med(k, (c) => c.p99);
  const seqOf = (k: string) => sequential.get(k) as Sequential;

  console.log(`\nMedians of ${m.rounds} rounds — ${n} ballots at once`);
  console.log(
    table(
      ["worker", "ballots/s", "per round", "s for all", "p50 ms", "p99 ms", "failed", "idle p50", "idle max"],
      targets.map((t) => {
        const rs = runs.get(t.key) ?? [];
        const seq = seqOf(t.key);
        return [
          t.label,
          fmt(rps(t.key)),
          rs.map((c) => c.rps.toFixed(0)).join(" / "),
          fmt(
            med(t.key, (c) => c.seconds),
            2,
          ),
          fmt(
            med(t.key, (c) => c.p50),
            0,
          ),
          fmt(p99(t.key), 0),
          String(rs.reduce((s, c) => s + c.failed, 0)),
          fmt(median(seq.latencies), 0),
          fmt(percentile(seq.latencies, 99), 0),
        ];
      }),
      [1, 3, 4, 5, 6, 7, 8],
    ),
  );
  console.log(
    `  ratio of throughput, JSON API / minimal worker: ${fmt(r.api, 2)} (per round ${list(m.ratios.api)}); ` +
      `ballot page / minimal worker: ${fmt(r.page, 2)} (per round ${list(m.ratios.page)})`,
  );
  console.log(
    `  the same against the minimal worker without assets: JSON API ${fmt(r.apiBare, 2)} (${list(m.ratios.apiBare)}), ` +
      `ballot page ${fmt(r.pageBare, 2)} (${list(m.ratios.pageBare)}): the difference is wrangler dev's asset router`,
  );
  console.log(
    "  idle: ballots one at a time in the warm-up (ours and the page: the unmetered ones), so latency " +
      "without queueing; ms",
  );

  // Where the machine time goes: CPU milliseconds per ballot of each dev server's processes and of
  // the benchmark's clients, read from /proc around each burst (bench/lib/cpu.ts); medians of the
  // rounds. Processes are listed by name, in the order they were started.
  const names = [
    ...new Set(targets.flatMap((t) => (runs.get(t.key) ?? []).flatMap((c) => [...c.cpu.keys()]))),
  ];
  const cpuOf = (k: string, name: string) =>
    median((runs.get(k) ?? []).map((c) => c.cpu.get(name) ?? Number.NaN).filter((x) => !Number.isNaN(x)));
  const cpuTotal = (k: string) =>
    median((runs.get(k) ?? []).map((c) => [...c.cpu.values()].reduce((a, b) => a + b, 0)));
  console.log(
    `\nWhere the machine time goes: CPU ms per ballot, medians of the ${m.rounds} rounds (the two workerd ` +
      "processes of a dev server: wrangler's proxy, then the runtime with the worker, asset router and local D1; " +
      "our JSON API and our page run on the same server)",
  );
  console.log(
    table(
      ["process", ...targets.map((t) => t.label)],
      [
        ...names
          .filter((x) => targets.some((t) => cpuOf(t.key, x) >= 0.005))
          .map((x) => [x, ...targets.map((t) => fmt(cpuOf(t.key, x), 2))]),
        ["all", ...targets.map((t) => fmt(cpuTotal(t.key), 2))],
      ],
      targets.map((_, i) => i + 1),
    ),
  );
  const d1 = (k: string) => ({
    calls: median(seqOf(k).calls),
    queries: median(seqOf(k).queries),
    rows: median(seqOf(k).rowsRead),
  });
  const api = d1("ours");
  const pg = d1("page");
  console.log(
    `  one ballot: JSON API ${api.calls} D1 round trip(s), ${api.queries} statements, ${api.rows} rows read; ` +
      `ballot page ${pg.calls} round trip(s), ${pg.queries} statements, ${pg.rows} rows read; ` +
      "the minimal worker: 1 round trip, 2 statements",
  );

  const pacedOurs = m.paced.get("ours") as CastRun;
  const pacedMin = m.paced.get("minimal") as CastRun;
  const flowP99 = percentile(m.flow.flows, 99);
  const failedChecks = m.checks.filter((c) => !c.ok);
  console.log(
    failedChecks.length === 0
      ? `\nAll ${m.checks.length} checks passed (no failed cast; only turnout while open; exactly ${n} ballots counted per vote, with the totals sent).`
      : `\nWARNING: ${failedChecks.length} check(s) failed:\n${failedChecks.map((c) => `  ${c.label}`).join("\n")}`,
  );
  if (m.spoiled)
    console.log(
      `${m.spoiled} round(s) in which wrangler dev's proxy dropped requests were repeated on a fresh vote ` +
        "(the retries, same ballot and receipt, were recorded once: see the counts above).",
    );
  // A ratio's target is against the minimal worker deployed as ours (the same asset router in front
  // of both); the ratio against the same worker without assets is printed beside it.
  const ratioOk = r.api >= TARGET_RATIO;
  const pageRatioOk = r.page >= TARGET_RATIO;
  const p99Ok = pacedOurs.p99 < TARGET_P99_MS && pacedOurs.failed === 0;
  const flowOk = flowP99 <= TARGET_FLOW_P99_MS && m.flow.failed === 0;
  const met = (ok: boolean) => (ok ? "met" : "NOT met");
  const window = `${n} deputies confirming within ${m.windowMs / 1000} s`;
  console.log(
    `Targets: throughput ratio ≥ ${TARGET_RATIO} against the minimal worker deployed as ours, JSON API: ` +
      `${met(ratioOk)} (${fmt(r.api, 2)}; without assets ${fmt(r.apiBare, 2)}); ballot page: ${met(pageRatioOk)} ` +
      `(${fmt(r.page, 2)}; without assets ${fmt(r.pageBare, 2)}); JSON API p99 < ${TARGET_P99_MS} ms with ${window}: ${met(p99Ok)} ` +
      `(${fmt(pacedOurs.p99, 0)} ms; the minimal worker's ${fmt(pacedMin.p99, 0)} ms); the phone's whole flow ` +
      `(ballot page, review, confirm) at the hall's pace p99 ≤ ${TARGET_FLOW_P99_MS} ms: ${met(flowOk)} ` +
      `(${fmt(flowP99, 0)} ms; back to back, with no reading, ${fmt(percentile(m.burstFlow.flows, 99), 0)} ms).`,
  );
  console.log(
    `  With all ${n} in flight in the same instant the p99 is queueing, not our code: ours ${fmt(p99("ours"), 0)} ms, ` +
      `the page's ${fmt(p99("page"), 0)} ms, the minimal worker's ${fmt(p99("minimal"), 0)} ms (≈ ${n} / throughput).`,
  );
  console.log(
    `Machine: load average ${m.load0.toFixed(1)} at the start, ${m.loadEnd.toFixed(1)} at the end, on ${m.cores} cores` +
      (m.load0 > m.cores ? " — other processes competed for the CPU; the timings are pessimistic." : "."),
  );

  const counted = [...(runs.get("ours") ?? []), ...(runs.get("page") ?? []), ...(runs.get("minimal") ?? [])];
  const figures: Figures = {
    deputies: n,
    candidates: m.candidates,
    rounds: m.rounds,
    setup_s: round(m.setupSeconds, 1),
  };
  for (const t of targets) {
    figures[`${t.key}_rps`] = round(rps(t.key), 1);
    figures[`${t.key}_p50_ms`] = round(
      med(t.key, (c) => c.p50),
      0,
    );
    figures[`${t.key}_p99_ms`] = round(p99(t.key), 0);
    figures[`${t.key}_all_s`] = round(
      med(t.key, (c) => c.seconds),
      2,
    );
  }
  Object.assign(figures, {
    ratio_rps: round(r.api, 3),
    ratio_p99: round(ratio(p99("ours"), p99("minimal")), 2),
    ratio_bare_rps: round(r.apiBare, 3),
    page_ratio_rps: round(r.page, 3),
    page_ratio_bare_rps: round(r.pageBare, 3),
  });
  for (const t of targets) figures[`${t.key}_cpu_ms_per_ballot`] = round(cpuTotal(t.key), 2);
  for (const t of targets) {
    if (t.key === "bare") continue;
    figures[`${t.key}_idle_p50_ms`] = round(median(seqOf(t.key).latencies), 1);
    figures[`${t.key}_idle_p99_ms`] = round(percentile(seqOf(t.key).latencies, 99), 1);
  }
  Object.assign(figures, {
    ours_d1_calls: api.calls,
    ours_d1_queries: api.queries,
    ours_rows_read: api.rows,
    page_d1_calls: pg.calls,
    page_d1_queries: pg.queries,
    page_rows_read: pg.rows,
    failed: counted.reduce((s, c) => s + c.failed, 0),
    dropped: counted.reduce((s, c) => s + c.dropped, 0),
    spoiled_rounds: m.spoiled,
    checks_failed: failedChecks.length,
    paced_window_s: m.windowMs / 1000,
    ours_paced_p50_ms: round(pacedOurs.p50, 0),
    ours_paced_p99_ms: round(pacedOurs.p99, 0),
    minimal_paced_p50_ms: round(pacedMin.p50, 0),
    minimal_paced_p99_ms: round(pacedMin.p99, 0),
    page_paced_p50_ms: round(median(m.flow.flows), 0),
    page_paced_p99_ms: round(flowP99, 0),
    page_paced_step_p99_ms: `${fmt(percentile(m.flow.steps.page, 99), 0)}/${fmt(percentile(m.flow.steps.review, 99), 0)}/${fmt(percentile(m.flow.steps.cast, 99), 0)}`,
    page_paced_failed: m.flow.failed,
    page_paced_fill_s: `${m.reading.fillMs[0] / 1000}-${m.reading.fillMs[1] / 1000}`,
    page_paced_review_s: `${m.reading.reviewMs[0] / 1000}-${m.reading.reviewMs[1] / 1000}`,
    page_nothink_p50_ms: round(median(m.burstFlow.flows), 0),
    page_nothink_p99_ms: round(percentile(m.burstFlow.flows, 99), 0),
    page_nothink_failed: m.burstFlow.failed,
    target_ratio_met: ratioOk,
    target_page_ratio_met: pageRatioOk,
    target_p99_met: p99Ok,
    target_page_p99_met: flowOk,
    loadavg_start: round(m.load0, 1),
    loadavg_end: round(m.loadEnd, 1),
  });
  for (const [k, rs] of runs) {
    rs.forEach((c, i) => {
      figures[`${k}_r${i + 1}_rps`] = round(c.rps, 1);
    });
  }
  return figures;
}

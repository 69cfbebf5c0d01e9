// `npm run bench [-- NAME…]`: runs every benchmark in bench/ (each bench/NAME.ts exports `name`
// and `run(url)`), or only the named ones, each against its own fresh `wrangler dev` (local D1 with
// the demo data). Each benchmark prints its tables and ends with exactly one line of JSON,
// `{"name": …, …figures}`, which is also appended to bench/results/NAME.jsonl for comparison.
import { execFileSync } from "node:child_process";
import { appendFileSync, mkdirSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { clockVars } from "../test/support/clock";
import { type DevServer, startDevServer } from "../test/support/dev-server";
import { type Benchmark, config } from "./lib/bench";

const here = import.meta.dirname;

function isBenchmark(m: unknown): m is Benchmark {
  const b = m as Partial<Benchmark> | null;
  return typeof b?.name === "string" && typeof b.run === "function";
}

async function discover(): Promise<Benchmark[]> {
  const files = readdirSync(here)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && f !== "run.ts")
    .sort();
  const found: Benchmark[] = [];
  for (const f of files) {
    const m: unknown = await import(pathToFileURL(path.join(here, f)).href);
    if (!isBenchmark(m)) throw new Error(`bench/${f} does not export a name and a run(url) function`);
    found.push(m);
  }
  return found;
}

function gitCommit(): string | null {
  try {
    const sha = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: here, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain"], { cwd: here, encoding: "utf8" }).trim();
    return dirty ? `${sha}+dirty` : sha;
  } catch {
    return null;
  }
}

let server: DevServer | null = null;

async function stopServer() {
  const s = server;
  server = null;
  if (s) await s.stop();
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void stopServer().finally(() => process.exit(130));
  });
}

async function main() {
  const all = await discover();
  const wanted = process.argv.slice(2).filter((a) => a !== "--");
  const unknown = wanted.filter((w) => !all.some((b) => b.name === w));
  if (unknown.length > 0) {
    console.error(
      `unknown benchmark: ${unknown.join(", ")} (available: ${all.map((b) => b.name).join(", ")})`,
    );
    process.exit(2);
  }
  const selected = wanted.length > 0 ? all.filter((b) => wanted.includes(b.name)) : all;
  const commit = gitCommit();
  const cpus = os.cpus();
  // The app's clock: the real time, or MINSHENG_NOW (running on from the start), for every server.
  const clock = clockVars().MINSHENG_NOW ?? null;
  console.log(
    `minsheng bench — ${selected.map((b) => b.name).join(", ")}; commit ${commit ?? "?"}; node ${process.version}; ` +
      `${cpus.length} × ${cpus[0]?.model.trim() ?? "cpu"}; rounds ${config.rounds}, ${config.duration} s runs` +
      (clock ? `; clock MINSHENG_NOW=${clock}` : ""),
  );

  for (const b of selected) {
    console.log(`\n== ${b.name} ==`);
    const t0 = Date.now();
    server = await startDevServer(b.vars ? { vars: b.vars } : {});
    console.log(
      `  wrangler dev up at ${server.url} in ${((Date.now() - t0) / 1000).toFixed(1)} s (demo data loaded)`,
    );
    for (const [k, v] of Object.entries(b.vars ?? {})) console.log(`  --var ${k}:${v}`);
    let figures: Awaited<ReturnType<Benchmark["run"]>>;
    try {
      figures = await b.run(server.url, server);
    } finally {
      await stopServer();
    }
    console.log(`\n  ${b.name} took ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    const line = JSON.stringify({ name: b.name, ...figures });
    console.log(line);
    const dir = path.join(here, "results");
    mkdirSync(dir, { recursive: true });
    // `at` is when the run happened (real time), `clock` the app's moment when MINSHENG_NOW set it.
    const record = { at: new Date().toISOString(), commit, ...(clock ? { clock } : {}), ...JSON.parse(line) };
    appendFileSync(path.join(dir, `${b.name}.jsonl`), `${JSON.stringify(record)}\n`);
  }
}

main().catch(async (e: unknown) => {
  await stopServer();
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});

// Starts the real worker under `wrangler dev` with a fresh local D1 (migrations applied, demo data
// loaded on first request) on a free port, for browser tests and benchmarks. Node only.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { clockVars } from "./clock";

export interface DevServer {
  url: string;
  /** The local D1 state of this server (`--persist-to`), e.g. for `wrangler d1 execute --local --persist-to`; removed by stop(). */
  persistDir: string;
  /** Its process group (wrangler and the workerd it starts), e.g. to read their CPU time. */
  pgid: number | undefined;
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, "../..");
const wrangler = path.join(root, "node_modules/.bin/wrangler");
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", CI: "true" };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

export interface DevServerOptions {
  vars?: Record<string, string>;
  /** Another wrangler config than the project's (e.g. bench/minimal-worker/wrangler.toml); its D1 binding must be DB. */
  config?: string;
}

export async function startDevServer(opts: DevServerOptions = {}): Promise<DevServer> {
  const persist = mkdtempSync(path.join(tmpdir(), "minsheng-d1-"));
  const configArgs = opts.config ? ["--config", opts.config] : [];
  const migrate = spawnSync(
    wrangler,
    ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persist, ...configArgs],
    {
      cwd: root,
      env,
      encoding: "utf8",
    },
  );
  if (migrate.status !== 0) throw new Error(`migrations failed: ${migrate.stderr}`);
  const port = await freePort();
  // MINSHENG_NOW, when set, is the worker's clock too (test/support/clock.ts).
  const vars = { ENVIRONMENT: "local", ...clockVars(), ...opts.vars };
  const args = [
    "dev",
    ...configArgs,
    "--port",
    String(port),
    "--ip",
    "127.0.0.1",
    "--persist-to",
    persist,
    "--show-interactive-dev-session=false",
  ];
  for (const [k, v] of Object.entries(vars)) args.push("--var", `${k}:${v}`);
  const child: ChildProcess = spawn(wrangler, args, {
    cwd: root,
    // wrangler dev writes a debug log of everything it relays (about 100 MB in a run of
    // bench/vote.ts): next to the local state, so that stop() removes it with the rest.
    env: { ...env, WRANGLER_LOG_PATH: path.join(persist, "logs") },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  child.stdout?.on("data", (d) => {
    log += d;
  });
  child.stderr?.on("data", (d) => {
    log += d;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited:\n${log}`);
    try {
      // The first request also loads the demo data.
      const res = await fetch(`${url}/`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`wrangler dev did not start in time:\n${log}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    persistDir: persist,
    pgid: child.pid,
    async stop() {
      if (child.pid && child.exitCode === null) {
        try {
          process.kill(-child.pid, "SIGTERM");
        } catch {
          /* already gone */
        }
        await new Promise((r) => setTimeout(r, 300));
      }
      rmSync(persist, { recursive: true, force: true });
    },
  };
}

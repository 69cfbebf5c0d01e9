// The production bundle always builds: `wrangler deploy --dry-run` bundles the worker exactly as a
// deploy would, without uploading. Its size is printed and held under the Workers free-plan limit.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const out = mkdtempSync(path.join(tmpdir(), "minsheng-bundle-"));

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("production bundle", () => {
  it("builds with wrangler deploy --dry-run and stays small", () => {
    const run = spawnSync(
      path.join(root, "node_modules/.bin/wrangler"),
      ["deploy", "--dry-run", "--outdir", out],
      {
        cwd: root,
        env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" },
        encoding: "utf8",
      },
    );
    expect(run.status, run.stderr + run.stdout).toBe(0);
    const files = readdirSync(out).filter((f) => f.endsWith(".js"));
    expect(files.length).toBeGreaterThan(0);
    let raw = 0;
    let gz = 0;
    for (const f of files) {
      raw += statSync(path.join(out, f)).size;
      gz += gzipSync(readFileSync(path.join(out, f))).length;
    }
    console.log(
      `bundle: ${files.join(", ")} — ${(raw / 1024).toFixed(1)} KiB, ${(gz / 1024).toFixed(1)} KiB gzipped`,
    );
    // Free plan: 3 MiB compressed. Keep well under it.
    expect(gz).toBeLessThan(1024 * 1024);
  });
});

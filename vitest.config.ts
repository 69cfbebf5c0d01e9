// Two test projects: `worker` runs inside the Workers runtime against a real local D1 (the
// Cloudflare vitest plugin; the same migrations/ that wrangler applies), `node` runs the checks
// that drive the whole app from outside (bundle build, browser tests in Chromium).
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { parseInstant } from "./src/platform/lib/clock";

// The moment the worker tests run at: MINSHENG_NOW when given (e.g. 2027-01-01T00:00:00+08:00),
// else the moment the run started. The worker's clock stands still at it (no MINSHENG_NOW_FROM).
const testMoment = process.env.MINSHENG_NOW || new Date().toISOString();
if (parseInstant(testMoment) === null)
  throw new Error(`MINSHENG_NOW must be an ISO 8601 instant with its offset, got "${testMoment}"`);

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    test: {
      projects: [
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  ENVIRONMENT: "test",
                  MINSHENG_NOW: testMoment,
                  SETUP_TOKEN: "test-setup-token",
                  TEST_MIGRATIONS: migrations,
                },
              },
            }),
          ],
          test: {
            name: "worker",
            include: ["test/{features,platform,demo}/**/*.test.{ts,tsx}"],
            setupFiles: ["./test/worker/apply-migrations.ts"],
          },
        },
        {
          test: {
            name: "node",
            include: ["test/node/**/*.test.ts"],
            environment: "node",
            testTimeout: 120_000,
            hookTimeout: 180_000,
            fileParallelism: false,
          },
        },
      ],
    },
  };
});

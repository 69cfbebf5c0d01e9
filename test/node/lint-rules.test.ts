// The layering rules fail the lint step: Biome (biome.json) and dependency-cruiser (the order of the
// stages, .dependency-cruiser.cjs) are run on a scratch project that has this repository's rules
// and a few deliberately bad imports, each on its own, and must reject each one with its rule,
// while the same files with harmless imports pass.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const scratch = mkdtempSync(path.join(tmpdir(), "minsheng-lint-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Lints `files` (path → text) with the repository's rules; the exit status and what Biome said. */
function lint(name: string, files: Record<string, string>) {
  const dir = path.join(scratch, name);
  const config = JSON.parse(readFileSync(path.join(root, "biome.json"), "utf8"));
  delete config.$schema;
  config.vcs = { enabled: false };
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "biome.json"), JSON.stringify(config));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  const run = spawnSync(path.join(root, "node_modules/.bin/biome"), ["lint", "--max-diagnostics=50", "."], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: "1" },
    encoding: "utf8",
  });
  return { status: run.status, out: run.stdout + run.stderr };
}

/** Checks the stage order of `files` with the repository's .dependency-cruiser.cjs. */
function cruise(name: string, files: Record<string, string>) {
  const dir = path.join(scratch, `cruise-${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, ".dependency-cruiser.cjs"),
    readFileSync(path.join(root, ".dependency-cruiser.cjs")),
  );
  writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { module: "ESNext", moduleResolution: "Bundler" } }),
  );
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  const run = spawnSync(
    path.join(root, "node_modules/.bin/depcruise"),
    ["src", "--config", ".dependency-cruiser.cjs", "--output-type", "err"],
    { cwd: dir, env: { ...process.env, NO_COLOR: "1" }, encoding: "utf8" },
  );
  return { status: run.status, out: run.stdout + run.stderr };
}

const use = (names: string) => `console.log(${names});\n`;

describe("the lint step's layering rules", () => {
  it("rejects an import cycle between two modules", () => {
    const r = lint("cycle", {
      "src/features/voting/a.ts": `import { b } from "./b";\nexport const a = 1;\n${use("b")}`,
      "src/features/voting/b.ts": `import { a } from "./a";\nexport const b = 2;\n${use("a")}`,
    });
    expect(r.status, r.out).not.toBe(0);
    expect(r.out).toContain("noImportCycles");
  });

  it("rejects a domain module that imports Hono", () => {
    const r = lint("domain-hono", {
      "src/features/voting/tally.ts": `import { Hono } from "hono";\n${use("Hono")}`,
      "src/platform/data/db.ts": `import type { Context } from "hono";\nexport type C = Context;\n`,
    });
    expect(r.status, r.out).not.toBe(0);
    expect(r.out).toContain("src/features/voting/tally.ts");
    expect(r.out).toContain("src/platform/data/db.ts");
    expect(r.out).toContain("never imports Hono");
  });

  it("rejects a page that imports drizzle", () => {
    const r = lint("page-drizzle", {
      "src/features/voting/pages/console.tsx": `import { eq } from "drizzle-orm";\n${use("eq")}`,
      "src/features/voting/pages/ballot.tsx": `import { sqliteTable } from "drizzle-orm/sqlite-core";\n${use("sqliteTable")}`,
    });
    expect(r.status, r.out).not.toBe(0);
    expect(r.out).toContain("src/features/voting/pages/console.tsx");
    expect(r.out).toContain("src/features/voting/pages/ballot.tsx");
    expect(r.out).toContain("never drizzle directly");
  });

  it("rejects the platform importing a feature", () => {
    const r = lint("platform-feature", {
      "src/platform/http/app.ts": `import { x } from "../../features/projects/photos";\n${use("x")}`,
      "src/features/projects/photos.ts": "export const x = 1;\n",
    });
    expect(r.status, r.out).not.toBe(0);
    expect(r.out).toContain("never imports one");
  });

  it("accepts the same places with the imports they may have", () => {
    const r = lint("good", {
      "src/features/voting/tally.ts": `import * as v from "valibot";\nimport { and } from "drizzle-orm";\n${use("v, and")}`,
      "src/features/voting/pages/console.tsx": `import { Hono } from "hono";\nimport { tally } from "../tally";\n${use("Hono, tally")}`,
      "src/features/voting/api/votes.ts": `import { Hono } from "hono";\n${use("Hono")}`,
      "src/platform/http/app.ts": `import { Hono } from "hono";\n${use("Hono")}`,
    });
    expect(r.status, r.out).toBe(0);
  });

  it("rejects a stage that imports a later stage", () => {
    const r = cruise("later", {
      "src/features/voting/votes.ts": `import { plan } from "../projects/plans";\nexport const vote = plan;\n`,
      "src/features/voting/pages/console.tsx": `import { rate } from "../../assessment/ratings";\nexport const c = rate;\n`,
      "src/features/projects/plans.ts": "export const plan = 1;\n",
      "src/features/assessment/ratings.ts": "export const rate = 1;\n",
    });
    expect(r.status, r.out).not.toBe(0);
    expect(r.out).toContain(
      "stage-order-voting: src/features/voting/votes.ts → src/features/projects/plans.ts",
    );
    expect(r.out).toContain(
      "stage-order-voting: src/features/voting/pages/console.tsx → src/features/assessment/ratings.ts",
    );
  });

  it("rejects admin using a stage, a stage using admin, and a feature outside the order", () => {
    const r = cruise("admin", {
      "src/features/admin/accounts.ts": `import { vote } from "../voting/votes";\nexport const a = vote;\n`,
      "src/features/voting/votes.ts": `import { a } from "../admin/accounts";\nexport const vote = 1;\nexport const b = a;\n`,
      "src/features/polls/poll.ts": `import { money } from "../../platform/lib/money";\nexport const p = money;\n`,
      "src/platform/lib/money.ts": "export const money = 1;\n",
    });
    expect(r.status, r.out).not.toBe(0);
    expect(r.out).toContain(
      "admin-uses-no-stage: src/features/admin/accounts.ts → src/features/voting/votes.ts",
    );
    expect(r.out).toContain(
      "no-stage-uses-admin: src/features/voting/votes.ts → src/features/admin/accounts.ts",
    );
    expect(r.out).toContain("feature-has-a-place: src/features/polls/poll.ts");
  });

  it("accepts a stage that imports earlier stages and the platform", () => {
    const r = cruise("earlier", {
      "src/features/collection/proposals.ts": "export const proposal = 1;\n",
      "src/features/voting/votes.ts": `import { proposal } from "../collection/proposals";\nexport const vote = proposal;\n`,
      "src/features/assessment/assessment.ts": `import { vote } from "../voting/votes";\nimport { money } from "../../platform/lib/money";\nexport const a = vote + money;\n`,
      "src/features/open-data/api/open.ts": `import { a } from "../../assessment/assessment";\nexport const o = a;\n`,
      "src/features/admin/accounts.ts": `import { money } from "../../platform/lib/money";\nexport const b = money;\n`,
      "src/platform/lib/money.ts": "export const money = 1;\n",
    });
    expect(r.status, r.out).toBe(0);
  });
});

// Shared harness of the browser tests: the real worker under `wrangler dev` (fresh local D1, demo
// data) driven by Debian's Chromium the way people use it — through the pages, forms and links.
// Every page a test checks is run through axe-core against WCAG 2.1 A/AA and saved as a screenshot
// in test-results/screenshots/ for a human to look at. Each test file that calls `useBrowser()`
// gets its own server and browser.
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Locator,
  type Page,
} from "playwright-core";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { DEMO_PASSWORD } from "../../../src/demo/seed";
import { type DevServer, startDevServer } from "../../support/dev-server";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
export const SHOTS = path.resolve(import.meta.dirname, "../../../test-results/screenshots");

export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 }, locale: "zh-CN" };
export const PHONE: BrowserContextOptions = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: "zh-CN",
};

let server: DevServer | undefined;
let browser: Browser | undefined;
/** Accessibility violations and browser errors of the running test; reported in afterEach. */
const problems: string[] = [];

/**
 * Starts the dev server and Chromium before the file's tests and stops them after; after each test
 * fails it with every problem collected meanwhile (axe violations, page errors, failed requests).
 */
export function useBrowser(): void {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startDevServer();
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      headless: true,
      // Playwright turns the back/forward cache off; people's browsers have it on, and going back to
      // a form that was sent (to send it again) is a case the tests walk through.
      ignoreDefaultArgs: ["--disable-back-forward-cache"],
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  afterEach(() => {
    const found = takeProblems();
    expect(found, `\n${found.join("\n")}\n`).toEqual([]);
  });
}

/** The running server's base URL, e.g. http://127.0.0.1:40123. */
export function serverUrl(): string {
  if (!server) throw new Error("useBrowser() has not started the server");
  return server.url;
}

/** Takes the problems found so far (for a test that expects some). */
export function takeProblems(): string[] {
  return problems.splice(0);
}

/** A fresh browser profile (no cookies); page errors and CSP refusals count as problems. */
export async function open(
  options: BrowserContextOptions = DESKTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  if (!browser) throw new Error("useBrowser() has not launched the browser");
  const context = await browser.newContext({ baseURL: serverUrl(), ...options });
  // A local page answers in well under a second; fail a missing element or link soon, not in 30 s.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
  page.on("console", (m) => {
    // A page answered with 4xx is reported as "Failed to load resource"; statuses are checked by visit().
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource"))
      problems.push(`console error on ${page.url()}: ${m.text()}`);
  });
  page.on("requestfailed", (r) => {
    // A request cut short by the next navigation (the favicon, say) is not a failure.
    if (r.failure()?.errorText !== "net::ERR_ABORTED")
      problems.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on("response", (r) => {
    // Pages may answer 4xx on purpose (a wrong password, a forbidden page); assets never, nor 5xx.
    const page4xx = r.request().isNavigationRequest() && r.status() < 500;
    if (r.status() >= 400 && !page4xx) problems.push(`${r.status()} for ${r.request().method()} ${r.url()}`);
  });
  return { context, page };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * Checks the page as it is now with axe-core (WCAG 2.0/2.1 A and AA) and saves a full-page
 * screenshot as `<name>.png`. Violations are collected and fail the test at its end, all listed.
 */
export async function check(page: Page, name: string): Promise<void> {
  await page.waitForLoadState("load");
  // Runs through the DevTools protocol, which the page's CSP (no inline script) does not govern,
  // so the pages are checked with their real CSP in force.
  if (!(await page.evaluate(() => "axe" in globalThis))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async (tags: string[]) => {
    const g = globalThis as unknown as {
      axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[]; passes: unknown[] }> };
      document: unknown;
    };
    const r = await g.axe.run(g.document, {
      runOnly: { type: "tag", values: tags },
      resultTypes: ["violations"],
    });
    return {
      passed: r.passes.length,
      violations: r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
      })),
    };
  }, AXE_TAGS);
  const where = `${name} (${new URL(page.url()).pathname})`;
  // A checker that checked nothing would pass every page.
  if (result.passed < 10) problems.push(`axe ${where}: only ${result.passed} rules passed; did axe run?`);
  for (const v of result.violations) {
    const targets = v.nodes.map((n) => `    ${JSON.stringify(n.target)}: ${n.failureSummary ?? ""}`);
    problems.push(`axe ${where}: ${v.id} [${v.impact}] ${v.help}\n${targets.join("\n")}`);
  }
  // Nothing may stick out sideways: a page wider than the screen scrolls sideways as a whole on a
  // phone (wide tables scroll inside their own box instead).
  const widths = await page.evaluate(() => {
    const d = (
      globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }
    ).document.documentElement;
    return { page: d.scrollWidth, screen: d.clientWidth };
  });
  if (widths.page > widths.screen)
    problems.push(`layout ${where}: the page is ${widths.page}px wide on a ${widths.screen}px screen`);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Goes to a page by URL (as typed or bookmarked) and expects it to load with `status`. */
export async function visit(page: Page, url: string, status = 200): Promise<void> {
  const res = await page.goto(url);
  expect(res?.status(), url).toBe(status);
}

/** Signs in on the staff form and expects to land on the personal desk. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await visit(page, "/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码", { exact: true }).fill(password);
  await Promise.all([page.waitForURL("**/me"), page.getByRole("button", { name: "登录" }).click()]);
  await expect(page.locator("h1").textContent()).resolves.toBe("我的工作台");
}

/** Signs a deputy in with the code from the slip, tapping as on a phone; lands on the desk. */
export async function signInDeputy(page: Page, code: string): Promise<void> {
  await visit(page, "/login/deputy");
  await page.getByLabel("登录码").fill(code);
  await Promise.all([page.waitForURL("**/me"), page.getByRole("button", { name: "登录" }).tap()]);
}

/** Expects the page to show no error message (and says which, if it does). */
export async function expectNoError(page: Page): Promise<void> {
  const errors = await page.locator(".notice.error, .error").allTextContents();
  expect(errors, `error shown on ${page.url()}`).toEqual([]);
}

/** Clicks a link or button that leads to another page and waits for that page. */
export async function follow(page: Page, target: Locator): Promise<void> {
  await Promise.all([page.waitForEvent("framenavigated"), target.click()]);
  await page.waitForLoadState("load");
}

/** The stage marked current in a cycle page's stage steps. */
export function currentStage(page: Page): Promise<string | null> {
  return page.locator('[aria-current="step"] .label').textContent();
}

/** The path of the page's URL (no origin, no query). */
export function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}

// Browser test: the real worker under `wrangler dev` (fresh local D1, demo data) driven by Debian's
// Chromium the way people use it — through the pages, forms and links, never the JSON API. Every
// page visited is checked with axe-core against WCAG 2.1 A/AA, and screenshots land in
// test-results/screenshots/ for a human to look at.
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEMO_DEPUTY_CODE, DEMO_PASSWORD } from "../../src/demo/seed";
import { type DevServer, startDevServer } from "../support/dev-server";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const SHOTS = path.resolve(import.meta.dirname, "../../test-results/screenshots");

const BANNER = "159921"; // 青山旗
const CITY = "159900"; // 青山市
const TOWNSHIP = "159921101"; // 乌兰苏木
const YEAR = new Date().getUTCFullYear(); // demo: this year's cycle in 监督评估, next year's in 项目征集
const NEXT = YEAR + 1;

const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 }, locale: "zh-CN" };
const PHONE: BrowserContextOptions = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: "zh-CN",
};

let server: DevServer;
let browser: Browser;
/** Accessibility violations and browser errors of the running test; reported in afterEach. */
const problems: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startDevServer();
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
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
  const found = problems.splice(0);
  expect(found, `\n${found.join("\n")}\n`).toEqual([]);
});

/** A fresh browser profile (no cookies); page errors and CSP refusals count as problems. */
async function open(
  options: BrowserContextOptions = DESKTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: server.url, ...options });
  const page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
  page.on("console", (m) => {
    // A page answered with 4xx is reported as "Failed to load resource"; statuses are checked below.
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
async function check(page: Page, name: string): Promise<void> {
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
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Goes to a page by URL (as typed or bookmarked) and expects it to load with `status`. */
async function visit(page: Page, url: string, status = 200): Promise<void> {
  const res = await page.goto(url);
  expect(res?.status(), url).toBe(status);
}

/** Signs in on the staff form and expects to land on the personal desk. */
async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await visit(page, "/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码", { exact: true }).fill(password);
  await Promise.all([page.waitForURL("**/me"), page.getByRole("button", { name: "登录" }).click()]);
  await expect(page.locator("h1").textContent()).resolves.toBe("我的工作台");
}

/** Expects the page to show no error message (and says which, if it does). */
async function expectNoError(page: Page): Promise<void> {
  const errors = await page.locator(".notice.error, .error").allTextContents();
  expect(errors, `error shown on ${page.url()}`).toEqual([]);
}

/** Clicks a link or button that leads to another page and waits for that page. */
async function follow(page: Page, target: ReturnType<Page["locator"]>): Promise<void> {
  await Promise.all([page.waitForEvent("framenavigated"), target.click()]);
  await page.waitForLoadState("load");
}

describe("the app in a browser", () => {
  it("sends a strict Content-Security-Policy with every page", async () => {
    for (const url of ["/", `/j/${BANNER}`, "/login", "/login/deputy", "/no-such-page"]) {
      const res = await fetch(`${server.url}${url}`);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).toContain("style-src 'self'");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).not.toContain("unsafe-inline");
      expect(csp, url).not.toContain("unsafe-eval");
      expect(res.headers.get("x-content-type-options"), url).toBe("nosniff");
    }
  });

  it("has an accessibility check that finds problems", async () => {
    const { context, page } = await open();
    await visit(page, "/");
    await page.evaluate(() => {
      const d = (
        globalThis as unknown as { document: { body: { insertAdjacentHTML(w: string, h: string): void } } }
      ).document;
      d.body.insertAdjacentHTML("beforeend", '<input type="text" id="unlabelled">');
    });
    await check(page, "self-test");
    const found = problems.splice(0);
    expect(found.join("\n")).toMatch(/label \[critical\].*\n.*#unlabelled/);
    await context.close();
  });

  it("shows the public pages to anyone, on a desktop and on a phone", async () => {
    const { context, page } = await open();
    await visit(page, "/");
    await expect(page.locator("h1").textContent()).resolves.toBe("各地民生实事项目票决");
    await check(page, "home");

    await follow(page, page.getByRole("link", { name: "青山旗", exact: true }));
    expect(new URL(page.url()).pathname).toBe(`/j/${BANNER}`);
    await expect(page.getByRole("link", { name: "代表名册" }).count()).resolves.toBe(0);
    await check(page, "banner");

    await follow(page, page.getByRole("link", { name: `${YEAR}年度` }));
    expect(new URL(page.url()).pathname).toBe(`/j/${BANNER}/${YEAR}`);
    await expect(page.locator('[aria-current="step"] .label').textContent()).resolves.toBe("监督评估");
    await expect(page.getByRole("link", { name: /进入下一阶段/ }).count()).resolves.toBe(0);
    await check(page, "cycle");

    await visit(page, `/j/${BANNER}/${NEXT}`);
    await expect(page.locator('[aria-current="step"] .label').textContent()).resolves.toBe("项目征集");
    await check(page, "cycle-next");

    await follow(page, page.getByRole("link", { name: "登录", exact: true }));
    await expect(page.locator("h1").textContent()).resolves.toBe("工作人员登录");
    await check(page, "login-staff");

    await follow(page, page.getByRole("link", { name: "人大代表请用登录条登录" }));
    await expect(page.locator("h1").textContent()).resolves.toBe("代表登录");
    await check(page, "login-deputy");

    await visit(page, "/no-such-page", 404);
    await check(page, "not-found");
    await context.close();

    const phone = await open(PHONE);
    await visit(phone.page, "/");
    await check(phone.page, "home-phone");
    await visit(phone.page, `/j/${BANNER}/${NEXT}`);
    await check(phone.page, "cycle-phone");
    await phone.context.close();
  });

  it("explains a failed sign-in on the form", async () => {
    const { context, page } = await open();
    await visit(page, "/login");
    await page.getByLabel("用户名").fill("staff");
    await page.getByLabel("密码", { exact: true }).fill("not-the-password");
    await follow(page, page.getByRole("button", { name: "登录" }));
    await expect(page.getByRole("alert").textContent()).resolves.toContain("用户名或密码不正确");
    expect(new URL(page.url()).pathname).toBe("/login");
    // The username is kept, the password is not.
    await expect(page.getByLabel("用户名").inputValue()).resolves.toBe("staff");
    await expect(page.getByLabel("密码", { exact: true }).inputValue()).resolves.toBe("");
    await check(page, "login-error");

    // An empty form names the missing fields next to them.
    await page.getByLabel("用户名").fill("");
    await follow(page, page.getByRole("button", { name: "登录" }));
    await expect(page.getByLabel("用户名").getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(page.locator("#f-username-error").isVisible()).resolves.toBe(true);
    await check(page, "login-empty");

    await visit(page, "/login/deputy");
    await page.getByLabel("登录码").fill("AAAA-BBBB-CCCC");
    await follow(page, page.getByRole("button", { name: "登录" }));
    // Today this says 用户名或密码不正确 ("username or password"), the staff message, to a deputy who
    // typed a code: worth its own wording (error.bad_credentials is shared by both sign-ins).
    await expect(page.getByRole("alert").textContent()).resolves.toContain("不正确");
    expect(new URL(page.url()).pathname).toBe("/login/deputy");
    await check(page, "login-deputy-error");

    await page.getByLabel("登录码").fill("12345");
    await follow(page, page.getByRole("button", { name: "登录" }));
    await expect(page.getByLabel("登录码").getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(page.locator("#f-code-error").isVisible()).resolves.toBe(true);
    await check(page, "login-deputy-format");
    await context.close();
  });

  it("lets a deputy sign in on a phone with the code from the slip", async () => {
    const { context, page } = await open(PHONE);
    await visit(page, "/login/deputy");
    await check(page, "deputy-login-phone");
    // Typed as on a phone: lower case, without the dashes.
    await page.getByLabel("登录码").fill(DEMO_DEPUTY_CODE.replaceAll("-", "").toLowerCase());
    await Promise.all([page.waitForURL("**/me"), page.getByRole("button", { name: "登录" }).tap()]);
    await expect(page.locator("main").textContent()).resolves.toContain("人大代表");
    await check(page, "deputy-me-phone");
    // A deputy has no roster access.
    await visit(page, `/j/${BANNER}/roster`, 403);
    await check(page, "deputy-forbidden-phone");
    await context.close();
  });

  it("lets congress staff manage the roster, the slips and the audit log", async () => {
    const { context, page } = await open();
    await signIn(page, "staff");
    await expect(page.locator("main").textContent()).resolves.toContain("青山旗人大常委会办公室");
    await check(page, "staff-me");

    await follow(page, page.locator("main").getByRole("link", { name: "青山旗" }));
    await check(page, "staff-banner");
    await follow(page, page.getByRole("link", { name: "代表名册" }));
    expect(new URL(page.url()).pathname).toBe(`/j/${BANNER}/roster`);
    await check(page, "staff-roster");

    // Issue a slip to the first serving deputy without one.
    const row = page
      .locator("tbody tr")
      .filter({ hasText: "未发放" })
      .filter({ has: page.locator("button") })
      .first();
    const name = ((await row.locator("th").textContent()) ?? "").trim();
    expect(name).not.toBe("");
    await follow(page, row.getByRole("button", { name: `发放/补打 ${name}` }));
    await expectNoError(page);
    await expect(page.locator("h1").textContent()).resolves.toBe("代表登录条");
    const slip = page.locator(".slip");
    await expect(slip.count()).resolves.toBe(1);
    await expect(slip.locator("h2").textContent()).resolves.toContain(name);
    await expect(slip.locator(".qr svg").count()).resolves.toBe(1);
    const code = ((await slip.locator(".code").textContent()) ?? "").trim();
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await expect(page.getByRole("button", { name: "打印" }).isVisible()).resolves.toBe(true);
    await check(page, "slips");

    // Back on the roster the deputy holds a valid slip; revoke it through the confirmation page.
    await follow(page, page.getByRole("link", { name: "代表名册" }));
    const issued = page.locator("tbody tr").filter({ has: page.locator("th", { hasText: name }) });
    await expect(issued.first().textContent()).resolves.toContain("有效");
    await follow(page, issued.first().getByRole("link", { name: `作废 ${name}` }));
    await expect(page.locator("h1").textContent()).resolves.toBe("确认作废登录条");
    await check(page, "revoke-confirm");
    await follow(page, page.getByRole("button", { name: "作废" }));
    await expectNoError(page);
    await expect(page.getByRole("status").textContent()).resolves.toContain(`已作废${name}代表的登录条`);
    await check(page, "revoked");

    // The revoked code no longer signs in (in another browser, as the deputy would).
    const deputy = await open(PHONE);
    await visit(deputy.page, `/login/deputy?code=${code}`);
    await expect(deputy.page.getByLabel("登录码").inputValue()).resolves.toBe(code);
    await follow(deputy.page, deputy.page.getByRole("button", { name: "登录" }));
    await expect(deputy.page.getByRole("alert").textContent()).resolves.toContain("已作废");
    await check(deputy.page, "deputy-revoked-phone");
    await deputy.context.close();

    await follow(page, page.getByRole("link", { name: "代表名册" }));
    await expect(
      page
        .locator("tbody tr")
        .filter({ has: page.locator("th", { hasText: name }) })
        .first()
        .textContent(),
    ).resolves.toContain("未发放");

    // The audit log records both steps, and its hash chain checks out.
    await visit(page, `/j/${BANNER}`);
    await follow(page, page.getByRole("link", { name: "操作日志" }));
    const actions = await page.locator("tbody td code:not(.hash)").allTextContents();
    expect(actions.slice(0, 2)).toEqual(["credential.revoke", "credential.issue"]);
    await check(page, "audit");
    await follow(page, page.getByRole("link", { name: "校验日志链" }));
    await expect(page.getByRole("status").textContent()).resolves.toMatch(/日志链完整/);
    await check(page, "audit-verify");
    await context.close();
  });

  it("moves next year's cycle: the government leaves collection, staff open the vote", async () => {
    const cycleUrl = `/j/${BANNER}/${NEXT}`;
    const current = (page: Page) => page.locator('[aria-current="step"] .label').textContent();

    // Staff may not close collection: no button for them while the cycle is in 项目征集.
    const staff = await open();
    await signIn(staff.page, "staff");
    await visit(staff.page, cycleUrl);
    await expect(current(staff.page)).resolves.toBe("项目征集");
    await expect(staff.page.getByRole("link", { name: /进入下一阶段/ }).count()).resolves.toBe(0);

    const gov = await open();
    await signIn(gov.page, "gov");
    await check(gov.page, "gov-me");
    await visit(gov.page, cycleUrl);
    await check(gov.page, "gov-cycle");
    // Going back from the confirmation page changes nothing.
    await follow(gov.page, gov.page.getByRole("link", { name: "进入下一阶段：筛选移交" }));
    await check(gov.page, "advance-confirm");
    await follow(gov.page, gov.page.getByRole("link", { name: "返回" }));
    await expect(current(gov.page)).resolves.toBe("项目征集");
    // Confirmed, it moves on.
    await follow(gov.page, gov.page.getByRole("link", { name: "进入下一阶段：筛选移交" }));
    await follow(gov.page, gov.page.getByRole("button", { name: "确认进入「筛选移交」" }));
    await expectNoError(gov.page);
    expect(new URL(gov.page.url()).pathname).toBe(cycleUrl);
    await expect(gov.page.getByRole("status").textContent()).resolves.toContain("已进入「筛选移交」阶段");
    await expect(current(gov.page)).resolves.toBe("筛选移交");
    await check(gov.page, "cycle-advanced");
    // Hand-over (移交) is the government's step too.
    await follow(gov.page, gov.page.getByRole("link", { name: "进入下一阶段：酝酿协商" }));
    await follow(gov.page, gov.page.getByRole("button", { name: "确认进入「酝酿协商」" }));
    await expectNoError(gov.page);
    await expect(current(gov.page)).resolves.toBe("酝酿协商");
    await expect(gov.page.getByRole("link", { name: /进入下一阶段/ }).count()).resolves.toBe(0);
    await gov.context.close();

    // From deliberation on, congress staff move the cycle.
    await visit(staff.page, cycleUrl);
    await follow(staff.page, staff.page.getByRole("link", { name: "进入下一阶段：审议票决" }));
    await expect(staff.page.locator("main").textContent()).resolves.toContain(`${NEXT}`);
    await follow(staff.page, staff.page.getByRole("button", { name: "确认进入「审议票决」" }));
    await expectNoError(staff.page);
    await expect(current(staff.page)).resolves.toBe("审议票决");
    await check(staff.page, "cycle-vote");

    // The log lists the moves and still verifies.
    await visit(staff.page, `/j/${BANNER}/audit?verify=1`);
    const actions = await staff.page.locator("tbody td code:not(.hash)").allTextContents();
    expect(actions.slice(0, 3)).toEqual(["cycle.advance", "cycle.advance", "cycle.advance"]);
    await expect(staff.page.getByRole("status").textContent()).resolves.toMatch(/日志链完整/);
    await staff.context.close();
  });

  it("lets the city read the banner's roster and the admin see the whole subtree", async () => {
    const city = await open();
    await signIn(city.page, "city");
    await visit(city.page, `/j/${BANNER}`);
    await follow(city.page, city.page.getByRole("link", { name: "代表名册" }));
    expect(new URL(city.page.url()).pathname).toBe(`/j/${BANNER}/roster`);
    await expect(city.page.locator("tbody tr").count()).resolves.toBeGreaterThan(0);
    // Read only: no slips, no import.
    await expect(city.page.getByRole("button", { name: /发放/ }).count()).resolves.toBe(0);
    await expect(city.page.getByLabel("名册文件").count()).resolves.toBe(0);
    await check(city.page, "city-roster");
    await city.context.close();

    const admin = await open();
    await signIn(admin.page, "admin");
    await follow(admin.page, admin.page.locator("main").getByRole("link", { name: "青山市" }));
    expect(new URL(admin.page.url()).pathname).toBe(`/j/${CITY}`);
    const subs = admin.page.locator("section", {
      has: admin.page.getByRole("heading", { name: "下级行政区划" }),
    });
    await expect(subs.getByRole("link").allTextContents()).resolves.toEqual(["青山旗", "白云旗"]);
    await check(admin.page, "admin-city");
    await follow(admin.page, subs.getByRole("link", { name: "青山旗" }));
    await follow(admin.page, admin.page.getByRole("link", { name: "乌兰苏木" }));
    expect(new URL(admin.page.url()).pathname).toBe(`/j/${TOWNSHIP}`);
    await follow(admin.page, admin.page.getByRole("link", { name: "代表名册" }));
    await expect(admin.page.locator("tbody tr").count()).resolves.toBeGreaterThan(0);
    await check(admin.page, "admin-township-roster");
    await visit(admin.page, `/j/${TOWNSHIP}/audit`);
    await check(admin.page, "admin-township-audit");

    // Accounts and jurisdictions of the subtree, from the desk.
    await visit(admin.page, "/me");
    await follow(admin.page, admin.page.getByRole("link", { name: "账号与行政区划管理" }));
    expect(new URL(admin.page.url()).pathname).toBe("/admin");
    const usernames = await admin.page.locator("tbody th code").allTextContents();
    expect(usernames).toEqual(expect.arrayContaining(["staff", "gov", "staff-by", "staff-wl"]));
    await check(admin.page, "admin");
    // A new account from the form; an incomplete one names what is missing.
    const account = admin.page.locator("form", {
      has: admin.page.getByRole("heading", { name: "新建账号" }),
    });
    await follow(admin.page, account.getByRole("button", { name: "创建" }));
    await expect(account.locator("[aria-invalid=true]").count()).resolves.toBeGreaterThan(0);
    await check(admin.page, "admin-errors");
    await account.getByLabel("用户名", { exact: true }).fill("clerk.qs");
    await account.getByLabel("名称", { exact: true }).fill("青山旗人大常委会代表工作室");
    await account.getByLabel("角色").selectOption({ label: "人大工作人员" });
    await account.getByLabel("所属行政区划").selectOption("159921");
    await account.getByLabel("初始密码").fill("a-long-initial-password");
    await follow(admin.page, account.getByRole("button", { name: "创建" }));
    await expect(admin.page.getByRole("status").textContent()).resolves.toContain("账号已创建");
    await follow(admin.page, admin.page.getByRole("link", { name: "管理账号 clerk.qs" }));
    await expect(admin.page.locator("h1").textContent()).resolves.toBe("管理账号 clerk.qs");
    await check(admin.page, "admin-account");
    await admin.context.close();
  });

  it("switches to English from the header and back", async () => {
    const { context, page } = await open();
    await visit(page, `/j/${BANNER}/${YEAR}`);
    await follow(page, page.locator("header").getByRole("link", { name: "English" }));
    expect(new URL(page.url()).pathname).toBe(`/j/${BANNER}/${YEAR}`);
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("en");
    await expect(page.locator("h1").textContent()).resolves.toContain("Qingshan Banner");
    await expect(page.locator('[aria-current="step"] .label').textContent()).resolves.toBe(
      "Supervise and evaluate",
    );
    await check(page, "cycle-en");
    await visit(page, "/");
    await check(page, "home-en");
    await visit(page, "/login");
    await page.getByLabel("Username").fill("staff");
    await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
    await Promise.all([page.waitForURL("**/me"), page.getByRole("button", { name: "Sign in" }).click()]);
    await visit(page, `/j/${BANNER}/roster`);
    await check(page, "staff-roster-en");
    await follow(page, page.locator("header").getByRole("link", { name: "中文" }));
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("zh-CN");
    await context.close();
  });
});

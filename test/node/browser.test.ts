// Browser test: the real worker under `wrangler dev` (fresh local D1, demo data) driven by Debian's
// Chromium the way people use it — through the pages, forms and links, never the JSON API. Every
// page visited is checked with axe-core against WCAG 2.1 A/AA, and screenshots land in
// test-results/screenshots/ for a human to look at (harness: ./support/browser.ts). Stages 1–2
// (notice, proposals, screening, hand-over) are walked in collection.browser.test.ts.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { demoPlan, LIULIN, latestVotedYear, QINGSHAN } from "../../src/demo/calendar";
import { DEMO_DEPUTY_CODE, DEMO_PASSWORD } from "../../src/demo/seed";
import { beijingDate, nodeNow } from "../support/clock";
import {
  check,
  currentStage,
  expectNoError,
  follow,
  open,
  PHONE,
  pathOf,
  serverUrl,
  signIn,
  signInDeputy,
  takeProblems,
  useBrowser,
  visit,
} from "./support/browser";

const BANNER = QINGSHAN; // 青山旗
const CITY = "159900"; // 青山市
const TOWNSHIP = "159921101"; // 乌兰苏木
/**
 * The demo's cycle of 青山旗 in 监督评估: its latest voted year (this year once this January's
 * session has voted, else last year), on the clock the worker runs on (test/support/clock.ts).
 */
const YEAR = latestVotedYear(BANNER, nodeNow());
/** A year with no cycle in the demo's 青山旗, for a cycle this file opens itself (in 项目征集). */
const OWN = YEAR + 2;
/** The demo's cycle in 项目征集 on every date: 柳林乡's, placed around today, its notice open. */
const COLLECTING = (() => {
  const c = demoPlan(nodeNow()).cycles.find((x) => x.code === LIULIN && x.stage === "collect");
  if (!c) throw new Error("the demo plan has no collecting cycle in 柳林乡");
  return `/j/${c.code}/${c.year}`;
})();

useBrowser();

describe("the app in a browser", () => {
  it("sends a strict Content-Security-Policy with every page", async () => {
    for (const url of ["/", `/j/${BANNER}`, "/login", "/login/deputy", "/no-such-page"]) {
      const res = await fetch(`${serverUrl()}${url}`);
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
    const found = takeProblems();
    expect(found.join("\n")).toMatch(/label \[critical\].*\n.*#unlabelled/);
    await context.close();

    // And a page wider than a phone's screen.
    const phone = await open(PHONE);
    await visit(phone.page, "/");
    await phone.page.evaluate(() => {
      const d = (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document;
      (d.querySelector("main") as { style: { minWidth: string } }).style.minWidth = "600px";
    });
    await check(phone.page, "self-test-phone");
    expect(takeProblems().join("\n")).toMatch(/layout .* wide on a 360px screen/);
    await phone.context.close();
  });

  it("shows the public pages to anyone, on a desktop and on a phone", async () => {
    const { context, page } = await open();
    await visit(page, "/");
    await expect(page.locator("h1").textContent()).resolves.toBe("各地民生实事项目票决");
    await check(page, "home");

    await follow(page, page.getByRole("link", { name: "青山旗", exact: true }));
    expect(pathOf(page)).toBe(`/j/${BANNER}`);
    await expect(page.getByRole("link", { name: "代表名册" }).count()).resolves.toBe(0);
    await check(page, "banner");

    await follow(page, page.getByRole("link", { name: `${YEAR}年度` }));
    expect(pathOf(page)).toBe(`/j/${BANNER}/${YEAR}`);
    await expect(currentStage(page)).resolves.toBe("监督评估");
    await expect(page.getByRole("link", { name: /进入下一阶段/ }).count()).resolves.toBe(0);
    await check(page, "cycle");

    await visit(page, COLLECTING);
    await expect(currentStage(page)).resolves.toBe("项目征集");
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
    await visit(phone.page, COLLECTING);
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
    expect(pathOf(page)).toBe("/login");
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
    // A deputy is told about the code (not "username or password"), on the form, to try again.
    await expect(page.getByRole("alert").textContent()).resolves.toContain("登录码不正确");
    expect(pathOf(page)).toBe("/login/deputy");
    await expect(page.getByLabel("登录码").inputValue()).resolves.toBe("AAAA-BBBB-CCCC");
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
    await signInDeputy(page, DEMO_DEPUTY_CODE.replaceAll("-", "").toLowerCase());
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
    expect(pathOf(page)).toBe(`/j/${BANNER}/roster`);
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
    const actions = await page.locator("tbody td code.muted").allTextContents();
    expect(actions.slice(0, 2)).toEqual(["credential.revoke", "credential.issue"]);
    await check(page, "audit");
    await follow(page, page.getByRole("link", { name: "校验日志链" }));
    await expect(page.getByRole("status").textContent()).resolves.toMatch(/日志链完整/);
    await check(page, "audit-verify");
    await context.close();
  });

  it("keeps a cycle in collection while its notice is open", async () => {
    // The government opens a cycle of its own and publishes a notice that closes 30 days from now;
    // collection cannot end before. (The whole way through stages 1–2, moves included, is
    // collection.browser.test.ts.)
    const cycleUrl = `/j/${BANNER}/${OWN}`;
    const move = (page: Page) => page.getByRole("link", { name: /进入下一阶段/ });

    const gov = await open();
    await signIn(gov.page, "gov");
    await check(gov.page, "gov-me");
    await visit(gov.page, `/j/${BANNER}`);
    await gov.page.getByLabel("年度", { exact: true }).fill(String(OWN));
    await follow(gov.page, gov.page.getByRole("button", { name: "新建", exact: true }));
    await expectNoError(gov.page);
    await visit(gov.page, `${cycleUrl}/notice/edit`);
    await gov.page.getByLabel("公告标题").fill(`关于征集${OWN}年度民生实事项目的公告`);
    await gov.page.getByLabel("开始日期").fill(beijingDate(-3));
    await gov.page.getByLabel("截止日期").fill(beijingDate(30));
    await gov.page.getByLabel("征集范围").fill("教育、医疗、养老、饮水、道路等群众关心的民生领域。");
    await gov.page
      .getByLabel("不予受理的情形")
      .fill("仅惠及个别单位或个人的；党政机关办公楼和办公设备购置。");
    await gov.page.getByLabel("征集渠道").fill("网上提交；各苏木镇意见箱；人大代表联络站。");
    await follow(gov.page, gov.page.getByRole("button", { name: "发布公告" }));
    await expectNoError(gov.page);
    await expect(gov.page.getByRole("status").allTextContents()).resolves.toContain("正在征集项目建议。");

    // Staff may not close collection at all: no button, and no reason to read either.
    const staff = await open();
    await signIn(staff.page, "staff");
    await visit(staff.page, cycleUrl);
    await expect(currentStage(staff.page)).resolves.toBe("项目征集");
    await expect(move(staff.page).count()).resolves.toBe(0);
    await expect(staff.page.getByText("征集公告的截止日期还没到").count()).resolves.toBe(0);
    await check(staff.page, "staff-cycle");
    await staff.context.close();

    // The government may, once the notice has closed: until then the page says why not.
    await visit(gov.page, cycleUrl);
    await expect(currentStage(gov.page)).resolves.toBe("项目征集");
    await expect(move(gov.page).count()).resolves.toBe(0);
    await expect(gov.page.getByRole("status").textContent()).resolves.toContain("征集公告的截止日期还没到");
    await check(gov.page, "gov-cycle");

    // A bookmarked confirmation page does not get round the rule: the move is refused, with the reason.
    await visit(gov.page, `${cycleUrl}/advance?to=screen`);
    await follow(gov.page, gov.page.getByRole("button", { name: "确认进入「筛选移交」" }));
    await expect(gov.page.locator("main").textContent()).resolves.toContain("征集公告的截止日期还没到");
    await check(gov.page, "gov-advance-refused");
    await visit(gov.page, cycleUrl);
    await expect(currentStage(gov.page)).resolves.toBe("项目征集");
    await gov.context.close();
  });

  it("lets the city read the banner's roster and the admin see the whole subtree", async () => {
    const city = await open();
    await signIn(city.page, "city");
    await visit(city.page, `/j/${BANNER}`);
    await follow(city.page, city.page.getByRole("link", { name: "代表名册" }));
    expect(pathOf(city.page)).toBe(`/j/${BANNER}/roster`);
    await expect(city.page.locator("tbody tr").count()).resolves.toBeGreaterThan(0);
    // Read only: no slips, no import.
    await expect(city.page.getByRole("button", { name: /发放/ }).count()).resolves.toBe(0);
    await expect(city.page.getByLabel("名册文件").count()).resolves.toBe(0);
    await check(city.page, "city-roster");
    await city.context.close();

    const admin = await open();
    await signIn(admin.page, "admin");
    await follow(admin.page, admin.page.locator("main").getByRole("link", { name: "青山市" }));
    expect(pathOf(admin.page)).toBe(`/j/${CITY}`);
    const subs = admin.page.locator("section", {
      has: admin.page.getByRole("heading", { name: "下级行政区划" }),
    });
    await expect(subs.getByRole("link").allTextContents()).resolves.toEqual(["青山旗", "白云旗"]);
    await check(admin.page, "admin-city");
    await follow(admin.page, subs.getByRole("link", { name: "青山旗" }));
    await follow(admin.page, admin.page.getByRole("link", { name: "乌兰苏木" }));
    expect(pathOf(admin.page)).toBe(`/j/${TOWNSHIP}`);
    await follow(admin.page, admin.page.getByRole("link", { name: "代表名册" }));
    await expect(admin.page.locator("tbody tr").count()).resolves.toBeGreaterThan(0);
    await check(admin.page, "admin-township-roster");
    await visit(admin.page, `/j/${TOWNSHIP}/audit`);
    await check(admin.page, "admin-township-audit");

    // Accounts and jurisdictions of the subtree, from the desk.
    await visit(admin.page, "/me");
    await follow(admin.page, admin.page.getByRole("link", { name: "账号与行政区划管理" }));
    expect(pathOf(admin.page)).toBe("/admin");
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
    expect(pathOf(page)).toBe(`/j/${BANNER}/${YEAR}`);
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("en");
    await expect(page.locator("h1").textContent()).resolves.toContain("Qingshan Banner");
    await expect(currentStage(page)).resolves.toBe("Supervise and evaluate");
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

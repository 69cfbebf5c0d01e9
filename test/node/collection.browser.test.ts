// Browser test of stages 1–2 (项目征集, 筛选移交) as the people involved go through them, in
// Chromium, through the real pages only (no API shortcuts, no database writes): the government
// opens a new cycle and publishes its notice; the public and a deputy propose on phones (a form sent
// twice stores one proposal); a township and a department propose too; the government closes
// collection, screens every proposal, forms a candidate, hands the list over; the public reads the
// outcomes without anyone's name or phone; staff return the list and the government hands it over
// again. Each step's `it` builds on the previous ones (and is skipped once one has failed). Every page is checked
// with axe-core (WCAG 2.1 A/AA); screenshots are test-results/screenshots/s12-*.png.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { latestVotedYear, QINGSHAN } from "../../src/demo/calendar";
import { DEMO_DEPUTY_CODE } from "../../src/demo/seed";
import { beijingDate, nodeNow } from "../support/clock";
import {
  check,
  currentStage,
  expectNoError,
  follow,
  open,
  PHONE,
  pathOf,
  signIn,
  signInDeputy,
  useBrowser,
  visit,
} from "./support/browser";

const BANNER = QINGSHAN; // 青山旗 (gov, staff); 乌兰苏木 (gov-wl) is one of its townships
/**
 * A year with no cycle in the demo data: two after 青山旗's latest voted year (the demo has that
 * one, the year before it, and the next one from its notice in July), on the worker's clock.
 */
const Y = latestVotedYear(BANNER, nodeNow()) + 2;
const CYCLE = `/j/${BANNER}/${Y}`;

/** The notice's dates as typed (Beijing days from the worker's clock), for what the pages show later. */
const period = { opens: "", closes: "" };

/** What two members of the public typed: stored for the government, never shown to anyone else. */
const SECRETS = {
  name1: "苏和巴特尔测试",
  phone1: "13912345678",
  name2: "乌云其木格测试",
  phone2: "0471-6123456",
} as const;

interface Idea {
  category: string;
  title: string;
  background: string;
  content: string;
  place?: string;
  detail?: string;
  estimate?: string;
  name?: string;
  phone?: string;
}

const IDEAS = {
  water: {
    category: "饮水供水",
    title: "巴彦嘎查饮水管网改造",
    background: "嘎查供水管网铺设于上世纪九十年代，冬季经常冻裂，牧户季节性缺水。",
    content: "更换老化供水管网6公里，新建保温井房2座。",
    place: "乌兰苏木",
    detail: "巴彦嘎查",
    estimate: "180.5",
    name: SECRETS.name1,
    phone: SECRETS.phone1,
  },
  water2: {
    category: "饮水供水",
    title: "乌兰苏木自来水入户",
    background: "部分牧户仍靠拉水吃水。",
    content: "将自来水管网延伸到苏木所在地周边牧户。",
    place: "乌兰苏木",
    estimate: "60",
    name: SECRETS.name2,
    phone: SECRETS.phone2,
  },
  deputy: {
    category: "饮水供水",
    title: "红泉镇集中供水工程",
    background: "代表联络站收到群众反映，镇区水压不足。",
    content: "新建加压泵站一座，改造镇区供水主管。",
    place: "红泉镇",
    estimate: "240",
  },
  department: {
    category: "养老托育",
    title: "旗社会福利中心护理楼改造",
    background: "护理楼建于2005年，无电梯，失能老人上下楼困难。",
    content: "加装电梯两部，改造无障碍通道和卫生间。",
    estimate: "420",
  },
  township: {
    category: "其他",
    title: "苏木政府办公楼维修",
    background: "办公楼屋面漏水。",
    content: "维修屋面并更换办公桌椅。",
    place: "乌兰苏木",
    estimate: "35",
  },
} satisfies Record<string, Idea>;

/** Tracking numbers as the pages showed them, by idea. */
const no: Partial<Record<keyof typeof IDEAS, string>> = {};
const trackingNo = (k: keyof typeof IDEAS): string => {
  const n = no[k];
  if (!n) throw new Error(`no tracking number for ${k} (an earlier step failed)`);
  return n;
};

/** Browser profiles kept across the steps (a signed-in government office, say). */
const contexts: BrowserContext[] = [];
async function keep(options?: Parameters<typeof open>[0]): Promise<Page> {
  const { context, page } = await open(options);
  contexts.push(context);
  return page;
}
let gov: Page;

useBrowser();
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
});

/** A step of the walk: skipped once an earlier step has failed, since it builds on that one. */
let broken = "";
function step(name: string, fn: () => Promise<void>): void {
  it(name, async (ctx) => {
    if (broken) ctx.skip(`an earlier step failed: ${broken}`);
    try {
      await fn();
    } catch (e) {
      broken = name;
      throw e;
    }
  });
}

async function fillProposal(page: Page, idea: Idea): Promise<void> {
  await page.getByLabel("类别").selectOption({ label: idea.category });
  await page.getByLabel("项目名称").fill(idea.title);
  await page.getByLabel("项目背景").fill(idea.background);
  await page.getByLabel("主要内容").fill(idea.content);
  if (idea.place) await page.getByLabel("实施地点").selectOption({ label: idea.place });
  if (idea.detail) await page.getByLabel("具体位置").fill(idea.detail);
  if (idea.estimate) await page.getByLabel("估算投资").fill(idea.estimate);
  if (idea.name) await page.getByLabel("您的姓名").fill(idea.name);
  if (idea.phone) await page.getByLabel("联系电话").fill(idea.phone);
}

/** Reads the tracking number from the tracking page's heading ("项目建议 2028-ABC234"). */
async function shownTrackingNo(page: Page): Promise<string> {
  const h1 = (await page.locator("h1").textContent()) ?? "";
  const m = /(\d{4}-[0-9A-Z]{6})/.exec(h1);
  expect(m, h1).not.toBeNull();
  expect(pathOf(page)).toBe(`/p/${m?.[1]}`);
  return m?.[1] as string;
}

/** The rows of the public list of proposals (the cycle has fewer than one page of them). */
async function listRows(page: Page): Promise<number> {
  await visit(page, `${CYCLE}/proposals`);
  return page.locator("main table tbody tr").count();
}

/** Expects none of the proposers' names and phones in `text` (a page's HTML, a download). */
function expectNoSecrets(text: string, where: string): void {
  for (const s of Object.values(SECRETS)) expect(text.includes(s), `${s} in ${where}`).toBe(false);
}

describe("stages 1–2 in a browser: collection, screening, hand-over", () => {
  step("the government opens a new cycle and publishes its collection notice", async () => {
    gov = await keep();
    await signIn(gov, "gov");
    await visit(gov, `/j/${BANNER}`);
    await gov.getByLabel("年度", { exact: true }).fill(String(Y));
    await follow(gov, gov.getByRole("button", { name: "新建", exact: true }));
    await expectNoError(gov);
    await expect(gov.getByRole("status").textContent()).resolves.toContain(`已新建${Y}年度票决`);
    await check(gov, "s12-gov-banner");

    await follow(gov, gov.getByRole("link", { name: `${Y}年度`, exact: true }));
    expect(pathOf(gov)).toBe(CYCLE);
    await expect(currentStage(gov)).resolves.toBe("项目征集");
    // No notice yet, so collection cannot end: the page says so instead of offering the move.
    await expect(gov.getByRole("link", { name: /进入下一阶段/ }).count()).resolves.toBe(0);
    await expect(gov.getByRole("status").textContent()).resolves.toContain("尚未发布征集公告");
    await check(gov, "s12-gov-cycle-new");

    await follow(gov, gov.getByRole("link", { name: "征集公告", exact: true }));
    await expect(gov.locator("main").textContent()).resolves.toContain("尚未发布征集公告");
    await follow(gov, gov.getByRole("link", { name: "编辑征集公告" }));
    await check(gov, "s12-notice-edit");

    // Sent incomplete, with an impossible date: each field says what is wrong, nothing is saved.
    await gov.getByLabel("开始日期").fill(`${Y}-02-30`);
    await follow(gov, gov.getByRole("button", { name: "发布公告" }));
    await expect(gov.getByLabel("开始日期").getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(gov.locator("#f-opensOn-error").textContent()).resolves.toContain("年-月-日");
    await expect(gov.locator("#f-closesOn-error").textContent()).resolves.toContain("必填");
    await expect(gov.locator("#f-scope-error").textContent()).resolves.toContain("必填");
    await expect(gov.getByLabel("开始日期").inputValue()).resolves.toBe(`${Y}-02-30`);
    await check(gov, "s12-notice-errors");

    await gov.getByLabel("公告标题").fill(`关于征集${Y}年度民生实事项目的公告`);
    period.opens = beijingDate(-3);
    period.closes = beijingDate(10);
    await gov.getByLabel("开始日期").fill(period.opens);
    await gov.getByLabel("截止日期").fill(period.closes);
    await gov.getByLabel("征集范围").fill("教育、医疗、养老、饮水、道路、人居环境等群众关心的民生领域。");
    await gov
      .getByLabel("不予受理的情形")
      .fill("一、仅惠及个别单位或个人的；二、党政机关办公楼和办公设备购置。");
    await gov.getByLabel("征集渠道").fill("扫描二维码网上提交；各苏木镇意见箱；人大代表联络站。");
    await follow(gov, gov.getByRole("button", { name: "发布公告" }));
    await expectNoError(gov);
    expect(pathOf(gov)).toBe(`${CYCLE}/notice`);
    const status = await gov.getByRole("status").allTextContents();
    expect(status).toEqual(["征集公告已发布。", "正在征集项目建议。"]);
    await expect(gov.locator("h1").textContent()).resolves.toBe(`关于征集${Y}年度民生实事项目的公告`);
    await expect(gov.locator(".period").textContent()).resolves.toBe(
      `征集时间：${period.opens} 至 ${period.closes}`,
    );
    await expect(gov.getByRole("img", { name: "扫码提交项目建议" }).locator("svg").count()).resolves.toBe(1);
    await check(gov, "s12-notice");
  });

  step("the public proposes on a phone; the same form sent again stores nothing new", async () => {
    const { context, page } = await open(PHONE);
    // From the notice (as from its QR code) to the form.
    await visit(page, `${CYCLE}/notice`);
    await check(page, "s12-notice-phone");
    await follow(page, page.getByRole("link", { name: "提交项目建议" }));
    expect(pathOf(page)).toBe(`${CYCLE}/propose`);
    await check(page, "s12-propose-phone");

    // Sent with the required fields missing and a phone number that is not one.
    await page.getByLabel("项目名称").fill(IDEAS.water.title);
    await page.getByLabel("联系电话").fill("12345");
    await follow(page, page.getByRole("button", { name: "提交建议" }));
    expect(pathOf(page)).toBe(`${CYCLE}/propose`);
    for (const label of ["类别", "项目背景", "主要内容", "联系电话"])
      await expect(page.getByLabel(label).getAttribute("aria-invalid"), label).resolves.toBe("true");
    await expect(page.locator("#f-proposerPhone-error").textContent()).resolves.toContain("手机号");
    await expect(page.getByLabel("项目名称").getAttribute("aria-invalid")).resolves.toBeNull();
    await expect(page.getByLabel("项目名称").inputValue()).resolves.toBe(IDEAS.water.title);
    await check(page, "s12-propose-errors-phone");
    expect(await listRows(page)).toBe(0);

    await visit(page, `${CYCLE}/propose`);
    await fillProposal(page, IDEAS.water);
    // Notes whether this very page comes back from the back/forward cache (as in people's browsers).
    await page.evaluate(() => {
      const g = globalThis as unknown as {
        addEventListener(type: string, f: (e: { persisted: boolean }) => void): void;
        restored?: boolean;
      };
      g.addEventListener("pageshow", (e) => {
        g.restored = e.persisted;
      });
    });
    await Promise.all([page.waitForURL("**/p/**"), page.getByRole("button", { name: "提交建议" }).tap()]);
    no.water = await shownTrackingNo(page);
    const thanks = (await page.getByRole("status").textContent()) ?? "";
    expect(thanks).toContain("提交成功");
    expect(thanks).toContain(no.water);
    expectNoSecrets(await page.content(), "the tracking page");
    await expect(page.locator(".facts").textContent()).resolves.toContain("已受理，待筛选");
    await check(page, "s12-tracking-phone");

    // Back to the filled form (unsure it went through) and sent again: the same proposal answers.
    await page.goBack({ waitUntil: "commit" });
    expect(pathOf(page)).toBe(`${CYCLE}/propose`);
    await expect(page.evaluate(() => (globalThis as { restored?: boolean }).restored)).resolves.toBe(true);
    await expect(page.getByLabel("项目名称").inputValue()).resolves.toBe(IDEAS.water.title);
    await Promise.all([page.waitForURL("**/p/**"), page.getByRole("button", { name: "提交建议" }).tap()]);
    expect(await shownTrackingNo(page)).toBe(no.water);
    await expect(page.getByRole("status").textContent()).resolves.toContain("已经提交过");
    await check(page, "s12-tracking-repeat-phone");
    expect(await listRows(page)).toBe(1);

    // A double tap sends the form once.
    await visit(page, `${CYCLE}/propose`);
    await fillProposal(page, IDEAS.water2);
    const posts: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST") posts.push(r.url());
    });
    const submit = page.getByRole("button", { name: "提交建议" });
    await Promise.all([page.waitForURL("**/p/**"), submit.dblclick()]);
    no.water2 = await shownTrackingNo(page);
    expect(posts).toEqual([`${page.url().split("/p/")[0]}${CYCLE}/propose`]);
    await expect(page.getByRole("status").textContent()).resolves.toContain("提交成功");
    expect(await listRows(page)).toBe(2);
    await check(page, "s12-proposals-phone-2");
    await context.close();
  });

  step("a deputy proposes on a phone, signed in with the code from the slip", async () => {
    const { context, page } = await open(PHONE);
    await signInDeputy(page, DEMO_DEPUTY_CODE);
    await visit(page, CYCLE);
    await follow(page, page.getByRole("link", { name: "提交项目建议" }));
    await expect(page.locator("main").textContent()).resolves.toContain("您将以「人大代表」身份提交");
    // Signed in, nobody is asked for a name or phone: the account says who proposes.
    await expect(page.getByLabel("您的姓名").count()).resolves.toBe(0);
    await expect(page.getByLabel("联系电话").count()).resolves.toBe(0);
    await check(page, "s12-deputy-propose-phone");
    await fillProposal(page, IDEAS.deputy);
    await Promise.all([page.waitForURL("**/p/**"), page.getByRole("button", { name: "提交建议" }).tap()]);
    no.deputy = await shownTrackingNo(page);
    await expect(page.locator(".facts").textContent()).resolves.toContain("人大代表");
    await check(page, "s12-deputy-tracking-phone");
    await context.close();
  });

  step("a department and a township propose too, each under its own source", async () => {
    await visit(gov, `${CYCLE}/propose`);
    await expect(gov.locator("main").textContent()).resolves.toContain("您将以「政府部门」身份提交");
    await fillProposal(gov, IDEAS.department);
    await follow(gov, gov.getByRole("button", { name: "提交建议" }));
    no.department = await shownTrackingNo(gov);

    const { context, page } = await open();
    await signIn(page, "gov-wl");
    await visit(page, `${CYCLE}/propose`);
    await expect(page.locator("main").textContent()).resolves.toContain("您将以「苏木镇」身份提交");
    await check(page, "s12-township-propose");
    await fillProposal(page, IDEAS.township);
    await follow(page, page.getByRole("button", { name: "提交建议" }));
    no.township = await shownTrackingNo(page);
    await context.close();

    // Five proposals, each once, each under its source.
    await visit(gov, `${CYCLE}/proposals`);
    const rows = gov.locator("main table tbody tr");
    await expect(rows.count()).resolves.toBe(5);
    const source = (k: keyof typeof IDEAS) =>
      rows
        .filter({ has: gov.getByRole("link", { name: trackingNo(k) }) })
        .locator("td")
        .nth(3)
        .textContent();
    await expect(source("water")).resolves.toBe("群众");
    await expect(source("water2")).resolves.toBe("群众");
    await expect(source("deputy")).resolves.toBe("人大代表");
    await expect(source("department")).resolves.toBe("政府部门");
    await expect(source("township")).resolves.toBe("苏木镇");
    await check(gov, "s12-proposals-collecting");
  });

  step("the government closes the notice and moves the cycle to screening", async () => {
    // Saving a published notice is allowed while collecting: the closing date becomes yesterday.
    await visit(gov, `${CYCLE}/notice/edit`);
    await expect(gov.getByRole("button", { name: "发布公告" }).count()).resolves.toBe(0);
    period.opens = beijingDate(-20);
    period.closes = beijingDate(-1);
    await gov.getByLabel("开始日期").fill(period.opens);
    await gov.getByLabel("截止日期").fill(period.closes);
    await follow(gov, gov.getByRole("button", { name: "保存修改" }));
    await expectNoError(gov);
    await expect(gov.getByRole("status").allTextContents()).resolves.toEqual([
      "征集公告已保存。",
      "项目征集已截止。",
    ]);

    // The public form now says collection has closed.
    const pub = await open(PHONE);
    await visit(pub.page, `${CYCLE}/propose`);
    await expect(pub.page.getByRole("status").textContent()).resolves.toContain(`已于 ${period.closes} 截止`);
    await expect(pub.page.getByRole("button", { name: "提交建议" }).count()).resolves.toBe(0);
    await check(pub.page, "s12-propose-closed-phone");
    await pub.context.close();

    await visit(gov, CYCLE);
    await expect(gov.getByRole("link", { name: "提交项目建议" }).count()).resolves.toBe(0);
    await follow(gov, gov.getByRole("link", { name: "进入下一阶段：筛选移交" }));
    await expect(gov.locator("h1").textContent()).resolves.toBe("确认进入下一阶段");
    await check(gov, "s12-advance-confirm");
    await follow(gov, gov.getByRole("button", { name: "确认进入「筛选移交」" }));
    await expectNoError(gov);
    expect(pathOf(gov)).toBe(CYCLE);
    await expect(gov.getByRole("status").first().textContent()).resolves.toContain("已进入「筛选移交」阶段");
    await expect(currentStage(gov)).resolves.toBe("筛选移交");
    // 筛选移交 ends only with the hand-over of the candidate list, not with a move button.
    await expect(gov.getByRole("link", { name: /进入下一阶段/ }).count()).resolves.toBe(0);
    await expect(gov.locator("main").textContent()).resolves.toContain("须通过「移交人大」结束");
    await check(gov, "s12-cycle-screen");
  });

  step("the government screens every proposal: a candidate, a merge, the reserve, a refusal", async () => {
    await follow(gov, gov.getByRole("link", { name: "筛选项目建议" }));
    expect(pathOf(gov)).toBe(`${CYCLE}/screening`);
    await expect(gov.locator("main").textContent()).resolves.toContain("待筛选 5 件");
    // The government sees who proposed, to contact them; nobody else does.
    const html = await gov.content();
    expect(html).toContain(SECRETS.name1);
    expect(html).toContain(SECRETS.phone1);
    await check(gov, "s12-screening");
    const tick = (k: keyof typeof IDEAS) =>
      gov.getByRole("checkbox", { name: `选择 ${trackingNo(k)}` }).check();

    // Nothing ticked: the bulk action names what is missing.
    await follow(gov, gov.getByRole("button", { name: "用勾选的建议新建候选项目" }));
    await expect(gov.locator("#f-ids-error").textContent()).resolves.toContain("请至少勾选一件");
    await check(gov, "s12-screening-none-ticked");

    // Two proposals about water become one candidate, from the prefilled form.
    await tick("water");
    await tick("deputy");
    await follow(gov, gov.getByRole("button", { name: "用勾选的建议新建候选项目" }));
    expect(pathOf(gov)).toBe(`${CYCLE}/candidates/new`);
    await expect(gov.locator("main").textContent()).resolves.toContain("来源的项目建议：2");
    const prefilled = await gov.getByLabel("项目名称").inputValue();
    expect([IDEAS.water.title, IDEAS.deputy.title]).toContain(prefilled);
    await check(gov, "s12-candidate-new");
    const name = "乌兰苏木、红泉镇饮水安全巩固提升工程";
    await gov.getByLabel("项目名称").fill(name);
    await gov.getByLabel("建设内容").fill("更换巴彦嘎查老化供水管网6公里，新建红泉镇加压泵站一座。");
    await gov.getByLabel("实施地点").selectOption({ label: "青山旗" });
    await gov.getByLabel("责任单位").fill("青山旗水利局");
    await gov.getByLabel("年度目标").fill("年底前完工通水，惠及牧户1200户。");
    await gov.getByLabel("旗县", { exact: true }).fill("abc");
    // The deadline is left out on purpose (a draft may lack it; the hand-over may not).
    await follow(gov, gov.getByRole("button", { name: "保存" }));
    await expect(gov.locator("#f-funding_county-error").textContent()).resolves.toContain("万元");
    await check(gov, "s12-candidate-errors");
    await gov.getByLabel("旗县", { exact: true }).fill("250");
    await gov.getByLabel("自治区", { exact: true }).fill("170.5");
    await follow(gov, gov.getByRole("button", { name: "保存" }));
    expect(pathOf(gov)).toBe(`${CYCLE}/candidates`);
    await expect(gov.getByRole("status").first().textContent()).resolves.toBe("候选项目已保存。");
    const row = gov.locator("table.candidates tbody tr").filter({ hasText: name });
    await expect(row.locator("td.num").allTextContents()).resolves.toEqual([
      "", // 中央
      "170.5",
      "",
      "250",
      "",
      "",
      "",
      "420.5",
    ]);
    await expect(row.textContent()).resolves.toContain("缺少：完成时限");
    await check(gov, "s12-candidates-draft");

    await visit(gov, `${CYCLE}/screening`);
    await expect(gov.locator("main").textContent()).resolves.toContain("待筛选 3 件");

    // Merged into the first water proposal, by its tracking number (typed wrong first).
    await tick("water2");
    await gov.getByLabel("处理方式").selectOption({ label: "合并到另一件建议" });
    await gov.getByLabel("合并到（受理编号）").fill("ABC");
    await follow(gov, gov.getByRole("button", { name: "确定" }));
    await expect(gov.getByLabel("合并到（受理编号）").getAttribute("aria-invalid")).resolves.toBe("true");
    await check(gov, "s12-screening-merge-error");
    await tick("water2");
    await gov.getByLabel("处理方式").selectOption({ label: "合并到另一件建议" });
    await gov.getByLabel("合并到（受理编号）").fill(trackingNo("water").toLowerCase());
    await follow(gov, gov.getByRole("button", { name: "确定" }));
    await expectNoError(gov);
    await expect(gov.getByRole("status").first().textContent()).resolves.toBe("已处理 1 件项目建议。");

    // Into the reserve: a reason is required.
    await tick("department");
    await gov.getByLabel("处理方式").selectOption({ label: "列入项目储备库" });
    await follow(gov, gov.getByRole("button", { name: "确定" }));
    await expect(gov.locator("#f-reason-error").textContent()).resolves.toContain("请填写理由");
    await tick("department");
    await gov.getByLabel("处理方式").selectOption({ label: "列入项目储备库" });
    await gov.getByLabel("理由（公开）").fill("项目必要，今年财力不足，列入储备库，明年优先安排。");
    await follow(gov, gov.getByRole("button", { name: "确定" }));
    await expectNoError(gov);

    // Not adopted, citing the notice's negative list.
    await tick("township");
    await gov.getByLabel("处理方式").selectOption({ label: "不予采纳" });
    await gov.getByLabel("负面清单条款").selectOption({ label: "党政机关办公楼和办公设备" });
    await follow(gov, gov.getByRole("button", { name: "确定" }));
    await expectNoError(gov);

    await expect(gov.locator("main").textContent()).resolves.toContain("待筛选 0 件");
    const status = (k: keyof typeof IDEAS) =>
      gov
        .locator("tbody tr")
        .filter({ has: gov.getByRole("link", { name: trackingNo(k) }) })
        .locator("td")
        .last()
        .textContent();
    await expect(status("water")).resolves.toMatch(/^已纳入候选项目/);
    await expect(status("deputy")).resolves.toMatch(/^已纳入候选项目/);
    await expect(status("water2")).resolves.toMatch(/^已合并/);
    await expect(status("department")).resolves.toMatch(/^列入项目储备库/);
    await expect(status("township")).resolves.toMatch(/^不予采纳/);
    await check(gov, "s12-screening-done");
  });

  step("the government hands the list over once it is complete; then it is locked", async () => {
    await visit(gov, `${CYCLE}/candidates`);
    await follow(gov, gov.getByRole("link", { name: "移交人大" }));
    expect(pathOf(gov)).toBe(`${CYCLE}/handover`);
    // Before anything is sent, the page already says what the hand-over will need.
    await expect(gov.getByRole("status").textContent()).resolves.toContain("缺少：完成时限");
    await check(gov, "s12-handover");

    // No report: the field says so.
    await follow(gov, gov.getByRole("button", { name: "移交人大" }));
    await expect(gov.getByLabel("候选项目形成情况的报告").getAttribute("aria-invalid")).resolves.toBe("true");
    await check(gov, "s12-handover-no-report");
    // A report, but the candidate still lacks its deadline: refused, the report is kept.
    const report = `${Y}年度共收到项目建议5件，经部门初审，形成候选项目1个，现提请人民代表大会票决。`;
    await gov.getByLabel("候选项目形成情况的报告").fill(report);
    await follow(gov, gov.getByRole("button", { name: "移交人大" }));
    const refusal = gov.getByRole("alert");
    await expect(refusal.textContent()).resolves.toContain("缺少必填内容");
    // It names the candidate and what it lacks, with a link to complete it.
    const name = "乌兰苏木、红泉镇饮水安全巩固提升工程";
    await expect(refusal.locator("li").allTextContents()).resolves.toEqual([`${name} 缺少：完成时限`]);
    await expect(gov.getByLabel("候选项目形成情况的报告").inputValue()).resolves.toBe(report);
    await check(gov, "s12-handover-incomplete");

    await follow(gov, refusal.getByRole("link", { name }));
    await expect(gov.getByLabel("旗县", { exact: true }).inputValue()).resolves.toBe("250");
    await gov.getByLabel("完成时限").fill(`${Y}年10月底`);
    await check(gov, "s12-candidate-edit");
    await follow(gov, gov.getByRole("button", { name: "保存" }));
    await expectNoError(gov);
    await expect(gov.locator("table.candidates tbody tr").first().textContent()).resolves.toContain(
      "信息完整",
    );
    await check(gov, "s12-candidates-complete");

    await follow(gov, gov.getByRole("link", { name: "移交人大" }));
    await gov.getByLabel("候选项目形成情况的报告").fill(report);
    await follow(gov, gov.getByRole("button", { name: "移交人大" }));
    await expectNoError(gov);
    expect(pathOf(gov)).toBe(`${CYCLE}/candidates`);
    const notices = await gov.getByRole("status").allTextContents();
    expect(notices[0]).toBe("候选项目清单已移交人大。");
    expect(notices[1]).toContain("政府不能再修改");
    // Locked: no editing, no new candidate, no second hand-over; the report is public.
    await expect(gov.getByRole("link", { name: /^编辑/ }).count()).resolves.toBe(0);
    await expect(gov.getByRole("link", { name: "新建候选项目" }).count()).resolves.toBe(0);
    await expect(gov.getByRole("link", { name: "移交人大" }).count()).resolves.toBe(0);
    await expect(gov.locator("main").textContent()).resolves.toContain(report);
    await check(gov, "s12-candidates-locked");

    // The hand-over moved the cycle on, and screening is closed to changes.
    await visit(gov, CYCLE);
    await expect(currentStage(gov)).resolves.toBe("酝酿协商");
    await visit(gov, `${CYCLE}/screening`);
    await expect(gov.locator("main").textContent()).resolves.toContain("已移交人大，政府不能再修改");
    await expect(gov.getByRole("button", { name: "确定" }).count()).resolves.toBe(0);
    await check(gov, "s12-screening-locked");
  });

  step("the public reads every outcome, and never a proposer's name or phone", async () => {
    const { context, page } = await open();
    await visit(page, CYCLE);
    await follow(page, page.getByRole("link", { name: "收到的项目建议" }));
    expect(pathOf(page)).toBe(`${CYCLE}/proposals`);
    const rows = page.locator("main table tbody tr");
    await expect(rows.count()).resolves.toBe(5);
    // Each row's outcome: the status, then what explains it.
    const outcome = async (k: keyof typeof IDEAS) => {
      const cell = rows
        .filter({ has: page.getByRole("link", { name: trackingNo(k) }) })
        .locator("td.outcome");
      return [
        await cell.locator("strong").textContent(),
        ...(await cell.locator(".detail").allTextContents()),
      ];
    };
    const name = "乌兰苏木、红泉镇饮水安全巩固提升工程";
    await expect(outcome("water")).resolves.toEqual(["已纳入候选项目", `候选项目「${name}」。`]);
    await expect(outcome("deputy")).resolves.toEqual(["已纳入候选项目", `候选项目「${name}」。`]);
    await expect(outcome("water2")).resolves.toEqual([
      "已合并",
      `与受理编号 ${trackingNo("water")} 的建议合并处理。`,
    ]);
    await expect(outcome("department")).resolves.toEqual([
      "列入项目储备库",
      "项目必要，今年财力不足，列入储备库，明年优先安排。",
    ]);
    await expect(outcome("township")).resolves.toEqual([
      "不予采纳",
      "依据负面清单：党政机关办公楼和办公设备",
    ]);
    expectNoSecrets(await page.content(), "the list of proposals");
    await check(page, "s12-proposals");

    // Filtered by outcome.
    await page.getByLabel("处理结果").selectOption({ label: "已纳入候选项目" });
    await follow(page, page.getByRole("button", { name: "筛选" }));
    await expect(rows.count()).resolves.toBe(2);

    // The downloads and the API carry the outcomes and no contact either.
    await visit(page, `${CYCLE}/proposals`);
    const csvHref = await page.getByRole("link", { name: "下载 CSV" }).getAttribute("href");
    const csv = await context.request.get(csvHref ?? "");
    expect(csv.status()).toBe(200);
    const csvText = await csv.text();
    expect(csvText).toContain(trackingNo("township"));
    expect(csvText).toContain("依据负面清单");
    expectNoSecrets(csvText, "the public CSV");
    const api = await context.request.get(`/api/jurisdictions/${BANNER}/cycles/${Y}/proposals`);
    expect(api.status()).toBe(200);
    const apiText = await api.text();
    expect((JSON.parse(apiText) as { proposals: unknown[] }).proposals).toHaveLength(5);
    expectNoSecrets(apiText, "the proposals API");
    const one = await context.request.get(`/api/proposals/${trackingNo("water")}`);
    expectNoSecrets(await one.text(), "the proposal API");

    // Each tracking page, the candidate list and its print view.
    for (const k of Object.keys(IDEAS) as (keyof typeof IDEAS)[]) {
      await visit(page, `/p/${trackingNo(k)}`);
      expectNoSecrets(await page.content(), `the tracking page of ${k}`);
    }
    await expect(page.locator(".facts").textContent()).resolves.toContain("党政机关办公楼和办公设备");
    await check(page, "s12-tracking-outcome");
    await visit(page, CYCLE);
    await follow(page, page.getByRole("link", { name: "候选项目", exact: true }));
    await expect(page.locator("table.candidates tbody tr").count()).resolves.toBe(1);
    await expect(page.getByRole("link", { name: /^编辑/ }).count()).resolves.toBe(0);
    expectNoSecrets(await page.content(), "the candidates page");
    await check(page, "s12-candidates-public");
    await follow(page, page.getByRole("link", { name: "打印候选项目清单" }));
    await expect(page.locator("h1").textContent()).resolves.toBe(`青山旗${Y}年度民生实事候选项目清单`);
    await expect(page.locator("tfoot").textContent()).resolves.toContain("420.5");
    expectNoSecrets(await page.content(), "the print view");
    await check(page, "s12-print");
    // As printed: no site header, footer or print button.
    await page.emulateMedia({ media: "print" });
    await expect(page.locator("header.site").isVisible()).resolves.toBe(false);
    await expect(page.getByRole("button", { name: "打印" }).isVisible()).resolves.toBe(false);
    await check(page, "s12-print-media");
    await page.emulateMedia({ media: "screen" });
    await context.close();

    // The same on a phone.
    const phone = await open(PHONE);
    await visit(phone.page, `${CYCLE}/proposals`);
    await check(phone.page, "s12-proposals-phone");
    await visit(phone.page, `/p/${trackingNo("department")}`);
    await check(phone.page, "s12-tracking-outcome-phone");
    await visit(phone.page, `${CYCLE}/candidates`);
    await check(phone.page, "s12-candidates-phone");
    await phone.context.close();
  });

  step("staff return the list with a reason; the government changes it and hands it over again", async () => {
    const staff = await keep();
    await signIn(staff, "staff");
    await visit(staff, `${CYCLE}/candidates`);
    await check(staff, "s12-staff-candidates");
    // No reason: the field says so, nothing changes.
    await follow(staff, staff.getByRole("button", { name: "退回政府修改" }));
    await expect(staff.getByLabel("退回理由").getAttribute("aria-invalid")).resolves.toBe("true");
    await check(staff, "s12-return-no-reason");
    const reason = "请补充项目的年度绩效目标，并说明资金来源的落实情况。";
    await staff.getByLabel("退回理由").fill(reason);
    await follow(staff, staff.getByRole("button", { name: "退回政府修改" }));
    await expectNoError(staff);
    await expect(staff.getByRole("status").allTextContents()).resolves.toEqual([
      "候选项目清单已退回政府修改。",
      expect.stringContaining(reason),
    ]);
    await expect(staff.getByRole("button", { name: "退回政府修改" }).count()).resolves.toBe(0);
    await check(staff, "s12-returned");

    // The government may edit again; the cycle stays in 酝酿协商.
    await visit(gov, `${CYCLE}/candidates`);
    await expect(gov.getByRole("status").first().textContent()).resolves.toContain(reason);
    const name = "乌兰苏木、红泉镇饮水安全巩固提升工程";
    await follow(gov, gov.getByRole("link", { name: `编辑候选项目 ${name}` }));
    await gov.getByLabel("年度目标").fill("年底前完工通水，惠及牧户1200户；水质合格率100%。");
    await gov.getByLabel("盟市", { exact: true }).fill("30");
    await follow(gov, gov.getByRole("button", { name: "保存" }));
    await expectNoError(gov);
    await expect(gov.locator("table.candidates tfoot").textContent()).resolves.toContain("450.5");
    await follow(gov, gov.getByRole("link", { name: "移交人大" }));
    await gov
      .getByLabel("候选项目形成情况的报告")
      .fill(`${Y}年度候选项目1个，已按人大意见补充年度目标和资金来源。`);
    await follow(gov, gov.getByRole("button", { name: "移交人大" }));
    await expectNoError(gov);
    await expect(gov.getByRole("link", { name: /^编辑/ }).count()).resolves.toBe(0);
    await visit(gov, CYCLE);
    await expect(currentStage(gov)).resolves.toBe("酝酿协商");

    // The log records every step of the two stages, and its chain checks out.
    await visit(staff, `/j/${BANNER}/audit?verify=1`);
    await expect(staff.getByRole("status").textContent()).resolves.toMatch(/日志链完整/);
    const actions = await staff.locator("tbody td code.muted").allTextContents();
    expect(actions.slice(0, 5)).toEqual([
      "candidates.handover",
      "candidate.update",
      "candidates.return",
      "candidates.handover",
      "candidate.update",
    ]);
    expect(actions).toEqual(
      expect.arrayContaining([
        "proposal.reject",
        "proposal.reserve",
        "proposal.merge",
        "candidate.create",
        "cycle.advance",
        "notice.save",
        "notice.publish",
        "cycle.create",
      ]),
    );
    await check(staff, "s12-audit");
  });
});

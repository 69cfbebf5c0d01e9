// Acceptance test of the voting session (stages 3–4), run as it happens in the hall, in Chromium
// against the real worker (`wrangler dev`, fresh local D1, demo data). Nothing is written to the
// database directly: the set-up goes through the pages (with their CSRF tokens) over HTTP, the
// session through the browser.
//
// Set-up: the government opens a cycle of 青山旗 of its own (a year the demo leaves free, whatever
// the date), publishes its notice, sends 24 proposals from its departments, closes collection,
// puts them into the reserve, forms 12 complete candidates and hands them over. Congress staff import ten more
// deputies (209 serving), issue everyone's sign-in slip, create the meeting and a vote of 12 for 10
// places, freeze it, and move the cycle to 审议票决.
// The session: a deputy gives an opinion on the materials; staff record attendance; deputies check
// in on their phones; staff open the vote; the big screen shows turnout only (and is never reloaded);
// three deputies vote on phones (fill in → review → confirm, one goes back to change), 197 through
// the JSON API at once with ballots generated here; a second ballot and a retried request count
// once; staff close the vote; the big screen, the console, the results API and the announcement
// (主席团公告) show exactly the tally computed here.
// Every page visited is checked with axe-core (WCAG 2.1 A/AA); screenshots: s34-*.png.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { latestVotedYear, QINGSHAN } from "../../src/demo/calendar";
import { DEMO_IDEAS } from "../../src/demo/collection";
import { DEMO_PASSWORD } from "../../src/demo/seed";
import { beijingDate, nodeNow } from "../support/clock";
import {
  check,
  currentStage,
  DESKTOP,
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
import { Http, inBatches, receipt } from "./support/http";

const J = QINGSHAN; // 青山旗: staff, gov
/** A year with no cycle in the demo's 青山旗 on any date (two after its latest voted year): opened here. */
const Y = latestVotedYear(J, nodeNow()) + 2;
const CYCLE = `/j/${J}/${Y}`;
const API = `/api/jurisdictions/${J}/cycles/${Y}`;

// ---- A small HTTP client: a browser without JavaScript, for the set-up ------------------------------

const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
  "&#x27;": "'",
};
const unescapeHtml = (s: string) => s.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (m) => ENTITIES[m] ?? m);

/** The collection notice's fields, as the government fills them in. */
const NOTICE: [string, string][] = [
  ["title", `关于征集${Y}年度民生实事项目的公告`],
  ["scope", "教育、医疗、养老、饮水、道路、人居环境等群众关心的民生领域。"],
  ["exclusions", "一、仅惠及个别单位或个人的；二、党政机关办公楼和办公设备购置。"],
  ["channels", "网上提交；各苏木镇意见箱；人大代表联络站。"],
];

// ---- The candidates and the ballots -------------------------------------------------------------

const CANDIDATES = [
  ["城区老旧小区供热管网改造", "更换老化供热管网12公里，改造换热站6座。", "旗住房和城乡建设局"],
  ["牧区嘎查安全饮水巩固提升", "新建和改造供水工程18处，解决季节性缺水。", "旗水利局"],
  ["旗人民医院急诊楼改造", "改造急诊楼4200平方米，增设抢救床位。", "旗卫生健康委员会"],
  ["苏木镇卫生院设备更新", "为6个苏木镇卫生院配备DR、彩超和全自动生化分析仪。", "旗卫生健康委员会"],
  ["城乡公交线路延伸", "新开通城乡公交线路3条，延伸到12个嘎查村。", "旗交通运输局"],
  ["旗第一小学教学楼抗震加固", "对教学楼进行抗震加固并改造消防设施。", "旗教育局"],
  ["红泉镇日间照料中心建设", "新建日间照料中心一处，设床位30张。", "旗民政局"],
  ["农村牧区道路畅通工程", "硬化嘎查村道路46公里，维修桥涵8座。", "旗交通运输局"],
  ["城区公共厕所新建改造", "新建公共厕所10座，改造24座。", "旗城市管理综合执法局"],
  ["社区托育服务点建设", "在8个社区建设普惠托育服务点。", "旗卫生健康委员会"],
  ["全民健身设施更新", "更新体育馆和12个社区的健身器材。", "旗文化旅游体育局"],
  ["背街小巷路灯亮化", "为38条背街小巷安装路灯1200盏。", "旗城市管理综合执法局"],
] as const;

/** How many deputies vote 赞成 for each candidate, in ballot order (10 places, more than 104.5 to pass). */
const FOR = [188, 181, 175, 168, 160, 152, 146, 139, 133, 127, 119, 64];
const VOTERS = 200;
type Cell = "for" | "against" | "abstain" | null; // null: left unanswered (counts as 弃权)

/** A deterministic pseudo-random generator (mulberry32), so every run casts the same ballots. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** ballots[voter][candidate]: exactly FOR[k] 赞成 for candidate k; the rest against/abstain/blank. */
function makeBallots(): Cell[][] {
  const r = rng(20260110);
  const m: Cell[][] = Array.from({ length: VOTERS }, () => []);
  FOR.forEach((n, k) => {
    const order = Array.from({ length: VOTERS }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    order.forEach((voter, rank) => {
      const x = r();
      (m[voter] as Cell[])[k] = rank < n ? "for" : x < 0.55 ? "against" : x < 0.85 ? "abstain" : null;
    });
  });
  return m;
}
const BALLOTS = makeBallots();
// The phone voters (0–2) answer everything, but the second leaves one candidate blank (not one
// it supports, so that the counts of 赞成 stay as designed).
for (const v of [0, 2]) {
  const row = BALLOTS[v] as Cell[];
  for (const k of row.keys()) if (row[k] === null) row[k] = "abstain";
}
{
  const row = BALLOTS[1] as Cell[];
  let k = row.length - 1;
  while (row[k] === "for") k--;
  if (!row.includes(null)) row[k] = null;
}

interface Expected {
  support: number;
  against: number;
  abstain: number;
  passed: boolean;
  elected: boolean;
}

/** The result, counted here independently of the app: per candidate, and who takes the 10 places. */
function expectedTally(roster: number): Expected[] {
  const rows = CANDIDATES.map((_, k) => {
    const col = BALLOTS.map((b) => b[k]);
    const support = col.filter((c) => c === "for").length;
    return {
      support,
      against: col.filter((c) => c === "against").length,
      abstain: col.filter((c) => c === "abstain" || c === null).length,
      // More than half of all deputies (应到), strictly.
      passed: support * 2 > roster,
      elected: false,
    };
  });
  const passed = rows.filter((r) => r.passed).sort((a, b) => b.support - a.support);
  // The ballots are made so that no two candidates tie (a tie at the 10th place would need a runoff).
  expect(new Set(rows.map((r) => r.support)).size).toBe(rows.length);
  for (const r of passed.slice(0, 10)) r.elected = true;
  return rows;
}

// ---- The people ---------------------------------------------------------------------------------

/** Ten deputies elected in by-elections, imported by staff: numbers 201–210 of the 17th term. */
const EXTRA = [
  ["201", "阿拉坦仓", "男", "蒙古族", "乌兰苏木代表团", "嘎查党支部书记"],
  ["202", "刘秀英", "女", "汉族", "红泉镇代表团", "镇中心小学教师"],
  ["203", "巴图孟和", "男", "蒙古族", "旗直机关代表团", "旗人民医院医生"],
  ["204", "王志刚", "男", "汉族", "红泉镇代表团", "农民专业合作社理事长"],
  ["205", "萨仁高娃", "女", "蒙古族", "乌兰苏木代表团", "牧民"],
  ["206", "张丽华", "女", "回族", "旗直机关代表团", "社区党委书记"],
  ["207", "朝鲁门", "男", "蒙古族", "乌兰苏木代表团", "苏木卫生院院长"],
  ["208", "李建军", "男", "汉族", "红泉镇代表团", "个体工商户"],
  ["209", "乌兰图雅", "女", "蒙古族", "旗直机关代表团", "旗第一中学教师"],
  ["210", "陈德胜", "男", "汉族", "红泉镇代表团", "村医"],
] as const;
const ROSTER = 209; // 199 serving demo deputies + 10
/** Deputies who vote on their phones (they check themselves in). */
const PHONE_VOTERS = ["201", "202", "203"];
/** Deputies absent from the session: nobody ticks them, they never check in. */
const ABSENT = ["017", "058", "099", "140", "181", "204"];
/** Present (ticked by staff) but do not vote. 001 holds the demo's slip, so the bulk issue skips it. */
const NOT_VOTING = ["001", "002", "003"];

/** Sign-in codes from the slips page, by deputy number. */
const codes = new Map<string, string>();
/** The 197 deputies voting through the API, signed in beforehand. */
const apiVoters: { number: string; http: Http }[] = [];
let candidateIds: number[] = [];
let voteUrl = "";
let voteApi = "";

// ---- The walk -----------------------------------------------------------------------------------

const contexts: BrowserContext[] = [];
async function keep(options: Parameters<typeof open>[0] = DESKTOP): Promise<Page> {
  const { context, page } = await open(options);
  contexts.push(context);
  return page;
}
let staff: Page;
let screen: Page;
const phones: Page[] = [];
/** What the phone voters saw as their receipt. */
const phoneReceipts: string[] = [];

useBrowser();
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
});

/** A step of the session: skipped once an earlier step has failed, since it builds on that one. */
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

/** The big screen's three figures, as shown. */
async function screenFigures(page: Page) {
  const k = (key: string) => page.locator(`[data-k="${key}"]`).textContent();
  return { roster: await k("rosterSize"), present: await k("present"), voted: await k("voted") };
}

/** Waits (the screen polls every 2 s) until the big screen shows `voted`. */
async function screenShowsVoted(page: Page, voted: number): Promise<void> {
  await page.waitForFunction(
    (n) =>
      (
        globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }
      ).document.querySelector('[data-k="voted"]')?.textContent === String(n),
    voted,
    { timeout: 8000 },
  );
}

/** One phone voter's ballot, filled in by tapping: 赞成/反对/弃权 for each candidate (blank: none). */
async function fillBallot(page: Page, row: Cell[]): Promise<void> {
  const labels = { for: "赞成", against: "反对", abstain: "弃权" } as const;
  for (const [k, c] of row.entries()) {
    if (c === null) continue;
    const group = page.getByRole("group", { name: `${k + 1}. ${CANDIDATES[k]?.[0]}` });
    await group.getByRole("radio", { name: labels[c] }).tap();
  }
}

describe("a voting session in a browser: attendance, 12 for 10 places, 200 deputies, tally, announcement", () => {
  step(
    "set-up: the government opens a cycle, collects 24 proposals, screens them, forms 12 candidates, hands them over",
    async () => {
      const gov = new Http();
      await gov.submit("/login", "/login", [
        ["username", "gov"],
        ["password", DEMO_PASSWORD],
      ]);
      // The cycle, and its notice, open for ten days.
      expect(await gov.submit(`/j/${J}`, `/j/${J}/cycles`, [["year", String(Y)]])).toContain(`created=${Y}`);
      const opensOn = beijingDate(-30);
      await gov.submit(`${CYCLE}/notice/edit`, `${CYCLE}/notice`, [
        ...NOTICE,
        ["opensOn", opensOn],
        ["closesOn", beijingDate(10)],
        ["publish", "1"],
      ]);
      expect(await gov.page(`${CYCLE}/notice`)).toContain("正在征集项目建议");
      // 24 proposals from the government's departments, through the proposal form.
      for (let i = 0; i < 24; i++) {
        const [category, title, content, wan] = DEMO_IDEAS[
          i % DEMO_IDEAS.length
        ] as (typeof DEMO_IDEAS)[number];
        const to = await gov.submit(`${CYCLE}/propose`, `${CYCLE}/propose`, [
          ["idempotencyKey", `vote-set-up-${Y}-${String(i).padStart(2, "0")}`],
          ["category", category],
          ["title", `${title}（${i + 1}）`],
          ["background", `部门调研发现：${title}需求迫切。`],
          ["content", content],
          ["locationCode", J],
          ["locationDetail", ""],
          ["estimate", String(wan)],
          ["fundingSource", ""],
          ["implementer", ""],
          ["feasibility", ""],
          ["website", ""],
        ]);
        expect(to).toMatch(/^\/p\/\d{4}-[0-9A-Z]{6}\?new=1$/);
      }
      // The notice, closed yesterday (a published notice may still be corrected while collecting).
      await gov.submit(`${CYCLE}/notice/edit`, `${CYCLE}/notice`, [
        ...NOTICE,
        ["opensOn", opensOn],
        ["closesOn", beijingDate(-1)],
        ["publish", "1"],
      ]);
      expect(await gov.page(`${CYCLE}/notice`)).toContain("项目征集已截止");
      await gov.submit(`${CYCLE}/advance?to=screen`, `${CYCLE}/advance`, [
        ["from", "collect"],
        ["to", "screen"],
      ]);
      // Every proposal into the reserve (the list may run over several pages).
      const ids: string[] = [];
      for (let path = `${CYCLE}/screening`; ; ) {
        const html = await gov.page(path);
        ids.push(...[...html.matchAll(/name="ids" value="(\d+)"/g)].map((m) => m[1] as string));
        const more = /href="([^"]*after=[^"]*)"/.exec(html)?.[1];
        if (!more) break;
        path = unescapeHtml(more).startsWith("/")
          ? unescapeHtml(more)
          : `${CYCLE}/screening${unescapeHtml(more)}`;
      }
      expect(ids).toHaveLength(24);
      const done = await gov.submit(`${CYCLE}/screening`, `${CYCLE}/screening`, [
        ...ids.map((id) => ["ids", id] as [string, string]),
        ["action", "reserve"],
        ["reason", "项目必要，今年财力有限，列入项目储备库，以后年度优先安排。"],
      ]);
      expect(done).toContain("done=24");
      for (const [i, [name, content, unit]] of CANDIDATES.entries()) {
        await gov.submit(`${CYCLE}/candidates/new`, `${CYCLE}/candidates`, [
          ["name", name],
          ["content", content],
          ["locationCode", J],
          ["locationDetail", ""],
          ["responsibleUnit", unit],
          ["deadline", `${Y}年11月底`],
          ["annualTarget", "年底前完工并投入使用。"],
          ["funding_county", String(120 + 35 * i)],
          ["funding_region", String(80 + 10 * i)],
        ]);
      }
      const list = await gov.page(`${CYCLE}/candidates`);
      expect(list.match(/信息完整/g)?.length).toBe(12);
      const to = await gov.submit(`${CYCLE}/handover`, `${CYCLE}/handover`, [
        [
          "report",
          `${Y}年度共收到项目建议24件，经部门初审和政府常务会议研究，形成候选项目12个，提请人民代表大会票决。`,
        ],
      ]);
      expect(to).toContain("done=handover");
    },
  );

  step("staff import ten more deputies and issue every sign-in slip from the roster page", async () => {
    staff = await keep();
    await signIn(staff, "staff");
    await visit(staff, `/j/${J}/roster`);
    await expect(staff.locator("main").textContent()).resolves.toContain(
      "第17届 · 共 200 名代表，在任 199 名",
    );
    const csv = [
      "青山旗第十七届人民代表大会补选代表名单,,,,,,",
      "代表证号,姓名,性别,民族,代表团,工作单位及职务,状态",
      ...EXTRA.map((r) => [...r, "正常"].join(",")),
    ].join("\r\n");
    await staff.getByLabel("届次（第几届）").fill("17");
    await staff.getByLabel("名册文件").setInputFiles({
      name: "补选代表.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`\ufeff${csv}`, "utf8"),
    });
    await follow(staff, staff.getByRole("button", { name: "导入", exact: true }));
    await expect(staff.getByRole("status").first().textContent()).resolves.toContain(
      "导入完成：新增 10 人，更新 0 人，未导入 0 行。",
    );
    await expect(staff.locator("main").textContent()).resolves.toContain(
      `第17届 · 共 210 名代表，在任 ${ROSTER} 名`,
    );
    await check(staff, "s34-roster-import");

    await follow(staff, staff.getByRole("button", { name: "为没有有效登录条的代表批量发放" }));
    await expect(staff.locator("h1").textContent()).resolves.toBe("代表登录条");
    // Each slip: "青山旗 · 红泉镇代表团 · 202" and the code.
    const slips = await staff.locator("li.slip").evaluateAll((els) =>
      els.map((el) => ({
        who: el.querySelector("p")?.textContent ?? "",
        code: el.querySelector(".code")?.textContent ?? "",
      })),
    );
    // Every serving deputy but the demo deputy, who already holds a slip.
    expect(slips).toHaveLength(ROSTER - 1);
    for (const s of slips) codes.set(s.who.split(" · ").pop() ?? "", s.code);
    expect(codes.size).toBe(ROSTER - 1);
    expect([...codes.values()].every((c) => /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(c))).toBe(true);
    expect(codes.has("200")).toBe(false); // the deputy whose term ended gets none
    await check(staff, "s34-slips");
  });

  step(
    "staff create the meeting and the vote (12 candidates, 10 places), freeze it, open 审议票决",
    async () => {
      await visit(staff, CYCLE);
      await expect(currentStage(staff)).resolves.toBe("酝酿协商");
      await follow(staff, staff.getByRole("link", { name: "会议与签到" }));
      await check(staff, "s34-meetings");
      await staff.getByLabel("会议名称").fill("青山旗第十七届人民代表大会第五次会议");
      await staff.getByLabel("会议日期").fill(beijingDate(0));
      await follow(staff, staff.getByRole("button", { name: "创建" }));
      await expectNoError(staff);
      await expect(staff.locator("h1").textContent()).resolves.toBe("青山旗第十七届人民代表大会第五次会议");
      await expect(staff.locator(".headcount").textContent()).resolves.toBe(`应到 ${ROSTER} 人，实到 0 人`);

      await visit(staff, CYCLE);
      await follow(staff, staff.getByRole("link", { name: "票决", exact: true }));
      // The defaults: 12 candidates, all ticked, for 10 places, one ballot line per candidate.
      await expect(staff.getByLabel("确定项目数（名额）").inputValue()).resolves.toBe("10");
      await expect(staff.locator('input[name="candidates"]:checked').count()).resolves.toBe(12);
      await check(staff, "s34-vote-new");
      await staff.getByLabel("票决名称").fill(`${Y}年度民生实事项目票决`);
      await staff.getByLabel("总监票人").fill("其其格");
      await staff.getByLabel("监票人", { exact: true }).fill("张建国、乌云");
      await staff.getByLabel("计票人").fill("李明、萨日娜");
      await follow(staff, staff.getByRole("button", { name: "新建票决" }));
      await expectNoError(staff);
      voteUrl = pathOf(staff);
      expect(voteUrl).toMatch(new RegExp(`^${CYCLE}/votes/\\d+$`));
      voteApi = `${API}/votes/${voteUrl.split("/").pop()}`;
      await expect(staff.locator("main ol li").allTextContents()).resolves.toEqual(
        CANDIDATES.map((c) => c[0]),
      );
      await check(staff, "s34-vote-draft");

      await follow(staff, staff.getByRole("link", { name: "确定票决办法和候选项目名单" }));
      await expect(staff.locator("main").textContent()).resolves.toContain(`应到 ${ROSTER} 人`);
      await check(staff, "s34-vote-freeze-confirm");
      await follow(staff, staff.getByRole("button", { name: "确定票决办法和候选项目名单" }));
      await expectNoError(staff);
      await expect(staff.getByRole("status").allTextContents()).resolves.toContain(
        "票决办法和候选项目名单已确定。",
      );
      await expect(staff.locator("main").textContent()).resolves.toContain("12 个候选项目选 10 个");
      await check(staff, "s34-vote-frozen");

      await visit(staff, CYCLE);
      await follow(staff, staff.getByRole("link", { name: "进入下一阶段：审议票决" }));
      await follow(staff, staff.getByRole("button", { name: "确认进入「审议票决」" }));
      await expectNoError(staff);
      await expect(currentStage(staff)).resolves.toBe("审议票决");
      await check(staff, "s34-cycle-vote");
    },
  );

  step("deputies sign in: three on their phones, 197 through the API", async () => {
    for (const n of PHONE_VOTERS) {
      const page = await keep(PHONE);
      await signInDeputy(page, codes.get(n) ?? "");
      phones.push(page);
    }
    const numbers = [...codes.keys()].filter(
      (n) => !PHONE_VOTERS.includes(n) && !ABSENT.includes(n) && !NOT_VOTING.includes(n),
    );
    expect(numbers).toHaveLength(VOTERS - PHONE_VOTERS.length);
    // Everyone in the hall at once, on the hall's one address.
    const signed = await inBatches(numbers, 25, async (number) => {
      const http = new Http();
      await http.page("/login/deputy");
      const r = await http.json<{ ok: boolean }>("POST", "/api/auth/deputy-login", {
        code: codes.get(number),
      });
      expect(r.status, `deputy ${number} signs in`).toBe(200);
      return { number, http };
    });
    apiVoters.push(...signed);
    const r = await apiVoters[0]?.http.json<{ kind: string }>("GET", "/api/me");
    expect(r?.body.kind).toBe("deputy");

    // Before the session a deputy reads the materials and gives an opinion; staff read it by delegation.
    const a = phones[0] as Page;
    await visit(a, CYCLE);
    await follow(a, a.getByRole("link", { name: "候选项目材料与意见" }));
    await expect(a.locator("ol.materials > li").count()).resolves.toBe(12);
    const opinion = "建议优先改造供热最差的十个小区，施工避开采暖期。";
    await a.getByLabel(`我对「${CANDIDATES[0][0]}」的意见`).fill(opinion);
    await follow(a, a.locator("ol.materials > li").first().getByRole("button", { name: "保存意见" }));
    await expect(a.getByRole("status").first().textContent()).resolves.toBe("意见已保存。");
    await expect(a.getByLabel(`我对「${CANDIDATES[0][0]}」的意见`).inputValue()).resolves.toBe(opinion);
    await check(a, "s34-deliberation-phone");
    await visit(staff, `${CYCLE}/deliberation`);
    await follow(staff, staff.getByRole("link", { name: "按代表团查看代表意见" }));
    const section = staff.locator("section").filter({ hasText: "乌兰苏木代表团（1）" });
    await expect(section.locator("tbody tr").textContent()).resolves.toContain(opinion);
    await expect(section.locator("tbody th").textContent()).resolves.toBe("阿拉坦仓");
    await check(staff, "s34-opinions");
  });

  step("attendance: staff tick the sheet, deputies check in on their phones; 应到/实到", async () => {
    await visit(staff, CYCLE);
    await follow(staff, staff.getByRole("link", { name: "会议与签到" }));
    await follow(staff, staff.getByRole("link", { name: "青山旗第十七届人民代表大会第五次会议" }));
    const meetingUrl = pathOf(staff);
    const boxes = await staff
      .locator('input[name="present"]')
      .evaluateAll((els) =>
        els.map((el) => ({ id: el.getAttribute("value") ?? "", label: el.parentElement?.textContent ?? "" })),
      );
    expect(boxes).toHaveLength(ROSTER);
    const skip = new Set([...PHONE_VOTERS, ...ABSENT]);
    for (const b of boxes) {
      if (skip.has(b.label.trim().split(" ")[0] ?? "")) continue;
      // A click on each box (without Playwright's per-action waits: 200 boxes on a slow machine).
      await staff.locator(`input[name="present"][value="${b.id}"]`).dispatchEvent("click");
    }
    await expect(staff.locator('input[name="present"]:checked').count()).resolves.toBe(200);
    await follow(staff, staff.getByRole("button", { name: "保存签到" }));
    await expectNoError(staff);
    await expect(staff.locator(".headcount").textContent()).resolves.toBe(`应到 ${ROSTER} 人，实到 200 人`);
    await expect(staff.locator('input[name="present"]:checked').count()).resolves.toBe(200);
    await check(staff, "s34-attendance");

    // Two of the phone voters check in before the vote opens (the third comes late).
    for (const page of phones.slice(0, 2)) {
      await visit(page, CYCLE);
      await follow(page, page.getByRole("link", { name: "签到：青山旗第十七届人民代表大会第五次会议" }));
      expect(pathOf(page)).toBe(meetingUrl);
      await follow(page, page.getByRole("button", { name: "签到" }));
      await expect(page.getByRole("status").allTextContents()).resolves.toContain("您已签到。");
    }
    await check(phones[0] as Page, "s34-checkin-phone");
    await visit(staff, meetingUrl);
    await expect(staff.locator(".headcount").textContent()).resolves.toBe(`应到 ${ROSTER} 人，实到 202 人`);
  });

  step("staff open the vote; the big screen shows turnout and not a single count", async () => {
    await visit(staff, voteUrl);
    await follow(staff, staff.getByRole("link", { name: "开始投票" }));
    await expect(staff.locator("main").textContent()).resolves.toContain(`应到 ${ROSTER} 人，实到 202 人`);
    await check(staff, "s34-vote-open-confirm");
    await follow(staff, staff.getByRole("button", { name: "开始投票" }));
    await expectNoError(staff);
    await expect(staff.getByRole("status").allTextContents()).resolves.toContain("投票已开始。");
    await expect(staff.locator(".headcount").textContent()).resolves.toContain("已达到法定人数");
    await check(staff, "s34-vote-opened");

    // The hall's projector: a separate browser, nobody signed in.
    screen = await keep({ ...DESKTOP, viewport: { width: 1920, height: 1080 } });
    await visit(screen, `${voteUrl}/screen`);
    await expect(screen.locator(".screen-status").textContent()).resolves.toBe("投票中");
    await expect(screenFigures(screen)).resolves.toEqual({ roster: `${ROSTER}`, present: "202", voted: "0" });
    await expect(screen.locator("table").count()).resolves.toBe(0);
    const text = (await screen.locator("main").textContent()) ?? "";
    for (const [name] of CANDIDATES) expect(text).not.toContain(name);
    await check(screen, "s34-screen-open");
    // The screen updates itself in place: marked now, the mark must survive until the vote closes.
    await screen.evaluate(() => {
      (globalThis as unknown as Record<string, unknown>).sameScreen = true;
    });
    // Nor does the API tell anyone a count while the vote is open.
    const anon = new Http();
    const status = await anon.json<Record<string, unknown>>("GET", `${voteApi}/status`);
    expect(status.body).toEqual({
      id: expect.any(Number),
      title: `${Y}年度民生实事项目票决`,
      status: "open",
      rosterSize: ROSTER,
      present: 202,
      voted: 0,
    });
    expect((await anon.json("GET", `${voteApi}/results`)).status).toBe(409);
  });

  step("three deputies vote on their phones: fill in, review, confirm; one goes back to change", async () => {
    // The first: from the cycle page to the ballot, fills it in, reviews, confirms.
    const [a, b, c] = phones as [Page, Page, Page];
    await visit(a, CYCLE);
    await follow(a, a.getByRole("link", { name: `签到 / ${Y}年度民生实事项目票决` }));
    expect(pathOf(a)).toBe(`${voteUrl}/ballot`);
    candidateIds = await a
      .locator('input[type="radio"][value="for"]')
      .evaluateAll((els) => els.map((el) => Number(el.getAttribute("name")?.slice(2))));
    expect(candidateIds).toHaveLength(12);
    await check(a, "s34-ballot-phone");
    await fillBallot(a, BALLOTS[0] as Cell[]);
    await check(a, "s34-ballot-filled-phone");
    await follow(a, a.getByRole("button", { name: "下一步：核对选票" }));
    await expect(a.locator("h1").textContent()).resolves.toBe("请核对您的选票");
    const names = { for: "赞成", against: "反对", abstain: "弃权" } as const;
    await expect(a.locator("ol.review li").allTextContents()).resolves.toEqual(
      CANDIDATES.map(([name], k) => `${name}：${names[BALLOTS[0]?.[k] ?? "abstain"]}`),
    );
    const shown = (await a.locator("strong.code").textContent()) ?? "";
    // Sixteen letters and digits without look-alikes (no 0/O, 1/I/L), to copy down and type again.
    expect(shown).toMatch(/^[2-9A-HJKMNP-TV-Z]{4}(-[2-9A-HJKMNP-TV-Z]{4}){3}$/);
    await check(a, "s34-review-phone");
    await follow(a, a.getByRole("button", { name: "确认投票" }));
    await expect(a.locator("h1").textContent()).resolves.toBe("投票成功");
    await expect(a.getByRole("status").textContent()).resolves.toContain(shown);
    phoneReceipts.push(shown);
    await check(a, "s34-cast-phone");
    // The receipt is in the ballot box (and says nothing about the choices).
    await follow(a, a.getByRole("link", { name: "查证回执码" }));
    await a.getByLabel("回执码").fill(shown.replace(/-/g, "").toLowerCase());
    await follow(a, a.getByRole("button", { name: "查询" }));
    await expect(a.getByRole("status").textContent()).resolves.toBe("这张选票已计入票箱。");
    await check(a, "s34-receipt-phone");
    // Back on the ballot page: voted, no form.
    await visit(a, `${voteUrl}/ballot`);
    await expect(a.getByRole("status").textContent()).resolves.toBe("您已投票，谢谢！");
    await expect(a.getByRole("radio").count()).resolves.toBe(0);
    await check(a, "s34-ballot-voted-phone");

    // The second taps 反对 on the first project by mistake, sees it on review, goes back, changes it.
    await visit(b, `${voteUrl}/ballot`);
    const row = BALLOTS[1] as Cell[];
    const wrong: Cell[] = [row[0] === "against" ? "for" : "against", ...row.slice(1)];
    await fillBallot(b, wrong);
    await follow(b, b.getByRole("button", { name: "下一步：核对选票" }));
    const first = (await b.locator("strong.code").textContent()) ?? "";
    const blank = row.indexOf(null);
    await expect(b.locator("ol.review li").nth(blank).textContent()).resolves.toBe(
      `${CANDIDATES[blank]?.[0]}：弃权（未选）`,
    );
    await follow(b, b.getByRole("button", { name: "返回修改" }));
    expect(pathOf(b)).toBe(`${voteUrl}/ballot`);
    const g0 = b.getByRole("group", { name: `1. ${CANDIDATES[0][0]}` });
    await expect(g0.getByRole("radio", { name: names[wrong[0] ?? "abstain"] }).isChecked()).resolves.toBe(
      true,
    );
    await expect(b.locator('input[type="radio"]:checked').count()).resolves.toBe(11);
    await fillBallot(b, [row[0] ?? null]);
    await follow(b, b.getByRole("button", { name: "下一步：核对选票" }));
    // The same receipt throughout: it is the ballot's, not the page's.
    await expect(b.locator("strong.code").textContent()).resolves.toBe(first);
    await follow(b, b.getByRole("button", { name: "确认投票" }));
    await expect(b.locator("h1").textContent()).resolves.toBe("投票成功");
    phoneReceipts.push(first);

    // The third arrives late: the ballot page asks to check in first.
    await visit(c, `${voteUrl}/ballot`);
    await expect(c.getByRole("status").textContent()).resolves.toBe("请先签到，再投票。");
    await check(c, "s34-ballot-checkin-phone");
    await follow(c, c.getByRole("button", { name: "签到" }));
    await follow(c, c.getByRole("link", { name: `${Y}年度民生实事项目票决` }));
    expect(pathOf(c)).toBe(`${voteUrl}/ballot`);
    await fillBallot(c, BALLOTS[2] as Cell[]);
    await follow(c, c.getByRole("button", { name: "下一步：核对选票" }));
    await follow(c, c.getByRole("button", { name: "确认投票" }));
    await expect(c.locator("h1").textContent()).resolves.toBe("投票成功");

    // The big screen follows by itself.
    await screenShowsVoted(screen, 3);
  });

  step("197 deputies vote at once through the API; the big screen follows the turnout", async () => {
    const t0 = Date.now();
    const ballot = (voter: number) => ({
      form: "per_candidate",
      choices: Object.fromEntries(
        candidateIds.flatMap((id, k) => {
          const c = BALLOTS[voter]?.[k];
          return c ? [[String(id), c]] : [];
        }),
      ),
    });
    const sent: { voter: number; body: unknown }[] = [];
    let retried = 0;
    // Half, then a look at the screen, then the rest.
    const half = Math.floor(apiVoters.length / 2);
    const cast = (from: number, to: number) =>
      inBatches(apiVoters.slice(from, to), 25, async (v, i) => {
        const voter = PHONE_VOTERS.length + from + i;
        const body = { ballot: ballot(voter), receipt: receipt() };
        sent.push({ voter, body });
        const r = await v.http.json<{ status: string }>("POST", `${voteApi}/ballot`, body);
        // After a lost answer the phone sends the same ballot again: stored once, either way.
        if (r.retries === 0)
          expect([r.status, r.body], `deputy ${v.number}`).toEqual([201, { status: "recorded" }]);
        else expect(["recorded", "already_recorded"], `deputy ${v.number}`).toContain(r.body.status);
        retried += r.retries;
      });
    await cast(0, half);
    await screenShowsVoted(screen, PHONE_VOTERS.length + half);
    await cast(half, apiVoters.length);
    console.log(`197 ballots through the API in ${Date.now() - t0} ms (${retried} sent again)`);
    await screenShowsVoted(screen, VOTERS);
    await expect(screenFigures(screen)).resolves.toEqual({
      roster: `${ROSTER}`,
      present: "202",
      voted: `${VOTERS}`,
    });
    await expect(screen.locator("table").count()).resolves.toBe(0);
    await check(screen, "s34-screen-voted");
    // Twenty seconds and more since the screen opened, and it was never reloaded.
    await expect(
      screen.evaluate(() => (globalThis as unknown as Record<string, unknown>).sameScreen),
    ).resolves.toBe(true);

    // A second ballot from a deputy who has voted: refused, the first counts.
    const again = apiVoters[5] as { http: Http };
    const second = await again.http.json<{ status: string }>("POST", `${voteApi}/ballot`, {
      ballot: {
        form: "per_candidate",
        choices: Object.fromEntries(candidateIds.map((id) => [id, "against"])),
      },
      receipt: receipt(),
    });
    expect([second.status, second.body]).toEqual([200, { status: "already_voted" }]);
    // The same request again (a retry after a lost answer): recorded once.
    const first = sent.find((s) => s.voter === PHONE_VOTERS.length + 7) as { body: unknown };
    const retry = await (apiVoters[7] as { http: Http }).http.json<{ status: string }>(
      "POST",
      `${voteApi}/ballot`,
      first.body,
    );
    expect([retry.status, retry.body]).toEqual([200, { status: "already_recorded" }]);
    // A deputy absent from the meeting cannot vote.
    const absent = new Http();
    await absent.page("/login/deputy");
    await absent.json("POST", "/api/auth/deputy-login", { code: codes.get(ABSENT[0] as string) });
    const refused = await absent.json<{ error: { code: string } }>("POST", `${voteApi}/ballot`, {
      ballot: { form: "per_candidate", choices: {} },
      receipt: receipt(),
    });
    expect(refused.status).toBe(409);
    // Still 200, on the API and on the screen and the console.
    const status = await new Http().json<{ voted: number }>("GET", `${voteApi}/status`);
    expect(status.body.voted).toBe(VOTERS);
    await new Promise((r) => setTimeout(r, 2500));
    await expect(screenFigures(screen)).resolves.toMatchObject({ voted: `${VOTERS}` });
    await visit(staff, voteUrl);
    await expect(staff.locator(".headcount").textContent()).resolves.toContain(`已投票 ${VOTERS} 人`);
    await expect(staff.locator("table").count()).resolves.toBe(0);
  });

  step("staff close the vote; the tally everywhere is the one counted here", async () => {
    await follow(staff, staff.getByRole("link", { name: "结束投票" }));
    await check(staff, "s34-vote-close-confirm");
    await follow(staff, staff.getByRole("button", { name: "结束投票" }));
    await expectNoError(staff);
    await expect(staff.getByRole("status").allTextContents()).resolves.toContain("投票已结束，计票完成。");
    await check(staff, "s34-vote-closed");

    const expected = expectedTally(ROSTER);
    // Ten elected, the eleventh passed but out of the places, the twelfth did not pass.
    expect(expected.map((e) => (e.elected ? "E" : e.passed ? "P" : "-")).join("")).toBe("EEEEEEEEEEP-");

    // The results API.
    const res = await new Http().json<{
      announcementNo: number;
      rosterSize: number;
      present: number;
      ballotsCast: number;
      valid: number;
      invalid: number;
      placesFilled: number;
      placesTied: number;
      shortfall: number;
      results: {
        name: string;
        support: number;
        against: number;
        abstain: number;
        passed: boolean;
        elected: boolean;
      }[];
    }>("GET", `${voteApi}/results`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      announcementNo: 1,
      rosterSize: ROSTER,
      present: 202,
      ballotsCast: VOTERS,
      valid: VOTERS,
      invalid: 0,
      placesFilled: 10,
      placesTied: 0,
      shortfall: 0,
    });
    expect(
      res.body.results.map((r) => ({
        support: r.support,
        against: r.against,
        abstain: r.abstain,
        passed: r.passed,
        elected: r.elected,
      })),
    ).toEqual(expected);
    expect(res.body.results.map((r) => r.name)).toEqual(CANDIDATES.map((c) => c[0]));

    // The console's results table: the same numbers.
    const rows = await staff
      .locator("table.results tbody tr")
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll("th, td")].map((c) => c.textContent ?? "")),
      );
    expect(rows).toEqual(
      expected.map((e, k) => [
        String(k + 1),
        CANDIDATES[k]?.[0],
        String(e.support),
        String(e.against),
        String(e.abstain),
        String(k + 1),
        e.elected ? "确定为民生实事项目" : e.passed ? "通过但未进入名额" : "未通过",
      ]),
    );
    const totals = await staff.locator("dl.facts").textContent();
    expect(totals).toContain(`收回选票${VOTERS}`);
    expect(totals).toContain("名额 10 个：确定 10 个，待另行票决 0 个，空缺 0 个");

    // The big screen turned to the result by itself.
    await screen.locator("table.results").waitFor({ timeout: 8000 });
    await expect(screen.locator(".screen-status").textContent()).resolves.toBe("投票已结束");
    await expect(screen.locator("table.results tbody tr.elected").count()).resolves.toBe(10);
    const big = await screen
      .locator("table.results tbody tr")
      .evaluateAll((trs) => trs.map((tr) => tr.querySelectorAll("td")[1]?.textContent ?? ""));
    expect(big).toEqual(expected.map((e) => String(e.support)));
    await check(screen, "s34-screen-closed");

    // The phone voters' receipts are in the box.
    const anon = new Http();
    for (const r of phoneReceipts)
      expect((await anon.json<{ recorded: boolean }>("GET", `${voteApi}/receipts/${r}`)).body).toEqual({
        recorded: true,
      });
    // No more ballots.
    const late = await (apiVoters[0] as { http: Http }).http.json("POST", `${voteApi}/ballot`, {
      ballot: { form: "per_candidate", choices: {} },
      receipt: receipt(),
    });
    expect(late.status).toBe(200); // already voted: told so, nothing stored
    await visit(phones[2] as Page, `${voteUrl}/ballot`);
    await expect((phones[2] as Page).getByRole("status").textContent()).resolves.toBe("您已投票，谢谢！");
  });

  step("the announcement (主席团公告 第1号) lists the ten elected projects", async () => {
    const pub = await keep();
    await visit(pub, CYCLE);
    await follow(pub, pub.getByRole("link", { name: `主席团公告：${Y}年度民生实事项目票决` }));
    expect(pathOf(pub)).toBe(`${voteUrl}/announcement`);
    const doc = pub.locator("article.announcement");
    await expect(doc.locator("h1").textContent()).resolves.toBe("主席团公告");
    await expect(doc.textContent()).resolves.toContain("第1号");
    await expect(doc.textContent()).resolves.toContain(
      `应到代表 ${ROSTER} 人，实到 202 人，收回选票 ${VOTERS} 张，其中有效票 ${VOTERS} 张，无效票 0 张。根据票决办法，下列 10 个项目确定为本年度民生实事项目：`,
    );
    const expected = expectedTally(ROSTER);
    await expect(doc.locator("> ol li").allTextContents()).resolves.toEqual(
      CANDIDATES.flatMap(([name], k) =>
        expected[k]?.elected ? [`${name}（赞成 ${expected[k]?.support}）`] : [],
      ),
    );
    await expect(doc.textContent()).resolves.toContain("青山旗人民代表大会主席团");
    await check(pub, "s34-announcement");
    const phone = await keep(PHONE);
    await visit(phone, `${voteUrl}/announcement`);
    await check(phone, "s34-announcement-phone");
    await expectNoError(pub);
  });
});

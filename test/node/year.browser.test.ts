// Acceptance test of stage 5 (issue #5): a year of livelihood projects in 白云旗, in Chromium against
// the real worker (`wrangler dev`, fresh local D1, demo data). Nothing is written to the database
// directly: everything goes through the pages (browser) or the HTTP endpoints the pages use.
//
// The demo's 白云旗 has its latest voted year's cycle in 监督评估 (this year's once this January's
// session has voted, else last year's: src/demo/calendar.ts) with ten elected projects and nothing
// else. Every date comes from the clock the worker runs on (test/support/clock.ts), so the walk holds
// on any day of the year. The year, in order:
// 1. The administrator creates the responsible unit's account (named as the project's plan names it).
// 2. The government publishes the implementation plans of two projects, A and B (desktop); A has a
//    milestone already past due.
// 3. The unit reports A's progress on a phone with a photo (a PNG made here); it is on A's public page.
// 4. A, behind its milestones, is in the flagged list staff see.
// 5. Staff set up A's supervision group; a deputy of the group inspects on a phone and logs a
//    problem; the unit records the rectification; staff verify and close it.
// 6. Staff record the carry-over (结转) of B by decision, with the confirmation step, into next
//    year's cycle (opened by the government first when the demo has none yet, before late July); the
//    public announcement (变更公告 第1号).
// 7. The year-end satisfaction assessment: staff issue the slips, create the meeting and the
//    attendance (quorum: more than 2/3 of 199), create, freeze and open the assessment; three deputies
//    assess on phones through the ballot pages, 177 through the JSON API at once, with ballots made
//    here so that exactly one project (A) is graded 不满意 under the 镇海 rule (computed here); staff
//    close; A gets a rectification with a deadline.
// 8. The public project list, the project pages, the satisfaction results and the city view show all
//    of it, on a phone and a desktop, with no personal data.
// Every page visited is checked with axe-core (WCAG 2.1 A/AA) and for sideways overflow; screenshots:
// s5-*.png in test-results/screenshots/.
import { deflateSync } from "node:zlib";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { BAIYUN, latestVotedYear } from "../../src/demo/calendar";
import { addDays } from "../../src/platform/lib/dates";
import { beijingDate, nodeNow } from "../support/clock";
import {
  check,
  DESKTOP,
  expectNoError,
  follow,
  open,
  PHONE,
  pathOf,
  serverUrl,
  signIn,
  signInDeputy,
  useBrowser,
  visit,
} from "./support/browser";
import { Http, inBatches, receipt } from "./support/http";

const J = BAIYUN; // 白云旗: staff-by, gov-by
const CITY = "159900"; // 青山市
/** The demo's cycle of 白云旗 in 监督评估, on the worker's clock. */
const Y = latestVotedYear(J, nodeNow());
const CYCLE = `/j/${J}/${Y}`;
const API = `/api/jurisdictions/${J}/cycles/${Y}`;
/** Serving deputies of 白云旗 (the demo roster: 200, the last one's term ended). */
const ROSTER = 199;

/**
 * The days of the walk, as recorded: each taken from the worker's clock (or from the form's default,
 * the worker's today) at the step that records it, and expected from then on. So a run that crosses
 * midnight (the clock runs on from MINSHENG_NOW) still expects what was recorded.
 */
const on = {
  /** A's milestones: two past (not before 1 January of the project's year), one ahead; B's two ahead. */
  design: "",
  works: "",
  acceptance: "",
  siteB: "",
  buildB: "",
  /** A's progress report (and the milestone it marks reached). */
  reported: "",
  /** The inspection, the problem it found, its deadline, its rectification and its closing. */
  inspected: "",
  found: "",
  deadline: "",
  rectified: "",
  closed: "",
  /** B's carry-over decision. */
  decided: "",
  /** The close of the year-end assessment: A's rectification is opened that day. */
  assessed: "",
};
/** B's decision: 〔the year it is taken in〕. */
let DECISION_NO = "";
const later = (a: string, b: string) => (a > b ? a : b);

// ---- Money, counted here: 万元 text ↔ integer yuan, without floating point ----------------------------

/** "1,885" → 18850000, "12.3456" → 123456. */
function wanTextToYuan(text: string): number {
  const m = /^(\d+)(?:\.(\d{1,4}))?$/.exec(text.trim().replace(/,/g, ""));
  if (!m) throw new Error(`not an amount in 万元: ${text}`);
  return Number(m[1]) * 10_000 + Number((m[2] ?? "").padEnd(4, "0"));
}
/** 123456 → "12.3456" (as typed into a form), 18850000 → "1885". */
function yuanToWanInput(yuan: number): string {
  const frac = String(yuan % 10_000)
    .padStart(4, "0")
    .replace(/0+$/, "");
  return `${Math.floor(yuan / 10_000)}${frac ? `.${frac}` : ""}`;
}
/** 18850000 → "1,885", as the pages show 万元. */
function yuanToWanShown(yuan: number): string {
  const [whole, frac] = yuanToWanInput(yuan).split(".");
  return `${Number(whole).toLocaleString("en-US")}${frac ? `.${frac}` : ""}`;
}
/** numerator/denominator as a percentage with one decimal, rounded half up, on integers. */
function percent1(numerator: number, denominator: number): string {
  const tenths = Math.floor((numerator * 2000 + denominator) / (2 * denominator));
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

// ---- A real photo, made here: a small PNG of a building site -----------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
/** An RGB PNG of `width`×`height`: sky, ground, a half-built block with windows and a crane. */
function sitePhoto(width: number, height: number): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  const horizon = Math.round(height * 0.68);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      let rgb: [number, number, number];
      const inBlock = x > width * 0.22 && x < width * 0.62 && y > height * 0.3 && y < horizon;
      const crane =
        (Math.abs(x - width * 0.75) < 4 && y > height * 0.12 && y < horizon) ||
        (y > height * 0.12 && y < height * 0.12 + 8 && x > width * 0.45 && x < width * 0.92);
      if (crane) rgb = [232, 178, 20];
      else if (inBlock) {
        const win = (x - Math.round(width * 0.22)) % 40 > 14 && (y - Math.round(height * 0.3)) % 36 > 12;
        rgb = win ? [70, 90, 110] : [178, 172, 160];
      } else if (y < horizon)
        rgb = [120 + Math.round((y / horizon) * 80), 170 + Math.round((y / horizon) * 50), 230];
      else rgb = [128 - ((x + y) % 7) * 3, 98, 62];
      raw.set(rgb, row + 1 + x * 3);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter method, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", deflateSync(raw)),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}
const PHOTO = sitePhoto(800, 500);
const PHOTO_CAPTION = "主体工程施工现场";

// ---- A small HTTP client: a browser without JavaScript, for the deputies who vote at once -----------

// ---- The assessment ballots ---------------------------------------------------------------------------

type Grade = "satisfied" | "basic" | "unsatisfied";
type Cell = Grade | "abstain" | null; // null: left blank (counts as 弃权, the rules allow it)
const GRADE_ZH: Record<Grade, string> = { satisfied: "满意", basic: "基本满意", unsatisfied: "不满意" };
const CELL_ZH = { ...GRADE_ZH, abstain: "弃权" } as const;

/** Deputies who vote: 3 on phones, 177 through the API. */
const VOTERS = 180;
/**
 * 满意 / 基本满意 / 不满意 per project (the rest of the 180 abstain or leave it blank), in ballot
 * order with project A's put at A's place. With 199 deputies as the base, "more than half" means
 * 100 or more. Two sit at the line: 满意 100 is 满意; 满意 99 is not, but 99 + 基本满意 1 = 100 is
 * 基本满意. (An odd base has no "exactly half"; the worker tests take that case.)
 */
const A_COUNTS: [number, number, number] = [38, 55, 80]; // 满意+基本满意 93: 不满意
const OTHER_COUNTS: [number, number, number][] = [
  [152, 20, 5],
  [100, 45, 30],
  [99, 1, 75],
  [120, 40, 15],
  [88, 70, 18],
  [141, 30, 6],
  [95, 60, 20],
  [130, 35, 10],
  [110, 50, 15],
];

/** The 镇海 rule, written out here (base: all deputies). */
function zhenhai(s: number, b: number, base: number): Grade {
  if (2 * s > base) return "satisfied";
  if (2 * (s + b) > base) return "basic";
  return "unsatisfied";
}

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

/** ballots[voter][project]: exactly the counts designed; the phone voters (0–2) answer everything. */
function makeBallots(counts: [number, number, number][]): Cell[][] {
  const r = rng(20261124);
  const m: Cell[][] = Array.from({ length: VOTERS }, () => []);
  counts.forEach(([s, b, u], k) => {
    const order = Array.from({ length: VOTERS }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    order.forEach((voter, rank) => {
      (m[voter] as Cell[])[k] =
        rank < s
          ? "satisfied"
          : rank < s + b
            ? "basic"
            : rank < s + b + u
              ? "unsatisfied"
              : voter < 3 || r() < 0.5
                ? "abstain"
                : null;
    });
  });
  return m;
}

interface Expected {
  satisfied: number;
  basic: number;
  unsatisfied: number;
  abstain: number;
  grade: Grade;
}
function expectedResults(ballots: Cell[][], projects: number): Expected[] {
  return Array.from({ length: projects }, (_, k) => {
    const col = ballots.map((b) => b[k]);
    const n = (c: Cell) => col.filter((x) => x === c).length;
    const satisfied = n("satisfied");
    const basic = n("basic");
    return {
      satisfied,
      basic,
      unsatisfied: n("unsatisfied"),
      abstain: n("abstain") + n(null),
      grade: zhenhai(satisfied, basic, ROSTER),
    };
  });
}

// ---- The people ---------------------------------------------------------------------------------------

/**
 * A's supervision group: five deputies, chosen in this order among those whose name is unique in
 * their delegation (the group form lists deputies by name within their delegation, so two of the
 * same name there could not be told apart). The first inspects, the second leads.
 */
const GROUP_PREFERRED = ["012", "045", "078", "101", "134", "023", "056", "089", "112", "145", "167", "178"];
let GROUP: string[] = [];
let LEADER = "";
let INSPECTOR = "";
/** Deputies who assess on their phones: the inspector and two more; the last arrives late and checks in from the ballot page. */
let PHONE_VOTERS: string[] = [];
/** Not at the year-end session: 186–199. */
const ABSENT = Array.from({ length: 14 }, (_, i) => String(186 + i));
/** Present, but cast no ballot. */
const NOT_VOTING = ["001", "002", "003", "004", "005"];

const UNIT_USER = "unit-by";
const UNIT_PASSWORD = "baiyun-unit-2026";

interface Slip {
  number: string;
  name: string;
  delegation: string;
  code: string;
}
interface Project {
  id: number;
  position: number;
  name: string;
  unit: string;
  plannedYuan: number;
}

const slips = new Map<string, Slip>();
let projects: Project[] = [];
let A: Project;
let B: Project;
const aDisbursed: Record<string, number> = {}; // source label → yuan
let aDisbursedYuan = 0;
let problemUrl = "";
let assessUrl = "";
let voteApi = "";
let projectIds: number[] = [];
let ballots: Cell[][] = [];
let expected: Expected[] = [];
const apiVoters: Http[] = [];

// ---- The walk -----------------------------------------------------------------------------------------

const contexts: BrowserContext[] = [];
async function keep(options: Parameters<typeof open>[0] = DESKTOP): Promise<Page> {
  const { context, page } = await open(options);
  contexts.push(context);
  return page;
}
let gov: Page;
let unitPhone: Page;
let staff: Page;
const phones = new Map<string, Page>(); // deputy number → phone

useBrowser();
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
});

/** A step of the year: skipped once an earlier step has failed, since it builds on that one. */
let broken = "";
function step(name: string, fn: () => Promise<void>, timeout?: number): void {
  it(
    name,
    async (ctx) => {
      if (broken) ctx.skip(`an earlier step failed: ${broken}`);
      try {
        await fn();
      } catch (e) {
        broken = name;
        throw e;
      }
    },
    timeout,
  );
}

/** The project list's rows as shown: number, name, status, progress label, planned, disbursed, unit. */
async function listRows(page: Page) {
  return page.locator("table.projects tbody tr").evaluateAll((trs) =>
    trs.map((tr) => {
      const cells = [...tr.querySelectorAll("th, td")];
      const a = tr.querySelector("th a");
      return {
        href: a?.getAttribute("href") ?? "",
        cells: cells.map((c) => (c.textContent ?? "").trim()),
        progress: tr.querySelector(".progressbar")?.getAttribute("aria-label") ?? "",
        bar: tr.querySelector(".bar-fill")?.getAttribute("width") ?? "",
      };
    }),
  );
}

/**
 * Scrolls each progress photo into view and waits until it has loaded (they load lazily), so that
 * a full-page screenshot shows them; returns their natural widths.
 */
async function showPhotos(page: Page): Promise<number[]> {
  const imgs = page.locator("ul.photos img");
  const widths: number[] = [];
  for (let i = 0; i < (await imgs.count()); i++) {
    const img = imgs.nth(i);
    await img.scrollIntoViewIfNeeded();
    await expect
      .poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth))
      .toBeGreaterThan(0);
    widths.push(await img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth));
  }
  await page.evaluate(() =>
    (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
  );
  return widths;
}

/** Text of the main content. */
async function mainText(page: Page): Promise<string> {
  return (await page.locator("main").textContent()) ?? "";
}

/** Public pages carry no deputy's name and no phone number. */
function expectNoPersonalData(text: string, where: string): void {
  const names = [...new Set([...GROUP, ...PHONE_VOTERS].map((n) => slips.get(n)?.name ?? ""))];
  for (const name of names) {
    expect(name, "a deputy's name to look for").not.toBe("");
    expect(text, `${where} shows the deputy ${name}`).not.toContain(name);
  }
  expect(text, `${where} shows a phone number`).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
}

describe("a year of livelihood projects in 白云旗: plans, progress, supervision, carry-over, assessment, public view", () => {
  step("set-up: the administrator creates the account of the responsible unit", async () => {
    // The year's projects as the public sees them: two of them, A and B, go through the year here.
    const pub = await keep();
    await visit(pub, `${CYCLE}/projects`);
    const rows = await listRows(pub);
    expect(rows).toHaveLength(10);
    projects = rows.map((r) => ({
      id: Number(r.href.split("/").pop()),
      position: Number(r.cells[0]),
      name: r.cells[1] as string,
      unit: r.cells[6] as string,
      plannedYuan: wanTextToYuan(r.cells[4] as string),
    }));
    for (const r of rows) expect(r.cells[2]).toBe("未开工");
    // Two projects whose names are unique in the list (the demo may repeat a name).
    const unique = projects.filter((p) => projects.filter((q) => q.name === p.name).length === 1);
    [A, B] = unique as [Project, Project];
    expect(A && B && A.unit !== "").toBe(true);
    await check(pub, "s5-projects-before");

    const admin = await keep();
    await signIn(admin, "admin");
    await follow(admin, admin.getByRole("link", { name: "账号与行政区划管理" }));
    expect(pathOf(admin)).toBe("/admin");
    const form = admin.locator('form[action="/admin/accounts"]');
    await form.getByLabel("用户名").fill(UNIT_USER);
    await form.getByLabel("名称", { exact: true }).fill(A.unit);
    await form.getByLabel("角色").selectOption({ label: "责任单位" });
    await form.getByLabel("所属行政区划").selectOption({ label: `白云旗（${J}）` });
    await form.getByLabel("责任单位名称").fill(A.unit);
    await form.getByLabel("初始密码").fill(UNIT_PASSWORD);
    await follow(admin, form.getByRole("button", { name: "创建" }));
    await expectNoError(admin);
    await expect(admin.getByRole("status").allTextContents()).resolves.toContain("账号已创建。");
    await expect(mainText(admin)).resolves.toContain(`${UNIT_USER}`);
    await check(admin, "s5-admin-unit-account");
  });

  step("the government publishes the implementation plans of A (one milestone past due) and B", async () => {
    gov = await keep();
    await signIn(gov, "gov-by");
    await visit(gov, CYCLE);
    await follow(gov, gov.getByRole("link", { name: "民生实事项目实施情况" }));
    const today = beijingDate();
    on.design = later(`${Y}-01-01`, addDays(today, -75));
    on.works = later(addDays(on.design, 1), addDays(today, -15));
    on.acceptance = addDays(today, 30);
    on.siteB = addDays(today, 20);
    on.buildB = addDays(today, 40);
    expect(on.works < today).toBe(true);
    const plans: [Project, string[], string][] = [
      [
        A,
        [`${on.design} 完成设计和招标`, `${on.works} 主体工程完工`, `${on.acceptance} 竣工验收并投入使用`],
        "年底前完工并投入使用，年内完成投资 90% 以上。",
      ],
      [
        B,
        [`${on.siteB} 完成场地平整`, `${on.buildB} 完成主体建设`],
        "年内完成主体建设，明年一季度投入使用。",
      ],
    ];
    for (const [p, milestones, target] of plans) {
      await visit(gov, `${CYCLE}/projects`);
      await follow(gov, gov.getByRole("link", { name: p.name, exact: true }));
      await expect(mainText(gov)).resolves.toContain("实施计划尚未公布。");
      await follow(gov, gov.getByRole("link", { name: "编辑实施计划" }));
      await expect(gov.getByLabel("责任单位").inputValue()).resolves.toBe(p.unit);
      await gov.getByLabel("年度目标").fill(target);
      await gov.getByLabel("进度节点").fill(milestones.join("\n"));
      if (p === A) await check(gov, "s5-plan-form");
      await follow(gov, gov.getByRole("button", { name: "公布实施计划" }));
      await expectNoError(gov);
      expect(pathOf(gov)).toBe(`${CYCLE}/projects/${p.id}`);
      await expect(gov.getByRole("status").allTextContents()).resolves.toContain("实施计划已保存。");
      const shown = await gov.locator("ul.milestones li").allTextContents();
      expect(shown.map((s) => s.replace(/\s+/g, " ").trim())).toEqual(
        milestones.map((m) => {
          const due = m.slice(0, 10);
          return `${m} — ${due < today ? "已逾期" : "未到期"}`;
        }),
      );
      await expect(mainText(gov)).resolves.toContain(target);
    }
    // A is already behind: its page says so to the government (a flag staff and the government see).
    await visit(gov, `${CYCLE}/projects/${A.id}`);
    await expect(gov.locator(".project-head .badge.flag").allTextContents()).resolves.toEqual([
      "2 个节点逾期",
    ]);
    await check(gov, "s5-plan-published");
  });

  step("the unit reports A's progress on a phone with a photo; the photo is on the public page", async () => {
    unitPhone = await keep(PHONE);
    await signIn(unitPhone, UNIT_USER, UNIT_PASSWORD);
    await expect(mainText(unitPhone)).resolves.toContain("责任单位");
    await check(unitPhone, "s5-unit-desk-phone");
    // From the desk to the project: the jurisdiction, the year, the projects, A.
    await follow(unitPhone, unitPhone.locator("main").getByRole("link", { name: "白云旗", exact: true }));
    await follow(unitPhone, unitPhone.getByRole("link", { name: `${Y}年度` }));
    await follow(unitPhone, unitPhone.getByRole("link", { name: "民生实事项目实施情况" }));
    await follow(unitPhone, unitPhone.getByRole("link", { name: A.name, exact: true }));
    // The money planned by source, to report what was disbursed against it.
    const planned = await unitPhone
      .locator("#money-table tbody tr")
      .evaluateAll((trs) =>
        trs.map((tr) => [
          tr.querySelector("th")?.textContent ?? "",
          tr.querySelector("td")?.textContent ?? "",
        ]),
      );
    expect(planned.length).toBeGreaterThan(0);
    await follow(unitPhone, unitPhone.getByRole("link", { name: "报送进度" }));
    await check(unitPhone, "s5-report-form-phone");
    await unitPhone.getByLabel("完成进度（%）").fill("45");
    await unitPhone
      .getByLabel("进展情况")
      .fill("设计和招标已完成，基础施工完毕，主体工程完成约一半；受雨季影响，主体工程比计划推迟。");
    for (const [source, wan] of planned) {
      // About 38 % of the plan, to the yuan: not far behind the 45 % done.
      const yuan = Math.floor((wanTextToYuan(wan as string) * 38) / 100) + 7;
      aDisbursed[source as string] = yuan;
      await unitPhone
        .locator("fieldset", { hasText: "截至报送日累计拨付" })
        .getByLabel(source as string, { exact: true })
        .fill(yuanToWanInput(yuan));
    }
    aDisbursedYuan = Object.values(aDisbursed).reduce((a, b) => a + b, 0);
    await unitPhone.getByRole("checkbox", { name: `${on.design} 完成设计和招标` }).check();
    // Dated today by default, on the worker's clock as on ours.
    on.reported = await unitPhone.getByLabel("报送日期").inputValue();
    expect(on.reported).toBe(beijingDate());
    await unitPhone.getByLabel("选择照片（最多 4 张）").setInputFiles({
      name: "施工现场.png",
      mimeType: "image/png",
      buffer: PHOTO,
    });
    await unitPhone.getByLabel("照片说明").fill(PHOTO_CAPTION);
    // The page's script looks at the photo (a small one is sent as it is) and enables the button again.
    await expect.poll(() => unitPhone.getByRole("button", { name: "报送" }).isEnabled()).toBe(true);
    await check(unitPhone, "s5-report-filled-phone");
    await follow(unitPhone, unitPhone.getByRole("button", { name: "报送" }));
    await expectNoError(unitPhone);
    expect(pathOf(unitPhone)).toBe(`${CYCLE}/projects/${A.id}`);
    await expect(unitPhone.getByRole("status").allTextContents()).resolves.toContain("进度报告已报送。");
    await expect(showPhotos(unitPhone)).resolves.toEqual([800]);
    await check(unitPhone, "s5-reported-phone");
    // Only on its own projects: another unit's project has no report form for it.
    if (B.unit !== A.unit) {
      await visit(unitPhone, `${CYCLE}/projects/${B.id}/report`, 404);
      await visit(unitPhone, `${CYCLE}/projects/${B.id}`);
      await expect(unitPhone.getByRole("link", { name: "报送进度" }).count()).resolves.toBe(0);
    }

    // Anyone sees the report and the photo, as sent.
    const pub = await keep(PHONE);
    await visit(pub, `${CYCLE}/projects/${A.id}`);
    const img = pub.getByRole("img", { name: PHOTO_CAPTION });
    await img.scrollIntoViewIfNeeded();
    await expect
      .poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth))
      .toBe(800);
    const src = (await img.getAttribute("src")) ?? "";
    const res = await fetch(serverUrl() + src);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await res.arrayBuffer()).equals(PHOTO)).toBe(true);
    await expect(pub.locator(".project-head .progressbar").getAttribute("aria-label")).resolves.toBe(
      "完成 45%",
    );
    await expect(pub.locator(".report h3").first().textContent()).resolves.toBe(
      `${on.reported} · 完成 45% · 已拨付（万元） ${yuanToWanShown(aDisbursedYuan)}`,
    );
    // Flags are for supervisors: the public sees none; nor the link to report.
    await expect(pub.locator(".badge.flag").count()).resolves.toBe(0);
    await expect(pub.getByRole("link", { name: "报送进度" }).count()).resolves.toBe(0);
    await check(pub, "s5-project-photo-phone");
  });

  step("A, behind its milestones, is in the list of flagged projects staff see", async () => {
    staff = await keep();
    await signIn(staff, "staff-by");
    await visit(staff, CYCLE);
    await follow(staff, staff.getByRole("link", { name: "民生实事项目实施情况" }));
    await follow(staff, staff.getByRole("link", { name: "只看进度滞后的项目" }));
    const rows = await listRows(staff);
    expect(rows.map((r) => r.cells[1])).toEqual([A.name]);
    expect(rows[0]?.cells[7]).toBe("1 个节点逾期");
    expect(rows[0]?.progress).toBe("完成 45%");
    await check(staff, "s5-flagged");
    await follow(staff, staff.getByRole("link", { name: "查看全部项目" }));
    await expect(listRows(staff)).resolves.toHaveLength(10);
  });

  step(
    "staff set up A's supervision group; a deputy of the group inspects on a phone and logs a problem",
    async () => {
      // Sign-in slips for every serving deputy (the group's and, later, the assessment's).
      await visit(staff, `/j/${J}/roster`);
      await expect(mainText(staff)).resolves.toContain(`共 200 名代表，在任 ${ROSTER} 名`);
      await follow(staff, staff.getByRole("button", { name: "为没有有效登录条的代表批量发放" }));
      await expect(staff.locator("h1").textContent()).resolves.toBe("代表登录条");
      const shown = await staff.locator("li.slip").evaluateAll((els) =>
        els.map((el) => ({
          heading: el.querySelector("h2")?.textContent ?? "",
          who: el.querySelector("p")?.textContent ?? "",
          code: el.querySelector(".code")?.textContent ?? "",
        })),
      );
      expect(shown).toHaveLength(ROSTER);
      for (const s of shown) {
        const [, delegation = "", number = ""] = s.who.split(" · ");
        slips.set(number, { number, delegation, name: s.heading.replace(/代表登录条$/, ""), code: s.code });
      }
      expect(slips.size).toBe(ROSTER);
      await check(staff, "s5-slips");
      const sameName = (n: string) => {
        const d = slips.get(n) as Slip;
        return [...slips.values()].filter((x) => x.delegation === d.delegation && x.name === d.name).length;
      };
      const twins = [...slips.keys()].filter((n) => sameName(n) > 1);
      if (twins.length)
        console.log(`deputies sharing a name within their delegation: ${twins.sort().join(", ")}`);
      GROUP = GROUP_PREFERRED.filter((n) => sameName(n) === 1).slice(0, 5);
      expect(GROUP).toHaveLength(5);
      INSPECTOR = GROUP[0] as string;
      LEADER = GROUP[1] as string;
      PHONE_VOTERS = [INSPECTOR, "150", "151"];

      // The group, from the supervision overview.
      await visit(staff, CYCLE);
      await follow(staff, staff.getByRole("link", { name: "本年度监督概况" }));
      await check(staff, "s5-supervision-overview-before");
      await follow(staff, staff.getByRole("link", { name: A.name, exact: true }));
      await expect(mainText(staff)).resolves.toContain("尚未成立监督小组。");
      await follow(staff, staff.getByRole("link", { name: "设置监督小组" }));
      const members = GROUP.map((n) => slips.get(n) as Slip);
      for (const m of members) {
        // Each ticked by roster number and name within its delegation (names repeat; numbers do not).
        const box = staff
          .getByRole("group", { name: m.delegation, exact: true })
          .getByRole("checkbox", { name: `${m.number} ${m.name}`, exact: true });
        await expect(box.count(), `${m.name} once in ${m.delegation}`).resolves.toBe(1);
        await box.check();
      }
      const leader = slips.get(LEADER) as Slip;
      await staff
        .getByLabel("组长")
        .selectOption({ label: `${leader.number} ${leader.name}（${leader.delegation}）` });
      await check(staff, "s5-group-form");
      await follow(staff, staff.getByRole("button", { name: "保存监督小组" }));
      await expectNoError(staff);
      await expect(staff.getByRole("status").allTextContents()).resolves.toContain("监督小组已保存。");
      const facts = await staff.locator("section", { hasText: "监督小组" }).locator("dl.facts").textContent();
      expect(facts).toContain(`组长${leader.name}`);
      for (const m of members) expect(facts).toContain(`${m.name}（${m.delegation}）`);
      await check(staff, "s5-group-saved");

      // The inspector, a member (not the leader), on a phone.
      const inspector = slips.get(INSPECTOR) as Slip;
      const phone = await keep(PHONE);
      phones.set(INSPECTOR, phone);
      await signInDeputy(phone, inspector.code);
      await follow(phone, phone.getByRole("link", { name: "我的监督项目" }));
      await expect(phone.locator("main li").allTextContents()).resolves.toEqual([
        expect.stringContaining(A.name),
      ]);
      await check(phone, "s5-my-supervision-phone");
      await follow(phone, phone.getByRole("link", { name: A.name, exact: true }));
      on.inspected = await phone.getByLabel("视察日期").inputValue();
      expect(on.inspected).toBe(beijingDate());
      await phone.getByLabel("暗访（事先未通知）").check();
      const participants = `${members.map((m) => m.name).join("、")}等 5 名代表`;
      await phone.getByLabel("参加人员").fill(participants);
      const findings = "主体工程比计划推迟约两周；施工现场围挡不全，临近小学，存在安全隐患。";
      await phone.getByLabel("视察发现").fill(findings);
      await check(phone, "s5-inspection-form-phone");
      await follow(phone, phone.getByRole("button", { name: "登记视察" }));
      await expectNoError(phone);
      await expect(phone.getByRole("status").allTextContents()).resolves.toContain("视察记录已登记。");
      await expect(phone.locator("article.card h3").first().textContent()).resolves.toBe(
        `${on.inspected} · 暗访`,
      );
      await follow(phone, phone.getByRole("link", { name: "据此登记问题" }));
      await phone.getByLabel("问题", { exact: true }).fill("施工现场围挡不全，存在安全隐患");
      await expect(phone.getByLabel("责任单位").inputValue()).resolves.toBe(A.unit);
      on.found = await phone.getByLabel("发现日期").inputValue();
      on.deadline = addDays(on.found, 14);
      await phone.getByLabel("整改期限").fill(on.deadline);
      await check(phone, "s5-problem-form-phone");
      await follow(phone, phone.getByRole("button", { name: "登记问题" }));
      await expectNoError(phone);
      await expect(phone.getByRole("status").allTextContents()).resolves.toContain(
        "问题已登记，等待责任单位整改。",
      );
      problemUrl = pathOf(phone);
      expect(problemUrl).toMatch(new RegExp(`^${CYCLE}/projects/${A.id}/supervision/problems/\\d+$`));
      await expect(phone.locator("dl.facts").textContent()).resolves.toContain("视察发现");
      await check(phone, "s5-problem-logged-phone");
    },
  );

  step("the unit records the rectification on a phone; staff verify it and close the problem", async () => {
    // From A's page to its supervision page, then to the problem waiting for the unit.
    await visit(unitPhone, `${CYCLE}/projects/${A.id}`);
    await follow(unitPhone, unitPhone.getByRole("link", { name: "监督相关页面" }));
    await follow(unitPhone, unitPhone.getByRole("link", { name: "施工现场围挡不全，存在安全隐患" }));
    expect(pathOf(unitPhone)).toBe(problemUrl);
    await expect(unitPhone.locator("dl.facts").textContent()).resolves.toContain("待整改");
    await unitPhone
      .getByLabel("采取的整改措施")
      .fill("已补齐施工围挡 320 米，设置警示标志 12 处，安排专人巡查。");
    on.rectified = await unitPhone.getByLabel("整改完成日期").inputValue();
    expect(on.rectified).toBe(beijingDate());
    await check(unitPhone, "s5-rectify-form-phone");
    await follow(unitPhone, unitPhone.getByRole("button", { name: "报送整改情况" }));
    await expectNoError(unitPhone);
    await expect(unitPhone.getByRole("status").allTextContents()).resolves.toContain(
      "整改情况已报送，等待人大工作人员核实。",
    );
    await check(unitPhone, "s5-rectified-phone");

    await visit(staff, `${CYCLE}/supervision`);
    await expect(staff.locator("p.lead").textContent()).resolves.toBe(
      "共 10 个项目，已成立 1 个监督小组，视察 1 次；未办结问题 1 个，其中逾期 0 个。",
    );
    await follow(staff, staff.getByRole("link", { name: "施工现场围挡不全，存在安全隐患" }).first());
    expect(pathOf(staff)).toBe(problemUrl);
    await expect(staff.locator("dl.facts").textContent()).resolves.toContain("整改中");
    await follow(staff, staff.getByRole("button", { name: "核实办结" }));
    on.closed = beijingDate();
    await expectNoError(staff);
    await expect(staff.getByRole("status").allTextContents()).resolves.toContain("问题已核实办结。");
    await expect(staff.locator("dl.facts").textContent()).resolves.toContain("已办结");
    await check(staff, "s5-problem-closed");
  });

  step(
    "staff record the carry-over (结转) of B by decision, confirmed; its public announcement",
    async () => {
      // B continues in next year's cycle. The demo has it from its notice in late July; earlier in
      // the year, the government opens it first.
      const next = await fetch(`${serverUrl()}/api/jurisdictions/${J}/cycles/${Y + 1}`);
      if (next.status === 404) {
        await visit(gov, `/j/${J}`);
        await gov.getByLabel("年度", { exact: true }).fill(String(Y + 1));
        await follow(gov, gov.getByRole("button", { name: "新建", exact: true }));
        await expectNoError(gov);
        await expect(gov.getByRole("status").textContent()).resolves.toContain(`已新建${Y + 1}年度票决`);
      } else expect(next.status).toBe(200);

      await visit(staff, `${CYCLE}/projects/${B.id}/supervision`);
      await follow(staff, staff.getByRole("link", { name: "记录变更决定" }));
      await staff.getByLabel("变更类型").selectOption({ label: "结转" });
      await expect(staff.getByLabel("决定机关及会议").inputValue()).resolves.toBe("白云旗人大常委会");
      // Decided today (the form's default), numbered in the year it is taken.
      on.decided = await staff.getByLabel("决定日期").inputValue();
      expect(on.decided).toBe(beijingDate());
      DECISION_NO = `白常发〔${on.decided.slice(0, 4)}〕12号`;
      await staff.getByLabel("决定机关及会议").fill("白云旗人大常委会第二十三次会议");
      await staff.getByLabel("文号").fill(DECISION_NO);
      await staff.getByLabel("理由", { exact: true }).fill("受冬季施工期限制，主体建设不能在年内完成。");
      await staff
        .getByLabel("具体内容")
        .fill(`主体建设和设备安装结转至${Y + 1}年度继续实施，${Y + 1}年6月底前投入使用。`);
      // Sent without the confirmation: refused, nothing recorded, the fields kept.
      await follow(staff, staff.getByRole("button", { name: "录入决定并生成公告" }));
      await expect(staff.locator(".error").allTextContents()).resolves.toContain(
        "请勾选确认：变更决定录入后不能撤销。",
      );
      await expect(staff.getByLabel("文号").inputValue()).resolves.toBe(DECISION_NO);
      await check(staff, "s5-change-unconfirmed");
      await staff.getByRole("checkbox", { name: /我已核对以上内容/ }).check();
      await follow(staff, staff.getByRole("button", { name: "录入决定并生成公告" }));
      expect(pathOf(staff)).toMatch(new RegExp(`^${CYCLE}/projects/${B.id}/changes/\\d+$`));
      await expect(staff.getByRole("status").allTextContents()).resolves.toContain(
        "变更决定已记录，公告已生成。",
      );
      const changeUrl = pathOf(staff);
      await check(staff, "s5-change-recorded");

      // The public announcement, on a phone, signed by nobody.
      const pub = await keep(PHONE);
      await visit(pub, changeUrl);
      const doc = pub.locator("article.announcement");
      await expect(doc.locator("h1").textContent()).resolves.toBe("白云旗人大常委会");
      await expect(doc.textContent()).resolves.toContain("变更公告 第1号");
      const [y, m, d] = on.decided.split("-").map(Number);
      await expect(doc.textContent()).resolves.toContain(
        `白云旗人大常委会第二十三次会议于${y}年${m}月${d}日作出决定（${DECISION_NO}），${Y}年度民生实事项目“${B.name}”结转至下一年度继续实施。现予公告。`,
      );
      await expect(doc.getByRole("link", { name: `${Y + 1}年度` }).getAttribute("href")).resolves.toBe(
        `/j/${J}/${Y + 1}`,
      );
      await check(pub, "s5-change-announcement-phone");

      // The half-year report compiles it: progress, money, the overdue milestone, the change.
      await visit(staff, `${CYCLE}/supervision`);
      await follow(staff, staff.getByRole("link", { name: "半年监督报告" }));
      const report = staff.locator("article.hy-report");
      await expect(report.locator("p.prose").first().textContent()).resolves.toBe(
        `本年度共 10 个民生实事项目，计划投资 ${yuanToWanShown(projects.reduce((a, p) => a + p.plannedYuan, 0))} 万元，已拨付 ${yuanToWanShown(aDisbursedYuan)} 万元。开展视察 1 次，发现问题 1 个，已办结 1 个，未办结 0 个。`,
      );
      const a = (await report.locator("section.hy-project", { hasText: A.name }).textContent()) ?? "";
      expect(a).toContain(`逾期节点：${on.works} 主体工程完工`);
      expect(a).toContain(`完成 45%（${on.reported} 报送）`);
      const b = (await report.locator("section.hy-project", { hasText: B.name }).textContent()) ?? "";
      expect(b).toContain(`结转（变更公告 第1号，${on.decided}）`);
      await check(staff, "s5-half-year-report");
    },
  );

  step("the year-end session: a meeting, the attendance sheet, quorum of more than two thirds", async () => {
    await visit(staff, CYCLE);
    await follow(staff, staff.getByRole("link", { name: "满意度测评", exact: true }));
    await follow(staff, staff.getByRole("link", { name: "会议与签到" }));
    await staff.getByLabel("会议名称").fill("白云旗第十七届人民代表大会第六次会议");
    await staff.getByLabel("会议日期").fill(beijingDate());
    await follow(staff, staff.getByRole("button", { name: "创建" }));
    await expectNoError(staff);
    await expect(staff.locator(".headcount").textContent()).resolves.toBe(`应到 ${ROSTER} 人，实到 0 人`);
    const boxes = await staff
      .locator('input[name="present"]')
      .evaluateAll((els) =>
        els.map((el) => ({ id: el.getAttribute("value") ?? "", label: el.parentElement?.textContent ?? "" })),
      );
    expect(boxes).toHaveLength(ROSTER);
    // Everyone but the absent and the one phone voter who comes late.
    const skip = new Set([...ABSENT, PHONE_VOTERS[2] as string]);
    for (const b of boxes) {
      if (skip.has(b.label.trim().split(" ")[0] ?? "")) continue;
      await staff.locator(`input[name="present"][value="${b.id}"]`).dispatchEvent("click");
    }
    const ticked = ROSTER - skip.size;
    await follow(staff, staff.getByRole("button", { name: "保存签到" }));
    await expectNoError(staff);
    await expect(staff.locator(".headcount").textContent()).resolves.toBe(
      `应到 ${ROSTER} 人，实到 ${ticked} 人`,
    );
    // More than two thirds of 199 (132⅔) are present.
    expect(ticked * 3 > ROSTER * 2).toBe(true);
    await check(staff, "s5-attendance");
  });

  step("staff create the satisfaction assessment of the ten projects, freeze and open it", async () => {
    await visit(staff, `${CYCLE}/assessments`);
    await check(staff, "s5-assessments");
    const form = staff.locator(`form[action="${CYCLE}/assessments"]`);
    await expect(form.getByLabel("会议与签到").locator("option:checked").textContent()).resolves.toBe(
      "白云旗第十七届人民代表大会第六次会议",
    );
    await expect(form.getByLabel("满意票数的计算基数").inputValue()).resolves.toBe("all");
    await expect(form.getByLabel(/选票设「弃权」/).isChecked()).resolves.toBe(true);
    await expect(form.getByLabel("整改期限（测评结束后的天数）").inputValue()).resolves.toBe("90");
    await expect(form.locator('input[name="candidates"]:checked').count()).resolves.toBe(10);
    await form.getByLabel("总监票人").fill("孟和");
    await form.getByLabel("监票人", { exact: true }).fill("周建华、额尔敦");
    await form.getByLabel("计票人").fill("刘丽、巴雅尔");
    await follow(staff, form.getByRole("button", { name: "新建测评" }));
    await expectNoError(staff);
    assessUrl = pathOf(staff);
    expect(assessUrl).toMatch(new RegExp(`^${CYCLE}/votes/\\d+$`));
    voteApi = `${API}/votes/${assessUrl.split("/").pop()}`;
    await expect(staff.locator("main ol li").allTextContents()).resolves.toEqual(projects.map((p) => p.name));
    await check(staff, "s5-assessment-draft");

    await follow(staff, staff.getByRole("link", { name: "确定测评办法和测评项目名单" }));
    await follow(staff, staff.getByRole("button", { name: "确定测评办法和测评项目名单" }));
    await expectNoError(staff);
    await expect(staff.locator("section.card").textContent()).resolves.toContain("对 10 个项目逐项测评");
    await check(staff, "s5-assessment-frozen");
    await follow(staff, staff.getByRole("link", { name: "开始测评" }));
    await follow(staff, staff.getByRole("button", { name: "开始测评" }));
    await expectNoError(staff);
    await expect(staff.getByRole("status").allTextContents()).resolves.toContain("测评已开始。");
    await expect(staff.locator(".headcount").textContent()).resolves.toContain("已达到法定人数");
    await check(staff, "s5-assessment-open");
  });

  step("three deputies assess on their phones through the ballot pages; one checks in late", async () => {
    for (const n of PHONE_VOTERS.slice(1)) {
      const page = await keep(PHONE);
      await signInDeputy(page, (slips.get(n) as Slip).code);
      phones.set(n, page);
    }
    const title = `${Y}年度民生实事项目满意度测评`;
    for (const [i, n] of PHONE_VOTERS.entries()) {
      const page = phones.get(n) as Page;
      await visit(page, CYCLE);
      await follow(page, page.getByRole("link", { name: `签到 / ${title}` }));
      expect(pathOf(page)).toBe(`${assessUrl}/ballot`);
      if (i === 2) {
        // Not on the attendance sheet: checks in first, then comes back to the ballot.
        await expect(page.getByRole("status").textContent()).resolves.toBe("请先签到，再投票。");
        await check(page, "s5-ballot-checkin-phone");
        await follow(page, page.getByRole("button", { name: "签到" }));
        await follow(page, page.getByRole("link", { name: title }));
        expect(pathOf(page)).toBe(`${assessUrl}/ballot`);
      }
      const groups = page.locator("fieldset.choice");
      await expect(groups.count()).resolves.toBe(10);
      if (i === 0) {
        projectIds = await page
          .locator('input[type="radio"][value="satisfied"]')
          .evaluateAll((els) => els.map((el) => Number(el.getAttribute("name")?.slice(2))));
        expect(projectIds).toEqual(projects.map((p) => p.id));
        await expect(groups.locator("legend").allTextContents()).resolves.toEqual(
          projects.map((p, k) => `${k + 1}. ${p.name}`),
        );
        // The ballots, now that the ballot's order is known: A's column is the one graded 不满意.
        const counts: [number, number, number][] = [];
        let other = 0;
        for (const p of projects)
          counts.push(p === A ? A_COUNTS : (OTHER_COUNTS[other++] as [number, number, number]));
        ballots = makeBallots(counts);
        expected = expectedResults(ballots, projects.length);
        await check(page, "s5-ballot-phone");
      }
      const row = ballots[i] as Cell[];
      for (const [k, c] of row.entries())
        await groups
          .nth(k)
          .getByRole("radio", { name: CELL_ZH[c ?? "abstain"], exact: true })
          .tap();
      if (i === 0) await check(page, "s5-ballot-filled-phone");
      await follow(page, page.getByRole("button", { name: "下一步：核对选票" }));
      await expect(page.locator("ol.review li").allTextContents()).resolves.toEqual(
        projects.map((p, k) => `${p.name}：${CELL_ZH[row[k] ?? "abstain"]}`),
      );
      if (i === 0) await check(page, "s5-ballot-review-phone");
      await follow(page, page.getByRole("button", { name: "确认投票" }));
      await expect(page.locator("h1").textContent()).resolves.toBe("投票成功");
      if (i === 0) await check(page, "s5-ballot-cast-phone");
    }
  });

  step(
    "177 deputies assess through the API at once",
    async () => {
      const numbers = [...slips.keys()].filter(
        (n) => !PHONE_VOTERS.includes(n) && !ABSENT.includes(n) && !NOT_VOTING.includes(n),
      );
      expect(numbers).toHaveLength(VOTERS - PHONE_VOTERS.length);
      const t0 = Date.now();
      const signed = await inBatches(numbers, 25, async (number) => {
        const http = new Http();
        await http.page("/login/deputy");
        const r = await http.json<{ ok: boolean }>("POST", "/api/auth/deputy-login", {
          code: slips.get(number)?.code,
        });
        expect(r.status, `deputy ${number} signs in`).toBe(200);
        return http;
      });
      apiVoters.push(...signed);
      let retried = 0;
      await inBatches(apiVoters, 25, async (http, i) => {
        const voter = PHONE_VOTERS.length + i;
        const choices = Object.fromEntries(
          projectIds.flatMap((id, k) => {
            const c = ballots[voter]?.[k];
            return c ? [[String(id), c]] : [];
          }),
        );
        const r = await http.json<{ status: string }>("POST", `${voteApi}/ballot`, {
          ballot: { form: "assess", choices },
          receipt: receipt(),
        });
        retried += r.retries;
        if (r.retries === 0)
          expect([r.status, r.body], `voter ${voter}`).toEqual([201, { status: "recorded" }]);
        else expect(["recorded", "already_recorded"], `voter ${voter}`).toContain(r.body.status);
      });
      console.log(
        `177 sign-ins and assessment ballots through the API in ${Date.now() - t0} ms (${retried} sent again)`,
      );
      const status = await new Http().json<{ voted: number; present: number }>("GET", `${voteApi}/status`);
      expect(status.body.voted).toBe(VOTERS);
      // Nobody sees a count while the assessment is open.
      expect((await new Http().json("GET", `${voteApi}/results`)).status).toBe(409);
    },
    180_000,
  );

  step(
    "staff close; the grades are the 镇海 rule's as counted here; A gets a rectification with a deadline",
    async () => {
      // Exactly one project is graded 不满意, and it is A.
      expect(expected.filter((e) => e.grade === "unsatisfied")).toHaveLength(1);
      expect(expected[projects.indexOf(A)]?.grade).toBe("unsatisfied");
      // The two on the line: 满意 100 of 199 is more than half; 99 is not, 99 + 1 is.
      expect(expected.map((e) => e.satisfied)).toContain(100);
      expect(expected.find((e) => e.satisfied === 100)?.grade).toBe("satisfied");
      expect(expected.find((e) => e.satisfied === 99)?.grade).toBe("basic");

      await visit(staff, assessUrl);
      await expect(staff.locator(".headcount").textContent()).resolves.toContain(`已投票 ${VOTERS} 人`);
      await follow(staff, staff.getByRole("link", { name: "结束测评" }));
      await follow(staff, staff.getByRole("button", { name: "结束测评" }));
      on.assessed = beijingDate();
      await expectNoError(staff);
      await expect(staff.getByRole("status").allTextContents()).resolves.toContain("测评已结束，计票完成。");
      const rate = (e: Expected) => `${percent1(e.satisfied + e.basic, VOTERS)}%`;
      const table = await staff
        .locator("table.results tbody tr")
        .evaluateAll((trs) =>
          trs.map((tr) => [...tr.querySelectorAll("th, td")].map((c) => c.textContent ?? "")),
        );
      expect(table).toEqual(
        expected.map((e, k) => [
          String(k + 1),
          projects[k]?.name,
          String(e.satisfied),
          String(e.basic),
          String(e.unsatisfied),
          String(e.abstain),
          GRADE_ZH[e.grade],
          rate(e),
        ]),
      );
      const facts = (await staff.locator("dl.facts").first().textContent()) ?? "";
      expect(facts).toContain(`收回选票${VOTERS}`);
      expect(facts).toContain(`有效票${VOTERS}`);
      expect(facts).toContain(`满意票须超过全体代表（${ROSTER}）的半数`);
      await check(staff, "s5-assessment-closed");

      // The results API says the same.
      const res = await new Http().json<{
        kind: string;
        rosterSize: number;
        valid: number;
        gradeBase: number;
        results: {
          candidateId: number;
          satisfied: number;
          basic: number;
          unsatisfied: number;
          abstain: number;
          grade: string;
        }[];
      }>("GET", `${voteApi}/results`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        kind: "assessment",
        rosterSize: ROSTER,
        valid: VOTERS,
        gradeBase: ROSTER,
      });
      expect(
        res.body.results.map((r) => ({
          satisfied: r.satisfied,
          basic: r.basic,
          unsatisfied: r.unsatisfied,
          abstain: r.abstain,
          grade: r.grade,
        })),
      ).toEqual(expected);
      expect(res.body.results.map((r) => r.candidateId)).toEqual(projectIds);

      // A's rectification: opened by the 不满意 grade on the day of the close, due 90 days after.
      await visit(staff, `${CYCLE}/projects/${A.id}/supervision`);
      const problems = await staff
        .locator("section", { hasText: "问题及整改" })
        .locator("tbody tr")
        .evaluateAll((trs) =>
          trs.map((tr) => [...tr.querySelectorAll("th, td")].map((c) => c.textContent ?? "")),
        );
      expect(problems).toContainEqual([
        on.assessed,
        "满意度测评结果为不满意，须整改",
        A.unit,
        addDays(on.assessed, 90),
        "待整改",
      ]);
      await check(staff, "s5-assessment-rectification");
    },
  );

  step(
    "the public pages show the year: the list, A and B, the satisfaction results; phone and desktop",
    async () => {
      const e = expected;
      const planned = projects.reduce((a, p) => a + p.plannedYuan, 0);
      const sb = e.reduce((a, x) => a + x.satisfied + x.basic, 0);
      const yearRate = percent1(sb, VOTERS * projects.length);
      const aIndex = projects.indexOf(A);
      const aExp = e[aIndex] as Expected;
      for (const [device, opts] of [
        ["desktop", DESKTOP],
        ["phone", PHONE],
      ] as const) {
        const pub = await keep(opts);
        // The list: totals, statuses, progress bars, money.
        await visit(pub, `${CYCLE}/projects`);
        const lead = (await pub.locator("p.lead").first().textContent()) ?? "";
        expect(lead).toBe(
          `共 10 个项目，计划投资 ${yuanToWanShown(planned)} 万元，已拨付 ${yuanToWanShown(aDisbursedYuan)} 万元，已完成 0 个。`,
        );
        await expect(mainText(pub)).resolves.toContain(
          `满意度测评：10 个项目已测评，其中不满意 1 个，总体满意率 ${yearRate}%。`,
        );
        const rows = await listRows(pub);
        const byId = new Map(rows.map((r) => [Number(r.href.split("/").pop()), r]));
        const a = byId.get(A.id);
        expect([a?.cells[2], a?.progress, a?.bar, a?.cells[5]]).toEqual([
          "实施中",
          "完成 45%",
          "45",
          yuanToWanShown(aDisbursedYuan),
        ]);
        expect(byId.get(B.id)?.cells[2]).toBe("已结转");
        for (const p of projects) if (p !== A && p !== B) expect(byId.get(p.id)?.cells[2]).toBe("未开工");
        // Money exact to the yuan: the rows add up to the total.
        expect(rows.reduce((s, r) => s + wanTextToYuan(r.cells[4] as string), 0)).toBe(planned);
        expect(rows.reduce((s, r) => s + wanTextToYuan(r.cells[5] as string), 0)).toBe(aDisbursedYuan);
        expectNoPersonalData(await mainText(pub), `the project list (${device})`);
        await check(pub, `s5-public-projects-${device}`);

        // A: plan, milestones, money, the report with its photo, problems, inspection, the grade.
        await follow(pub, pub.getByRole("link", { name: A.name, exact: true }));
        const aText = await mainText(pub);
        expect(aText).toContain("年底前完工并投入使用，年内完成投资 90% 以上。");
        const money = await pub
          .locator("#money-table tbody tr")
          .evaluateAll((trs) =>
            trs.map((tr) => [...tr.querySelectorAll("th, td")].map((c) => c.textContent ?? "")),
          );
        expect(money.map((r) => [r[0], wanTextToYuan(r[2] as string)])).toEqual(Object.entries(aDisbursed));
        await expect(pub.locator("#money-table tfoot td").allTextContents()).resolves.toEqual([
          yuanToWanShown(A.plannedYuan),
          yuanToWanShown(aDisbursedYuan),
        ]);
        await expect(pub.locator("ul.milestones li").allTextContents()).resolves.toEqual([
          `${on.design} 完成设计和招标 — 已于 ${on.reported} 完成`,
          `${on.works} 主体工程完工 — 已逾期`,
          `${on.acceptance} 竣工验收并投入使用 — 未到期`,
        ]);
        await expect(pub.getByRole("img", { name: PHOTO_CAPTION }).isVisible()).resolves.toBe(true);
        const problems = await pub
          .locator("table", { hasText: "整改情况" })
          .locator("tbody tr")
          .evaluateAll((trs) =>
            trs.map((tr) => [...tr.querySelectorAll("th, td")].map((c) => c.textContent ?? "")),
          );
        expect(problems).toHaveLength(2);
        expect(problems[0]?.slice(0, 5)).toEqual([
          on.found,
          "施工现场围挡不全，存在安全隐患",
          A.unit,
          on.deadline,
          `已办结 · ${on.closed}`,
        ]);
        expect(problems[0]?.[5]).toContain(`【${on.rectified} 整改】已补齐施工围挡 320 米`);
        expect(problems[1]?.slice(0, 5)).toEqual([
          on.assessed,
          "满意度测评结果为不满意，须整改",
          A.unit,
          addDays(on.assessed, 90),
          "待整改",
        ]);
        expect(aText).toContain(`人大代表视察 1 次：${on.inspected}。`);
        expect(aText).toContain(
          `测评等次：不满意；满意率 ${percent1(aExp.satisfied + aExp.basic, VOTERS)}%（满意和基本满意 ${aExp.satisfied + aExp.basic} 票，有效票 ${VOTERS} 张）。`,
        );
        // What the inspection said, and who took part, stays with the congress.
        expect(aText).not.toContain("临近小学");
        expectNoPersonalData(aText, `project A's page (${device})`);
        await expect(showPhotos(pub)).resolves.toEqual([800]);
        await check(pub, `s5-public-project-a-${device}`);
        // The open API's answer for A: the same facts, and no person either.
        if (device === "desktop") {
          const open = await fetch(`${serverUrl()}/api/open/jurisdictions/${J}/years/${Y}/projects/${A.id}`);
          expect(open.status).toBe(200);
          const json = await open.text();
          expect(json).toContain("满意度测评结果为不满意，须整改");
          expect(json).not.toContain("临近小学");
          expectNoPersonalData(json, "the open API's project A");
        }

        // B: carried over by decision, with its announcement.
        await visit(pub, `${CYCLE}/projects/${B.id}`);
        await expect(pub.locator(".project-head .badge").first().textContent()).resolves.toBe("已结转");
        const change = (await pub.locator("ul.changes li").textContent()) ?? "";
        expect(change.replace(/\s+/g, " ")).toBe(
          `结转 · 变更公告第 1 号 — ${on.decided}，白云旗人大常委会第二十三次会议（${DECISION_NO}）：主体建设和设备安装结转至${Y + 1}年度继续实施，${Y + 1}年6月底前投入使用。`,
        );
        const bExp = e[projects.indexOf(B)] as Expected;
        await expect(mainText(pub)).resolves.toContain(`测评等次：${GRADE_ZH[bExp.grade]}；`);
        expectNoPersonalData(await mainText(pub), `project B's page (${device})`);
        await check(pub, `s5-public-project-b-${device}`);

        // The satisfaction results: every project, A's rectification.
        await visit(pub, CYCLE);
        await follow(pub, pub.getByRole("link", { name: "满意度测评结果" }));
        const results = await pub
          .locator("table.results tbody tr")
          .evaluateAll((trs) =>
            trs.map((tr) => [...tr.querySelectorAll("th, td")].map((c) => c.textContent ?? "")),
          );
        expect(results.map((r) => r.slice(0, 8))).toEqual(
          e.map((x, k) => [
            String(k + 1),
            projects[k]?.name,
            String(x.satisfied),
            String(x.basic),
            String(x.unsatisfied),
            String(x.abstain),
            GRADE_ZH[x.grade],
            `${percent1(x.satisfied + x.basic, VOTERS)}%`,
          ]),
        );
        expect(results.map((r) => r[8])).toEqual(
          projects.map((p) => (p === A ? `待整改 · 期限 ${addDays(on.assessed, 90)}` : "")),
        );
        const satText = await mainText(pub);
        expect(satText).toContain(`应到 ${ROSTER} 人`);
        expectNoPersonalData(satText, `the satisfaction results (${device})`);
        await check(pub, `s5-public-satisfaction-${device}`);
        await follow(pub, pub.getByRole("link", { name: "测评结果公告" }));
        const ann = (await pub.locator("article.announcement").textContent()) ?? "";
        // 实到: those present when the assessment opened (the late arrival checked in afterwards).
        const presentAtOpen = ROSTER - ABSENT.length - 1;
        expect(ann).toContain(
          `应到代表 ${ROSTER} 人，实到 ${presentAtOpen} 人，收回测评票 ${VOTERS} 张，其中有效票 ${VOTERS} 张、无效票 0 张。`,
        );
        const n = (g: Grade) => e.filter((x) => x.grade === g).length;
        expect(ann).toContain(
          `评为满意 ${n("satisfied")} 个，基本满意 ${n("basic")} 个，不满意 ${n("unsatisfied")} 个。`,
        );
        expect(ann).toContain(
          `${A.name}：不满意（满意 ${aExp.satisfied} 票，基本满意 ${aExp.basic} 票，不满意 ${aExp.unsatisfied} 票，弃权 ${aExp.abstain} 票）`,
        );
        expectNoPersonalData(ann, `the assessment announcement (${device})`);
        expect(ann).toContain(`由责任单位于 ${addDays(on.assessed, 90)} 前完成整改`);
        await check(pub, `s5-public-assessment-announcement-${device}`);
        await expectNoError(pub);
      }
    },
  );

  step("the city view shows 白云旗's year among the banners and townships", async () => {
    const sb = expected.reduce((a, x) => a + x.satisfied + x.basic, 0);
    const planned = projects.reduce((a, p) => a + p.plannedYuan, 0);
    for (const [device, opts] of [
      ["desktop", DESKTOP],
      ["phone", PHONE],
    ] as const) {
      const pub = await keep(opts);
      await visit(pub, `/j/${CITY}/${Y}/overview`);
      const rows = await pub
        .locator("table#overview-table tbody tr")
        .evaluateAll((trs) =>
          trs.map((tr) => [...tr.querySelectorAll("th, td")].map((c) => (c.textContent ?? "").trim())),
        );
      const by = rows.find((r) => r[0]?.startsWith("白云旗"));
      expect(by?.slice(1)).toEqual([
        "监督评估",
        "10",
        yuanToWanShown(planned),
        yuanToWanShown(aDisbursedYuan),
        "0",
        percent1(sb, VOTERS * projects.length),
      ]);
      // The totals row is the sum of the rows, to the yuan.
      const foot = await pub.locator("table#overview-table tfoot td").allTextContents();
      expect(Number(foot[1])).toBe(rows.reduce((s, r) => s + Number(r[2]), 0));
      expect(wanTextToYuan(foot[2] as string)).toBe(
        rows.reduce((s, r) => s + wanTextToYuan(r[3] as string), 0),
      );
      expect(wanTextToYuan(foot[3] as string)).toBe(
        rows.reduce((s, r) => s + wanTextToYuan(r[4] as string), 0),
      );
      // The headline in words: "60 个项目，总投资 2.73 亿元，已拨付 … 。"
      const headline = (await pub.locator("p.headline").textContent()) ?? "";
      expect(headline).toMatch(new RegExp(`^${foot[1]} 个项目，总投资 `));
      // The chart has a row for 白云旗 with both amounts as text.
      const chart = (await pub.locator("figure.chart").textContent()) ?? "";
      expect(chart).toContain(yuanToWanShown(aDisbursedYuan));
      expectNoPersonalData(await mainText(pub), `the city view (${device})`);
      await check(pub, `s5-city-overview-${device}`);
      // From the city to 白云旗's list.
      await follow(pub, pub.getByRole("link", { name: "白云旗", exact: true }));
      expect(pathOf(pub)).toBe(`${CYCLE}/projects`);
    }
  });
});

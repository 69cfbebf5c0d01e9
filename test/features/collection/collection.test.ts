// Stage 1: the notice, proposals from every source, double submits, floods, and privacy.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { cycles, notices, proposals } from "../../../src/platform/data/schema";
import { wanToYuan, yuanToWan } from "../../../src/platform/lib/money";
import { Client, testNow } from "../../worker/client";
import { collecting, OPEN_YEAR } from "../../worker/fixtures";

const J = "159921";
const YEAR = OPEN_YEAR; // the demo cycle that is collecting now
const API = `/api/jurisdictions/${J}/cycles/${YEAR}/proposals`;

let key = 0;
function proposal(extra: Record<string, string> = {}) {
  key++;
  return {
    idempotencyKey: `test-key-${String(key).padStart(10, "0")}`,
    category: "water",
    title: "嘎查饮水工程",
    background: "夏季缺水",
    content: "新打机电井两眼",
    locationCode: "159921101",
    locationDetail: "第三嘎查",
    estimate: "12.3456",
    proposerName: "测试群众甲",
    proposerPhone: "13900001234",
    ...extra,
  };
}

async function cycleRow() {
  const db = await collecting();
  const [row] = await db
    .select()
    .from(cycles)
    .where(and(eq(cycles.jurisdictionCode, J), eq(cycles.year, YEAR)));
  if (!row) throw new Error("no cycle");
  return row;
}

async function proposalCount(): Promise<number> {
  const db = await collecting();
  const c = await cycleRow();
  return (await db.select({ id: proposals.id }).from(proposals).where(eq(proposals.cycleId, c.id))).length;
}

function fieldError(html: string, name: string): string | null {
  return html.match(new RegExp(`<p class="error" id="f-${name}-error">([^<]*)</p>`))?.[1] ?? null;
}

beforeAll(async () => {
  await collecting();
});

describe("submitting proposals", () => {
  it("stores a public proposal with exact money and answers with a tracking number", async () => {
    const c = new Client("198.18.0.1");
    const res = await c.json(API, "POST", proposal());
    expect(res.status).toBe(201);
    const { trackingNo, created } = (await res.json()) as { trackingNo: string; created: boolean };
    expect(created).toBe(true);
    expect(trackingNo).toMatch(new RegExp(`^${YEAR}-[0-9A-Z]{6}$`));
    const db = await collecting();
    const [row] = await db.select().from(proposals).where(eq(proposals.trackingNo, trackingNo));
    expect(row).toMatchObject({
      source: "public",
      estimateYuan: 123_456,
      proposerPhone: "13900001234",
      status: "received",
    });
  });

  it("stores one proposal for a repeated submit, in sequence or at once", async () => {
    const c = new Client("198.18.0.2");
    const body = proposal();
    const before = await proposalCount();
    const first = (await (await c.json(API, "POST", body)).json()) as { trackingNo: string };
    const again = await c.json(API, "POST", body);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { trackingNo: string; created: boolean }).trackingNo).toBe(
      first.trackingNo,
    );
    const twin = proposal();
    const both = await Promise.all([c.json(API, "POST", twin), c.json(API, "POST", twin)]);
    const numbers = await Promise.all(
      both.map(async (r) => ((await r.json()) as { trackingNo: string }).trackingNo),
    );
    expect(numbers[0]).toBe(numbers[1]);
    expect(await proposalCount()).toBe(before + 2);
  });

  it("keeps a refreshed form to one proposal through the page too", async () => {
    const c = new Client("198.18.0.3");
    const form = proposal();
    const a = await c.post(`/j/${J}/${YEAR}/propose`, form);
    const b = await c.post(`/j/${J}/${YEAR}/propose`, form);
    expect(a.status).toBe(303);
    expect(a.headers.get("location")).toMatch(/\?new=1$/);
    expect(b.headers.get("location")).toMatch(/\?repeat=1$/);
    expect(a.headers.get("location")?.split("?")[0]).toBe(b.headers.get("location")?.split("?")[0]);
    const page = await c.get(b.headers.get("location") ?? "");
    expect(await page.text()).toContain("已经提交过");
  });

  it("refuses bad input field by field and stores nothing", async () => {
    const c = new Client("198.18.0.4");
    const before = await proposalCount();
    const res = await c.post(`/j/${J}/${YEAR}/propose`, {
      ...proposal(),
      category: "spaceships",
      title: "",
      background: " ",
      content: "x".repeat(2001),
      locationCode: "110101",
      estimate: "12.34567",
      proposerPhone: "12345",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(fieldError(html, "category")).toBe("此项必填。");
    expect(fieldError(html, "title")).toBe("此项必填。");
    expect(fieldError(html, "background")).toBe("此项必填。");
    expect(fieldError(html, "content")).toBe("内容过长。");
    expect(fieldError(html, "estimate")).toContain("万元");
    expect(fieldError(html, "proposerPhone")).toContain("手机号");
    // What the user typed stays in the form.
    expect(html).toContain("12.34567");
    // A place outside the jurisdiction is refused once the rest is valid.
    const away = await c.post(`/j/${J}/${YEAR}/propose`, { ...proposal(), locationCode: "159922101" });
    expect(away.status).toBe(400);
    expect(fieldError(await away.text(), "locationCode")).toBe("此项必填。");
    // A bot that fills the hidden field is turned away.
    expect((await c.json(API, "POST", { ...proposal(), website: "http://spam.example" })).status).toBe(400);
    expect(await proposalCount()).toBe(before);
  });

  it("names the source: deputy, department, township; someone from elsewhere may not", async () => {
    const db = await collecting();
    const deputy = await new Client("198.18.0.5").loginDeputy();
    const gov = await new Client("198.18.0.6").loginStaff("gov");
    const township = await new Client("198.18.0.7").loginStaff("gov-wl");
    const elsewhere = await new Client("198.18.0.8").loginStaff("gov-by");
    const sources: string[] = [];
    for (const c of [deputy, gov, township]) {
      const r = (await (await c.json(API, "POST", proposal())).json()) as { trackingNo: string };
      const [row] = await db.select().from(proposals).where(eq(proposals.trackingNo, r.trackingNo));
      sources.push(row?.source ?? "");
    }
    expect(sources).toEqual(["deputy", "department", "township"]);
    expect((await elsewhere.json(API, "POST", proposal())).status).toBe(403);
  });

  it("limits a flood from one address, but not signed-in deputies", async () => {
    const flood = new Client("198.18.0.9");
    for (let i = 0; i < 30; i++) expect((await flood.json(API, "POST", proposal())).status).toBe(201);
    const res = await flood.json(API, "POST", proposal());
    expect(res.status).toBe(429);
    expect(((await res.json()) as { error: { reason: string } }).error.reason).toContain("提交过于频繁");
    // Another address is not affected.
    expect((await new Client("198.18.0.10").json(API, "POST", proposal())).status).toBe(201);
  }, 60_000);

  it("refuses proposals before the notice opens and after it closes, saying when", async () => {
    const db = await collecting();
    const c = new Client("198.18.0.11");
    const cycle = await cycleRow();
    const [n] = await db.select().from(notices).where(eq(notices.cycleId, cycle.id));
    try {
      await db
        .update(notices)
        .set({ opensAt: testNow() + 86_400_000, opensOn: "2099-01-01" })
        .where(eq(notices.cycleId, cycle.id));
      const early = await c.json(API, "POST", proposal());
      expect(early.status).toBe(409);
      expect(((await early.json()) as { error: { reason: string } }).error.reason).toBe("项目征集尚未开始。");
      expect(await (await c.get(`/j/${J}/${YEAR}/propose`)).text()).toContain("项目征集将于 2099-01-01 开始");
      await db
        .update(notices)
        .set({ opensAt: 0, closesAt: testNow() - 1000, closesOn: "2020-02-02" })
        .where(eq(notices.cycleId, cycle.id));
      const late = await c.json(API, "POST", proposal());
      expect(late.status).toBe(409);
      expect(((await late.json()) as { error: { reason: string } }).error.reason).toBe("项目征集已截止。");
      expect(await (await c.get(`/j/${J}/${YEAR}/propose`)).text()).toContain("项目征集已于 2020-02-02 截止");
    } finally {
      await db
        .update(notices)
        .set({
          opensAt: n?.opensAt ?? 0,
          closesAt: n?.closesAt ?? 0,
          opensOn: n?.opensOn ?? "",
          closesOn: n?.closesOn ?? "",
        })
        .where(eq(notices.cycleId, cycle.id));
    }
  });
});

describe("privacy", () => {
  it("never shows a proposer's name or phone on public pages, exports or the API — only to the government", async () => {
    const c = new Client("198.18.0.12");
    const secretPhone = "13912345678";
    const secretName = "隐私测试人";
    const r = (await (
      await c.json(API, "POST", proposal({ proposerPhone: secretPhone, proposerName: secretName }))
    ).json()) as {
      trackingNo: string;
    };
    const anon = new Client("198.18.0.13");
    const deputy = await new Client("198.18.0.14").loginDeputy();
    const staff = await new Client("198.18.0.15").loginStaff("staff");
    const publicPaths = [
      `/j/${J}/${YEAR}/proposals`,
      `/j/${J}/${YEAR}/proposals?township=159921101`,
      `/p/${r.trackingNo}`,
      `/j/${J}/${YEAR}/exports/proposals.csv`,
      `/j/${J}/${YEAR}/exports/proposals.xlsx`,
      `/api/jurisdictions/${J}/cycles/${YEAR}/proposals`,
      `/api/proposals/${r.trackingNo}`,
      `/j/${J}/${YEAR}/candidates`,
      `/api/jurisdictions/${J}/cycles/${YEAR}/candidates`,
    ];
    for (const who of [anon, deputy, staff]) {
      for (const path of publicPaths) {
        const res = await who.get(path);
        expect(res.status, path).toBe(200);
        const body = new TextDecoder().decode(await res.arrayBuffer());
        expect(body, path).not.toContain(secretPhone);
        expect(body, path).not.toContain(secretName);
      }
    }
    // The government screening the proposals sees how to reach the proposer.
    const gov = await new Client("198.18.0.16").loginStaff("gov");
    const csv = await (await gov.get(`/j/${J}/${YEAR}/exports/proposals.csv`)).text();
    expect(csv).toContain(secretPhone);
  });
});

describe("the collection notice", () => {
  it("is published by the government with checked dates, and is public with a QR code", async () => {
    const gov = await new Client("198.18.0.17").loginStaff("gov");
    const year = YEAR + 3;
    expect((await gov.post(`/j/${J}/cycles`, { year: String(year) })).status).toBe(303);
    expect((await new Client().get(`/j/${J}/${year}/notice`)).status).toBe(404);
    const bad = await gov.post(`/j/${J}/${year}/notice`, {
      title: "公告",
      scope: "范围",
      exclusions: "负面清单",
      channels: "渠道",
      opensOn: "2026-09-30",
      closesOn: "2026-09-01",
      publish: "1",
    });
    expect(bad.status).toBe(400);
    expect(fieldError(await bad.text(), "closesOn")).toBe("截止日期不能早于开始日期。");
    const notFormatted = await gov.post(`/j/${J}/${year}/notice`, {
      title: "公告",
      scope: "范围",
      exclusions: "负面清单",
      channels: "渠道",
      opensOn: "2026-02-30",
      closesOn: "2026-09-01",
      publish: "1",
    });
    expect(fieldError(await notFormatted.text(), "opensOn")).toContain("年-月-日");
    const draft = await gov.post(`/j/${J}/${year}/notice`, {
      title: "关于征集民生实事项目的公告",
      scope: "范围",
      exclusions: "负面清单",
      channels: "渠道",
      opensOn: "2026-09-01",
      closesOn: "2026-09-30",
      publish: "0",
    });
    expect(draft.status).toBe(303);
    expect((await new Client().get(`/j/${J}/${year}/notice`)).status).toBe(404);
    await gov.post(`/j/${J}/${year}/notice`, {
      title: "关于征集民生实事项目的公告",
      scope: "范围",
      exclusions: "负面清单",
      channels: "渠道",
      opensOn: "2026-09-01",
      closesOn: "2026-09-30",
      publish: "1",
    });
    const page = await (await new Client().get(`/j/${J}/${year}/notice`)).text();
    expect(page).toContain("关于征集民生实事项目的公告");
    expect(page).toContain("<svg");
    expect(page).toContain(`/j/${J}/${year}/propose`);
  });
});

describe("money", () => {
  it("is exact in 万元 and yuan, both ways", () => {
    expect(wanToYuan("12.3456")).toBe(123_456);
    expect(wanToYuan("0.0001")).toBe(1);
    expect(wanToYuan("23400")).toBe(234_000_000);
    expect(wanToYuan("1,200.5")).toBe(12_005_000);
    expect(wanToYuan("12.34567")).toBeNull();
    expect(wanToYuan("-3")).toBeNull();
    expect(wanToYuan("abc")).toBeNull();
    expect(yuanToWan(123_456)).toBe("12.3456");
    expect(yuanToWan(100_000)).toBe("10");
    expect(yuanToWan(234_000_000)).toBe("23,400");
    // 0.1 + 0.2 in 万元 is exactly 0.3 万元.
    expect(yuanToWan((wanToYuan("0.1") ?? 0) + (wanToYuan("0.2") ?? 0))).toBe("0.3");
  });
});

// Stage 2: screening decisions, candidates with exact money, the hand-over lock and the return,
// and the exports.
import { and, asc, eq, inArray } from "drizzle-orm";
import { readSheet } from "read-excel-file/universal";
import { beforeAll, describe, expect, it } from "vitest";
import { saveCandidate } from "../../../src/features/screening/candidates";
import {
  auditLog,
  candidateFunding,
  candidates,
  cycles,
  handovers,
  notices,
  proposals,
} from "../../../src/platform/data/schema";
import { actorOf, Client, testNow } from "../../worker/client";
import { collecting, grantFor, OPEN_YEAR } from "../../worker/fixtures";

const J = "159921";
const YEAR = OPEN_YEAR;
const BASE = `/j/${J}/${YEAR}`;

let gov: Client;
let staff: Client;

async function cycleRow() {
  const db = await collecting();
  const [row] = await db
    .select()
    .from(cycles)
    .where(and(eq(cycles.jurisdictionCode, J), eq(cycles.year, YEAR)));
  if (!row) throw new Error("no cycle");
  return row;
}

async function proposalsOf() {
  const db = await collecting();
  const c = await cycleRow();
  return db.select().from(proposals).where(eq(proposals.cycleId, c.id)).orderBy(asc(proposals.id));
}

function fieldError(html: string, name: string): string | null {
  return html.match(new RegExp(`<p class="error" id="f-${name}-error">([^<]*)</p>`))?.[1] ?? null;
}

const complete = {
  name: "乌兰苏木嘎查饮水安全工程",
  content: "新打机电井两眼，更换管网 3.5 公里",
  responsibleUnit: "旗水利局",
  deadline: "2027年10月底",
  annualTarget: "年内完工，解决 320 户饮水问题",
  locationCode: "159921101",
  locationDetail: "第三嘎查",
  funding_region: "120.5",
  funding_county: "80.0001",
};

beforeAll(async () => {
  const db = await collecting();
  gov = await new Client("198.19.0.1").loginStaff("gov");
  staff = await new Client("198.19.0.2").loginStaff("staff");
  // Collection is over: close the notice and move to screening, as the government would.
  const c = await cycleRow();
  await db
    .update(notices)
    .set({ closesAt: testNow() - 1000 })
    .where(eq(notices.cycleId, c.id));
  const res = await gov.post(`${BASE}/advance`, { from: "collect", to: "screen" });
  if (res.status !== 303) throw new Error(`advance failed ${res.status}`);
});

describe("screening", () => {
  it("asks for a reason or clause, a real merge target, and at least one proposal", async () => {
    const [a, b] = await proposalsOf();
    const ids = String(a?.id);
    expect(
      fieldError(
        await (await gov.post(`${BASE}/screening`, { action: "reserve", ids, reason: "" })).text(),
        "reason",
      ),
    ).toBe("请填写理由。");
    expect(
      fieldError(await (await gov.post(`${BASE}/screening`, { action: "reject", ids })).text(), "reason"),
    ).toBe("请填写理由。");
    expect(
      fieldError(
        await (await gov.post(`${BASE}/screening`, { action: "merge", ids, into: "2000-AAAAAA" })).text(),
        "into",
      ),
    ).toBe("本年度没有这个受理编号的项目建议。");
    expect(
      fieldError(
        await (
          await gov.post(`${BASE}/screening`, { action: "merge", ids, into: a?.trackingNo ?? "" })
        ).text(),
        "into",
      ),
    ).toBe("不能合并到自身或已被合并的项目建议。");
    expect(
      fieldError(
        await (await gov.post(`${BASE}/screening`, { action: "accept", ids, candidate: "999999" })).text(),
        "candidate",
      ),
    ).toBe("请选择候选项目。");
    expect(await (await gov.post(`${BASE}/screening`, { action: "reserve", reason: "x" })).text()).toContain(
      "请至少勾选一件项目建议",
    );
    expect((await proposalsOf()).every((p) => p.status === "received")).toBe(true);
    expect(b).toBeDefined();
  });

  it("records each decision with who and when, for many proposals at once", async () => {
    const [a, b, c, d] = await proposalsOf();
    const body = new URLSearchParams({
      action: "reject",
      clause: "office_equipment",
      reason: "属于办公设备购置",
    });
    body.append("ids", String(b?.id));
    body.append("ids", String(c?.id));
    body.set("_csrf", gov.csrf);
    const res = await gov.fetch(`${BASE}/screening`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("done=2");
    expect(
      (
        await gov.post(`${BASE}/screening`, {
          action: "merge",
          ids: String(d?.id),
          into: a?.trackingNo ?? "",
        })
      ).status,
    ).toBe(303);
    const after = await proposalsOf();
    const byId = new Map(after.map((p) => [p.id, p]));
    expect(byId.get(b?.id ?? 0)).toMatchObject({
      status: "rejected",
      outcomeReason: "negative:office_equipment\n属于办公设备购置",
    });
    expect(byId.get(b?.id ?? 0)?.decidedBy).toBeGreaterThan(0);
    expect(byId.get(b?.id ?? 0)?.decidedAt).toBeGreaterThan(0);
    expect(byId.get(d?.id ?? 0)).toMatchObject({ status: "merged", mergedInto: a?.id });
    // The public sees the outcome with its reason.
    const page = await (await new Client().get(`/p/${b?.trackingNo}`)).text();
    expect(page).toContain("不予采纳");
    expect(page).toContain("党政机关办公楼和办公设备");
  });
});

describe("candidates and the hand-over", () => {
  let candidateId = 0;

  it("forms a candidate from proposals, with money exact to the yuan", async () => {
    const [a] = await proposalsOf();
    const res = await gov.post(`${BASE}/candidates`, {
      name: "草稿候选项目",
      locationCode: J,
      from: String(a?.id),
    });
    expect(res.status).toBe(303);
    const api = (await (await gov.get(`/api/jurisdictions/${J}/cycles/${YEAR}/candidates`)).json()) as {
      handedOver: boolean;
    };
    expect(api.handedOver).toBe(false);
    const page = await (await gov.get(`${BASE}/candidates`)).text();
    const m = page.match(/candidates\/(\d+)\/edit/);
    candidateId = Number(m?.[1]);
    expect(candidateId).toBeGreaterThan(0);
    expect(page).toContain("缺少：建设内容、责任单位、完成时限、年度目标、计划投资（万元）按资金来源");
    const linked = (await proposalsOf()).filter((p) => p.candidateId === candidateId);
    // The proposal ticked, and the one merged into it, both follow into the candidate.
    expect(linked.map((p) => p.status).sort()).toEqual(["accepted", "merged"]);
  });

  it("refuses the hand-over while a proposal waits, or a candidate lacks a field", async () => {
    const early = await gov.post(`${BASE}/handover`, { report: "候选项目形成情况的报告。" });
    expect(early.status).toBe(409);
    expect(await early.text()).toContain("还有项目建议没有处理结果");
    const waiting = (await proposalsOf()).filter((p) => p.status === "received").map((p) => String(p.id));
    const body = new URLSearchParams({ action: "reserve", reason: "列入项目储备库，以后年度优先考虑" });
    for (const id of waiting) body.append("ids", id);
    body.set("_csrf", gov.csrf);
    await gov.fetch(`${BASE}/screening`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });
    const incomplete = await gov.post(`${BASE}/handover`, { report: "候选项目形成情况的报告。" });
    expect(incomplete.status).toBe(409);
    expect(await incomplete.text()).toContain("有候选项目缺少必填内容");
    expect((await cycleRow()).stage).toBe("screen");
  });

  it("hands over once, moving the cycle on, and locks the list for the government", async () => {
    expect((await gov.post(`${BASE}/candidates/${candidateId}`, complete)).status).toBe(303);
    const api = (await (
      await gov.get(`/api/jurisdictions/${J}/cycles/${YEAR}/candidates`)
    ).json()) as unknown;
    expect(api).toMatchObject({ handedOver: false });
    const empty = await gov.post(`${BASE}/handover`, { report: "" });
    expect(empty.status).toBe(400);
    const [x, y] = await Promise.all([
      gov.post(`${BASE}/handover`, { report: "共征集项目建议若干件，形成候选项目 1 个。" }),
      gov.post(`${BASE}/handover`, { report: "共征集项目建议若干件，形成候选项目 1 个。" }),
    ]);
    expect([x.status, y.status].sort()).toEqual([303, 409]);
    const db = await collecting();
    const c = await cycleRow();
    expect(c.stage).toBe("deliberate");
    expect(await db.select().from(handovers).where(eq(handovers.cycleId, c.id))).toHaveLength(1);
    // Even a write that skipped every check cannot put a second hand-over in force.
    await expect(
      db
        .insert(handovers)
        .values({ cycleId: c.id, report: "重复", candidateCount: 1, handedAt: testNow(), handedBy: 1 }),
    ).rejects.toThrow();
    expect(await db.select().from(handovers).where(eq(handovers.cycleId, c.id))).toHaveLength(1);
    // Public now: with the money split by source, exact.
    const pub = (await (
      await new Client().get(`/api/jurisdictions/${J}/cycles/${YEAR}/candidates`)
    ).json()) as {
      locked: boolean;
      candidates: { fundingYuan: Record<string, number>; totalYuan: number }[];
    };
    expect(pub.locked).toBe(true);
    expect(pub.candidates[0]?.fundingYuan).toEqual({ region: 1_205_000, county: 800_001 });
    expect(pub.candidates[0]?.totalYuan).toBe(2_005_001);
    // The government can no longer change it.
    const edit = await gov.post(`${BASE}/candidates/${candidateId}`, { ...complete, name: "改名" });
    expect(edit.status).toBe(409);
    const [p] = await proposalsOf();
    const decide = await gov.post(`${BASE}/screening`, {
      action: "reserve",
      ids: String(p?.id),
      reason: "改主意",
    });
    expect(decide.status).toBe(409);
    expect(await (await gov.get(`${BASE}/candidates`)).text()).not.toContain("/edit");
  });

  it("is returned by congress staff with a reason, edited, and handed over again", async () => {
    expect((await gov.post(`${BASE}/return`, { reason: "x" })).status).toBe(403);
    expect((await staff.post(`${BASE}/return`, { reason: "" })).status).toBe(400);
    expect((await staff.post(`${BASE}/return`, { reason: "请补充资金来源说明" })).status).toBe(303);
    expect(await (await gov.get(`${BASE}/candidates`)).text()).toContain("请补充资金来源说明");
    expect(
      (await gov.post(`${BASE}/candidates/${candidateId}`, { ...complete, funding_social: "5" })).status,
    ).toBe(303);
    expect((await gov.post(`${BASE}/handover`, { report: "补充资金来源后重新移交。" })).status).toBe(303);
    expect((await cycleRow()).stage).toBe("deliberate");
    expect((await gov.post(`${BASE}/candidates/${candidateId}`, complete)).status).toBe(409);
  });
});

describe("candidates created at the same moment", () => {
  it("each get their own id and place on the list, with their funding and one audit entry", async () => {
    const db = await collecting();
    const grant = await grantFor(db, await actorOf("gov"), "candidate.edit");
    const now = testNow();
    // A cycle of its own, in screening, so that the list above is not touched.
    const [cycle] = await db
      .insert(cycles)
      .values({ jurisdictionCode: J, year: YEAR + 7, stage: "screen", stageSince: now, createdAt: now })
      .returning();
    if (!cycle) throw new Error("no cycle");
    const made = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        saveCandidate(db, grant, cycle, { ...complete, name: `同时形成的候选项目${i + 1}` }, testNow()),
      ),
    );
    expect(new Set(made).size).toBe(6);
    const rows = await db.select().from(candidates).where(eq(candidates.cycleId, cycle.id));
    expect(rows.map((r) => r.id).sort((a, b) => a - b)).toEqual([...made].sort((a, b) => a - b));
    expect(rows.map((r) => r.position).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    // Two funding sources each (region and county in `complete`).
    const money = await db.select().from(candidateFunding).where(inArray(candidateFunding.candidateId, made));
    expect(money.length).toBe(12);
    const audit = await db
      .select({ target: auditLog.target })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.jurisdictionCode, J),
          eq(auditLog.action, "candidate.create"),
          inArray(
            auditLog.target,
            made.map((id) => `candidate:${id}`),
          ),
        ),
      );
    expect(audit.map((a) => a.target).sort()).toEqual(made.map((id) => `candidate:${id}`).sort());
  });
});

describe("exports", () => {
  it("writes the candidate list as CSV that Excel reads as UTF-8, and as a real .xlsx", async () => {
    const csvRes = await new Client().get(`${BASE}/exports/candidates.csv`);
    expect(csvRes.headers.get("content-type")).toContain("text/csv");
    expect(csvRes.headers.get("content-disposition")).toContain("filename*=UTF-8''");
    const bytes = new Uint8Array(await csvRes.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(bytes);
    expect(csv).toContain("项目名称");
    expect(csv).toContain("乌兰苏木嘎查饮水安全工程");
    expect(csv).toContain("205.5001");
    expect(csv).toContain("\r\n");
    const xlsx = await (await new Client().get(`${BASE}/exports/candidates.xlsx`)).arrayBuffer();
    const rows = (await readSheet(new Blob([xlsx]))) as unknown[][];
    expect(rows[0]?.[1]).toBe("项目名称");
    expect(rows[1]?.[1]).toBe("乌兰苏木嘎查饮水安全工程");
    expect(rows).toHaveLength(2);
  });

  it("writes the proposals register with every proposal and its outcome", async () => {
    const all = await proposalsOf();
    const xlsx = await (await new Client().get(`${BASE}/exports/proposals.xlsx`)).arrayBuffer();
    const rows = (await readSheet(new Blob([xlsx]))) as unknown[][];
    expect(rows).toHaveLength(all.length + 1);
    expect(rows[0]).toContain("受理编号");
    expect(rows.flat()).toContain("列入项目储备库");
  });

  it("prints the candidate list", async () => {
    const html = await (await new Client().get(`${BASE}/candidates/print`)).text();
    expect(html).toContain(`青山旗${YEAR}年度民生实事候选项目清单`);
    expect(html).toContain("205.5001");
  });
});

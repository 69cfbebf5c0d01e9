// Changes to projects (延期/变更/终止/结转): only congress staff record a decision, after confirming it;
// each gets a public announcement numbered per jurisdiction and year, unique under concurrency; the
// project's status follows; a stopped project takes no progress reports and no further change.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { listProjects } from "../../../src/features/projects/projects";
import { refreshCycleProjects, refreshYear } from "../../../src/platform/data/rollups";
import { cycles, projectChanges, projectState, yearTotals } from "../../../src/platform/data/schema";
import { addDays, todayInChina } from "../../../src/platform/lib/dates";
import { Client, seeded, testNow } from "../../worker/client";
import { collecting, SUPERVISED } from "../../worker/fixtures";

const J = "159921";
const YEAR = SUPERVISED; // the demo cycle in 监督评估; YEAR + 1 is in 项目征集
const PROJECTS = `/j/${J}/${YEAR}/projects`;
const today = todayInChina(testNow());

let staff: Client;
let gov: Client;
let unit: Client;
let deputy: Client;
let city: Client;
/** The demo unit's project first, then the others. */
let ids: number[] = [];
const project = (i: number) => ids[i] ?? 0;
/** The project postponed below: one still under way at the suite's moment (a finished one stays 已完成). */
let postponed = 0;
/** Four others for the concurrent decisions: neither that one, nor the stopped (0), nor the carried-over (6). */
let others: number[] = [];
const CARRIED = 6;

async function cycleOf(year: number) {
  const db = await seeded();
  const [row] = await db
    .select()
    .from(cycles)
    .where(and(eq(cycles.jurisdictionCode, J), eq(cycles.year, year)));
  if (!row) throw new Error("no cycle");
  return row;
}

function decision(kind: string, no: string, extra: Record<string, string> = {}) {
  return {
    kind,
    decisionBody: "青山旗人大常委会第十二次会议",
    decisionNo: `青常发〔${YEAR}〕${no}号`,
    decidedOn: addDays(today, -1),
    reason: "受汛期影响，主体工程无法按期完成。",
    detail: "完成时限调整为次年 6 月 30 日。",
    confirm: "1",
    ...extra,
  };
}

async function changesOf(candidateId: number) {
  const db = await seeded();
  return db.select().from(projectChanges).where(eq(projectChanges.candidateId, candidateId));
}

async function allChanges() {
  const db = await seeded();
  return db.select().from(projectChanges);
}

async function statusOf(candidateId: number) {
  const db = await seeded();
  const [s] = await db.select().from(projectState).where(eq(projectState.candidateId, candidateId));
  return s?.status;
}

async function totals() {
  const db = await seeded();
  const [t] = await db
    .select()
    .from(yearTotals)
    .where(and(eq(yearTotals.jurisdictionCode, J), eq(yearTotals.year, YEAR)));
  return t;
}

beforeAll(async () => {
  const db = await seeded();
  staff = await new Client("100.72.0.1").loginStaff("staff");
  gov = await new Client("100.72.0.2").loginStaff("gov");
  unit = await new Client("100.72.0.3").loginStaff("unit");
  deputy = await new Client("100.72.0.4").loginDeputy();
  city = await new Client("100.72.0.5").loginStaff("city");
  // The demo's years carry decisions of their own (src/demo/supervision.ts): start from none, so the
  // numbering below is the year's from its first announcement.
  await db.delete(projectChanges);
  for (const c of [await cycleOf(YEAR), await cycleOf(YEAR - 1)])
    await db.batch([...refreshCycleProjects(db, c.id, testNow()), ...refreshYear(db, c.id, testNow())]);
  const list = await listProjects(db, await cycleOf(YEAR), testNow());
  const mine = list.find((p) => p.responsibleUnit === "青山旗水利局");
  ids = [mine?.id ?? 0, ...list.filter((p) => p !== mine).map((p) => p.id)];
  const states = await db.select().from(projectState);
  const finished = new Set(states.filter((s) => s.status === "completed").map((s) => s.candidateId));
  postponed = ids.find((id, i) => i > 0 && i !== CARRIED && !finished.has(id)) ?? 0;
  others = ids.filter((id, i) => i > 0 && i !== CARRIED && id !== postponed).slice(0, 4);
  // The year after, into which a project is carried over: the demo opens it only from late July.
  await collecting(J, YEAR + 1);
});

describe("change decisions", () => {
  it("are recorded by congress staff only", async () => {
    expect(ids.length).toBeGreaterThanOrEqual(7);
    const pid = project(1);
    for (const c of [gov, unit, deputy, city]) {
      expect((await c.get(`${PROJECTS}/${pid}/changes/new`)).status).toBe(403);
      expect((await c.post(`${PROJECTS}/${pid}/changes`, decision("postpone", "1"))).status).toBe(403);
    }
    expect((await new Client().post(`${PROJECTS}/${pid}/changes`, decision("postpone", "1"))).status).toBe(
      303,
    );
    const form = await staff.get(`${PROJECTS}/${pid}/changes/new`);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('name="confirm"');
    expect(html).toContain("青山旗人大常委会");
    expect(await allChanges()).toHaveLength(0);
  });

  it("need a confirmation and valid fields; bad input shows field errors and stores nothing", async () => {
    const pid = project(1);
    const bad = await staff.post(`${PROJECTS}/${pid}/changes`, {
      kind: "",
      decisionBody: "",
      decisionNo: "",
      decidedOn: addDays(today, 2),
      reason: "",
      detail: "",
    });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("请选择变更类型");
    expect(html).toContain("日期不能晚于今天");
    expect(html).toContain("此项必填");
    expect(html).toContain("请勾选确认");
    const unconfirmed = await staff.post(
      `${PROJECTS}/${pid}/changes`,
      decision("postpone", "1", { confirm: "" }),
    );
    expect(unconfirmed.status).toBe(400);
    const again = await unconfirmed.text();
    expect(again).toContain("请勾选确认");
    // The form keeps what was typed, but not the confirmation.
    expect(again).toContain("受汛期影响");
    expect(await allChanges()).toHaveLength(0);
    expect(await statusOf(pid)).not.toBe("postponed");
  });

  it("sent twice at once are recorded once, with one announcement number", async () => {
    const pid = postponed;
    const [a, b] = await Promise.all([
      staff.post(`${PROJECTS}/${pid}/changes`, decision("postpone", "1")),
      staff.post(`${PROJECTS}/${pid}/changes`, decision("postpone", "1")),
    ]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(a.headers.get("location")).toBe(b.headers.get("location"));
    const rows = await changesOf(pid);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.announcementNo).toBe(1);
    expect(await statusOf(pid)).toBe("postponed");
  });

  it("get unique announcement numbers when recorded concurrently", async () => {
    const targets = others;
    expect(targets).toHaveLength(4);
    const res = await Promise.all(
      targets.map((pid, i) =>
        staff.post(
          `${PROJECTS}/${pid}/changes`,
          decision("change", String(10 + i), { detail: "建设内容调整。" }),
        ),
      ),
    );
    expect(res.map((r) => r.status)).toEqual(targets.map(() => 303));
    const numbers = (await allChanges()).map((c) => c.announcementNo).sort((x, y) => x - y);
    expect(numbers).toEqual([1, 2, 3, 4, 5]);
    // Each decision has its own number and its own announcement.
    expect(new Set((await allChanges()).map((c) => c.id)).size).toBe(5);
  });

  it("are published as a public, printable announcement", async () => {
    const pid = postponed;
    const [row] = await changesOf(pid);
    const url = `${PROJECTS}/${pid}/changes/${row?.id}`;
    const res = await new Client().get(url);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("变更公告 第1号");
    expect(html).toContain("青山旗人大常委会");
    expect(html).toContain(`青常发〔${YEAR}〕1号`);
    expect(html).toContain("受汛期影响");
    expect(html).toContain("延期实施");
    expect(html).toContain("js-print");
    // Not under another project, nor another jurisdiction.
    expect((await new Client().get(`${PROJECTS}/${others[0]}/changes/${row?.id}`)).status).toBe(404);
    expect((await new Client().get(`/j/159922/${YEAR}/projects/${pid}/changes/${row?.id}`)).status).toBe(404);
  });

  it("stop a project: its status follows, it takes no progress report and no further change", async () => {
    const pid = project(0);
    expect(
      (
        await gov.post(`${PROJECTS}/${pid}/plan`, {
          responsibleUnit: "青山旗水利局",
          annualTarget: "年底前完工通水",
          milestones: "2099-06-30 完成主体工程",
          publish: "1",
        })
      ).status,
    ).toBe(303);
    const report = { reportedOn: today, percent: "20", body: "开工。", disbursed_county: "1" };
    expect((await unit.post(`${PROJECTS}/${pid}/report`, report)).status).toBe(303);

    // Two different stop decisions at once: one is recorded, the other refused.
    const [a, b] = await Promise.all([
      staff.post(`${PROJECTS}/${pid}/changes`, decision("stop", "20", { reason: "选址无法落实。" })),
      staff.post(`${PROJECTS}/${pid}/changes`, decision("stop", "21", { reason: "选址无法落实。" })),
    ]);
    expect([a.status, b.status].sort()).toEqual([303, 409]);
    expect(await changesOf(pid)).toHaveLength(1);
    expect(await statusOf(pid)).toBe("stopped");
    expect((await totals())?.stopped).toBe(1);

    const refused = await unit.post(`${PROJECTS}/${pid}/report`, { ...report, percent: "30" });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("已依决定终止实施");
    const more = await staff.post(`${PROJECTS}/${pid}/changes`, decision("postpone", "22"));
    expect(more.status).toBe(409);
    expect(await more.text()).toContain("已终止或结转");
    expect(await changesOf(pid)).toHaveLength(1);
  });

  it("carry a project over to next year's cycle, with the explanation on the announcement", async () => {
    const pid = project(CARRIED);
    const next = await cycleOf(YEAR + 1);
    const res = await staff.post(
      `${PROJECTS}/${pid}/changes`,
      decision("carry_over", "30", { reason: "冬季停工。", detail: "剩余管网工程结转下一年度实施。" }),
    );
    expect(res.status).toBe(303);
    const [row] = await changesOf(pid);
    expect(row?.carriedToCycleId).toBe(next.id);
    expect(await statusOf(pid)).toBe("carried_over");
    expect((await totals())?.carriedOver).toBe(1);
    const html = await (await new Client().get(res.headers.get("location") ?? "")).text();
    expect(html).toContain("结转至下一年度继续实施");
    expect(html).toContain("剩余管网工程结转下一年度实施");
    expect(html).toContain(`href="/j/${J}/${YEAR + 1}"`);
    // Seven decisions in all, numbered 1 to 7 without a gap: the refused stop took no number.
    const numbers = (await allChanges()).map((c) => c.announcementNo).sort((x, y) => x - y);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});

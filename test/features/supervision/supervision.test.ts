// Supervision: groups of deputies per project (staff only), inspections by staff or a member deputy,
// problems from finding to rectification to closing (and back), the cycle overview with overdue
// problems, the half-year report with exact money, and what the public may see of it all.
import { and, count, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_DEPUTY_CODE } from "../../../src/demo/seed";
import { listProjects } from "../../../src/features/projects/projects";
import { getGroup } from "../../../src/features/supervision/groups";
import { isOverdue, publicSupervision } from "../../../src/features/supervision/supervision";
import {
  auditLog,
  cycles,
  deputies,
  deputyCredentials,
  inspections,
  problems,
  projectState,
  supervisionGroups,
  supervisionMembers,
  yearTotals,
} from "../../../src/platform/data/schema";
import { sha256Hex } from "../../../src/platform/lib/crypto";
import { addDays, todayInChina } from "../../../src/platform/lib/dates";
import { yuanToWan } from "../../../src/platform/lib/money";
import { Client, seeded, testNow } from "../../worker/client";
import { SUPERVISED } from "../../worker/fixtures";

const J = "159921";
const YEAR = SUPERVISED; // the demo cycle in 监督评估, with its vote closed
const PROJECTS = `/j/${J}/${YEAR}/projects`;
const today = todayInChina(testNow());
const past = (days: number) => addDays(today, -days);

let staff: Client;
let gov: Client;
let unit: Client;
let deputy: Client;
let city: Client;
/** The water bureau's project (the demo unit's) and one of another unit. */
let mine = 0;
let other = 0;
let deputyId = 0;
let otherDeputies: number[] = [];
let farDeputy = 0;
/** Problems the demo's year already has under way (src/demo/supervision.ts): not closed, and overdue. */
let demoOpen = 0;
let demoOverdue = 0;

async function cycle() {
  const db = await seeded();
  const [row] = await db
    .select()
    .from(cycles)
    .where(and(eq(cycles.jurisdictionCode, J), eq(cycles.year, YEAR)));
  if (!row) throw new Error("no cycle");
  return row;
}

const sup = (id: number) => `${PROJECTS}/${id}/supervision`;

async function rows(table: typeof inspections | typeof problems, candidateId: number) {
  const db = await seeded();
  const [r] = await db.select({ n: count() }).from(table).where(eq(table.candidateId, candidateId));
  return r?.n ?? 0;
}

async function stateOf(candidateId: number) {
  const db = await seeded();
  const [s] = await db.select().from(projectState).where(eq(projectState.candidateId, candidateId));
  return s;
}

async function problemRow(id: number) {
  const db = await seeded();
  const [p] = await db.select().from(problems).where(eq(problems.id, id));
  if (!p) throw new Error("no problem");
  return p;
}

function idFrom(res: Response, re: RegExp): number {
  const m = re.exec(res.headers.get("location") ?? "");
  return Number(m?.[1] ?? 0);
}

beforeAll(async () => {
  const db = await seeded();
  staff = await new Client("100.71.0.1").loginStaff("staff");
  gov = await new Client("100.71.0.2").loginStaff("gov");
  unit = await new Client("100.71.0.3").loginStaff("unit");
  deputy = await new Client("100.71.0.4").loginDeputy();
  city = await new Client("100.71.0.5").loginStaff("city");
  const list = await listProjects(db, await cycle(), testNow());
  mine = list.find((p) => p.responsibleUnit === "青山旗水利局")?.id ?? 0;
  other = list.find((p) => p.responsibleUnit !== "青山旗水利局")?.id ?? 0;
  const demo = await db
    .select()
    .from(problems)
    .where(
      inArray(
        problems.candidateId,
        list.map((p) => p.id),
      ),
    );
  demoOpen = demo.filter((p) => p.status !== "closed").length;
  demoOverdue = demo.filter((p) => isOverdue(p, todayInChina(testNow()))).length;
  const [cred] = await db
    .select({ deputyId: deputyCredentials.deputyId })
    .from(deputyCredentials)
    .where(eq(deputyCredentials.codeHash, await sha256Hex(DEMO_DEPUTY_CODE)));
  deputyId = cred?.deputyId ?? 0;
  const roster = await db.select({ id: deputies.id }).from(deputies).where(eq(deputies.jurisdictionCode, J));
  otherDeputies = roster.map((d) => d.id).filter((id) => id !== deputyId);
  const [far] = await db
    .select({ id: deputies.id })
    .from(deputies)
    .where(eq(deputies.jurisdictionCode, "159922"));
  farDeputy = far?.id ?? 0;
});

describe("supervision groups", () => {
  it("are set by congress staff only", async () => {
    expect(mine).toBeGreaterThan(0);
    expect(other).toBeGreaterThan(0);
    const body = { name: "第一监督组", members: String(deputyId), leader: String(deputyId) };
    for (const c of [gov, unit, deputy, city]) {
      expect((await c.get(`${sup(mine)}/group`)).status).toBe(403);
      expect((await c.post(`${sup(mine)}/group`, body)).status).toBe(403);
    }
    const db = await seeded();
    expect(
      await db.select().from(supervisionGroups).where(eq(supervisionGroups.candidateId, mine)),
    ).toHaveLength(0);
  });

  it("show field errors in Chinese and store nothing for bad input", async () => {
    const none = await staff.post(`${sup(mine)}/group`, { name: "" });
    expect(none.status).toBe(400);
    const html = await none.text();
    expect(html).toContain("此项必填");
    expect(html).toContain("请至少勾选一名代表");
    expect(html).toContain("请选择组长");
    const notMember = await staff.post(`${sup(mine)}/group`, {
      name: "第一监督组",
      members: String(otherDeputies[0]),
      leader: String(deputyId),
    });
    expect(notMember.status).toBe(400);
    expect(await notMember.text()).toContain("组长须是勾选的小组成员之一");
    // A deputy of another banner is not on this jurisdiction's roster.
    const far = await staff.post(`${sup(mine)}/group`, {
      name: "第一监督组",
      members: String(farDeputy),
      leader: String(farDeputy),
    });
    expect(far.status).toBe(400);
    expect(await far.text()).toContain("只能选择本级本届在任的代表");
    const db = await seeded();
    expect(
      await db.select().from(supervisionGroups).where(eq(supervisionGroups.candidateId, mine)),
    ).toHaveLength(0);
    expect(
      await db.select().from(supervisionMembers).where(eq(supervisionMembers.candidateId, mine)),
    ).toHaveLength(0);
  });

  it("take current-term deputies with a leader, and the members see their projects", async () => {
    const form = new URLSearchParams({ _csrf: staff.csrf, name: "第一监督组", leader: String(deputyId) });
    for (const id of [deputyId, otherDeputies[0], otherDeputies[1]]) form.append("members", String(id));
    const res = await staff.fetch(`${sup(mine)}/group`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form,
    });
    expect(res.status).toBe(303);
    const db = await seeded();
    const group = await getGroup(db, mine);
    expect(group?.name).toBe("第一监督组");
    expect(group?.leaderDeputyId).toBe(deputyId);
    expect(group?.members.map((m) => m.id).sort()).toEqual(
      [deputyId, otherDeputies[0], otherDeputies[1]].sort(),
    );
    // The other project's group leaves the demo deputy out.
    expect(
      (
        await staff.post(`${sup(other)}/group`, {
          name: "第二监督组",
          members: String(otherDeputies[2]),
          leader: String(otherDeputies[2]),
        })
      ).status,
    ).toBe(303);
    const [audit] = await db
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.jurisdictionCode, J), eq(auditLog.action, "supervision.group")));
    expect(audit?.n).toBe(2);
    const myPage = await (await deputy.get("/me/supervision")).text();
    const projects = await listProjects(db, await cycle(), testNow());
    expect(myPage).toContain(projects.find((p) => p.id === mine)?.name ?? "?");
    expect(myPage).not.toContain(projects.find((p) => p.id === other)?.name ?? "?");
    expect(myPage).toContain(`${sup(mine)}`);
  });
});

describe("inspections", () => {
  it("refuse bad input with field errors and store nothing", async () => {
    const bad = await deputy.post(`${sup(mine)}/inspections`, {
      inspectedOn: addDays(today, 3),
      participants: "",
      findings: "",
    });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("日期不能晚于今天");
    expect(html).toContain("此项必填");
    expect(await rows(inspections, mine)).toBe(0);
  });

  it("are recorded by a member deputy once, however often the form is sent", async () => {
    const body = {
      inspectedOn: past(30),
      participants: "第一监督组 3 名代表",
      findings: "管道铺设进度滞后，部分路段未恢复路面。",
    };
    const [a, b] = await Promise.all([
      deputy.post(`${sup(mine)}/inspections`, body),
      deputy.post(`${sup(mine)}/inspections`, body),
    ]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(await rows(inspections, mine)).toBe(1);
    // Sent again later (the back button): still one.
    expect((await deputy.post(`${sup(mine)}/inspections`, body)).status).toBe(303);
    expect(await rows(inspections, mine)).toBe(1);
  });

  it("by a deputy outside the project's group, or by gov, are refused", async () => {
    const body = { inspectedOn: past(2), participants: "代表", findings: "看过了" };
    expect((await deputy.post(`${sup(other)}/inspections`, body)).status).toBe(403);
    expect((await gov.post(`${sup(other)}/inspections`, body)).status).toBe(403);
    expect(await rows(inspections, other)).toBe(0);
  });

  it("are recorded by staff too, announced or not, and listed on the project's page", async () => {
    const res = await staff.post(`${sup(mine)}/inspections`, {
      inspectedOn: past(5),
      unannounced: "1",
      participants: "常委会农牧工委",
      findings: "暗访发现施工现场无安全围挡。",
    });
    expect(res.status).toBe(303);
    const page = await (await unit.get(sup(mine))).text();
    expect(page).toContain("暗访发现施工现场无安全围挡");
    expect(page).toContain("暗访");
    expect(page).toContain("管道铺设进度滞后");
  });
});

describe("problems", () => {
  let fromInspection = 0;
  let direct = 0;

  it("are recorded from an inspection by a member deputy, once, and counted as open", async () => {
    const db = await seeded();
    const [insp] = await db.select().from(inspections).where(eq(inspections.candidateId, mine));
    const noInspection = await deputy.post(`${sup(mine)}/problems`, {
      description: "施工现场无安全围挡",
      responsibleUnit: "青山旗水利局",
      foundOn: past(30),
      deadline: past(10),
    });
    expect(noInspection.status).toBe(400);
    expect(await noInspection.text()).toContain("请选择发现问题的那次视察");
    const badDeadline = await deputy.post(`${sup(mine)}/problems`, {
      inspectionId: String(insp?.id),
      description: "施工现场无安全围挡",
      responsibleUnit: "青山旗水利局",
      foundOn: past(30),
      deadline: past(40),
    });
    expect(badDeadline.status).toBe(400);
    expect(await badDeadline.text()).toContain("整改期限不能早于发现日期");
    expect(await rows(problems, mine)).toBe(0);

    const body = {
      inspectionId: String(insp?.id),
      description: "施工现场无安全围挡",
      responsibleUnit: "青山旗水利局",
      foundOn: past(30),
      deadline: past(10),
    };
    const [a, b] = await Promise.all([
      deputy.post(`${sup(mine)}/problems`, body),
      deputy.post(`${sup(mine)}/problems`, body),
    ]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(await rows(problems, mine)).toBe(1);
    fromInspection = idFrom(a, /problems\/(\d+)/);
    expect(idFrom(b, /problems\/(\d+)/)).toBe(fromInspection);
    const p = await problemRow(fromInspection);
    expect(p.source).toBe("inspection");
    expect(p.status).toBe("open");
    expect((await stateOf(mine))?.openProblems).toBe(1);
    const [totals] = await db
      .select()
      .from(yearTotals)
      .where(and(eq(yearTotals.jurisdictionCode, J), eq(yearTotals.year, YEAR)));
    expect(totals?.openProblems).toBe(demoOpen + 1);
  });

  it("are recorded directly by staff; overdue ones show on the cycle overview", async () => {
    const res = await staff.post(`${sup(other)}/problems`, {
      inspectionId: "",
      description: "进度报告显示资金拨付滞后",
      responsibleUnit: "青山旗财政局",
      foundOn: past(3),
      deadline: addDays(today, 30),
    });
    expect(res.status).toBe(303);
    direct = idFrom(res, /problems\/(\d+)/);
    expect((await problemRow(direct)).source).toBe("report");
    const overview = await staff.get(`/j/${J}/${YEAR}/supervision`);
    expect(overview.status).toBe(200);
    const html = await overview.text();
    expect(html).toContain(`未办结问题 ${demoOpen + 2} 个，其中逾期 ${demoOverdue + 1} 个`);
    expect(html).toContain("已逾期");
    expect(html).toContain("施工现场无安全围挡");
    expect((await unit.get(`/j/${J}/${YEAR}/supervision`)).status).toBe(403);
  });

  it("are rectified by the responsible unit on its own projects only, or by gov", async () => {
    const body = { rectification: "已补设安全围挡。", rectifiedOn: past(1) };
    // The unit is not responsible for the other project: it does not see it as its own.
    expect((await unit.post(`${sup(other)}/problems/${direct}/rectify`, body)).status).toBe(404);
    // Staff and deputies do not rectify.
    expect((await staff.post(`${sup(mine)}/problems/${fromInspection}/rectify`, body)).status).toBe(403);
    expect((await deputy.post(`${sup(mine)}/problems/${fromInspection}/rectify`, body)).status).toBe(403);
    const bad = await unit.post(`${sup(mine)}/problems/${fromInspection}/rectify`, {
      rectification: "",
      rectifiedOn: "昨天",
    });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("此项必填");
    expect(html).toContain("请按 年-月-日 填写日期");
    expect((await problemRow(fromInspection)).status).toBe("open");

    const [a, b] = await Promise.all([
      unit.post(`${sup(mine)}/problems/${fromInspection}/rectify`, body),
      unit.post(`${sup(mine)}/problems/${fromInspection}/rectify`, body),
    ]);
    expect([a.status, b.status]).toEqual([303, 303]);
    const p = await problemRow(fromInspection);
    expect(p.status).toBe("rectifying");
    expect(p.rectifiedOn).toBe(past(1));
    // One entry in the record, not two.
    expect(p.rectification?.split("已补设安全围挡").length).toBe(2);
    // Still open until staff verify it.
    expect((await stateOf(mine))?.openProblems).toBe(1);

    expect((await gov.post(`${sup(other)}/problems/${direct}/rectify`, body)).status).toBe(303);
    expect((await problemRow(direct)).status).toBe("rectifying");
  });

  it("are closed by staff after verification, or sent back to open with a reason", async () => {
    expect((await unit.post(`${sup(mine)}/problems/${fromInspection}/close`)).status).toBe(403);
    expect((await gov.post(`${sup(mine)}/problems/${fromInspection}/close`)).status).toBe(403);
    const noReason = await staff.post(`${sup(mine)}/problems/${fromInspection}/reopen`, { reason: " " });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain("此项必填");
    expect((await problemRow(fromInspection)).status).toBe("rectifying");

    const back = await staff.post(`${sup(mine)}/problems/${fromInspection}/reopen`, {
      reason: "围挡高度不足 1.8 米。",
    });
    expect(back.status).toBe(303);
    let p = await problemRow(fromInspection);
    expect(p.status).toBe("open");
    expect(p.rectifiedOn).toBeNull();
    expect(p.rectification).toContain("围挡高度不足");
    // Closing needs a rectification first.
    expect((await staff.post(`${sup(mine)}/problems/${fromInspection}/close`)).status).toBe(409);

    expect(
      (
        await unit.post(`${sup(mine)}/problems/${fromInspection}/rectify`, {
          rectification: "围挡加高至 2 米。",
          rectifiedOn: today,
        })
      ).status,
    ).toBe(303);
    const [a, b] = await Promise.all([
      staff.post(`${sup(mine)}/problems/${fromInspection}/close`),
      staff.post(`${sup(mine)}/problems/${fromInspection}/close`),
    ]);
    expect([a.status, b.status]).toEqual([303, 303]);
    p = await problemRow(fromInspection);
    expect(p.status).toBe("closed");
    expect(p.closedAt).not.toBeNull();
    expect(p.rectification).toContain("已补设安全围挡");
    expect(p.rectification).toContain("围挡加高至 2 米");
    expect((await stateOf(mine))?.openProblems).toBe(0);
    // Closing it again changes nothing; a closed problem takes no other step.
    expect((await staff.post(`${sup(mine)}/problems/${fromInspection}/close`)).status).toBe(303);
    expect((await problemRow(fromInspection)).closedAt).toBe(p.closedAt);
    expect(
      (await staff.post(`${sup(mine)}/problems/${fromInspection}/reopen`, { reason: "再看看" })).status,
    ).toBe(409);
    expect(
      (
        await unit.post(`${sup(mine)}/problems/${fromInspection}/rectify`, {
          rectification: "x",
          rectifiedOn: today,
        })
      ).status,
    ).toBe(409);

    const db = await seeded();
    const actions = (
      await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.jurisdictionCode, J))
    ).map((r) => r.action);
    expect(actions.filter((x) => x === "problem.create")).toHaveLength(2);
    expect(actions.filter((x) => x === "problem.rectify")).toHaveLength(3);
    expect(actions.filter((x) => x === "problem.reopen")).toHaveLength(1);
    expect(actions.filter((x) => x === "problem.close")).toHaveLength(1);
    expect(actions.filter((x) => x === "inspection.record")).toHaveLength(2);
  });

  it("from the assessment (recorded elsewhere) go through the same rectification", async () => {
    const db = await seeded();
    const [row] = await db
      .insert(problems)
      .values({
        candidateId: mine,
        source: "assessment",
        foundOn: today,
        description: "满意度测评为不满意，须整改",
        responsibleUnit: "青山旗水利局",
        deadline: addDays(today, 60),
        status: "open",
        createdBy: 0,
        createdAt: testNow(),
      })
      .returning();
    const id = row?.id ?? 0;
    const page = await (await unit.get(`${sup(mine)}/problems/${id}`)).text();
    expect(page).toContain("满意度测评不满意");
    expect(page).toContain("报送整改情况");
    expect(
      (
        await unit.post(`${sup(mine)}/problems/${id}/rectify`, {
          rectification: "已返工。",
          rectifiedOn: today,
        })
      ).status,
    ).toBe(303);
    expect((await staff.post(`${sup(mine)}/problems/${id}/close`)).status).toBe(303);
    expect((await problemRow(id)).status).toBe("closed");
  });
});

describe("what the public sees of supervision", () => {
  it("carries problems and inspection dates, never a person", async () => {
    const db = await seeded();
    const pub = await publicSupervision(db, mine, testNow());
    expect(pub.problems.map((p) => p.description)).toContain("施工现场无安全围挡");
    expect(pub.problems.find((p) => p.description === "施工现场无安全围挡")?.status).toBe("closed");
    expect(pub.inspections).toHaveLength(2);
    const text = JSON.stringify(pub);
    expect(text).toContain("青山旗水利局");
    // No account or deputy ids, no participants, no deputies' names.
    for (const key of ["createdBy", "closedBy", "userId", "participants", "findings", "deputyId"])
      expect(text).not.toContain(`"${key}"`);
    const names = (await getGroup(db, mine))?.members.map((m) => m.name) ?? [];
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(text).not.toContain(n);
    expect(text).not.toContain("第一监督组");
  });
});

describe("the half-year report", () => {
  it("compiles each project's plan, progress, exact money, inspections and problems, printable", async () => {
    // The plan is published and the unit reports progress with money to the yuan.
    expect(
      (
        await gov.post(`${PROJECTS}/${mine}/plan`, {
          responsibleUnit: "青山旗水利局",
          annualTarget: "年底前完工通水",
          milestones: `${past(20)} 完成招标\n2099-06-30 完成主体工程`,
          publish: "1",
        })
      ).status,
    ).toBe(303);
    expect(
      (
        await unit.post(`${PROJECTS}/${mine}/report`, {
          reportedOn: today,
          percent: "45",
          body: "主体工程过半。",
          disbursed_county: "12.3456",
          disbursed_region: "0.0001",
        })
      ).status,
    ).toBe(303);
    const res = await staff.get(`/j/${J}/${YEAR}/supervision/half-year`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const db = await seeded();
    const p = (await listProjects(db, await cycle(), testNow())).find((x) => x.id === mine);
    expect(html).toContain("半年监督报告");
    expect(html).toContain("hy-report");
    expect(html).toContain("js-print");
    expect(html).toContain("年底前完工通水");
    expect(html).toContain("完成 45%");
    expect(html).toContain(">12.3456<");
    expect(html).toContain(">0.0001<");
    // 123,456 + 1 yuan disbursed in all, shown exactly.
    expect(html).toContain(">12.3457<");
    expect(html).toContain(`>${yuanToWan(p?.plannedYuan ?? -1)}<`);
    expect(html).toContain("完成招标");
    expect(html).toContain("2 次（其中暗访 1 次）");
    expect(html).toContain("未办结 0 个，已办结 2 个");
    expect((await gov.get(`/j/${J}/${YEAR}/supervision/half-year`)).status).toBe(200);
    expect((await unit.get(`/j/${J}/${YEAR}/supervision/half-year`)).status).toBe(403);
    expect((await deputy.get(`/j/${J}/${YEAR}/supervision/half-year`)).status).toBe(403);
    expect((await new Client().get(`/j/${J}/${YEAR}/supervision/half-year`)).status).toBe(303);
  });
});

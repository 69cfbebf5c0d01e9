// Each writer of supervision and changes refuses without its grant (test/worker/grants.ts), and the
// object-level rule behind a unit's grant (its own projects only) holds.
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { listProjects } from "../../../src/features/projects/projects";
import { recordChange } from "../../../src/features/supervision/changes";
import { eligibleDeputies, saveGroup } from "../../../src/features/supervision/groups";
import { recordInspection } from "../../../src/features/supervision/inspections";
import {
  closeProblem,
  createProblem,
  rectifyProblem,
  reopenProblem,
} from "../../../src/features/supervision/problems";
import { getCycle } from "../../../src/platform/cycle/cycles";
import type { Db } from "../../../src/platform/data/db";
import { auditLog, type Problem, problems } from "../../../src/platform/data/schema";
import { actorOf, seeded, testNow } from "../../worker/client";
import { grantFor, QINGSHAN, SUPERVISED, TODAY } from "../../worker/fixtures";
import { refusesWithoutItsGrant } from "../../worker/grants";

/** The demo unit (青山旗水利局) and the projects it is responsible for. */
const UNIT = "青山旗水利局";

/** A problem on a project of 青山旗's supervised year, stored directly (the demo has none early in the year). */
async function storeProblem(db: Db, candidateId: number, status: Problem["status"]) {
  const [row] = await db
    .insert(problems)
    .values({
      candidateId,
      source: "report",
      foundOn: TODAY,
      description: `授权测试问题 ${status}`,
      responsibleUnit: UNIT,
      deadline: TODAY,
      status,
      rectification: status === "open" ? null : `【${TODAY} 整改】已整改。`,
      rectifiedOn: status === "open" ? null : TODAY,
      createdBy: 0,
      createdAt: testNow(),
    })
    .returning();
  if (!row) throw new Error("problem not stored");
  return row;
}

let fixture: {
  own: { id: number };
  open: Problem;
  rectifying: Problem;
  elsewhere: Problem;
};

beforeAll(async () => {
  const db = await seeded();
  const projects = await listProjects(db, await getCycle(db, QINGSHAN, SUPERVISED), testNow());
  const own = projects.find((p) => p.responsibleUnit === UNIT);
  const other = projects.find((p) => p.responsibleUnit !== UNIT);
  if (!own || !other) throw new Error("the demo's supervised year has the unit's projects and others");
  fixture = {
    own,
    open: await storeProblem(db, own.id, "open"),
    rectifying: await storeProblem(db, own.id, "rectifying"),
    elsewhere: await storeProblem(db, other.id, "open"),
  };
});

const cycleOf = (db: Db) => getCycle(db, QINGSHAN, SUPERVISED);

describe("supervision writers", () => {
  const manage = {
    permission: "supervision.manage",
    holder: "staff",
    elsewhere: "staff-by",
    other: "supervision.record",
  } as const;
  const record = {
    permission: "supervision.record",
    holder: "staff",
    elsewhere: "staff-by",
    other: "supervision.manage",
  } as const;

  refusesWithoutItsGrant({
    ...manage,
    writer: "saveGroup",
    call: async (db, g) => {
      const [deputy] = await eligibleDeputies(db, QINGSHAN);
      const id = String(deputy?.id);
      const input = { name: "监督组", members: id, leader: id };
      return saveGroup(db, g, await cycleOf(db), fixture.own.id, input, testNow());
    },
  });
  refusesWithoutItsGrant({
    ...record,
    writer: "recordInspection",
    call: async (db, g) => {
      const input = { inspectedOn: TODAY, participants: "监督组", findings: "现场查看。" };
      return recordInspection(db, g, await cycleOf(db), fixture.own.id, input, testNow());
    },
  });
  refusesWithoutItsGrant({
    ...record,
    writer: "createProblem",
    call: async (db, g) => {
      const input = { description: "未设安全围挡", responsibleUnit: UNIT, foundOn: TODAY, deadline: TODAY };
      return createProblem(db, g, await cycleOf(db), fixture.own.id, input, testNow());
    },
  });
  refusesWithoutItsGrant({
    permission: "problem.rectify",
    holder: "gov",
    elsewhere: "gov-by",
    writer: "rectifyProblem",
    call: async (db, g) => {
      const { open } = fixture;
      const input = { rectification: "已整改。", rectifiedOn: TODAY };
      return rectifyProblem(db, g, await cycleOf(db), open.candidateId, open.id, input, testNow());
    },
  });
  refusesWithoutItsGrant({
    ...manage,
    writer: "closeProblem",
    call: async (db, g) => {
      const { rectifying } = fixture;
      return closeProblem(db, g, await cycleOf(db), rectifying.candidateId, rectifying.id, testNow());
    },
  });
  refusesWithoutItsGrant({
    ...manage,
    writer: "reopenProblem",
    call: async (db, g) => {
      const { rectifying: x } = fixture;
      return reopenProblem(db, g, await cycleOf(db), x.candidateId, x.id, { reason: "不彻底" }, testNow());
    },
  });
  refusesWithoutItsGrant({
    ...manage,
    writer: "recordChange",
    call: async (db, g) => {
      const input = {
        kind: "postpone",
        decisionBody: "青山旗人大常委会",
        decisionNo: "青常发〔测试〕1号",
        decidedOn: TODAY,
        reason: "汛期停工。",
        detail: "延至次年。",
        confirm: "1",
      };
      return recordChange(db, g, await cycleOf(db), fixture.own.id, input, testNow());
    },
  });
});

describe("the object-level rule behind a unit's grant (src/platform/auth/permissions.ts)", () => {
  it("a unit rectifies on its own projects; another unit's project is not found to it", async () => {
    const db = await seeded();
    const cycle = await cycleOf(db);
    const grant = await grantFor(db, await actorOf("unit"), "problem.rectify");
    const input = { rectification: "已整改。", rectifiedOn: TODAY };
    const audit = async () => (await db.select({ n: count() }).from(auditLog))[0]?.n ?? 0;
    const before = await audit();
    const { elsewhere, open } = fixture;
    await expect(
      rectifyProblem(db, grant, cycle, elsewhere.candidateId, elsewhere.id, input, testNow()),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(await audit()).toBe(before);
    await rectifyProblem(db, grant, cycle, open.candidateId, open.id, input, testNow());
    const [row] = await db.select().from(problems).where(eq(problems.id, open.id));
    expect(row?.status).toBe("rectifying");
  });
});

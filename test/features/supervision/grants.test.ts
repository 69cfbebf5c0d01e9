// Each writer of supervision and changes refuses without its grant (test/worker/grants.ts).
import { beforeAll, describe } from "vitest";
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
import { cycleSupervision } from "../../../src/features/supervision/supervision";
import { getCycle } from "../../../src/platform/cycle/cycles";
import type { Db } from "../../../src/platform/data/db";
import { seeded, testNow } from "../../worker/client";
import { QINGSHAN, SUPERVISED, TODAY } from "../../worker/fixtures";
import { refusesWithoutItsGrant } from "../../worker/grants";

/** 青山旗's year in 监督评估, its first project and the first problem the demo recorded in it. */
async function supervised(db: Db) {
  const cycle = await getCycle(db, QINGSHAN, SUPERVISED);
  const [project] = await listProjects(db, cycle, testNow());
  const [problem] = (await cycleSupervision(db, cycle, testNow())).problems;
  if (!project || !problem) throw new Error("the demo's supervised year has projects and problems");
  return { cycle, project, problem };
}

// The demo is seeded once per file: not within the first case's time.
beforeAll(seeded);

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
      const { cycle, project } = await supervised(db);
      const [deputy] = await eligibleDeputies(db, QINGSHAN);
      const id = String(deputy?.id);
      return saveGroup(db, g, cycle, project.id, { name: "监督组", members: id, leader: id }, testNow());
    },
  });
  refusesWithoutItsGrant({
    ...record,
    writer: "recordInspection",
    call: async (db, g) => {
      const { cycle, project } = await supervised(db);
      const input = { inspectedOn: TODAY, participants: "监督组", findings: "现场查看。" };
      return recordInspection(db, g, cycle, project.id, input, testNow());
    },
  });
  refusesWithoutItsGrant({
    ...record,
    writer: "createProblem",
    call: async (db, g) => {
      const { cycle, project } = await supervised(db);
      const input = {
        description: "未设安全围挡",
        responsibleUnit: project.responsibleUnit,
        foundOn: TODAY,
        deadline: TODAY,
      };
      return createProblem(db, g, cycle, project.id, input, testNow());
    },
  });
  refusesWithoutItsGrant({
    permission: "problem.rectify",
    holder: "gov",
    elsewhere: "gov-by",
    writer: "rectifyProblem",
    call: async (db, g) => {
      const { cycle, problem } = await supervised(db);
      const input = { rectification: "已整改。", rectifiedOn: TODAY };
      return rectifyProblem(db, g, cycle, problem.candidateId, problem.id, input, testNow());
    },
  });
  refusesWithoutItsGrant({
    ...manage,
    writer: "closeProblem",
    call: async (db, g) => {
      const { cycle, problem } = await supervised(db);
      return closeProblem(db, g, cycle, problem.candidateId, problem.id, testNow());
    },
  });
  refusesWithoutItsGrant({
    ...manage,
    writer: "reopenProblem",
    call: async (db, g) => {
      const { cycle, problem } = await supervised(db);
      return reopenProblem(db, g, cycle, problem.candidateId, problem.id, { reason: "不彻底" }, testNow());
    },
  });
  refusesWithoutItsGrant({
    ...manage,
    writer: "recordChange",
    call: async (db, g) => {
      const { cycle, project } = await supervised(db);
      const input = {
        kind: "postpone",
        decisionBody: "青山旗人大常委会",
        decisionNo: "青常发〔测试〕1号",
        decidedOn: TODAY,
        reason: "汛期停工。",
        detail: "延至次年。",
        confirm: "1",
      };
      return recordChange(db, g, cycle, project.id, input, testNow());
    },
  });
});

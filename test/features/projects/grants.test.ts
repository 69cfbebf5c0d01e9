// Each writer of the projects refuses without its grant (test/worker/grants.ts).
import { beforeAll, describe } from "vitest";
import { savePlan } from "../../../src/features/projects/plans";
import { listProjects } from "../../../src/features/projects/projects";
import { reportProgress } from "../../../src/features/projects/reports";
import { getCycle } from "../../../src/platform/cycle/cycles";
import type { Db } from "../../../src/platform/data/db";
import { seeded, testNow } from "../../worker/client";
import { QINGSHAN, SUPERVISED, TODAY } from "../../worker/fixtures";
import { refusesWithoutItsGrant } from "../../worker/grants";

/** 青山旗's year in 监督评估 and the project of the demo unit (青山旗水利局). */
async function supervised(db: Db) {
  const cycle = await getCycle(db, QINGSHAN, SUPERVISED);
  const project = (await listProjects(db, cycle, testNow())).find(
    (p) => p.responsibleUnit === "青山旗水利局",
  );
  if (!project) throw new Error("the demo unit has a project in the voted year");
  return { cycle, id: project.id };
}

describe("project writers", () => {
  // Seeding the demo takes longer than one test may on a busy machine: once, before them.
  beforeAll(async () => {
    await seeded();
  }, 60_000);
  refusesWithoutItsGrant({
    writer: "savePlan",
    permission: "plan.edit",
    holder: "gov",
    elsewhere: "gov-by",
    call: async (db, g) => {
      const { cycle, id } = await supervised(db);
      const plan = { responsibleUnit: "青山旗水利局", annualTarget: "年底前完工", milestones: "" };
      return savePlan(db, g, cycle, id, plan, true, testNow());
    },
  });
  // The demo has no unit outside 青山旗: the other jurisdiction's grant is left out.
  refusesWithoutItsGrant({
    writer: "reportProgress",
    permission: "progress.report",
    holder: "unit",
    call: async (db, g) => {
      const { cycle, id } = await supervised(db);
      return reportProgress(
        db,
        g,
        cycle,
        id,
        { reportedOn: TODAY, percent: "10", body: "进展顺利" },
        testNow(),
      );
    },
  });
});

// The assessment's writers refuse without their grant (test/worker/grants.ts).
import { beforeAll, describe } from "vitest";
import { createAssessment } from "../../../src/features/assessment/assessment";
import { projectIds } from "../../../src/features/projects/projects";
import { updateAssessmentRules } from "../../../src/features/voting/assessment";
import { listMeetings } from "../../../src/features/voting/attendance";
import { listVotes } from "../../../src/features/voting/votes";
import { getCycle } from "../../../src/platform/cycle/cycles";
import { seeded, testNow } from "../../worker/client";
import { QINGSHAN, SUPERVISED } from "../../worker/fixtures";
import { refusesWithoutItsGrant } from "../../worker/grants";

// The demo, once, before the first case (seeding takes longer than a test may).
beforeAll(async () => {
  await seeded();
}, 120_000);

describe("assessment writers", () => {
  refusesWithoutItsGrant({
    permission: "vote.manage",
    holder: "staff",
    elsewhere: "staff-by",
    writer: "createAssessment",
    call: async (db, g) => {
      // 青山旗's year in 监督评估, on the meeting the year's vote was held at, with its projects.
      const cycle = await getCycle(db, QINGSHAN, SUPERVISED);
      const [meeting] = await listMeetings(db, cycle.id);
      const rules = { title: "年终测评", base: "all", allowAbstain: "1" };
      const projects = await projectIds(db, cycle.id);
      return createAssessment(db, g, cycle, meeting?.id ?? 0, rules, projects, testNow());
    },
  });
  refusesWithoutItsGrant({
    permission: "vote.manage",
    holder: "staff",
    elsewhere: "staff-by",
    writer: "updateAssessmentRules",
    call: async (db, g) => {
      const cycle = await getCycle(db, QINGSHAN, SUPERVISED);
      const [vote] = await listVotes(db, cycle.id);
      if (!vote) throw new Error("the demo's voted year has a vote");
      const rules = { title: "年终测评", base: "all", allowAbstain: "1" };
      return updateAssessmentRules(db, g, cycle, { ...vote, status: "draft" }, rules, testNow());
    },
  });
});

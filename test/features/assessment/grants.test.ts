// The assessment's writer refuses without its grant (test/worker/grants.ts). Its rules change
// through the vote's updateRules (src/features/voting/votes.ts), which is checked there.
import { beforeAll, describe } from "vitest";
import { createAssessment } from "../../../src/features/assessment/assessment";
import { projectIds } from "../../../src/features/projects/projects";
import { listMeetings } from "../../../src/features/voting/attendance";
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
});

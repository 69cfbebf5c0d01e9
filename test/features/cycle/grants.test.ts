// Each writer of the cycle refuses without its grant (test/worker/grants.ts), for both roles that
// hold it: the government and congress staff.
import { beforeAll, describe } from "vitest";
import { advanceCycle, createCycle, getCycle } from "../../../src/platform/cycle/cycles";
import { seeded, testNow } from "../../worker/client";
import { OPEN_YEAR, QINGSHAN, SUPERVISED } from "../../worker/fixtures";
import { refusesWithoutItsGrant } from "../../worker/grants";

// The demo, once, before the first case (seeding takes longer than a test may).
beforeAll(async () => {
  await seeded();
}, 120_000);

describe("cycle writers", () => {
  for (const role of [
    { holder: "gov", elsewhere: "gov-by" },
    { holder: "staff", elsewhere: "staff-by" },
  ] as const) {
    refusesWithoutItsGrant({
      ...role,
      permission: "cycle.create",
      writer: `createCycle (${role.holder})`,
      call: (db, g) => createCycle(db, g, QINGSHAN, { year: String(OPEN_YEAR + 1) }, testNow()),
    });
    refusesWithoutItsGrant({
      ...role,
      permission: "cycle.advance",
      writer: `advanceCycle (${role.holder})`,
      call: async (db, g) => {
        // The move itself would be refused too (监督评估 is the last stage): the grant is checked first.
        const cycle = await getCycle(db, QINGSHAN, SUPERVISED);
        return advanceCycle(db, g, cycle, { from: cycle.stage, to: cycle.stage }, testNow());
      },
    });
  }
});

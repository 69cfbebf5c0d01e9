// Each writer of meetings and attendance refuses without its grant (test/worker/grants.ts).
import { beforeAll, describe } from "vitest";
import {
  createMeeting,
  listMeetings,
  markAttendance,
  servingDeputies,
} from "../../../src/features/voting/attendance";
import { getCycle } from "../../../src/platform/cycle/cycles";
import type { Db } from "../../../src/platform/data/db";
import { seeded, testNow } from "../../worker/client";
import { QINGSHAN, SUPERVISED } from "../../worker/fixtures";
import { refusesWithoutItsGrant } from "../../worker/grants";

/** 青山旗's voted year and the meeting it voted at. */
async function held(db: Db) {
  const cycle = await getCycle(db, QINGSHAN, SUPERVISED);
  const [meeting] = await listMeetings(db, cycle.id);
  if (!meeting) throw new Error("the demo's voted year has a meeting");
  return { cycle, meeting };
}

// Seeding the demo can take longer than one test may on a busy machine: seed it first.
beforeAll(() => seeded(), 60_000);

describe("attendance writers", () => {
  const staff = { permission: "vote.manage", holder: "staff", elsewhere: "staff-by" } as const;
  refusesWithoutItsGrant({
    ...staff,
    writer: "createMeeting",
    call: async (db, g) => {
      const { cycle } = await held(db);
      return createMeeting(db, g, cycle, { title: "临时会议", heldOn: `${SUPERVISED}-06-30` }, testNow());
    },
  });
  refusesWithoutItsGrant({
    ...staff,
    writer: "markAttendance",
    call: async (db, g) => {
      const { cycle, meeting } = await held(db);
      const ids = (await servingDeputies(db, QINGSHAN)).map((d) => d.id);
      return markAttendance(db, g, cycle, meeting, ids.slice(0, 10), ids, testNow());
    },
  });
});

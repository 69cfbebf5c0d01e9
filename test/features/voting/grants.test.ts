// Each writer of the vote refuses without its grant (test/worker/grants.ts).
import { beforeAll, describe } from "vitest";
import {
  closeVote,
  createRunoff,
  createVote,
  freezeVote,
  listVotes,
  openVote,
  updateRules,
} from "../../../src/features/voting/votes";
import { getCycle } from "../../../src/platform/cycle/cycles";
import type { Db } from "../../../src/platform/data/db";
import { seeded, testNow } from "../../worker/client";
import { QINGSHAN, SUPERVISED } from "../../worker/fixtures";
import { refusesWithoutItsGrant } from "../../worker/grants";

/** 青山旗's voted year and its first vote. */
async function voted(db: Db) {
  const cycle = await getCycle(db, QINGSHAN, SUPERVISED);
  const [vote] = await listVotes(db, cycle.id);
  if (!vote) throw new Error("the demo's voted year has a vote");
  return { cycle, vote };
}

// The demo first, outside the cases' time limit (a loaded machine takes more than five seconds).
beforeAll(() => seeded(), 60_000);

describe("voting writers", () => {
  const staff = { permission: "vote.manage", holder: "staff", elsewhere: "staff-by" } as const;
  refusesWithoutItsGrant({
    ...staff,
    writer: "createVote",
    call: async (db, g) => {
      const { cycle, vote } = await voted(db);
      const rules = { title: "票决", places: "1", form: "per_candidate", base: "all" };
      return createVote(db, g, cycle, vote.meetingId, rules, [], testNow());
    },
  });
  refusesWithoutItsGrant({
    ...staff,
    writer: "updateRules",
    call: async (db, g) => {
      const { cycle, vote } = await voted(db);
      return updateRules(
        db,
        g,
        cycle,
        vote,
        { title: "改", places: "1", form: "per_candidate", base: "all" },
        testNow(),
      );
    },
  });
  refusesWithoutItsGrant({
    ...staff,
    writer: "freezeVote",
    call: async (db, g) => {
      const { cycle, vote } = await voted(db);
      return freezeVote(db, g, cycle, vote, testNow());
    },
  });
  refusesWithoutItsGrant({
    ...staff,
    writer: "openVote",
    call: async (db, g) => {
      const { cycle, vote } = await voted(db);
      return openVote(db, g, cycle, vote, testNow());
    },
  });
  refusesWithoutItsGrant({
    ...staff,
    writer: "closeVote",
    call: async (db, g) => {
      const { cycle, vote } = await voted(db);
      return closeVote(db, g, cycle, vote, testNow());
    },
  });
  refusesWithoutItsGrant({
    ...staff,
    writer: "createRunoff",
    call: async (db, g) => {
      const { cycle, vote } = await voted(db);
      return createRunoff(db, g, cycle, vote, testNow());
    },
  });
});

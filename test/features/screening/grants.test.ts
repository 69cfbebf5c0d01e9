// Each writer of the screening stage refuses without its grant (test/worker/grants.ts).
import { beforeAll, describe } from "vitest";
import { saveCandidate } from "../../../src/features/screening/candidates";
import { handOver, returnList } from "../../../src/features/screening/handover";
import { decide } from "../../../src/features/screening/screening";
import { getCycle } from "../../../src/platform/cycle/cycles";
import type { Db } from "../../../src/platform/data/db";
import { seeded, testNow } from "../../worker/client";
import { QINGSHAN, SUPERVISED } from "../../worker/fixtures";
import { refusesWithoutItsGrant } from "../../worker/grants";

/** 青山旗's year in 监督评估: its list was handed over, so every writer has something to touch. */
const cycleOf = (db: Db) => getCycle(db, QINGSHAN, SUPERVISED);

// The demo, seeded before the first case's clock starts.
beforeAll(async () => {
  await seeded();
});

describe("screening writers", () => {
  const gov = { holder: "gov", elsewhere: "gov-by" } as const;
  refusesWithoutItsGrant({
    ...gov,
    writer: "decide",
    permission: "proposal.screen",
    call: async (db, g) =>
      decide(db, g, await cycleOf(db), { action: "reserve", ids: "1", reason: "储备" }, testNow()),
  });
  refusesWithoutItsGrant({
    ...gov,
    writer: "saveCandidate",
    permission: "candidate.edit",
    call: async (db, g) =>
      saveCandidate(db, g, await cycleOf(db), { name: "候选项目", locationCode: QINGSHAN }, testNow()),
  });
  refusesWithoutItsGrant({
    ...gov,
    writer: "handOver",
    permission: "candidate.edit",
    call: async (db, g) =>
      handOver(db, g, await cycleOf(db), { report: "候选项目形成情况的报告。" }, testNow()),
  });
  refusesWithoutItsGrant({
    writer: "returnList",
    permission: "handover.return",
    holder: "staff",
    elsewhere: "staff-by",
    call: async (db, g) => returnList(db, g, await cycleOf(db), { reason: "请补充" }, testNow()),
  });
});

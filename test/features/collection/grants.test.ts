// Each writer of the collection stage that needs a permission refuses without its grant
// (test/worker/grants.ts). Proposals themselves need none: the public and deputies make them.
import { beforeAll, describe } from "vitest";
import { getCycle } from "../../../src/platform/cycle/cycles";
import { saveNotice } from "../../../src/platform/cycle/notices";
import { testNow } from "../../worker/client";
import { collecting, OPEN_YEAR, QINGSHAN } from "../../worker/fixtures";
import { refusesWithoutItsGrant } from "../../worker/grants";

const NOTICE = {
  title: "关于征集民生实事项目的公告",
  scope: "范围",
  exclusions: "负面清单",
  channels: "渠道",
  opensOn: "2026-09-01",
  closesOn: "2026-09-30",
};

// 青山旗's cycle in 项目征集, where a notice could be saved; made before the harness counts audit entries.
beforeAll(async () => {
  await collecting();
});

describe("collection writers", () => {
  refusesWithoutItsGrant({
    writer: "saveNotice",
    permission: "notice.edit",
    holder: "gov",
    elsewhere: "gov-by",
    call: async (db, g) =>
      saveNotice(db, g, await getCycle(db, QINGSHAN, OPEN_YEAR), NOTICE, true, testNow()),
  });
});

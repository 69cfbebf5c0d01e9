// Each writer of administration, the roster and deputies' credentials refuses without its grant
// (test/worker/grants.ts).
import { and, eq } from "drizzle-orm";
import { beforeAll, describe } from "vitest";
import {
  createAccount,
  createJurisdiction,
  deactivateAccount,
  resetPassword,
} from "../../../src/features/admin/accounts";
import { issueCredentials, revokeCredential } from "../../../src/platform/auth/credentials";
import type { Db } from "../../../src/platform/data/db";
import { deputies, users } from "../../../src/platform/data/schema";
import { importRoster } from "../../../src/platform/roster/roster";
import { seeded, testNow } from "../../worker/client";
import { QINGSHAN } from "../../worker/fixtures";
import { refusesWithoutItsGrant } from "../../worker/grants";

async function accountId(db: Db, username: string): Promise<number> {
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
  if (!u) throw new Error(`the demo has the account ${username}`);
  return u.id;
}

/** A serving deputy of 青山旗. */
async function deputyId(db: Db): Promise<number> {
  const [d] = await db
    .select({ id: deputies.id })
    .from(deputies)
    .where(and(eq(deputies.jurisdictionCode, QINGSHAN), eq(deputies.status, "active")))
    .limit(1);
  if (!d) throw new Error("the demo has deputies in 青山旗");
  return d.id;
}

// The demo, once, before the first case (seeding takes longer than a test may).
beforeAll(async () => {
  await seeded();
}, 120_000);

describe("administration writers", () => {
  const admin = { permission: "admin.manage", holder: "admin" } as const;
  refusesWithoutItsGrant({
    ...admin,
    writer: "createAccount",
    call: (db, g) =>
      createAccount(
        db,
        g,
        {
          username: "grant-test",
          displayName: "测试",
          role: "gov",
          jurisdiction: QINGSHAN,
          password: "a-long-enough-password",
        },
        testNow(),
      ),
  });
  refusesWithoutItsGrant({
    ...admin,
    writer: "deactivateAccount",
    call: async (db, g) => deactivateAccount(db, g, await accountId(db, "gov"), testNow()),
  });
  refusesWithoutItsGrant({
    ...admin,
    writer: "resetPassword",
    call: async (db, g) =>
      resetPassword(db, g, await accountId(db, "gov"), { password: "another-long-password" }, testNow()),
  });
  refusesWithoutItsGrant({
    ...admin,
    writer: "createJurisdiction",
    call: (db, g) =>
      createJurisdiction(
        db,
        g,
        { parent: QINGSHAN, code: "159921199", name: "测试镇", nameEn: "Test Town" },
        testNow(),
      ),
  });
});

describe("roster and credential writers", () => {
  const staff = { holder: "staff", elsewhere: "staff-by" } as const;
  refusesWithoutItsGrant({
    ...staff,
    permission: "roster.write",
    writer: "importRoster",
    call: (db, g) =>
      importRoster(
        db,
        g,
        QINGSHAN,
        { term: "30" },
        [
          ["代表证号", "姓名", "代表团"],
          ["1", "测试", "一团"],
        ],
        testNow(),
      ),
  });
  refusesWithoutItsGrant({
    ...staff,
    permission: "credential.manage",
    writer: "issueCredentials",
    call: async (db, g) => issueCredentials(db, g, QINGSHAN, [await deputyId(db)], {}, testNow()),
  });
  refusesWithoutItsGrant({
    ...staff,
    permission: "credential.manage",
    writer: "revokeCredential",
    call: async (db, g) => revokeCredential(db, g, QINGSHAN, await deputyId(db), testNow()),
  });
});

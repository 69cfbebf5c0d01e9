// The harness behind each feature's grants.test.ts: a domain writer refuses to act unless it is
// handed a grant that `requireAccess` issued, for its own permission, in the written object's
// jurisdiction, and it writes nothing (not even an audit entry) when it refuses.
import { count } from "drizzle-orm";
import { expect, it } from "vitest";
import type { Grant, Permission } from "../../src/platform/auth/permissions";
import type { Db } from "../../src/platform/data/db";
import { auditLog } from "../../src/platform/data/schema";
import { actorOf, seeded } from "./client";
import { grantFor } from "./fixtures";

export interface WriterCase<P extends Permission> {
  /** The writer's name, for the test title. */
  writer: string;
  permission: P;
  /** A demo account of 青山旗 (or above it) whose role holds `permission`. */
  holder: string;
  /** The same role in another jurisdiction (白云旗), when the demo has one. */
  elsewhere?: string;
  /** A permission `holder` also holds (default: one its role has), to prove the kind is checked. */
  other?: Permission;
  /** Calls the writer on an object of the holder's jurisdiction, with `grant`. */
  call: (db: Db, grant: Grant<P>) => Promise<unknown>;
}

const auditRows = async (db: Db) => (await db.select({ n: count() }).from(auditLog))[0]?.n ?? 0;

/** Another permission `role` holds, for the "wrong kind of grant" check. */
function otherPermission(holder: string, permission: Permission): Permission {
  const candidates: Permission[] = ["supervision.read", "audit.read", "project.flags"];
  if (holder.startsWith("unit"))
    return permission === "problem.rectify" ? "supervision.read" : "problem.rectify";
  return candidates.find(
    (p) => p !== permission && !(p === "audit.read" && holder.startsWith("gov")),
  ) as Permission;
}

export function refusesWithoutItsGrant<P extends Permission>(c: WriterCase<P>) {
  it(`${c.writer} refuses without a grant of ${c.permission} for the object's jurisdiction`, async () => {
    const db = await seeded();
    const actor = await actorOf(c.holder);
    const before = await auditRows(db);
    const real = await grantFor(db, actor, c.permission);

    // A look-alike object with the right fields, not issued by requireAccess.
    const forged = {
      actor,
      jurisdiction: real.jurisdiction,
      permission: c.permission,
    } as unknown as Grant<P>;
    await expect(c.call(db, forged)).rejects.toMatchObject({ code: "forbidden" });

    // A real grant, but of another permission.
    const wrongKind = (await grantFor(
      db,
      actor,
      c.other ?? otherPermission(c.holder, c.permission),
    )) as unknown as Grant<P>;
    await expect(c.call(db, wrongKind)).rejects.toMatchObject({ code: "forbidden" });

    // A real grant of the same permission, issued in another jurisdiction.
    if (c.elsewhere) {
      const there = await grantFor(db, await actorOf(c.elsewhere), c.permission);
      await expect(c.call(db, there)).rejects.toMatchObject({ code: "not_found" });
    }
    expect(await auditRows(db)).toBe(before);
  });
}

// The audit log: append-only in the database, hash-chained, and the chain check finds an edit.
import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { commitWithAudit, verifyChain } from "../../../src/platform/audit/audit";
import { auditLog } from "../../../src/platform/data/schema";
import { Client, seeded, testNow } from "../../worker/client";
import { SUPERVISED } from "../../worker/fixtures";

const J = "159922101"; // 柳林乡

beforeAll(async () => {
  await seeded();
});

describe("audit log", () => {
  it("keeps a gapless chain when many writers append at once", async () => {
    const db = await seeded();
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        commitWithAudit(db, {
          jurisdictionCode: J,
          at: testNow(),
          actor: null,
          action: "test.concurrent",
          target: `t:${i}`,
        }),
      ),
    );
    const rows = await db.select().from(auditLog).where(eq(auditLog.jurisdictionCode, J));
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(rows.filter((r) => r.action === "test.concurrent")).toHaveLength(12);
    expect(await verifyChain(db, J)).toEqual({ ok: true, entries: rows.length });
  });

  it("refuses UPDATE and DELETE in the database itself", async () => {
    await expect(
      env.DB.prepare("UPDATE audit_log SET action = 'x' WHERE jurisdiction_code = ?").bind(J).run(),
    ).rejects.toThrow(/append-only/);
    await expect(
      env.DB.prepare("DELETE FROM audit_log WHERE jurisdiction_code = ?").bind(J).run(),
    ).rejects.toThrow(/append-only/);
  });

  it("detects an edited entry (after someone with database access drops the guard)", async () => {
    const db = await seeded();
    const before = await verifyChain(db, J);
    expect(before.ok).toBe(true);
    await env.DB.exec("DROP TRIGGER audit_log_no_update");
    try {
      await env.DB.prepare("UPDATE audit_log SET target = 't:forged' WHERE jurisdiction_code = ? AND seq = 5")
        .bind(J)
        .run();
      expect(await verifyChain(db, J)).toEqual({ ok: false, entries: 4, brokenAt: 5 });
    } finally {
      await env.DB.exec(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;",
      );
    }
  });

  it("detects a removed entry", async () => {
    const db = await seeded();
    const k = "159922102";
    for (let i = 0; i < 4; i++)
      await commitWithAudit(db, {
        jurisdictionCode: k,
        at: testNow(),
        actor: null,
        action: "t",
        target: String(i),
      });
    await env.DB.exec("DROP TRIGGER audit_log_no_delete");
    try {
      await db.delete(auditLog).where(and(eq(auditLog.jurisdictionCode, k), eq(auditLog.seq, 2)));
      const verdict = await verifyChain(db, k);
      expect(verdict.ok).toBe(false);
    } finally {
      await env.DB.exec(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;",
      );
    }
  });

  it("writes the entry in the same batch as the change: a failed change leaves no entry", async () => {
    const db = await seeded();
    const count = async () =>
      (await db.select().from(auditLog).where(eq(auditLog.jurisdictionCode, "159921"))).length;
    const n = await count();
    const staff = await new Client().loginStaff("staff");
    // Creating a cycle for a year that exists fails validation before anything is written…
    const year = SUPERVISED;
    expect((await staff.post("/j/159921/cycles", { year: String(year) })).status).toBe(400);
    expect(await count()).toBe(n);
    // …and a cycle that is created brings exactly one entry.
    expect((await staff.post("/j/159921/cycles", { year: String(year + 5) })).status).toBe(303);
    expect(await count()).toBe(n + 1);
  });

  it("shows the log and the chain check to staff", async () => {
    const staff = await new Client().loginStaff("staff");
    const page = await staff.get("/j/159921/audit?verify=1");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("日志链完整");
    const api = await staff.get("/api/jurisdictions/159921/audit/verify");
    expect(((await api.json()) as { ok: boolean }).ok).toBe(true);
  });
});

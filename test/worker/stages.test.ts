// The cycle's stages: every illegal move is refused (by the pure function and through the routes),
// a legal move is recorded in the audit log, and a doubled request moves the cycle once.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, cycles } from "../../src/data/schema";
import type { Role } from "../../src/domain/actor";
import { checkAdvance, STAGES, type Stage } from "../../src/domain/stages";
import { Client, seeded } from "./client";

const ROLES: Role[] = ["admin", "staff", "gov", "unit", "city", "deputy"];
/** Who leaves each stage, written out from DOMAIN.md independently of src/domain/stages.ts. */
const MOVER: Record<Stage, Role | null> = {
  collect: "gov",
  screen: "gov",
  deliberate: "staff",
  vote: "staff",
  supervise: null,
};
const FACTS = { activeDeputies: 10 };

describe("checkAdvance (pure)", () => {
  const all = STAGES.flatMap((from) => STAGES.flatMap((to) => ROLES.map((role) => ({ from, to, role }))));
  it.each(all)("$from → $to by $role", ({ from, to, role }) => {
    const verdict = checkAdvance(from, to, role, FACTS);
    const legal = STAGES.indexOf(to) === STAGES.indexOf(from) + 1 && MOVER[from] === role;
    expect(verdict.ok).toBe(legal);
    if (!verdict.ok) {
      const wrongStep = STAGES.indexOf(to) !== STAGES.indexOf(from) + 1;
      expect(verdict.code).toBe(wrongStep ? "illegal_transition" : "forbidden");
    }
  });

  it("refuses to enter deliberation without a roster", () => {
    const verdict = checkAdvance("deliberate", "vote", "staff", { activeDeputies: 0 });
    expect(verdict).toEqual({ ok: false, code: "illegal_transition", reason: "stage.reason.no_roster" });
  });
});

describe("moving a cycle through the API", () => {
  const year = new Date().getUTCFullYear() + 1;
  const path = `/api/jurisdictions/159921/cycles/${year}/advance`;
  let gov: Client;
  let staff: Client;
  const stageNow = async () => {
    const db = await seeded();
    const [row] = await db
      .select()
      .from(cycles)
      .where(and(eq(cycles.jurisdictionCode, "159921"), eq(cycles.year, year)));
    return row?.stage;
  };

  beforeAll(async () => {
    await seeded();
    gov = await new Client().loginStaff("gov");
    staff = await new Client().loginStaff("staff");
  });

  it("refuses skipping, going back and the wrong role, and changes nothing", async () => {
    for (const [client, body] of [
      [gov, { from: "collect", to: "deliberate" }],
      [gov, { from: "collect", to: "collect" }],
      [staff, { from: "collect", to: "screen" }],
    ] as const) {
      const res = await client.json(path, "POST", body);
      expect(res.status).toBeGreaterThanOrEqual(403);
      const err = ((await res.json()) as { error: { code: string; reason: string } }).error;
      expect(["illegal_transition", "forbidden"]).toContain(err.code);
      expect(err.reason.length).toBeGreaterThan(0);
    }
    expect(await stageNow()).toBe("collect");
  });

  it("moves once on a doubled request and records the move in the audit log", async () => {
    const db = await seeded();
    const before = await db.select().from(auditLog).where(eq(auditLog.jurisdictionCode, "159921"));
    const [a, b] = await Promise.all([
      gov.json(path, "POST", { from: "collect", to: "screen" }),
      gov.json(path, "POST", { from: "collect", to: "screen" }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(await stageNow()).toBe("screen");
    const after = await db.select().from(auditLog).where(eq(auditLog.jurisdictionCode, "159921"));
    const moves = after.slice(before.length).filter((e) => e.action === "cycle.advance");
    expect(moves).toHaveLength(1);
    expect(JSON.parse(moves[0]?.detail ?? "{}")).toEqual({ from: "collect", to: "screen" });
  });

  it("goes back never, and ends at 监督评估", async () => {
    expect((await gov.json(path, "POST", { from: "screen", to: "collect" })).status).toBe(409);
    expect((await gov.json(path, "POST", { from: "screen", to: "deliberate" })).status).toBe(200);
    expect((await gov.json(path, "POST", { from: "deliberate", to: "vote" })).status).toBe(403);
    expect((await staff.json(path, "POST", { from: "deliberate", to: "vote" })).status).toBe(200);
    expect((await staff.json(path, "POST", { from: "vote", to: "supervise" })).status).toBe(200);
    const last = await staff.json(path, "POST", { from: "supervise", to: "supervise" });
    expect(last.status).toBe(409);
    expect(((await last.json()) as { error: { code: string } }).error.code).toBe("illegal_transition");
    expect(await stageNow()).toBe("supervise");
  });

  it("moves through the pages with a confirmation step", async () => {
    const db = await seeded();
    const y = year + 1;
    expect((await gov.post("/j/159921/cycles", { year: String(y) })).status).toBe(303);
    const confirm = await gov.get(`/j/159921/${y}/advance?to=screen`);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain("不可撤回");
    const res = await gov.post(`/j/159921/${y}/advance`, { from: "collect", to: "screen" });
    expect(res.status).toBe(303);
    const [row] = await db
      .select()
      .from(cycles)
      .where(and(eq(cycles.jurisdictionCode, "159921"), eq(cycles.year, y)));
    expect(row?.stage).toBe("screen");
  });
});

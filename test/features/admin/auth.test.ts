// Sign-in: wrong passwords, expired and revoked credentials, and too many attempts are refused
// with clear messages; a hall of deputies on one address is never locked out; sessions end.
import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_DEPUTY_CODE } from "../../../src/demo/seed";
import { issueCredentials } from "../../../src/platform/auth/credentials";
import { deputies, deputyCredentials, sessions, users } from "../../../src/platform/data/schema";
import { actorOf, Client, seeded, testNow } from "../../worker/client";
import { grantFor } from "../../worker/fixtures";

/** 青山旗 staff's grant to issue credentials. */
async function staffGrant() {
  return grantFor(await seeded(), await actorOf("staff"), "credential.manage");
}

beforeAll(async () => {
  await seeded();
});

describe("staff sign-in", () => {
  it("refuses a wrong password with a clear message and sets no session", async () => {
    const c = new Client("192.0.2.10");
    const res = await c.post("/login", { username: "gov", password: "wrong" });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain("用户名或密码不正确");
    expect(c.cookies.has("ms_session")).toBe(false);
  });

  it("sets a HttpOnly, Secure, SameSite session cookie and ends it on sign-out", async () => {
    const c = new Client("192.0.2.11");
    await c.get("/login");
    const res = await c.post("/login", { username: "gov", password: "minsheng-demo" });
    expect(res.status).toBe(303);
    const cookie = res.headers.getAll("set-cookie").find((l) => l.startsWith("ms_session="));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const token = c.cookies.get("ms_session") ?? "";
    expect(token.length).toBeGreaterThanOrEqual(22); // ≥128 bits in base64url
    expect((await c.get("/me")).status).toBe(200);
    // The database holds only a hash of the token.
    const db = await seeded();
    const rows = await db.select().from(sessions);
    expect(rows.some((r) => r.tokenHash === token)).toBe(false);
    expect((await c.post("/logout")).status).toBe(303);
    const again = new Client("192.0.2.11");
    again.cookies.set("ms_session", token);
    expect((await again.get("/me")).status).toBe(303);
  });

  it("treats an expired session as signed out", async () => {
    const c = await new Client("192.0.2.12").loginStaff("unit");
    const db = await seeded();
    const [u] = await db.select().from(users).where(eq(users.username, "unit"));
    await db
      .update(sessions)
      .set({ expiresAt: testNow() - 1 })
      .where(eq(sessions.userId, u?.id ?? 0));
    expect((await c.get("/me")).status).toBe(303);
  });

  it("locks an account after 5 failures, even for the right password, and says so", async () => {
    const c = new Client("192.0.2.13");
    for (let i = 0; i < 5; i++)
      expect((await c.post("/login", { username: "city", password: `x${i}` })).status).toBe(401);
    const res = await c.post("/login", { username: "city", password: "minsheng-demo" });
    expect(res.status).toBe(429);
    expect(await res.text()).toContain("尝试次数过多");
    // Another account from another address is unaffected.
    expect(
      (await new Client("192.0.2.14").post("/login", { username: "admin", password: "minsheng-demo" }))
        .status,
    ).toBe(303);
  });

  it("limits failures per address across accounts", async () => {
    const c = new Client("192.0.2.15");
    for (let i = 0; i < 100; i++) await c.post("/login", { username: `nobody${i}`, password: "x" });
    const res = await c.post("/login", { username: "staff-by", password: "minsheng-demo" });
    expect(res.status).toBe(429);
  }, 60_000);
});

describe("deputy sign-in", () => {
  it("signs in with the demo code typed loosely (lower case, no dashes)", async () => {
    const c = new Client("192.0.2.20");
    const res = await c.post("/login/deputy", { code: DEMO_DEPUTY_CODE.toLowerCase().replace(/-/g, "") });
    expect(res.status).toBe(303);
    expect(await (await c.get("/me")).text()).toContain("人大代表");
  });

  it("refuses an unknown, an expired and a revoked code, each with its own message", async () => {
    const db = await seeded();
    const grant = await staffGrant();
    const ids = (
      await db
        .select({ id: deputies.id })
        .from(deputies)
        .where(eq(deputies.jurisdictionCode, "159921"))
        .limit(3)
    ).map((r) => r.id);
    const [, expiredSlip, revokedSlip] = await issueCredentials(
      db,
      grant,
      "159921",
      ids.slice(0, 3),
      {},
      testNow(),
    );
    const c = new Client("192.0.2.21");
    const unknown = await c.post("/login/deputy", { code: "2345-6789-ABCD" });
    expect(unknown.status).toBe(401);
    await db
      .update(deputyCredentials)
      .set({ expiresAt: testNow() - 1000 })
      .where(eq(deputyCredentials.deputyId, expiredSlip?.deputyId ?? 0));
    const expired = await c.post("/login/deputy", { code: expiredSlip?.code ?? "" });
    expect(expired.status).toBe(401);
    expect(await expired.text()).toContain("已过期");
    await db
      .update(deputyCredentials)
      .set({ revokedAt: testNow() })
      .where(eq(deputyCredentials.deputyId, revokedSlip?.deputyId ?? 0));
    const revoked = await c.post("/login/deputy", { code: revokedSlip?.code ?? "" });
    expect(revoked.status).toBe(401);
    expect(await revoked.text()).toContain("已作废");
  });

  it("reissuing a slip revokes the old code and signs the old device out", async () => {
    const db = await seeded();
    const grant = await staffGrant();
    const [d] = await db
      .select()
      .from(deputies)
      .where(and(eq(deputies.jurisdictionCode, "159921"), eq(deputies.number, "010")));
    const [first] = await issueCredentials(db, grant, "159921", [d?.id ?? 0], {}, testNow());
    const phone = new Client("192.0.2.22");
    expect((await phone.post("/login/deputy", { code: first?.code ?? "" })).status).toBe(303);
    const [second] = await issueCredentials(db, grant, "159921", [d?.id ?? 0], {}, testNow());
    expect((await phone.get("/me")).status).toBe(303);
    expect((await new Client("192.0.2.22").post("/login/deputy", { code: first?.code ?? "" })).status).toBe(
      401,
    );
    expect((await new Client("192.0.2.22").post("/login/deputy", { code: second?.code ?? "" })).status).toBe(
      303,
    );
  });

  it("lets a hall of 199 deputies sign in at once from one address, typos and all", async () => {
    const db = await seeded();
    const grant = await staffGrant();
    const ids = (
      await db
        .select({ id: deputies.id })
        .from(deputies)
        .where(and(eq(deputies.jurisdictionCode, "159921"), eq(deputies.status, "active")))
    ).map((r) => r.id);
    const slips = await issueCredentials(db, grant, "159921", ids, {}, testNow());
    const hall = "203.0.113.200";
    // Twenty deputies mistype first.
    for (let i = 0; i < 20; i++)
      expect((await new Client(hall).post("/login/deputy", { code: "2345-6789-ABCE" })).status).toBe(401);
    const results = await Promise.all(
      slips.map((s) => new Client(hall).post("/login/deputy", { code: s.code })),
    );
    expect(results.filter((r) => r.status === 303)).toHaveLength(slips.length);
    expect(slips.length).toBe(199);
  }, 120_000);
});

describe("environment", () => {
  it("runs the tests against the test environment, not local demo mode", () => {
    expect(env.ENVIRONMENT).toBe("test");
  });
});

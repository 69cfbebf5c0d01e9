// Security headers (with a real CSP) on every kind of response, and CSRF protection on every
// state-changing request: no token, a wrong token, or a foreign Origin change nothing.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { Client, seeded } from "../worker/client";

beforeAll(async () => {
  await seeded();
});

function expectSecurityHeaders(res: Response) {
  const csp = res.headers.get("content-security-policy") ?? "";
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("form-action 'self'");
  expect(csp).not.toContain("unsafe-inline");
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("x-frame-options")).toBe("DENY");
  expect(res.headers.get("strict-transport-security")).toContain("max-age=");
  expect(res.headers.get("referrer-policy")).toBe("same-origin");
}

describe("security headers", () => {
  it("are on pages, API answers, errors and redirects", async () => {
    const c = new Client();
    for (const path of [
      "/",
      "/j/159921",
      "/login",
      "/api/jurisdictions/159921",
      "/nope",
      "/api/nope",
      "/me",
    ]) {
      const res = await c.get(path);
      expectSecurityHeaders(res);
    }
  });
});

describe("CSRF", () => {
  const cycleCount = async () =>
    (await env.DB.prepare("SELECT count(*) AS n FROM cycles").first<{ n: number }>())?.n;

  it("refuses a form without the token, with a wrong token, or from another origin", async () => {
    const gov = await new Client().loginStaff("gov");
    const n = await cycleCount();
    const missing = await gov.post("/j/159921/cycles", { year: "2040" }, { csrf: null });
    expect(missing.status).toBe(403);
    expect(await missing.text()).toContain("页面已过期或来源不明");
    expect((await gov.post("/j/159921/cycles", { year: "2040" }, { csrf: "x".repeat(43) })).status).toBe(403);
    const foreign = await gov.fetch("/j/159921/cycles", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
      body: new URLSearchParams({ year: "2040", _csrf: gov.csrf }),
    });
    expect(foreign.status).toBe(403);
    expect(await cycleCount()).toBe(n);
    // The same request with the token goes through.
    expect((await gov.post("/j/159921/cycles", { year: "2040" })).status).toBe(303);
    expect(await cycleCount()).toBe((n ?? 0) + 1);
  });

  it("guards the JSON API and sign-in too", async () => {
    const c = new Client();
    await c.get("/login");
    const res = await c.fetch("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "staff", password: "minsheng-demo" }),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("csrf_failed");
    // A client that never received the cookie cannot post at all.
    const fresh = new Client();
    expect(
      (await fresh.post("/login", { username: "staff", password: "minsheng-demo" }, { csrf: "abc" })).status,
    ).toBe(403);
  });

  it("sets the CSRF cookie HttpOnly, Secure and SameSite", async () => {
    const res = await new Client().get("/login");
    const cookie = res.headers.getAll("set-cookie").find((l) => l.startsWith("ms_csrf="));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });
});

describe("demo accounts", () => {
  it("are never shown outside local mode", async () => {
    const html = await (await new Client().get("/login")).text();
    expect(html).not.toContain("minsheng-demo");
    expect(html).not.toContain("演示账号");
  });
});

// JSON API: sign-in, sign-out, and who am I.

import { loginDeputy, loginStaff, logout } from "../../../platform/auth/sessions";
import { createRouter } from "../../../platform/http/app";
import { clearCookie, readCookie, SESSION_COOKIE, writeCookie } from "../../../platform/http/cookies";
import { AppError } from "../../../platform/http/errors";
import { jsonBody } from "../../../platform/http/json-body";

export const authApi = createRouter();

const address = (h: string | undefined) => h ?? "local";

authApi.post("/auth/login", async (c) => {
  const s = await loginStaff(
    c.var.db,
    await jsonBody(c),
    address(c.req.header("cf-connecting-ip")),
    c.var.now,
  );
  writeCookie(c, SESSION_COOKIE, s.token, Math.ceil((s.expiresAt - c.var.now) / 1000));
  return c.json({ ok: true, expiresAt: s.expiresAt });
});

authApi.post("/auth/deputy-login", async (c) => {
  const s = await loginDeputy(
    c.var.db,
    await jsonBody(c),
    address(c.req.header("cf-connecting-ip")),
    c.var.now,
  );
  writeCookie(c, SESSION_COOKIE, s.token, Math.ceil((s.expiresAt - c.var.now) / 1000));
  return c.json({ ok: true, expiresAt: s.expiresAt });
});

authApi.post("/auth/logout", async (c) => {
  await logout(c.var.db, readCookie(c, SESSION_COOKIE) ?? "");
  clearCookie(c, SESSION_COOKIE);
  return c.json({ ok: true });
});

authApi.get("/me", (c) => {
  const a = c.var.actor;
  if (!a) throw new AppError("unauthenticated");
  return c.json({ kind: a.kind, id: a.id, role: a.role, name: a.name, jurisdiction: a.jurisdictionCode });
});

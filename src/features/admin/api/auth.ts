// JSON API: sign-in, sign-out, and who am I.
import type { Context } from "hono";
import { loginDeputy, loginStaff, logout } from "../../../platform/auth/sessions";
import { createRouter } from "../../../platform/http/app";
import { jsonBody } from "../../../platform/http/body";
import { clearCookie, readCookie, SESSION_COOKIE, writeCookie } from "../../../platform/http/cookies";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";

export const authApi = createRouter();

/** Signs in with `login` (staff or deputy) and sets the session cookie. */
function signIn(login: typeof loginStaff) {
  return async (c: Context<AppEnv>) => {
    const address = c.req.header("cf-connecting-ip") ?? "local";
    const s = await login(c.var.db, await jsonBody(c), address, c.var.now);
    writeCookie(c, SESSION_COOKIE, s.token, Math.ceil((s.expiresAt - c.var.now) / 1000));
    return c.json({ ok: true, expiresAt: s.expiresAt });
  };
}

authApi.post("/auth/login", signIn(loginStaff));
authApi.post("/auth/deputy-login", signIn(loginDeputy));

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

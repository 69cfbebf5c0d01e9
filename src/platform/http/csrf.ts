// CSRF protection for every state-changing request: a double-submit token (a random value in an
// HttpOnly cookie that each form repeats in a hidden `_csrf` field, or a script in the
// `x-csrf-token` header), plus a check that a present Origin header is our own.
import { createMiddleware } from "hono/factory";
import { randomToken, timingSafeEqual } from "../lib/crypto";
import { CSRF_COOKIE, readCookie, writeCookie } from "./cookies";
import type { AppEnv } from "./env";
import { AppError } from "./errors";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);
const encoder = new TextEncoder();

export const csrf = createMiddleware<AppEnv>(async (c, next) => {
  let token = readCookie(c, CSRF_COOKIE);
  const fresh = token?.length !== 43;
  if (fresh) token = randomToken(32);
  c.set("csrfToken", token as string);

  if (!SAFE.has(c.req.method)) {
    const origin = c.req.header("origin");
    if (origin && origin !== new URL(c.req.url).origin) throw new AppError("csrf_failed");
    if (fresh) throw new AppError("csrf_failed");
    let sent = c.req.header("x-csrf-token");
    if (!sent) {
      const type = c.req.header("content-type") ?? "";
      if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
        // Parsed already, and refused if unreadable, by `readableForms` (./body.ts): this reads its copy.
        const body = await c.req.parseBody();
        sent = typeof body._csrf === "string" ? body._csrf : undefined;
      }
    }
    if (!sent || !timingSafeEqual(encoder.encode(sent), encoder.encode(token as string))) {
      throw new AppError("csrf_failed");
    }
  }
  if (fresh) writeCookie(c, CSRF_COOKIE, token as string, 60 * 60 * 24 * 30);
  await next();
});

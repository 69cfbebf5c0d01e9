// Every cookie we set is HttpOnly, Secure and SameSite=Lax (browsers treat http://localhost as secure).
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

export const SESSION_COOKIE = "ms_session";
export const CSRF_COOKIE = "ms_csrf";
export const LANG_COOKIE = "ms_lang";

const BASE = { httpOnly: true, secure: true, sameSite: "Lax", path: "/" } as const;

export function readCookie(c: Context, name: string): string | undefined {
  return getCookie(c, name);
}

export function writeCookie(c: Context, name: string, value: string, maxAgeSeconds: number) {
  setCookie(c, name, value, { ...BASE, maxAge: maxAgeSeconds });
}

export function clearCookie(c: Context, name: string) {
  deleteCookie(c, name, BASE);
}

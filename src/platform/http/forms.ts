// Small helpers shared by the page routers.
import type { Context } from "hono";
import { translateLoose } from "../i18n";
import type { AppEnv } from "./env";
import { AppError, type FieldErrors } from "./errors";

/** The form fields of a POST as plain strings (files are left out; read them with `formFile`). */
export async function formFields(c: Context<AppEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === "string" && k !== "_csrf") out[k] = v;
  return out;
}

export async function formFile(c: Context<AppEnv>, name: string): Promise<File | null> {
  const body = await c.req.parseBody();
  const f = body[name];
  return f instanceof File ? f : null;
}

/** Runs `fn`; an invalid-input error comes back as translated field errors instead of a throw. */
export async function withFieldErrors<T>(
  c: Context<AppEnv>,
  fn: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; fields: Record<string, string>; error: AppError }> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (e instanceof AppError && e.code === "invalid_input") {
      return { ok: false, fields: translateFields(c, e.fields ?? {}), error: e };
    }
    throw e;
  }
}

export function translateFields(c: Context<AppEnv>, fields: FieldErrors): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).map(([k, key]) => [k, translateLoose(c.var.t, key, "field.invalid")]),
  );
}

export function requireActor(c: Context<AppEnv>) {
  const actor = c.var.actor;
  if (!actor) throw new AppError("unauthenticated");
  return actor;
}

export function jurisdictionName(c: Context<AppEnv>, j: { name: string; nameEn: string }): string {
  return c.var.locale === "en" ? j.nameEn : j.name;
}

// Small helpers shared by the page routers.
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { type MessageKey, translateLoose } from "../i18n";
import type { AppEnv } from "./env";
import { AppError, type ErrorCode, type FieldErrors } from "./errors";

/** A form shown again: what was typed, the errors by field, or one error for the whole form. */
export interface FormState {
  values?: Record<string, string>;
  fields?: Record<string, string>;
  error?: string;
}

/** A form sent back to be shown again, and the status to answer with (400 for invalid input, …). */
export interface SentBack extends FormState {
  status: ContentfulStatusCode;
}

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

/**
 * What a form shows when the domain refuses it, with the status to answer: invalid input as errors
 * by field, a refusal of one of `codes` as its reason. Any other error is thrown on.
 */
export function refusal(c: Context<AppEnv>, e: unknown, codes: readonly ErrorCode[]) {
  if (!(e instanceof AppError)) throw e;
  if (e.code === "invalid_input") return { status: e.status, fields: translateFields(c, e.fields ?? {}) };
  if (!codes.includes(e.code)) throw e;
  return { status: e.status, error: translateLoose(c.var.t, e.reason, `error.${e.code}` as MessageKey) };
}

export function requireActor(c: Context<AppEnv>) {
  const actor = c.var.actor;
  if (!actor) throw new AppError("unauthenticated");
  return actor;
}

export function jurisdictionName(c: Context<AppEnv>, j: { name: string; nameEn: string }): string {
  return c.var.locale === "en" ? j.nameEn : j.name;
}

// Pieces the pages of stages 1–2 share: the public list, the tracking page, the proposal form and
// the government's screening and candidate forms.
import type { Context } from "hono";
import type { AppEnv } from "../../../platform/http/env";
import { AppError, type ErrorCode } from "../../../platform/http/errors";
import { translateFields } from "../../../platform/http/forms";
import { type MessageKey, type Translator, translateLoose } from "../../../platform/i18n";
import type { outcomeParts } from "../../../platform/ui/outcome";
import { CATEGORIES } from "../proposals";

/** A form shown again: what was typed, the errors by field, or one error for the whole form. */
export interface FormState {
  values?: Record<string, string>;
  fields?: Record<string, string>;
  error?: string;
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

/** An outcome as its status in bold and the details that explain it. */
export function Outcome(props: { outcome: ReturnType<typeof outcomeParts> }) {
  return (
    <>
      <strong>{props.outcome.status}</strong>
      {props.outcome.details.map((d) => (
        <span class="detail">{d}</span>
      ))}
    </>
  );
}

/** The options of a category choice, after `first` ("—", or "all" in a filter). */
export function categoryOptions(t: Translator, first: string): [string, string][] {
  return [["", first], ...CATEGORIES.map((k) => [k, t(`category.${k}`)] as [string, string])];
}

/** The options of the status filter: every outcome, in the order the government decides them. */
export function statusOptions(t: Translator): [string, string][] {
  return [
    ["", t("list.all")],
    ...(["received", "accepted", "merged", "reserve", "rejected"] as const).map(
      (s) => [s, t(`status.${s}`)] as [string, string],
    ),
  ];
}

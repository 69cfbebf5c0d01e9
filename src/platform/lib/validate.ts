// valibot at every boundary. Schemas carry i18n keys ("field.*") as their messages; a failed parse
// becomes one AppError with field-level keys. The input itself is never echoed back or logged.
import * as v from "valibot";
import { AppError, type FieldErrors } from "../http/errors";

function fieldErrors(issues: readonly v.BaseIssue<unknown>[]): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const path = issue.path?.map((p) => String(p.key)).join(".") || "_";
    if (fields[path]) continue;
    fields[path] = issue.message.startsWith("field.") ? issue.message : "field.invalid";
  }
  return fields;
}

export function parse<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (!result.success) throw new AppError("invalid_input", { fields: fieldErrors(result.issues) });
  return result.output;
}

/**
 * A required single-line text field: trimmed, not empty, at most `max` characters. `empty` is the
 * message when it is empty (a reason the decision must give says so).
 */
export const requiredText = (max: number, empty = "field.required") =>
  v.pipe(v.string("field.required"), v.trim(), v.nonEmpty(empty), v.maxLength(max, "field.too_long"));

/** An optional text field: empty becomes undefined. */
export const optionalText = (max: number) =>
  v.pipe(
    v.optional(v.string("field.invalid"), ""),
    v.trim(),
    v.maxLength(max, "field.too_long"),
    v.transform((s) => (s === "" ? undefined : s)),
  );

/** A checkbox: checked when the form sends "1" or "on" (or JSON true), unchecked when it sends nothing. */
export const checkbox = v.pipe(
  v.optional(v.union([v.string(), v.boolean()]), ""),
  v.transform((x) => x === true || x === "1" || x === "on"),
);

/** An integer given as a form string or a JSON number. */
export const intField = (min: number, max: number) =>
  v.pipe(
    v.union(
      [
        v.number("field.number"),
        v.pipe(
          v.string("field.number"),
          v.trim(),
          v.nonEmpty("field.required"),
          v.regex(/^-?\d+$/, "field.number"),
        ),
      ],
      "field.number",
    ),
    v.transform(Number),
    v.integer("field.number"),
    v.minValue(min, "field.out_of_range"),
    v.maxValue(max, "field.out_of_range"),
  );

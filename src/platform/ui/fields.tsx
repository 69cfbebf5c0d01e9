// Form fields: one shell (label, hint, error, tied together for screen readers) around the text
// input, select, textarea and file input; a checkbox, a list of ticks and the options of a choice;
// the draft-or-publish buttons; and a small binder that pairs each field with its value and error.
import type { Child } from "hono/jsx";

interface ShellProps {
  name: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
}

/** The attributes that tie a control to its shell's hint and error. */
function controlAria(p: Pick<ShellProps, "name" | "hint" | "error">) {
  const id = `f-${p.name}`;
  const describedBy = [p.hint ? `${id}-hint` : "", p.error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return { id, "aria-invalid": p.error ? "true" : undefined, "aria-describedby": describedBy || undefined };
}

function FieldShell(props: ShellProps & { children: Child }) {
  const id = `f-${props.name}`;
  return (
    <div class={props.error ? "field has-error" : "field"}>
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="error" id={`${id}-error`}>
          {props.error}
        </p>
      ) : null}
      {props.children}
    </div>
  );
}

export function Field(
  props: ShellProps & {
    type?: string;
    value?: string | number | undefined;
    autocomplete?: string;
    required?: boolean;
    inputmode?: "numeric" | "decimal" | "tel" | "text";
    min?: number;
    max?: number;
  },
) {
  return (
    <FieldShell {...props}>
      <input
        {...controlAria(props)}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value === undefined ? undefined : String(props.value)}
        autocomplete={props.autocomplete}
        required={props.required}
        inputmode={props.inputmode}
        min={props.min}
        max={props.max}
      />
    </FieldShell>
  );
}

export function Select(props: ShellProps & { options: [string, string][]; value?: string | undefined }) {
  return (
    <FieldShell {...props}>
      <select {...controlAria(props)} name={props.name}>
        {props.options.map(([v, label]) => (
          <option value={v} selected={v === props.value}>
            {label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function TextArea(
  props: ShellProps & { value?: string | undefined; required?: boolean; rows?: number },
) {
  return (
    <FieldShell {...props}>
      <textarea {...controlAria(props)} name={props.name} rows={props.rows ?? 4} required={props.required}>
        {props.value ?? ""}
      </textarea>
    </FieldShell>
  );
}

/** A file input (a browser never shows a chosen file back: no value); `data` becomes data-* attributes. */
export function FileField(
  props: ShellProps & { accept: string; multiple?: boolean; data?: Record<string, string> },
) {
  const data = Object.fromEntries(Object.entries(props.data ?? {}).map(([k, v]) => [`data-${k}`, v]));
  return (
    <FieldShell {...props}>
      <input
        {...controlAria(props)}
        name={props.name}
        type="file"
        accept={props.accept}
        multiple={props.multiple}
        {...data}
      />
    </FieldShell>
  );
}

/** The options of a choice among `keys`, each shown as `label(key)` (usually a catalogue key per value). */
export function choices<K extends string>(keys: readonly K[], label: (key: K) => string): [string, string][] {
  return keys.map((k) => [k, label(k)]);
}

/** One choice of a list of checkboxes: `name` is sent once for each ticked `value`. */
export function Tick(props: {
  name: string;
  value: string | number;
  checked?: boolean;
  class?: string;
  children: Child;
}) {
  return (
    <label class={props.class}>
      <input type="checkbox" name={props.name} value={String(props.value)} checked={props.checked} />{" "}
      {props.children}
    </label>
  );
}

/**
 * A checkbox with its label beside it, sent as "1" when ticked; it starts ticked when `value` is "1"
 * or "true" (a stored flag). An error stands above it, tied to it for screen readers.
 */
export function Checkbox(props: {
  name: string;
  label: Child;
  value?: string | undefined;
  error?: string | undefined;
}) {
  const id = `f-${props.name}`;
  return (
    <div class={props.error ? "field has-error" : "field"}>
      {props.error ? (
        <p class="error" id={`${id}-error`}>
          {props.error}
        </p>
      ) : null}
      <label class="check">
        <input
          type="checkbox"
          name={props.name}
          value="1"
          checked={props.value === "1" || props.value === "true"}
          {...controlAria(props)}
        />{" "}
        {props.label}
      </label>
    </div>
  );
}

/** A form's two ways out: keep it as a draft (`publish` 0), or publish it (`publish` 1). */
export function DraftOrPublish(props: { draft: string; publish: string }) {
  return (
    <p class="buttons">
      <button type="submit" name="publish" value="0" class="secondary">
        {props.draft}
      </button>{" "}
      <button type="submit" name="publish" value="1">
        {props.publish}
      </button>
    </p>
  );
}

/**
 * Pairs each field of a form with what the user typed and its error:
 * `const f = bindForm(values, errors); <Field {...f("title")} label=… />`.
 */
export function bindForm(values: Record<string, string | undefined>, errors: Record<string, string> = {}) {
  return (name: string) => ({ name, value: values[name], error: errors[name] });
}

// Pieces the pages of stages 1–2 share: the public list, the tracking page, the proposal form and
// the government's screening and candidate forms.
import type { Translator } from "../../../platform/i18n";
import { choices } from "../../../platform/ui/fields";
import type { outcomeParts } from "../../../platform/ui/outcome";
import { CATEGORIES } from "../proposals";

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
  return [["", first], ...choices(CATEGORIES, (k) => t(`category.${k}`))];
}

/** The options of the status filter: every outcome, in the order the government decides them. */
export function statusOptions(t: Translator): [string, string][] {
  return [
    ["", t("list.all")],
    ...choices(["received", "accepted", "merged", "reserve", "rejected"], (s) => t(`status.${s}`)),
  ];
}

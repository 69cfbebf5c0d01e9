// A vote's rules (票决办法) on the console: the form fields (create, and edit while a draft), their
// defaults, and the frozen rules in one sentence.
import type { Vote } from "../../../platform/data/schema";
import type { Translator } from "../../../platform/i18n";
import { bindForm, Checkbox, choices, Field, Select } from "../../../platform/ui/fields";

/** A new vote's rules: `places` of the candidates, ticks up to the places, more than half of all. */
export function ruleDefaults(t: Translator, places: number): Record<string, string> {
  return {
    title: t("vote.default_title"),
    places: String(places),
    form: "per_candidate",
    maxTicks: String(places),
    base: "all",
    thresholdNumerator: "1",
    thresholdDenominator: "2",
    quorumNumerator: "2",
    quorumDenominator: "3",
  };
}

/** What a vote's or an assessment's threshold counts from: all deputies, those present, valid ballots. */
export function baseOptions(t: Translator) {
  return choices(["all", "present", "valid"], (b) => t(`vote.base.${b}`));
}

export function RulesFields(props: { t: Translator; v: Record<string, string>; f: Record<string, string> }) {
  const { t, v } = props;
  const bind = bindForm(v, props.f);
  const fraction = (name: `${"threshold" | "quorum"}${"Numerator" | "Denominator"}`) => (
    <Field {...bind(name)} label={t(`vote.f.${name}`)} inputmode="numeric" />
  );
  return (
    <>
      <Field {...bind("title")} label={t("vote.f.title")} required />
      <Field {...bind("places")} label={t("vote.f.places")} inputmode="numeric" required />
      <Select
        {...bind("form")}
        label={t("vote.f.form")}
        options={choices(["per_candidate", "choose_n"], (k) => t(`vote.form.${k}`))}
      />
      <Field
        {...bind("maxTicks")}
        label={t("vote.f.maxTicks")}
        hint={t("vote.f.maxTicks_hint")}
        inputmode="numeric"
      />
      <Select {...bind("base")} label={t("vote.f.base")} options={baseOptions(t)} />
      <div class="grid-3">
        {fraction("thresholdNumerator")}
        {fraction("thresholdDenominator")}
        {fraction("quorumNumerator")}
        {fraction("quorumDenominator")}
      </div>
      <Checkbox name="allowEqual" value={v.allowEqual} label={t("vote.f.allowEqual")} />
      <Field {...bind("chiefScrutineer")} label={t("vote.f.chiefScrutineer")} />
      <Field {...bind("scrutineers")} label={t("vote.f.scrutineers")} />
      <Field {...bind("counters")} label={t("vote.f.counters")} />
    </>
  );
}

/** A frozen vote's rules in one sentence. */
export function rulesText(t: Translator, vote: Vote, candidates: number): string {
  return t("vote.rules_text", {
    places: vote.places,
    candidates,
    form: t(`vote.form.${vote.form}`),
    base: t(`vote.base.${vote.base}`),
    num: vote.thresholdNumerator,
    den: vote.thresholdDenominator,
    qnum: vote.quorumNumerator,
    qden: vote.quorumDenominator,
  });
}

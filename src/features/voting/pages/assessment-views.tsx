// Pieces of the 满意度测评 pages: the vote pages an assessment runs through (console, ballot,
// announcement) and the assessment stage's own pages (../../assessment/pages/) share them.

import type { Vote } from "../../../platform/data/schema";
import type { Translator } from "../../../platform/i18n";
import { bindForm, Checkbox, Field, Select } from "../../../platform/ui/fields";
import { Fact, Heads, NumCell, numCol, type PageContext, TableWrap } from "../../../platform/ui/layout";
import type { AssessedProject } from "../assessment";
import { ratePercent } from "../tally";
import type { AssessChoice } from "../tally-types";
import { BallotCounts } from "./results";
import { baseOptions } from "./vote-rules";

/** The answers on an assessment ballot, in ballot order (弃权 only when the rules allow it). */
export function assessChoices(vote: Pick<Vote, "allowAbstain">): AssessChoice[] {
  return vote.allowAbstain
    ? ["satisfied", "basic", "unsatisfied", "abstain"]
    : ["satisfied", "basic", "unsatisfied"];
}

/** The form fields of an assessment's rules (create, and edit while a draft). */
export function AssessmentRulesFields(props: {
  ctx: PageContext;
  v: Record<string, string>;
  f: Record<string, string>;
}) {
  const { ctx, v } = props;
  const { t } = ctx;
  const f = bindForm(v, props.f);
  return (
    <>
      <Field {...f("title")} label={t("assess.f.title")} required />
      <Select {...f("base")} label={t("assess.f.base")} options={baseOptions(t)} />
      <Checkbox name="allowAbstain" value={v.allowAbstain} label={t("assess.f.allowAbstain")} />
      <Field
        {...f("rectifyDays")}
        label={t("assess.f.rectifyDays")}
        hint={t("assess.f.rectifyDays_hint")}
        inputmode="numeric"
      />
      <div class="grid-3">
        <Field {...f("quorumNumerator")} label={t("vote.f.quorumNumerator")} inputmode="numeric" />
        <Field {...f("quorumDenominator")} label={t("vote.f.quorumDenominator")} inputmode="numeric" />
      </div>
      <Field {...f("chiefScrutineer")} label={t("vote.f.chiefScrutineer")} />
      <Field {...f("scrutineers")} label={t("vote.f.scrutineers")} />
      <Field {...f("counters")} label={t("vote.f.counters")} />
    </>
  );
}

/** The frozen rules in one sentence. */
export function assessmentRulesText(t: Translator, vote: Vote, projects: number, days: number): string {
  return t("assess.rules_text", {
    n: projects,
    abstain: vote.allowAbstain ? t("assess.abstain_yes") : t("assess.abstain_no"),
    base: t(`vote.base.${vote.base}`),
    qnum: vote.quorumNumerator,
    qden: vote.quorumDenominator,
    days,
  });
}

/** 应到 / 实到 / 收回 / 有效 / 无效, and what 满意 must exceed. */
export function AssessmentTotals(props: { t: Translator; vote: Vote }) {
  const { t, vote } = props;
  return (
    <dl class="facts">
      <BallotCounts t={t} vote={vote} counted />
      <Fact label={t("vote.threshold")}>
        {t("assess.base_text", { base: t(`vote.base.${vote.base}`), n: vote.thresholdBase ?? 0 })}
      </Fact>
    </dl>
  );
}

export interface RectifyInfo {
  candidateId: number;
  deadline: string;
  status: "open" | "rectifying" | "closed";
}

/** The four counts of a project, in table order. */
const COUNTS = ["satisfied", "basic", "unsatisfied", "abstain"] as const;

/**
 * Per project: 满意 / 基本满意 / 不满意 / 弃权, the grade and the rate; with `rectify`, the
 * rectification a 不满意 grade opened. On a phone each row becomes a card (data-label).
 */
export function AssessmentTable(props: {
  t: Translator;
  vote: Pick<Vote, "allowAbstain">;
  rows: AssessedProject[];
  rectify?: RectifyInfo[];
}) {
  const { t, rows, rectify } = props;
  return (
    <TableWrap label={t("assess.result")}>
      <table class="results stack assessment">
        <Heads
          cols={[
            t("cand.col.no"),
            t("cand.f.name"),
            ...COUNTS.map((k) => numCol(t(`assess.${k}`))),
            t("assess.grade"),
            [t("assess.rate"), "num"],
            ...(rectify ? [t("assess.rectify_col")] : []),
          ]}
        />
        <tbody>
          {rows.map((r) => {
            const fix = rectify?.find((p) => p.candidateId === r.candidateId);
            return (
              <tr class={`grade-${r.grade}`}>
                <td data-label={t("cand.col.no")}>{r.position}</td>
                <th scope="row">{r.name}</th>
                {COUNTS.map((k) => (
                  <NumCell label={t(`assess.${k}`)}>{r[k]}</NumCell>
                ))}
                <td class="outcome" data-label={t("assess.grade")}>
                  {t(`assess.grade.${r.grade}`)}
                </td>
                <NumCell label={t("assess.rate")}>
                  {ratePercent(r.rate.numerator, r.rate.denominator)}
                </NumCell>
                {rectify ? (
                  <td data-label={t("assess.rectify_col")}>
                    {fix
                      ? `${t(`assess.problem.${fix.status}`)} · ${t("assess.due", { date: fix.deadline })}`
                      : ""}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p class="hint">{t("assess.rate_hint")}</p>
    </TableWrap>
  );
}

import type { Vote } from "../../../platform/data/schema";
import type { MessageKey, Translator } from "../../../platform/i18n";
import { DataTable, Fact, NumCell, numCol } from "../../../platform/ui/layout";
import type { getResults } from "../counting";

export function ResultsTable(props: {
  t: Translator;
  vote: Vote;
  results: Awaited<ReturnType<typeof getResults>>["results"];
}) {
  const { t, vote } = props;
  const perCandidate = vote.form === "per_candidate";
  const support = perCandidate ? t("vote.for") : t("vote.ticks");
  return (
    <DataTable
      label={t("vote.result")}
      class="results stack"
      cols={[
        t("cand.col.no"),
        t("cand.f.name"),
        [support, "num"],
        ...(perCandidate ? [numCol(t("vote.against")), numCol(t("vote.abstain"))] : []),
        [t("vote.rank"), "num"],
        t("vote.outcome"),
      ]}
    >
      {props.results.map((r) => (
        <tr class={r.elected ? "elected" : r.tie ? "tie" : undefined}>
          <td data-label={t("cand.col.no")}>{r.position}</td>
          <th scope="row">{r.name}</th>
          <NumCell label={support}>{r.support}</NumCell>
          {perCandidate ? (
            <>
              <NumCell label={t("vote.against")}>{r.against}</NumCell>
              <NumCell label={t("vote.abstain")}>{r.abstain}</NumCell>
            </>
          ) : null}
          <NumCell label={t("vote.rank")}>{r.rank}</NumCell>
          <td class="outcome" data-label={t("vote.outcome")}>
            {r.elected
              ? t("vote.elected")
              : r.tie
                ? t("vote.tie")
                : r.passed
                  ? t("vote.passed_not_elected")
                  : t("vote.not_passed")}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/**
 * 应到 / 实到 / 收回 (`voted` while the ballots are still coming in), and once `counted` 有效 / 无效:
 * the first facts of a vote or an assessment.
 */
export function BallotCounts(props: { t: Translator; vote: Vote; voted?: number; counted: boolean }) {
  const { t, vote } = props;
  return (
    <>
      <Fact label={t("vote.roster")}>{vote.rosterSize ?? "—"}</Fact>
      <Fact label={t("vote.present")}>{vote.presentAtOpen ?? "—"}</Fact>
      <Fact label={t("vote.cast")}>{vote.ballotsCast ?? props.voted ?? "—"}</Fact>
      {props.counted ? (
        <>
          <Fact label={t("vote.valid")}>{vote.validBallots ?? "—"}</Fact>
          <Fact label={t("vote.invalid")}>{vote.invalidBallots ?? "—"}</Fact>
        </>
      ) : null}
    </>
  );
}

/** 应到 / 实到 / 收回 / 有效 / 无效 as the figures an announcement's sentence quotes. */
export function ballotFigures(v: Vote) {
  return {
    roster: v.rosterSize ?? 0,
    present: v.presentAtOpen ?? 0,
    cast: v.ballotsCast ?? 0,
    valid: v.validBallots ?? 0,
    invalid: v.invalidBallots ?? 0,
  };
}

export function Totals(props: { t: Translator; vote: Vote; voted?: number }) {
  const { t, vote } = props;
  const closed = vote.status === "closed";
  return (
    <dl class="facts">
      <BallotCounts t={t} vote={vote} voted={props.voted} counted={closed} />
      {closed ? (
        <>
          <Fact label={t(worded(vote, "vote.threshold"))}>
            {t("vote.threshold_text", {
              base: t(`vote.base.${vote.base}`),
              n: vote.thresholdBase ?? 0,
              num: vote.thresholdNumerator,
              den: vote.thresholdDenominator,
            })}
          </Fact>
          <Fact label={t("vote.places")}>
            {t("vote.places_text", {
              places: vote.places,
              filled: vote.placesFilled ?? 0,
              tied: vote.placesTied ?? 0,
              shortfall: vote.shortfall ?? 0,
            })}
          </Fact>
        </>
      ) : null}
    </dl>
  );
}

const ASSESSMENT_WORDS: Partial<Record<MessageKey, MessageKey>> = {
  "vote.step.freeze": "assess.step.freeze",
  "vote.confirm.freeze": "assess.confirm.freeze",
  "vote.done.freeze": "assess.done.freeze",
  "vote.step.open": "assess.step.open",
  "vote.step.close": "assess.step.close",
  "vote.done.open": "assess.done.open",
  "vote.done.close": "assess.done.close",
  "vote.threshold": "assess.threshold",
};

export function worded(vote: Pick<Vote, "kind">, key: MessageKey): MessageKey {
  return (vote.kind === "assessment" && ASSESSMENT_WORDS[key]) || key;
}

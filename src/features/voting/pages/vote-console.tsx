// One vote's console (congress staff): its list, headcount and quorum, its rules (a form while a
// draft), the result once closed, and the next step. A 满意度测评 runs through it too, with its own
// rules and result (../../assessment/pages/views.tsx).
import type { Context } from "hono";
import type { Cycle, Jurisdiction, Vote } from "../../../platform/data/schema";
import { pageContext } from "../../../platform/http/app";
import { base, Crumbs } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import type { FormState } from "../../../platform/http/forms";
import type { MessageKey } from "../../../platform/i18n";
import { Layout, Notice, type PageContext, PostForm } from "../../../platform/ui/layout";
import { assessedProjects, assessmentRuleValues, rectifyDaysOf } from "../assessment";
import { headcount } from "../attendance";
import { ballotCandidates, turnout } from "../ballot-box";
import { getResults } from "../counting";
import { quorumHolds } from "../votes";
import {
  AssessmentRulesFields,
  AssessmentTable,
  AssessmentTotals,
  assessmentRulesText,
} from "./assessment-views";
import { ResultsTable, Totals, worded } from "./results";
import { RulesFields, rulesText } from "./vote-rules";

/** The steps of a vote, each confirmed on its own screen (vote-confirm.tsx). */
const STEPS = ["freeze", "open", "close"] as const;

export type Step = (typeof STEPS)[number];

export const isStep = (step: string | undefined): step is Step =>
  (STEPS as readonly unknown[]).includes(step);

/** The step a vote of each status may take next. */
const NEXT: Partial<Record<Vote["status"], Step>> = { draft: "freeze", frozen: "open", open: "close" };

export async function loadVoteConsole(c: Context<AppEnv>, cycle: Cycle, vote: Vote) {
  const db = c.var.db;
  const [list, count, voted] = await Promise.all([
    ballotCandidates(db, vote.id),
    headcount(db, cycle, vote.meetingId),
    turnout(db, vote.id),
  ]);
  const outcome = vote.status === "closed" ? await getResults(db, vote, c.var.now) : null;
  return { vote, list, count, voted, outcome };
}

type VoteConsole = Awaited<ReturnType<typeof loadVoteConsole>>;

/** A vote's rules as the form fields show them. */
function ruleValues(vote: Vote): Record<string, string> {
  if (vote.kind === "assessment") return assessmentRuleValues(vote);
  return Object.fromEntries(Object.entries(vote).map(([k, x]) => [k, x === null ? "" : String(x)]));
}

export function VoteConsoleView(props: {
  c: Context<AppEnv>;
  j: Jurisdiction;
  cycle: Cycle;
  d: VoteConsole;
  state: FormState;
  /** The step just taken (`?done=`), to confirm it. */
  done?: string | undefined;
}) {
  const { c, j, cycle, d, state, done } = props;
  const { vote, count, voted } = d;
  const ctx = pageContext(c);
  const { t } = ctx;
  const assess = vote.kind === "assessment";
  const path = `${base(j, cycle)}/votes/${vote.id}`;
  const rosterSize = vote.rosterSize ?? count.rosterSize;
  const quorum = quorumHolds(vote, rosterSize, count.present);
  const next = NEXT[vote.status];
  return (
    <Layout ctx={ctx} title={vote.title} wide>
      <Crumbs
        c={c}
        j={j}
        cycle={cycle}
        extra={
          assess
            ? [`${base(j, cycle)}/assessments`, t("assess.link")]
            : [`${base(j, cycle)}/votes`, t("vote.link")]
        }
      />
      <h1>{vote.title}</h1>
      <p>
        <span class="badge">{t(`vote.status.${vote.status}`)}</span>{" "}
        <a href={`${path}/screen`}>{t("screen.big")}</a>
        {vote.status === "closed" ? (
          <>
            {" · "}
            <a href={`${path}/announcement`}>{assess ? t("assess.ann.link") : t("ann.link")}</a>
          </>
        ) : null}
      </p>
      {isStep(done) ? <Notice kind="ok">{t(worded(vote, `vote.done.${done}` as MessageKey))}</Notice> : null}
      {state.error ? <Notice kind="error">{state.error}</Notice> : null}
      <p class="headcount" role="status">
        {t("meeting.headcount", { roster: rosterSize, present: count.present })} ·{" "}
        {quorum ? t("vote.quorum_ok") : t("vote.quorum_no")}
        {vote.status === "open" || vote.status === "closed" ? ` · ${t("vote.turnout", { n: voted })}` : ""}
      </p>
      <h2>{assess ? t("assess.f.projects") : t("vote.f.candidates")}</h2>
      <ol>
        {d.list.map((x) => (
          <li>{x.name}</li>
        ))}
      </ol>
      <RulesSection ctx={ctx} d={d} state={state} path={path} />
      <OutcomeSection
        ctx={ctx}
        d={d}
        path={path}
        satisfaction={`${base(j, cycle)}/satisfaction`}
        year={cycle.year}
      />
      <p class="buttons">
        {next ? (
          <a class={next === "close" ? "button danger" : "button"} href={`${path}/confirm?step=${next}`}>
            {t(worded(vote, `vote.step.${next}`))}
          </a>
        ) : null}
      </p>
    </Layout>
  );
}

/** The rules: a form while the vote is a draft, one sentence once frozen. */
function RulesSection(props: { ctx: PageContext; d: VoteConsole; state: FormState; path: string }) {
  const { ctx, d, state } = props;
  const { t } = ctx;
  const { vote } = d;
  const assess = vote.kind === "assessment";
  if (vote.status === "draft") {
    const v = state.values ?? ruleValues(vote);
    const f = state.fields ?? {};
    return (
      <PostForm ctx={ctx} action={`${props.path}/rules`} class="card">
        <h2>{assess ? t("assess.rules") : t("vote.rules")}</h2>
        {assess ? <AssessmentRulesFields ctx={ctx} v={v} f={f} /> : <RulesFields t={t} v={v} f={f} />}
        <button type="submit">{t("cand.save")}</button>
      </PostForm>
    );
  }
  return (
    <section class="card">
      <h2>{assess ? t("assess.rules_frozen") : t("vote.rules_frozen")}</h2>
      <p>
        {assess
          ? assessmentRulesText(t, vote, d.list.length, rectifyDaysOf(vote))
          : rulesText(t, vote, d.list.length)}
      </p>
    </section>
  );
}

/** The result once closed (with the runoff when places are tied); while open, that it is sealed. */
function OutcomeSection(props: {
  ctx: PageContext;
  d: VoteConsole;
  path: string;
  satisfaction: string;
  year: number;
}) {
  const { ctx, d } = props;
  const { t } = ctx;
  const { outcome } = d;
  if (outcome && d.vote.kind === "assessment") {
    return (
      <section>
        <h2>{t("assess.result")}</h2>
        <AssessmentTotals t={t} vote={outcome.vote} />
        <AssessmentTable t={t} vote={outcome.vote} rows={assessedProjects(outcome.vote, outcome.results)} />
        <p>
          <a href={props.satisfaction}>{t("assess.public_title", { year: props.year })}</a>
        </p>
      </section>
    );
  }
  if (outcome) {
    return (
      <section>
        <h2>{t("vote.result")}</h2>
        <Totals t={t} vote={outcome.vote} />
        <ResultsTable t={t} vote={outcome.vote} results={outcome.results} />
        {outcome.vote.placesTied ? (
          <PostForm ctx={ctx} action={`${props.path}/runoff`}>
            <button type="submit">{t("vote.runoff")}</button>
          </PostForm>
        ) : null}
      </section>
    );
  }
  return d.vote.status === "open" ? <Notice kind="info">{t("vote.reason.counts_sealed")}</Notice> : null;
}

// The vote console (congress staff): create a vote, set its rules (票决办法), freeze, open, close, runoff.

import type { Context } from "hono";
import type { Cycle, Jurisdiction, Vote } from "../../../platform/data/schema";
import { createRouter, pageContext } from "../../../platform/http/app";
import { base, Crumbs, CYCLE, cycleWith } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { formFields, translateFields, withFieldErrors } from "../../../platform/http/forms";
import { type MessageKey, type Translator, translateLoose } from "../../../platform/i18n";
import { bindForm, Field, Select } from "../../../platform/ui/fields";
import { Layout, Notice, PostForm } from "../../../platform/ui/layout";
import { assessedProjects, assessmentRuleValues, rectifyDaysOf } from "../../assessment/assessment";
import {
  AssessmentRulesFields,
  AssessmentTable,
  AssessmentTotals,
  assessmentRulesText,
} from "../../assessment/pages/views";
import { isLocked, latestHandover, listCandidates } from "../../screening/candidates";
import { headcount, listMeetings } from "../attendance";
import {
  ballotCandidates,
  closeVote,
  createRunoff,
  createVote,
  freezeVote,
  getResults,
  getVote,
  listVotes,
  openVote,
  quorumHolds,
  turnout,
  updateRules,
} from "../votes";
import { ResultsTable, Totals, worded } from "./results";

export const consolePages = createRouter();

const staffCycle = (c: Context<AppEnv>) => cycleWith(c, "vote.manage");

// ---- The vote console (congress staff) ----------------------------------------------------------

function ruleDefaults(t: Translator, places: number): Record<string, string> {
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

function RulesFields(props: { c: Context<AppEnv>; v: Record<string, string>; f: Record<string, string> }) {
  const { t } = props.c.var;
  const { v, f } = props;
  const bind = bindForm(v, f);
  return (
    <>
      <Field {...bind("title")} label={t("vote.f.title")} required />
      <Field
        name="places"
        label={t("vote.f.places")}
        inputmode="numeric"
        value={v.places}
        error={f.places}
        required
      />
      <Select
        name="form"
        label={t("vote.f.form")}
        options={[
          ["per_candidate", t("vote.form.per_candidate")],
          ["choose_n", t("vote.form.choose_n")],
        ]}
        value={v.form}
        error={f.form}
      />
      <Field
        name="maxTicks"
        label={t("vote.f.maxTicks")}
        hint={t("vote.f.maxTicks_hint")}
        inputmode="numeric"
        value={v.maxTicks}
        error={f.maxTicks}
      />
      <Select
        name="base"
        label={t("vote.f.base")}
        options={[
          ["all", t("vote.base.all")],
          ["present", t("vote.base.present")],
          ["valid", t("vote.base.valid")],
        ]}
        value={v.base}
        error={f.base}
      />
      <div class="grid-3">
        <Field
          name="thresholdNumerator"
          label={t("vote.f.thresholdNumerator")}
          inputmode="numeric"
          value={v.thresholdNumerator}
          error={f.thresholdNumerator}
        />
        <Field
          name="thresholdDenominator"
          label={t("vote.f.thresholdDenominator")}
          inputmode="numeric"
          value={v.thresholdDenominator}
          error={f.thresholdDenominator}
        />
        <Field
          name="quorumNumerator"
          label={t("vote.f.quorumNumerator")}
          inputmode="numeric"
          value={v.quorumNumerator}
          error={f.quorumNumerator}
        />
        <Field
          name="quorumDenominator"
          label={t("vote.f.quorumDenominator")}
          inputmode="numeric"
          value={v.quorumDenominator}
          error={f.quorumDenominator}
        />
      </div>
      <div class="field">
        <label class="check">
          <input
            type="checkbox"
            name="allowEqual"
            value="1"
            checked={v.allowEqual === "1" || v.allowEqual === "true"}
          />{" "}
          {t("vote.f.allowEqual")}
        </label>
      </div>
      <Field
        name="chiefScrutineer"
        label={t("vote.f.chiefScrutineer")}
        value={v.chiefScrutineer}
        error={f.chiefScrutineer}
      />
      <Field {...bind("scrutineers")} label={t("vote.f.scrutineers")} />
      <Field {...bind("counters")} label={t("vote.f.counters")} />
    </>
  );
}

async function votesPage(
  c: Context<AppEnv>,
  j: Jurisdiction,
  cycle: Cycle,
  state: { values?: Record<string, string>; fields?: Record<string, string>; error?: string } = {},
  status = 200,
) {
  const ctx = pageContext(c);
  const { t } = ctx;
  const [list, meetings, cands, handover] = await Promise.all([
    listVotes(c.var.db, cycle.id),
    listMeetings(c.var.db, cycle.id),
    listCandidates(c.var.db, cycle.id),
    latestHandover(c.var.db, cycle.id),
  ]);
  const places = Math.max(1, cands.length - 2);
  const v = state.values ?? ruleDefaults(t, places);
  const title = t("vote.list_title", { year: cycle.year });
  return c.html(
    <Layout ctx={ctx} title={title}>
      <Crumbs c={c} j={j} cycle={cycle} />
      <h1>{title}</h1>
      {state.error ? <Notice kind="error">{state.error}</Notice> : null}
      <p class="actions">
        <a href={`${base(j, cycle)}/meetings`}>{t("meeting.link")}</a>
        <a href={`${base(j, cycle)}/deliberation`}>{t("delib.link")}</a>
        {cycle.stage === "supervise" ? (
          <a href={`${base(j, cycle)}/assessments`}>{t("assess.link")}</a>
        ) : null}
      </p>
      <ul class="cards">
        {list.map((x) => (
          <li>
            <a href={`${base(j, cycle)}/votes/${x.id}`}>{x.title}</a>{" "}
            <span class="badge">{t(`vote.status.${x.status}`)}</span>
          </li>
        ))}
      </ul>
      {!isLocked(handover) ? (
        <Notice kind="info">{t("vote.reason.not_handed")}</Notice>
      ) : meetings.length === 0 ? (
        <Notice kind="info">
          {t("vote.need_meeting")} <a href={`${base(j, cycle)}/meetings`}>{t("meeting.new")}</a>
        </Notice>
      ) : (
        <PostForm ctx={ctx} action={`${base(j, cycle)}/votes`} class="card">
          <h2>{t("vote.new")}</h2>
          <Select
            name="meetingId"
            label={t("meeting.link")}
            options={meetings.map((m) => [String(m.id), m.title] as [string, string])}
            value={v.meetingId}
          />
          <RulesFields c={c} v={v} f={state.fields ?? {}} />
          <fieldset>
            <legend>{t("vote.f.candidates")}</legend>
            {state.fields?.candidates ? <p class="error">{state.fields.candidates}</p> : null}
            <ul class="checklist">
              {cands.map((x) => (
                <li>
                  <label>
                    <input type="checkbox" name="candidates" value={String(x.id)} checked /> {x.position}.{" "}
                    {x.name}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <button type="submit">{t("vote.create")}</button>
        </PostForm>
      )}
    </Layout>,
    status as 200,
  );
}

consolePages.get(`${CYCLE}/votes`, async (c) => {
  const { j, cycle } = await staffCycle(c);
  return votesPage(c, j, cycle);
});

consolePages.post(`${CYCLE}/votes`, async (c) => {
  const { j, cycle, grant } = await staffCycle(c);
  const body = await c.req.parseBody({ all: true });
  const values: Record<string, string> = {};
  for (const [k, x] of Object.entries(body)) if (typeof x === "string" && k !== "_csrf") values[k] = x;
  const ids = ([] as unknown[]).concat(body.candidates ?? []).map(Number);
  try {
    const id = await createVote(c.var.db, grant, cycle, Number(values.meetingId), values, ids, c.var.now);
    return c.redirect(`${base(j, cycle)}/votes/${id}`, 303);
  } catch (e) {
    if (e instanceof AppError && e.code === "invalid_input")
      return votesPage(c, j, cycle, { values, fields: translateFields(c, e.fields ?? {}) }, 400);
    if (e instanceof AppError && e.code === "illegal_transition") {
      return votesPage(
        c,
        j,
        cycle,
        { values, error: translateLoose(c.var.t, e.reason, "error.illegal_transition") },
        409,
      );
    }
    throw e;
  }
});

const STEPS = { freeze: "frozen", open: "open", close: "closed" } as const;

consolePages.get(`${CYCLE}/votes/:vid{[0-9]+}`, async (c) => {
  const { j, cycle } = await staffCycle(c);
  const vote = await getVote(c.var.db, cycle, Number(c.req.param("vid")));
  return consolePage(c, j, cycle, vote);
});

async function consolePage(
  c: Context<AppEnv>,
  j: Jurisdiction,
  cycle: Cycle,
  vote: Vote,
  state: { values?: Record<string, string>; fields?: Record<string, string>; error?: string } = {},
  status = 200,
) {
  const ctx = pageContext(c);
  const { t } = ctx;
  const db = c.var.db;
  const [list, count, voted] = await Promise.all([
    ballotCandidates(db, vote.id),
    headcount(db, cycle, vote.meetingId),
    turnout(db, vote.id),
  ]);
  const outcome = vote.status === "closed" ? await getResults(db, vote, c.var.now) : null;
  // A 满意度测评 runs through this console too, with its own rules and result (../components/assessment).
  const assess = vote.kind === "assessment";
  const v =
    state.values ??
    (assess
      ? assessmentRuleValues(vote)
      : (Object.fromEntries(Object.entries(vote).map(([k, x]) => [k, x === null ? "" : String(x)])) as Record<
          string,
          string
        >));
  const path = `${base(j, cycle)}/votes/${vote.id}`;
  const quorum = quorumHolds(vote, vote.rosterSize ?? count.rosterSize, count.present);
  const done = c.req.query("done");
  return c.html(
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
      {done && done in STEPS ? (
        <Notice kind="ok">{t(worded(vote, `vote.done.${done}` as MessageKey))}</Notice>
      ) : null}
      {state.error ? <Notice kind="error">{state.error}</Notice> : null}
      <p class="headcount" role="status">
        {t("meeting.headcount", { roster: vote.rosterSize ?? count.rosterSize, present: count.present })} ·{" "}
        {quorum ? t("vote.quorum_ok") : t("vote.quorum_no")}
        {vote.status === "open" || vote.status === "closed" ? ` · ${t("vote.turnout", { n: voted })}` : ""}
      </p>
      <h2>{assess ? t("assess.f.projects") : t("vote.f.candidates")}</h2>
      <ol>
        {list.map((x) => (
          <li>{x.name}</li>
        ))}
      </ol>
      {vote.status === "draft" ? (
        <PostForm ctx={ctx} action={`${path}/rules`} class="card">
          <h2>{assess ? t("assess.rules") : t("vote.rules")}</h2>
          {assess ? (
            <AssessmentRulesFields ctx={ctx} v={v} f={state.fields ?? {}} />
          ) : (
            <RulesFields c={c} v={v} f={state.fields ?? {}} />
          )}
          <button type="submit">{t("cand.save")}</button>
        </PostForm>
      ) : assess ? (
        <section class="card">
          <h2>{t("assess.rules_frozen")}</h2>
          <p>{assessmentRulesText(t, vote, list.length, rectifyDaysOf(vote))}</p>
        </section>
      ) : (
        <section class="card">
          <h2>{t("vote.rules_frozen")}</h2>
          <p>
            {t("vote.rules_text", {
              places: vote.places,
              candidates: list.length,
              form: t(`vote.form.${vote.form}`),
              base: t(`vote.base.${vote.base}`),
              num: vote.thresholdNumerator,
              den: vote.thresholdDenominator,
              qnum: vote.quorumNumerator,
              qden: vote.quorumDenominator,
            })}
          </p>
        </section>
      )}
      {outcome && assess ? (
        <section>
          <h2>{t("assess.result")}</h2>
          <AssessmentTotals t={t} vote={outcome.vote} />
          <AssessmentTable t={t} vote={outcome.vote} rows={assessedProjects(outcome.vote, outcome.results)} />
          <p>
            <a href={`${base(j, cycle)}/satisfaction`}>{t("assess.public_title", { year: cycle.year })}</a>
          </p>
        </section>
      ) : outcome ? (
        <section>
          <h2>{t("vote.result")}</h2>
          <Totals t={t} vote={outcome.vote} />
          <ResultsTable t={t} vote={outcome.vote} results={outcome.results} />
          {outcome.vote.placesTied ? (
            <PostForm ctx={ctx} action={`${path}/runoff`}>
              <button type="submit">{t("vote.runoff")}</button>
            </PostForm>
          ) : null}
        </section>
      ) : vote.status === "open" ? (
        <Notice kind="info">{t("vote.reason.counts_sealed")}</Notice>
      ) : null}
      <p class="buttons">
        {vote.status === "draft" ? (
          <a class="button" href={`${path}/confirm?step=freeze`}>
            {t(worded(vote, "vote.step.freeze"))}
          </a>
        ) : null}
        {vote.status === "frozen" ? (
          <a class="button" href={`${path}/confirm?step=open`}>
            {t(worded(vote, "vote.step.open"))}
          </a>
        ) : null}
        {vote.status === "open" ? (
          <a class="button danger" href={`${path}/confirm?step=close`}>
            {t(worded(vote, "vote.step.close"))}
          </a>
        ) : null}
      </p>
    </Layout>,
    status as 200,
  );
}

consolePages.post(`${CYCLE}/votes/:vid{[0-9]+}/rules`, async (c) => {
  const { j, cycle, grant } = await staffCycle(c);
  const vote = await getVote(c.var.db, cycle, Number(c.req.param("vid")));
  const values = await formFields(c);
  const r = await withFieldErrors(c, () => updateRules(c.var.db, grant, cycle, vote, values, c.var.now));
  if (!r.ok) return consolePage(c, j, cycle, vote, { values, fields: r.fields }, 400);
  return c.redirect(`${base(j, cycle)}/votes/${vote.id}`, 303);
});

/** An assessment (满意度测评) is worded as 测评 where the vote's words say 票决 or 投票. */

consolePages.get(`${CYCLE}/votes/:vid{[0-9]+}/confirm`, async (c) => {
  const { j, cycle } = await staffCycle(c);
  const vote = await getVote(c.var.db, cycle, Number(c.req.param("vid")));
  const step = c.req.query("step") ?? "";
  if (!(step in STEPS)) throw new AppError("not_found");
  const ctx = pageContext(c);
  const { t } = ctx;
  const count = await headcount(c.var.db, cycle, vote.meetingId);
  return c.html(
    <Layout ctx={ctx} title={t(worded(vote, `vote.step.${step}` as MessageKey))}>
      <Crumbs c={c} j={j} cycle={cycle} extra={[`${base(j, cycle)}/votes/${vote.id}`, vote.title]} />
      <h1>{t(worded(vote, `vote.step.${step}` as MessageKey))}</h1>
      <p>
        {t(worded(vote, `vote.confirm.${step}` as MessageKey), {
          roster: vote.rosterSize ?? count.rosterSize,
          present: count.present,
        })}
      </p>
      <PostForm ctx={ctx} action={`${base(j, cycle)}/votes/${vote.id}/${step}`}>
        <button type="submit" class="danger">
          {t(worded(vote, `vote.step.${step}` as MessageKey))}
        </button>{" "}
        <a href={`${base(j, cycle)}/votes/${vote.id}`}>{t("stage.advance.cancel")}</a>
      </PostForm>
    </Layout>,
  );
});

for (const step of ["freeze", "open", "close", "runoff"] as const) {
  consolePages.post(`${CYCLE}/votes/:vid{[0-9]+}/${step}`, async (c) => {
    const { j, cycle, grant } = await staffCycle(c);
    const vote = await getVote(c.var.db, cycle, Number(c.req.param("vid")));
    try {
      if (step === "freeze") await freezeVote(c.var.db, grant, cycle, vote, c.var.now);
      else if (step === "open") await openVote(c.var.db, grant, cycle, vote, c.var.now);
      else if (step === "close") await closeVote(c.var.db, grant, cycle, vote, c.var.now);
      else {
        const id = await createRunoff(c.var.db, grant, cycle, vote, c.var.now);
        return c.redirect(`${base(j, cycle)}/votes/${id}`, 303);
      }
    } catch (e) {
      if (e instanceof AppError && (e.code === "illegal_transition" || e.code === "conflict")) {
        return consolePage(
          c,
          j,
          cycle,
          await getVote(c.var.db, cycle, vote.id),
          { error: translateLoose(c.var.t, e.reason, "error.illegal_transition") },
          409,
        );
      }
      throw e;
    }
    return c.redirect(`${base(j, cycle)}/votes/${vote.id}?done=${step}`, 303);
  });
}

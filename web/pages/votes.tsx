// Stages 3–4 pages: deliberation (materials and opinions), meetings and attendance, the vote
// console for congress staff, the deputy's ballot (fill in → review → confirm), the receipt check,
// the announcement (主席团公告) and the big screen for the hall.
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import { createRouter, pageContext } from "../../src/app";
import type { Cycle, Jurisdiction, Meeting, Vote } from "../../src/data/schema";
import { assessedProjects, assessmentRuleValues, rectifyDaysOf } from "../../src/domain/assessment";
import {
  checkIn,
  createMeeting,
  getMeeting,
  headcount,
  isPresent,
  listMeetings,
  markAttendance,
  presentIds,
  servingDeputies,
} from "../../src/domain/attendance";
import { isLocked, latestHandover, listCandidates } from "../../src/domain/candidates";
import { myOpinions, opinionsByDelegation, saveOpinion } from "../../src/domain/deliberation";
import { toCsv } from "../../src/domain/exports";
import { yuanToWan } from "../../src/domain/money";
import { can } from "../../src/domain/permissions";
import type { AssessChoice, BallotBody, Choice } from "../../src/domain/tally-types";
import {
  ballotCandidates,
  castBallot,
  closeVote,
  createRunoff,
  createVote,
  freezeVote,
  getResults,
  getVote,
  hasVoted,
  listVotes,
  newReceipt,
  openVote,
  quorumHolds,
  receiptRecorded,
  screenState,
  turnout,
  updateRules,
} from "../../src/domain/votes";
import type { AppEnv } from "../../src/env";
import { AppError } from "../../src/errors";
import {
  AssessmentRulesFields,
  AssessmentTable,
  AssessmentTotals,
  assessChoices,
  assessmentRulesText,
} from "../components/assessment";
import { Select, TextArea } from "../components/inputs";
import { Field, Layout, Notice, PostForm, TableWrap } from "../components/layout";
import { formatDate, type MessageKey, type Translator, translateLoose } from "../i18n";
import { assessmentAnnouncementPage } from "./assessment";
import { base, Crumbs, CYCLE, cycleWith, load } from "./cycle-page";
import { formFields, jurisdictionName, translateFields, withFieldErrors } from "./util";

export const votePages = createRouter();

const staffCycle = (c: Context<AppEnv>) => cycleWith(c, "vote.manage");

// ---- Deliberation -------------------------------------------------------------------------------

votePages.get(`${CYCLE}/deliberation`, async (c) => {
  const { j, cycle } = await load(c);
  const ctx = pageContext(c);
  const { t, actor } = ctx;
  const handover = await latestHandover(c.var.db, cycle.id);
  if (!handover) throw new AppError("not_found");
  const list = await listCandidates(c.var.db, cycle.id);
  const isDeputy = actor?.kind === "deputy" && actor.jurisdictionCode === j.code;
  const mine = isDeputy
    ? new Map((await myOpinions(c.var.db, cycle.id, actor.id)).map((o) => [o.candidateId, o.body]))
    : new Map<number, string>();
  const open = cycle.stage === "deliberate" || cycle.stage === "vote";
  const title = t("delib.title", { year: cycle.year });
  return c.html(
    <Layout ctx={ctx} title={title}>
      <Crumbs c={c} j={j} cycle={cycle} />
      <h1>{title}</h1>
      {c.req.query("saved") ? <Notice kind="ok">{t("delib.saved")}</Notice> : null}
      <p>{t("delib.intro")}</p>
      {can(actor, j, "vote.manage") ? (
        <p>
          <a href={`${base(j, cycle)}/deliberation/opinions`}>{t("delib.opinions_link")}</a>
        </p>
      ) : null}
      <ol class="materials">
        {list.map((x) => (
          <li id={`c-${x.id}`} class="card">
            <h2>
              {x.position}. {x.name}
            </h2>
            <dl class="facts">
              <dt>{t("cand.f.content")}</dt>
              <dd class="prose">{x.content}</dd>
              <dt>{t("cand.f.responsibleUnit")}</dt>
              <dd>{x.responsibleUnit}</dd>
              <dt>{t("cand.f.deadline")}</dt>
              <dd>{x.deadline}</dd>
              <dt>{t("cand.f.annualTarget")}</dt>
              <dd>{x.annualTarget}</dd>
              <dt>{t("cand.total")}</dt>
              <dd>
                {yuanToWan(x.totalYuan)} {t("unit.wan")}
              </dd>
            </dl>
            {isDeputy && open ? (
              <PostForm ctx={ctx} action={`${base(j, cycle)}/deliberation`}>
                <input type="hidden" name="candidateId" value={String(x.id)} />
                <TextArea
                  name={`body-${x.id}`}
                  label={t("delib.my_opinion", { name: x.name })}
                  value={mine.get(x.id) ?? ""}
                  rows={2}
                />
                <button type="submit" class="small">
                  {t("delib.save")}
                </button>
              </PostForm>
            ) : null}
          </li>
        ))}
      </ol>
    </Layout>,
  );
});

votePages.post(`${CYCLE}/deliberation`, async (c) => {
  const { j, cycle } = await load(c);
  const actor = c.var.actor;
  if (!actor) throw new AppError("unauthenticated");
  const f = await formFields(c);
  const id = f.candidateId ?? "";
  await saveOpinion(
    c.var.db,
    actor,
    cycle,
    { candidateId: id, body: f[`body-${id}`] ?? f.body ?? "" },
    c.var.now,
  );
  return c.redirect(`${base(j, cycle)}/deliberation?saved=1#c-${id}`, 303);
});

async function opinionRows(c: Context<AppEnv>, cycle: Cycle) {
  return opinionsByDelegation(c.var.db, cycle.id);
}

votePages.get(`${CYCLE}/deliberation/opinions`, async (c) => {
  const { j, cycle } = await staffCycle(c);
  const ctx = pageContext(c);
  const { t } = ctx;
  const rows = await opinionRows(c, cycle);
  const groups = new Map<string, typeof rows>();
  for (const r of rows) groups.set(r.delegation, [...(groups.get(r.delegation) ?? []), r]);
  const title = t("delib.opinions_title", { year: cycle.year });
  return c.html(
    <Layout ctx={ctx} title={title} wide>
      <Crumbs c={c} j={j} cycle={cycle} extra={[`${base(j, cycle)}/deliberation`, t("delib.link")]} />
      <h1>{title}</h1>
      <p>
        <a href={`${base(j, cycle)}/deliberation/opinions.csv`}>{t("list.export_csv")}</a>
      </p>
      {rows.length === 0 ? <p>{t("delib.no_opinions")}</p> : null}
      {[...groups].map(([delegation, list]) => (
        <section>
          <h2>
            {delegation}（{list.length}）
          </h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("cand.f.name")}</th>
                  <th scope="col">{t("roster.col.name")}</th>
                  <th scope="col">{t("delib.opinion")}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((r) => (
                  <tr>
                    <td>
                      {r.position}. {r.candidate}
                    </td>
                    <th scope="row">{r.deputy}</th>
                    <td class="prose">{r.body}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </Layout>,
  );
});

votePages.get(`${CYCLE}/deliberation/opinions.csv`, async (c) => {
  const { j, cycle } = await staffCycle(c);
  const { t } = c.var;
  const rows = await opinionRows(c, cycle);
  const csv = toCsv({
    header: [
      t("roster.col.delegation"),
      t("roster.col.name"),
      t("cand.col.no"),
      t("cand.f.name"),
      t("delib.opinion"),
    ],
    rows: rows.map((r) => [r.delegation, r.deputy, r.position, r.candidate, r.body]),
  });
  c.header("Content-Type", "text/csv; charset=utf-8");
  c.header(
    "Content-Disposition",
    `attachment; filename*=UTF-8''${encodeURIComponent(`${j.name}-${cycle.year}-${t("delib.opinion")}.csv`)}`,
  );
  return c.body(csv);
});

// ---- Meetings and attendance --------------------------------------------------------------------

votePages.get(`${CYCLE}/meetings`, async (c) => {
  const { j, cycle } = await staffCycle(c);
  return meetingsPage(c, j, cycle);
});

async function meetingsPage(
  c: Context<AppEnv>,
  j: Jurisdiction,
  cycle: Cycle,
  state: { values?: Record<string, string>; fields?: Record<string, string> } = {},
  status = 200,
) {
  const ctx = pageContext(c);
  const { t } = ctx;
  const list = await listMeetings(c.var.db, cycle.id);
  const title = t("meeting.title", { year: cycle.year });
  return c.html(
    <Layout ctx={ctx} title={title}>
      <Crumbs c={c} j={j} cycle={cycle} />
      <h1>{title}</h1>
      <ul class="cards">
        {list.map((m) => (
          <li>
            <a href={`${base(j, cycle)}/meetings/${m.id}`}>{m.title}</a> <span class="muted">{m.heldOn}</span>
          </li>
        ))}
      </ul>
      <PostForm ctx={ctx} action={`${base(j, cycle)}/meetings`} class="card">
        <h2>{t("meeting.new")}</h2>
        <Field
          ctx={ctx}
          name="title"
          label={t("meeting.f.title")}
          hint={t("meeting.f.title_hint")}
          value={state.values?.title}
          error={state.fields?.title}
          required
        />
        <Field
          ctx={ctx}
          name="heldOn"
          label={t("meeting.f.heldOn")}
          hint={t("notice.f.date_hint")}
          value={state.values?.heldOn}
          error={state.fields?.heldOn}
          required
        />
        <button type="submit">{t("admin.create")}</button>
      </PostForm>
    </Layout>,
    status as 200,
  );
}

votePages.post(`${CYCLE}/meetings`, async (c) => {
  const { j, cycle, actor } = await staffCycle(c);
  const values = await formFields(c);
  const r = await withFieldErrors(c, () => createMeeting(c.var.db, actor, cycle, values, c.var.now));
  if (!r.ok) return meetingsPage(c, j, cycle, { values, fields: r.fields }, 400);
  return c.redirect(`${base(j, cycle)}/meetings/${r.value}`, 303);
});

votePages.get(`${CYCLE}/meetings/:mid{[0-9]+}`, async (c) => {
  const { j, cycle } = await load(c);
  const meeting = await getMeeting(c.var.db, cycle, Number(c.req.param("mid")));
  const ctx = pageContext(c);
  const { t, actor } = ctx;
  const staff = can(actor, j, "vote.manage");
  const isDeputy = actor?.kind === "deputy" && actor.jurisdictionCode === j.code;
  if (!staff && !isDeputy) throw new AppError(actor ? "not_found" : "unauthenticated");
  const count = await headcount(c.var.db, cycle, meeting.id);
  const here = isDeputy ? await isPresent(c.var.db, meeting.id, actor.id) : false;
  const roster = staff ? await servingDeputies(c.var.db, j.code) : [];
  const present = staff ? await presentIds(c.var.db, meeting.id) : new Set<number>();
  const votesHere = (await listVotes(c.var.db, cycle.id)).filter((v) => v.meetingId === meeting.id);
  const groups = new Map<string, typeof roster>();
  for (const d of roster) groups.set(d.delegation, [...(groups.get(d.delegation) ?? []), d]);
  return c.html(
    <Layout ctx={ctx} title={meeting.title} wide={staff}>
      <Crumbs
        c={c}
        j={j}
        cycle={cycle}
        extra={staff ? [`${base(j, cycle)}/meetings`, t("meeting.link")] : undefined}
      />
      <h1>{meeting.title}</h1>
      <p class="headcount" role="status">
        {t("meeting.headcount", { roster: count.rosterSize, present: count.present })}
      </p>
      {isDeputy ? (
        here ? (
          <Notice kind="ok">{t("meeting.checked_in")}</Notice>
        ) : (
          <PostForm ctx={ctx} action={`${base(j, cycle)}/meetings/${meeting.id}/checkin`}>
            <button type="submit" class="big">
              {t("meeting.checkin")}
            </button>
          </PostForm>
        )
      ) : null}
      {votesHere.length ? (
        <ul class="cards">
          {votesHere.map((v) => (
            <li>
              <a
                href={isDeputy ? `${base(j, cycle)}/votes/${v.id}/ballot` : `${base(j, cycle)}/votes/${v.id}`}
              >
                {v.title}
              </a>{" "}
              <span class="badge">{t(`vote.status.${v.status}`)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {staff ? (
        <PostForm ctx={ctx} action={`${base(j, cycle)}/meetings/${meeting.id}/attendance`}>
          <h2>{t("meeting.sheet")}</h2>
          {[...groups].map(([delegation, list]) => (
            <fieldset>
              <legend>{delegation}</legend>
              <ul class="checklist">
                {list.map((d) => (
                  <li>
                    <input type="hidden" name="shown" value={String(d.id)} />
                    <label>
                      <input
                        type="checkbox"
                        name="present"
                        value={String(d.id)}
                        checked={present.has(d.id)}
                      />{" "}
                      {d.number} {d.name}
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          ))}
          <button type="submit">{t("meeting.save_sheet")}</button>
        </PostForm>
      ) : null}
    </Layout>,
  );
});

votePages.post(`${CYCLE}/meetings/:mid{[0-9]+}/checkin`, async (c) => {
  const { j, cycle } = await load(c);
  const actor = c.var.actor;
  if (!actor) throw new AppError("unauthenticated");
  const meeting = await getMeeting(c.var.db, cycle, Number(c.req.param("mid")));
  await checkIn(c.var.db, actor, cycle, meeting);
  return c.redirect(`${base(j, cycle)}/meetings/${meeting.id}`, 303);
});

votePages.post(`${CYCLE}/meetings/:mid{[0-9]+}/attendance`, async (c) => {
  const { j, cycle, actor } = await staffCycle(c);
  const meeting = await getMeeting(c.var.db, cycle, Number(c.req.param("mid")));
  const body = await c.req.parseBody({ all: true });
  const list = (k: string) =>
    ([] as unknown[])
      .concat(body[k] ?? [])
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0);
  await markAttendance(c.var.db, actor, cycle, meeting, list("present"), list("shown"), c.var.now);
  return c.redirect(`${base(j, cycle)}/meetings/${meeting.id}`, 303);
});

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
  const ctx = pageContext(props.c);
  const { v, f } = props;
  return (
    <>
      <Field ctx={ctx} name="title" label={t("vote.f.title")} value={v.title} error={f.title} required />
      <Field
        ctx={ctx}
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
        ctx={ctx}
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
          ctx={ctx}
          name="thresholdNumerator"
          label={t("vote.f.thresholdNumerator")}
          inputmode="numeric"
          value={v.thresholdNumerator}
          error={f.thresholdNumerator}
        />
        <Field
          ctx={ctx}
          name="thresholdDenominator"
          label={t("vote.f.thresholdDenominator")}
          inputmode="numeric"
          value={v.thresholdDenominator}
          error={f.thresholdDenominator}
        />
        <Field
          ctx={ctx}
          name="quorumNumerator"
          label={t("vote.f.quorumNumerator")}
          inputmode="numeric"
          value={v.quorumNumerator}
          error={f.quorumNumerator}
        />
        <Field
          ctx={ctx}
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
        ctx={ctx}
        name="chiefScrutineer"
        label={t("vote.f.chiefScrutineer")}
        value={v.chiefScrutineer}
        error={f.chiefScrutineer}
      />
      <Field
        ctx={ctx}
        name="scrutineers"
        label={t("vote.f.scrutineers")}
        value={v.scrutineers}
        error={f.scrutineers}
      />
      <Field ctx={ctx} name="counters" label={t("vote.f.counters")} value={v.counters} error={f.counters} />
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

votePages.get(`${CYCLE}/votes`, async (c) => {
  const { j, cycle } = await staffCycle(c);
  return votesPage(c, j, cycle);
});

votePages.post(`${CYCLE}/votes`, async (c) => {
  const { j, cycle, actor } = await staffCycle(c);
  const body = await c.req.parseBody({ all: true });
  const values: Record<string, string> = {};
  for (const [k, x] of Object.entries(body)) if (typeof x === "string" && k !== "_csrf") values[k] = x;
  const ids = ([] as unknown[]).concat(body.candidates ?? []).map(Number);
  try {
    const id = await createVote(c.var.db, actor, cycle, Number(values.meetingId), values, ids, c.var.now);
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

function ResultsTable(props: {
  t: Translator;
  vote: Vote;
  results: Awaited<ReturnType<typeof getResults>>["results"];
}) {
  const { t, vote } = props;
  const perCandidate = vote.form === "per_candidate";
  return (
    <TableWrap label={t("vote.result")}>
      {/* On a phone each row becomes a card: the cells carry their column's name (data-label). */}
      <table class="results stack">
        <thead>
          <tr>
            <th scope="col">{t("cand.col.no")}</th>
            <th scope="col">{t("cand.f.name")}</th>
            <th scope="col" class="num">
              {perCandidate ? t("vote.for") : t("vote.ticks")}
            </th>
            {perCandidate ? (
              <>
                <th scope="col" class="num">
                  {t("vote.against")}
                </th>
                <th scope="col" class="num">
                  {t("vote.abstain")}
                </th>
              </>
            ) : null}
            <th scope="col" class="num">
              {t("vote.rank")}
            </th>
            <th scope="col">{t("vote.outcome")}</th>
          </tr>
        </thead>
        <tbody>
          {props.results.map((r) => (
            <tr class={r.elected ? "elected" : r.tie ? "tie" : undefined}>
              <td data-label={t("cand.col.no")}>{r.position}</td>
              <th scope="row">{r.name}</th>
              <td class="num" data-label={perCandidate ? t("vote.for") : t("vote.ticks")}>
                {r.support}
              </td>
              {perCandidate ? (
                <>
                  <td class="num" data-label={t("vote.against")}>
                    {r.against}
                  </td>
                  <td class="num" data-label={t("vote.abstain")}>
                    {r.abstain}
                  </td>
                </>
              ) : null}
              <td class="num" data-label={t("vote.rank")}>
                {r.rank}
              </td>
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
        </tbody>
      </table>
    </TableWrap>
  );
}

function Totals(props: { t: Translator; vote: Vote; voted?: number }) {
  const { t, vote } = props;
  return (
    <dl class="facts">
      <dt>{t("vote.roster")}</dt>
      <dd>{vote.rosterSize ?? "—"}</dd>
      <dt>{t("vote.present")}</dt>
      <dd>{vote.presentAtOpen ?? "—"}</dd>
      <dt>{t("vote.cast")}</dt>
      <dd>{vote.ballotsCast ?? props.voted ?? "—"}</dd>
      {vote.status === "closed" ? (
        <>
          <dt>{t("vote.valid")}</dt>
          <dd>{vote.validBallots}</dd>
          <dt>{t("vote.invalid")}</dt>
          <dd>{vote.invalidBallots}</dd>
          <dt>{t(worded(vote, "vote.threshold"))}</dt>
          <dd>
            {t("vote.threshold_text", {
              base: t(`vote.base.${vote.base}`),
              n: vote.thresholdBase ?? 0,
              num: vote.thresholdNumerator,
              den: vote.thresholdDenominator,
            })}
          </dd>
          <dt>{t("vote.places")}</dt>
          <dd>
            {t("vote.places_text", {
              places: vote.places,
              filled: vote.placesFilled ?? 0,
              tied: vote.placesTied ?? 0,
              shortfall: vote.shortfall ?? 0,
            })}
          </dd>
        </>
      ) : null}
    </dl>
  );
}

const STEPS = { freeze: "frozen", open: "open", close: "closed" } as const;

votePages.get(`${CYCLE}/votes/:vid{[0-9]+}`, async (c) => {
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

votePages.post(`${CYCLE}/votes/:vid{[0-9]+}/rules`, async (c) => {
  const { j, cycle, actor } = await staffCycle(c);
  const vote = await getVote(c.var.db, cycle, Number(c.req.param("vid")));
  const values = await formFields(c);
  const r = await withFieldErrors(c, () => updateRules(c.var.db, actor, cycle, vote, values, c.var.now));
  if (!r.ok) return consolePage(c, j, cycle, vote, { values, fields: r.fields }, 400);
  return c.redirect(`${base(j, cycle)}/votes/${vote.id}`, 303);
});

/** An assessment (满意度测评) is worded as 测评 where the vote's words say 票决 or 投票. */
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

function worded(vote: Pick<Vote, "kind">, key: MessageKey): MessageKey {
  return (vote.kind === "assessment" && ASSESSMENT_WORDS[key]) || key;
}

votePages.get(`${CYCLE}/votes/:vid{[0-9]+}/confirm`, async (c) => {
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
  votePages.post(`${CYCLE}/votes/:vid{[0-9]+}/${step}`, async (c) => {
    const { j, cycle, actor } = await staffCycle(c);
    const vote = await getVote(c.var.db, cycle, Number(c.req.param("vid")));
    try {
      if (step === "freeze") await freezeVote(c.var.db, actor, cycle, vote, c.var.now);
      else if (step === "open") await openVote(c.var.db, actor, cycle, vote, c.var.now);
      else if (step === "close") await closeVote(c.var.db, actor, cycle, vote, c.var.now);
      else {
        const id = await createRunoff(c.var.db, actor, cycle, vote, c.var.now);
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

// ---- The deputy's ballot ------------------------------------------------------------------------

type Filled = Record<string, string>;

/**
 * Reads the ballot fields of a form: `c-<id>` = for|against|abstain, or `tick` = ids; on an
 * assessment `c-<id>` = satisfied|basic|unsatisfied (|abstain when the rules allow it).
 */
function readBallot(
  vote: Vote,
  ids: number[],
  body: Record<string, string | string[] | File | (string | File)[]>,
): { ballot: BallotBody; filled: Filled } {
  const filled: Filled = {};
  if (vote.form === "assess") {
    const allowed: readonly string[] = assessChoices(vote);
    const choices: Record<string, AssessChoice> = {};
    for (const id of ids) {
      const x = body[`c-${id}`];
      if (typeof x === "string" && allowed.includes(x)) {
        choices[String(id)] = x as AssessChoice;
        filled[`c-${id}`] = x;
      }
    }
    return { ballot: { form: "assess", choices }, filled };
  }
  if (vote.form === "per_candidate") {
    const choices: Record<string, Choice> = {};
    for (const id of ids) {
      const x = body[`c-${id}`];
      if (x === "for" || x === "against" || x === "abstain") {
        choices[String(id)] = x;
        filled[`c-${id}`] = x;
      }
    }
    return { ballot: { form: "per_candidate", choices }, filled };
  }
  const ticks = ([] as unknown[])
    .concat(body.tick ?? [])
    .map(Number)
    .filter((n) => ids.includes(n));
  for (const n of ticks) filled[`t-${n}`] = "1";
  return { ballot: { form: "choose_n", ticks: [...new Set(ticks)] }, filled };
}

async function deputyVote(c: Context<AppEnv>) {
  const { j, cycle } = await load(c);
  const actor = c.var.actor;
  if (!actor) throw new AppError("unauthenticated");
  if (actor.kind !== "deputy" || actor.jurisdictionCode !== j.code) throw new AppError("not_found");
  const vote = await getVote(c.var.db, cycle, Number(c.req.param("vid")));
  return { j, cycle, vote, actor };
}

async function ballotPage(c: Context<AppEnv>, prefill: Filled = {}, receipt?: string, status = 200) {
  const { j, cycle, vote, actor } = await deputyVote(c);
  const ctx = pageContext(c);
  const { t } = ctx;
  const db = c.var.db;
  const list = await ballotCandidates(db, vote.id);
  const [voted, present] = await Promise.all([
    hasVoted(db, vote.id, actor.id),
    isPresent(db, vote.meetingId, actor.id),
  ]);
  const path = `${base(j, cycle)}/votes/${vote.id}`;
  let body: Child;
  if (voted) body = <Notice kind="ok">{t("ballot.voted")}</Notice>;
  else if (vote.status !== "open")
    body = <Notice kind="info">{t(vote.status === "closed" ? "ballot.closed" : "ballot.not_open")}</Notice>;
  else if (!present) {
    body = (
      <>
        <Notice kind="info">{t("ballot.checkin_first")}</Notice>
        <PostForm ctx={ctx} action={`${base(j, cycle)}/meetings/${vote.meetingId}/checkin`}>
          <button type="submit" class="big">
            {t("meeting.checkin")}
          </button>
        </PostForm>
      </>
    );
  } else {
    body = (
      <PostForm ctx={ctx} action={`${path}/ballot/review`} class="ballot">
        <input type="hidden" name="receipt" value={receipt ?? newReceipt()} />
        <p>
          {vote.form === "per_candidate"
            ? t("ballot.help.per_candidate")
            : vote.form === "assess"
              ? t(vote.allowAbstain ? "assess.ballot.help" : "assess.ballot.help_no_abstain")
              : t("ballot.help.choose_n", { n: vote.maxTicks })}
        </p>
        {list.map((x) =>
          vote.form === "assess" ? (
            // 满意 / 基本满意 / 不满意 (/ 弃权): three or four large targets per project.
            <fieldset class="choice">
              <legend>
                {x.position}. {x.name}
              </legend>
              <div class={`opts opts-${assessChoices(vote).length}`}>
                {assessChoices(vote).map((k) => (
                  <label class={`opt opt-${k}`}>
                    <input type="radio" name={`c-${x.id}`} value={k} checked={prefill[`c-${x.id}`] === k} />{" "}
                    {t(`assess.${k}`)}
                  </label>
                ))}
              </div>
            </fieldset>
          ) : vote.form === "per_candidate" ? (
            <fieldset class="choice">
              <legend>
                {x.position}. {x.name}
              </legend>
              <div class="opts">
                {(["for", "against", "abstain"] as const).map((k) => (
                  <label class={`opt opt-${k}`}>
                    <input type="radio" name={`c-${x.id}`} value={k} checked={prefill[`c-${x.id}`] === k} />{" "}
                    {t(`vote.${k}`)}
                  </label>
                ))}
              </div>
            </fieldset>
          ) : (
            <label class="tick">
              <input
                type="checkbox"
                name="tick"
                value={String(x.id)}
                checked={prefill[`t-${x.id}`] === "1"}
              />{" "}
              {x.position}. {x.name}
            </label>
          ),
        )}
        <button type="submit" class="big">
          {t("ballot.review")}
        </button>
      </PostForm>
    );
  }
  return c.html(
    <Layout ctx={ctx} title={vote.title}>
      <h1>{vote.title}</h1>
      <p class="muted">{t("ballot.secret")}</p>
      {body}
      <p>
        <a href={`${path}/receipt`}>{t("receipt.check")}</a>
      </p>
    </Layout>,
    status as 200,
  );
}

votePages.get(`${CYCLE}/votes/:vid{[0-9]+}/ballot`, (c) => ballotPage(c));

/** "Back to change": the filled ballot comes back to the form. */
votePages.post(`${CYCLE}/votes/:vid{[0-9]+}/ballot`, async (c) => {
  const { vote } = await deputyVote(c);
  const ids = (await ballotCandidates(c.var.db, vote.id)).map((x) => x.id);
  const body = await c.req.parseBody({ all: true });
  const receipt = typeof body.receipt === "string" ? body.receipt : undefined;
  return ballotPage(c, readBallot(vote, ids, body).filled, receipt);
});

votePages.post(`${CYCLE}/votes/:vid{[0-9]+}/ballot/review`, async (c) => {
  const { j, cycle, vote } = await deputyVote(c);
  const ctx = pageContext(c);
  const { t } = ctx;
  const list = await ballotCandidates(c.var.db, vote.id);
  const body = await c.req.parseBody({ all: true });
  const receipt = typeof body.receipt === "string" ? body.receipt : "";
  const { ballot, filled } = readBallot(
    vote,
    list.map((x) => x.id),
    body,
  );
  const path = `${base(j, cycle)}/votes/${vote.id}`;
  const overTicked = ballot.form === "choose_n" && ballot.ticks.length > vote.maxTicks;
  // An assessment without 弃权 must answer every project, or its ballot is invalid (./tally.ts).
  const unanswered =
    ballot.form === "assess" && !vote.allowAbstain
      ? list.filter((x) => !ballot.choices[String(x.id)]).length
      : 0;
  const Hidden = () => (
    <>
      <input type="hidden" name="receipt" value={receipt} />
      {Object.entries(filled).map(([k, x]) =>
        k.startsWith("t-") ? (
          <input type="hidden" name="tick" value={k.slice(2)} />
        ) : (
          <input type="hidden" name={k} value={x} />
        ),
      )}
    </>
  );
  return c.html(
    <Layout ctx={ctx} title={t("ballot.review_title")}>
      <h1>{t("ballot.review_title")}</h1>
      <p>{t("ballot.review_text")}</p>
      {overTicked ? <Notice kind="error">{t("ballot.overticked", { n: vote.maxTicks })}</Notice> : null}
      {unanswered ? <Notice kind="error">{t("assess.ballot.incomplete", { n: unanswered })}</Notice> : null}
      <ol class="review">
        {list.map((x) => {
          if (ballot.form === "assess") {
            const mine = ballot.choices[String(x.id)];
            return (
              <li>
                <span>{x.name}：</span>
                <strong class={`pick pick-${mine ?? (vote.allowAbstain ? "abstain" : "none")}`}>
                  {mine
                    ? t(`assess.${mine}`)
                    : (vote.allowAbstain ? t("assess.abstain") : "") + t("ballot.unanswered")}
                </strong>
              </li>
            );
          }
          const pick =
            ballot.form === "per_candidate"
              ? (ballot.choices[String(x.id)] ?? "abstain")
              : ballot.ticks.includes(x.id)
                ? "for"
                : "abstain";
          return (
            <li>
              <span>{x.name}：</span>
              <strong class={`pick pick-${pick}`}>
                {ballot.form === "per_candidate"
                  ? t(`vote.${pick}`) + (ballot.choices[String(x.id)] ? "" : t("ballot.unanswered"))
                  : ballot.ticks.includes(x.id)
                    ? t("ballot.ticked")
                    : t("ballot.not_ticked")}
              </strong>
            </li>
          );
        })}
      </ol>
      <p>
        {t("ballot.receipt_is")} <strong class="code receipt">{receipt}</strong>
      </p>
      {overTicked || unanswered ? null : (
        <PostForm ctx={ctx} action={`${path}/ballot/cast`}>
          <Hidden />
          <button type="submit" class="big danger">
            {t("ballot.cast")}
          </button>
        </PostForm>
      )}
      <PostForm ctx={ctx} action={`${path}/ballot`}>
        <Hidden />
        <button type="submit" class="secondary">
          {t("ballot.change")}
        </button>
      </PostForm>
    </Layout>,
  );
});

votePages.post(`${CYCLE}/votes/:vid{[0-9]+}/ballot/cast`, async (c) => {
  const { j, cycle, vote, actor } = await deputyVote(c);
  const ctx = pageContext(c);
  const { t } = ctx;
  const ids = (await ballotCandidates(c.var.db, vote.id)).map((x) => x.id);
  const body = await c.req.parseBody({ all: true });
  const receipt = typeof body.receipt === "string" ? body.receipt : "";
  const { ballot } = readBallot(vote, ids, body);
  let message: MessageKey;
  try {
    const r = await castBallot(c.var.db, actor, cycle, vote, ballot, receipt);
    message =
      r.status === "recorded"
        ? "ballot.recorded"
        : r.status === "already_recorded"
          ? "ballot.already_recorded"
          : "ballot.already_voted";
  } catch (e) {
    if (e instanceof AppError && e.code === "illegal_transition") {
      return c.html(
        <Layout ctx={ctx} title={vote.title}>
          <h1>{vote.title}</h1>
          <Notice kind="error">{translateLoose(t, e.reason, "error.illegal_transition")}</Notice>
        </Layout>,
        409,
      );
    }
    throw e;
  }
  c.header("Cache-Control", "no-store");
  return c.html(
    <Layout ctx={ctx} title={t(message)}>
      <h1>{t(message)}</h1>
      {message !== "ballot.already_voted" ? (
        <Notice kind="ok">
          {t("ballot.receipt_is")} <strong class="code receipt">{receipt}</strong>
          {t("ballot.receipt_keep")}
        </Notice>
      ) : (
        <Notice kind="info">{t("ballot.first_counts")}</Notice>
      )}
      <p>
        <a href={`${base(j, cycle)}/votes/${vote.id}/receipt`}>{t("receipt.check")}</a>
      </p>
    </Layout>,
  );
});

votePages.get(`${CYCLE}/votes/:vid{[0-9]+}/receipt`, async (c) => {
  const { j, cycle } = await load(c);
  const vote = await getVote(c.var.db, cycle, Number(c.req.param("vid")));
  const ctx = pageContext(c);
  const { t } = ctx;
  const typed = (c.req.query("code") ?? "").toUpperCase().replace(/[\s-]/g, "");
  const code = typed.length === 16 ? (typed.match(/.{4}/g) ?? []).join("-") : typed;
  const found = code ? await receiptRecorded(c.var.db, vote.id, code) : null;
  return c.html(
    <Layout ctx={ctx} title={t("receipt.check")}>
      <Crumbs c={c} j={j} cycle={cycle} />
      <h1>{t("receipt.check")}</h1>
      <p>{t("receipt.intro")}</p>
      {found === true ? (
        <Notice kind="ok">{t("receipt.found")}</Notice>
      ) : found === false ? (
        <Notice kind="error">{t("receipt.not_found")}</Notice>
      ) : null}
      <form method="get" action={`${base(j, cycle)}/votes/${vote.id}/receipt`} class="card">
        <Field ctx={ctx} name="code" label={t("receipt.code")} value={code} />
        <button type="submit">{t("track.go")}</button>
      </form>
    </Layout>,
  );
});

// ---- Announcement and big screen (public) -------------------------------------------------------

votePages.get(`${CYCLE}/votes/:vid{[0-9]+}/announcement`, async (c) => {
  const { j, cycle } = await load(c);
  const vote = await getVote(c.var.db, cycle, Number(c.req.param("vid")));
  if (vote.status !== "closed") throw new AppError("not_found");
  // A 满意度测评 has its own announcement (测评结果公告).
  if (vote.kind === "assessment") return assessmentAnnouncementPage(c, j, cycle, vote);
  const ctx = pageContext(c);
  const { t } = ctx;
  const { vote: v, results } = await getResults(c.var.db, vote, c.var.now);
  const [meeting] = (await listMeetings(c.var.db, cycle.id)).filter((m: Meeting) => m.id === v.meetingId);
  const elected = results.filter((r) => r.elected);
  const name = jurisdictionName(c, j);
  return c.html(
    <Layout ctx={ctx} title={t("ann.title", { no: v.announcementNo ?? 0 })}>
      <article class="announcement print-doc">
        <p class="center">{meeting?.title ?? ""}</p>
        <h1 class="center">{t("ann.presidium")}</h1>
        <p class="center">
          <strong>{t("ann.title", { no: v.announcementNo ?? 0 })}</strong>
        </p>
        <p class="prose">
          {t("ann.body", {
            date: formatDate(ctx.locale, v.closedAt ?? 0),
            name,
            title: v.title,
            roster: v.rosterSize ?? 0,
            present: v.presentAtOpen ?? 0,
            cast: v.ballotsCast ?? 0,
            valid: v.validBallots ?? 0,
            invalid: v.invalidBallots ?? 0,
            elected: elected.length,
          })}
        </p>
        <ol>
          {elected.map((r) => (
            <li>
              {r.name}（{vote.form === "per_candidate" ? t("vote.for") : t("vote.ticks")} {r.support}）
            </li>
          ))}
        </ol>
        {v.placesTied ? <p>{t("ann.tie", { n: v.placesTied })}</p> : null}
        {v.shortfall ? <p>{t("ann.shortfall", { n: v.shortfall })}</p> : null}
        <h2>{t("vote.result")}</h2>
        <ResultsTable t={t} vote={v} results={results} />
        <p class="right">
          {t("ann.signature", { name })}
          <br />
          {formatDate(ctx.locale, v.closedAt ?? 0)}
        </p>
        <p class="no-print">
          <button type="button" class="js-print" hidden>
            {t("cred.slips.print")}
          </button>
        </p>
      </article>
    </Layout>,
  );
});

votePages.get(`${CYCLE}/votes/:vid{[0-9]+}/screen`, async (c) => {
  const { j, cycle } = await load(c);
  const vote = await getVote(c.var.db, cycle, Number(c.req.param("vid")));
  const s = await screenState(c.var.db, cycle, vote, c.var.now);
  const ctx = pageContext(c);
  const { t } = ctx;
  const outcome = vote.status === "closed" ? await getResults(c.var.db, vote, c.var.now) : null;
  return c.html(
    <Layout ctx={ctx} title={vote.title} wide>
      <div
        class="screen"
        data-status-url={`/api/jurisdictions/${j.code}/cycles/${cycle.year}/votes/${vote.id}/status`}
        data-status={vote.status}
      >
        <h1>{vote.title}</h1>
        <p class={`screen-status status-${vote.status}`} aria-live="polite">
          {t(`vote.status.${vote.status}`)}
        </p>
        <div class="screen-counts">
          <div>
            <span class="label">{t("vote.roster")}</span>{" "}
            <span class="big-num" data-k="rosterSize">
              {s.rosterSize}
            </span>
          </div>
          <div>
            <span class="label">{t("vote.present")}</span>{" "}
            <span class="big-num" data-k="present">
              {s.present}
            </span>
          </div>
          <div class="voted">
            <span class="label">{t("vote.voted")}</span>{" "}
            <span class="big-num" data-k="voted">
              {s.voted}
            </span>
          </div>
        </div>
        <p class="screen-offline" hidden>
          {t("screen.offline")}
        </p>
        {outcome && vote.kind === "assessment" ? (
          <AssessmentTable t={t} vote={outcome.vote} rows={assessedProjects(outcome.vote, outcome.results)} />
        ) : outcome ? (
          <ResultsTable t={t} vote={outcome.vote} results={outcome.results} />
        ) : (
          <p class="sealed">{t("screen.sealed")}</p>
        )}
      </div>
    </Layout>,
  );
});

// Stage 5 pages of the 满意度测评: the staff's list and creation of assessments (and re-assessments
// 复评 of the projects graded 不满意 once rectified), the public result page and the printable
// result announcement (测评结果公告). Freezing, opening, the deputy's ballot, closing and the big
// screen are the vote's own pages (./votes.tsx), which show an assessment in its own terms.
import type { Context } from "hono";
import { can } from "../../../platform/auth/permissions";
import type { Cycle, Jurisdiction, Vote } from "../../../platform/data/schema";
import { createRouter, pageContext } from "../../../platform/http/app";
import { base, Crumbs, CYCLE, cycleWith, load } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { jurisdictionName, translateFields } from "../../../platform/http/forms";
import { formatDate, translateLoose } from "../../../platform/i18n";
import { Select } from "../../../platform/ui/fields";
import { Layout, Notice, PostForm } from "../../../platform/ui/layout";
import { listMeetings } from "../../voting/attendance";
import { getResults, getVote } from "../../voting/votes";
import {
  assessableProjects,
  assessedProjects,
  assessmentProblems,
  createAssessment,
  DEFAULT_RECTIFY_DAYS,
  listAssessments,
  reassessable,
} from "../assessment";
import { AssessmentRulesFields, AssessmentTable, type RectifyInfo } from "./views";

export const assessmentPages = createRouter();

const staffCycle = (c: Context<AppEnv>) => cycleWith(c, "vote.manage");

/** The form's fields as strings, and the ticked projects. */
async function readForm(c: Context<AppEnv>) {
  const body = await c.req.parseBody({ all: true });
  const values: Record<string, string> = {};
  for (const [k, x] of Object.entries(body)) if (typeof x === "string" && k !== "_csrf") values[k] = x;
  const ids = ([] as unknown[])
    .concat(body.candidates ?? [])
    .map(Number)
    .filter((n) => Number.isSafeInteger(n) && n > 0);
  return { values, ids };
}

function ruleDefaults(title: string): Record<string, string> {
  return {
    title,
    base: "all",
    allowAbstain: "1",
    rectifyDays: String(DEFAULT_RECTIFY_DAYS),
    quorumNumerator: "2",
    quorumDenominator: "3",
  };
}

/** Meetings, the newest first: the year-end session is usually the latest one. */
function newestFirst<M extends { id: number }>(list: M[]): M[] {
  return [...list].sort((a, b) => b.id - a.id);
}

type FormState = { values?: Record<string, string>; fields?: Record<string, string>; error?: string };

/** Runs a create; field errors and refusals come back to the form. */
async function attempt(
  c: Context<AppEnv>,
  path: string,
  values: Record<string, string>,
  run: () => Promise<number>,
  again: (state: FormState, status: number) => Promise<Response>,
) {
  try {
    const id = await run();
    return c.redirect(`${path}/votes/${id}`, 303);
  } catch (e) {
    if (e instanceof AppError && e.code === "invalid_input")
      return again({ values, fields: translateFields(c, e.fields ?? {}) }, 400);
    if (e instanceof AppError && e.code === "illegal_transition")
      return again({ values, error: translateLoose(c.var.t, e.reason, "error.illegal_transition") }, 409);
    throw e;
  }
}

// ---- Staff: the cycle's assessments and a new one -----------------------------------------------

assessmentPages.get(`${CYCLE}/assessments`, async (c) => {
  const { j, cycle } = await staffCycle(c);
  return assessmentsPage(c, j, cycle);
});

async function assessmentsPage(
  c: Context<AppEnv>,
  j: Jurisdiction,
  cycle: Cycle,
  state: FormState = {},
  status = 200,
) {
  const ctx = pageContext(c);
  const { t } = ctx;
  const db = c.var.db;
  const [list, meetings, projects] = await Promise.all([
    listAssessments(db, cycle.id),
    listMeetings(db, cycle.id),
    assessableProjects(db, cycle),
  ]);
  const v = state.values ?? ruleDefaults(t("assess.default_title", { year: cycle.year }));
  const ticked = state.values ? new Set((state.values.ticked ?? "").split(",")) : null;
  const title = t("assess.list_title", { year: cycle.year });
  const path = base(j, cycle);
  return c.html(
    <Layout ctx={ctx} title={title}>
      <Crumbs c={c} j={j} cycle={cycle} />
      <h1>{title}</h1>
      {state.error ? <Notice kind="error">{state.error}</Notice> : null}
      <p>{t("assess.intro")}</p>
      <p class="actions">
        <a href={`${path}/meetings`}>{t("meeting.link")}</a>
        <a href={`${path}/satisfaction`}>{t("assess.public_title", { year: cycle.year })}</a>
      </p>
      {list.length === 0 ? <p>{t("assess.none")}</p> : null}
      <ul class="cards">
        {list.map((x) => (
          <li>
            <a href={`${path}/votes/${x.id}`}>{x.title}</a>{" "}
            <span class="badge">{t(`vote.status.${x.status}`)}</span>
            {x.status === "closed" ? (
              <>
                {" "}
                <a href={`${path}/votes/${x.id}/announcement`}>{t("assess.ann.link")}</a>{" "}
                <a href={`${path}/assessments/${x.id}/reassess`}>{t("assess.reassess")}</a>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {cycle.stage !== "supervise" ? (
        <Notice kind="info">{t("assess.not_stage")}</Notice>
      ) : projects.length === 0 ? (
        <Notice kind="info">{t("assess.no_projects")}</Notice>
      ) : meetings.length === 0 ? (
        <Notice kind="info">
          {t("assess.need_meeting")} <a href={`${path}/meetings`}>{t("meeting.new")}</a>
        </Notice>
      ) : (
        <PostForm ctx={ctx} action={`${path}/assessments`} class="card">
          <h2>{t("assess.new")}</h2>
          <Select
            name="meetingId"
            label={t("meeting.link")}
            options={newestFirst(meetings).map((m) => [String(m.id), m.title] as [string, string])}
            value={v.meetingId}
            error={state.fields?.meetingId}
          />
          <AssessmentRulesFields ctx={ctx} v={v} f={state.fields ?? {}} />
          <fieldset>
            <legend>{t("assess.f.projects")}</legend>
            {state.fields?.candidates ? <p class="error">{state.fields.candidates}</p> : null}
            <ul class="checklist">
              {projects.map((p) => (
                <li>
                  <label>
                    <input
                      type="checkbox"
                      name="candidates"
                      value={String(p.id)}
                      checked={ticked ? ticked.has(String(p.id)) : !p.stopped}
                    />{" "}
                    {p.position}. {p.name}
                    {p.stopped ? t("assess.stopped") : ""}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <button type="submit">{t("assess.create")}</button>
        </PostForm>
      )}
    </Layout>,
    status as 200,
  );
}

assessmentPages.post(`${CYCLE}/assessments`, async (c) => {
  const { j, cycle, actor } = await staffCycle(c);
  const { values, ids } = await readForm(c);
  values.ticked = ids.join(",");
  return attempt(
    c,
    base(j, cycle),
    values,
    () => createAssessment(c.var.db, actor, cycle, Number(values.meetingId), values, ids, c.var.now),
    (state, status) => assessmentsPage(c, j, cycle, state, status),
  );
});

// ---- Staff: re-assessment (复评) ------------------------------------------------------------------

async function parentOf(c: Context<AppEnv>, cycle: Cycle): Promise<Vote> {
  const parent = await getVote(c.var.db, cycle, Number(c.req.param("vid")));
  if (parent.kind !== "assessment" || parent.status !== "closed") throw new AppError("not_found");
  return parent;
}

async function reassessPage(
  c: Context<AppEnv>,
  j: Jurisdiction,
  cycle: Cycle,
  parent: Vote,
  state: FormState = {},
  status = 200,
) {
  const ctx = pageContext(c);
  const { t } = ctx;
  const [eligible, meetings] = await Promise.all([
    reassessable(c.var.db, cycle, parent),
    listMeetings(c.var.db, cycle.id),
  ]);
  const v = state.values ?? {
    ...ruleDefaults(t("assess.reassess_default_title", { title: parent.title })),
    base: parent.base,
    allowAbstain: parent.allowAbstain ? "1" : "",
    meetingId: String(parent.meetingId),
  };
  const title = t("assess.reassess_title", { title: parent.title });
  const path = base(j, cycle);
  const ready = eligible.filter((p) => p.rectified);
  return c.html(
    <Layout ctx={ctx} title={title}>
      <Crumbs c={c} j={j} cycle={cycle} extra={[`${path}/assessments`, t("assess.link")]} />
      <h1>{title}</h1>
      {state.error ? <Notice kind="error">{state.error}</Notice> : null}
      <p>{t("assess.reassess_intro")}</p>
      <ul>
        {eligible.map((p) => (
          <li>
            {p.position}. {p.name}
            {p.deadline ? ` · ${t("assess.rectify_by", { date: p.deadline })}` : ""}
            {p.rectified ? "" : ` · ${t("assess.not_rectified")}`}
          </li>
        ))}
      </ul>
      {ready.length === 0 || cycle.stage !== "supervise" || meetings.length === 0 ? (
        <Notice kind="info">
          {cycle.stage !== "supervise"
            ? t("assess.not_stage")
            : meetings.length === 0
              ? t("assess.need_meeting")
              : t("assess.reassess_none")}
        </Notice>
      ) : (
        <PostForm ctx={ctx} action={`${path}/assessments/${parent.id}/reassess`} class="card">
          <h2>{t("assess.reassess_create")}</h2>
          <Select
            name="meetingId"
            label={t("meeting.link")}
            options={newestFirst(meetings).map((m) => [String(m.id), m.title] as [string, string])}
            value={v.meetingId}
            error={state.fields?.meetingId}
          />
          <AssessmentRulesFields ctx={ctx} v={v} f={state.fields ?? {}} />
          <fieldset>
            <legend>{t("assess.f.projects")}</legend>
            {state.fields?.candidates ? <p class="error">{state.fields.candidates}</p> : null}
            <ul class="checklist">
              {ready.map((p) => (
                <li>
                  <label>
                    <input type="checkbox" name="candidates" value={String(p.id)} checked /> {p.position}.{" "}
                    {p.name}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <button type="submit">{t("assess.reassess_create")}</button>
        </PostForm>
      )}
    </Layout>,
    status as 200,
  );
}

assessmentPages.get(`${CYCLE}/assessments/:vid{[0-9]+}/reassess`, async (c) => {
  const { j, cycle } = await staffCycle(c);
  return reassessPage(c, j, cycle, await parentOf(c, cycle));
});

assessmentPages.post(`${CYCLE}/assessments/:vid{[0-9]+}/reassess`, async (c) => {
  const { j, cycle, actor } = await staffCycle(c);
  const parent = await parentOf(c, cycle);
  const { values, ids } = await readForm(c);
  return attempt(
    c,
    base(j, cycle),
    values,
    () =>
      createAssessment(c.var.db, actor, cycle, Number(values.meetingId), values, ids, c.var.now, {
        parentVoteId: parent.id,
      }),
    (state, status) => reassessPage(c, j, cycle, parent, state, status),
  );
});

// ---- Public: results and the announcement ---------------------------------------------------------

/** A closed assessment's results and the rectifications it opened (nothing personal in either). */
async function outcomeOf(c: Context<AppEnv>, vote: Vote) {
  const [{ vote: done, results }, problems] = await Promise.all([
    getResults(c.var.db, vote, c.var.now),
    assessmentProblems(c.var.db, vote.id),
  ]);
  const rows = assessedProjects(done, results);
  const rectify: RectifyInfo[] = problems.map((p) => ({
    candidateId: p.candidateId,
    deadline: p.deadline,
    status: p.status,
  }));
  return { vote: done, rows, rectify };
}

assessmentPages.get(`${CYCLE}/satisfaction`, async (c) => {
  const { j, cycle } = await load(c);
  const ctx = pageContext(c);
  const { t } = ctx;
  const list = await listAssessments(c.var.db, cycle.id, true);
  const outcomes = await Promise.all(list.map((x) => outcomeOf(c, x)));
  const title = t("assess.public_title", { year: cycle.year });
  const path = base(j, cycle);
  return c.html(
    <Layout ctx={ctx} title={title} wide>
      <Crumbs c={c} j={j} cycle={cycle} />
      <h1>{title}</h1>
      <p>{t("assess.public_intro")}</p>
      {can(ctx.actor, j, "vote.manage") ? (
        <p>
          <a href={`${path}/assessments`}>{t("assess.link")}</a>
        </p>
      ) : null}
      {outcomes.length === 0 ? <p>{t("assess.public_none")}</p> : null}
      {outcomes.map((o) => (
        <section>
          <h2>{o.vote.title}</h2>
          <p class="muted">
            {formatDate(ctx.locale, o.vote.closedAt ?? 0)} ·{" "}
            {t("meeting.headcount", { roster: o.vote.rosterSize ?? 0, present: o.vote.presentAtOpen ?? 0 })} ·{" "}
            {t("vote.valid")} {o.vote.validBallots ?? 0} · {t("vote.invalid")} {o.vote.invalidBallots ?? 0} ·{" "}
            <a href={`${path}/votes/${o.vote.id}/announcement`}>{t("assess.ann.link")}</a>
          </p>
          <AssessmentTable t={t} vote={o.vote} rows={o.rows} rectify={o.rectify} />
        </section>
      ))}
    </Layout>,
  );
});

/** 测评结果公告: the printable announcement of a closed assessment (served at the vote's address). */
export async function assessmentAnnouncementPage(
  c: Context<AppEnv>,
  j: Jurisdiction,
  cycle: Cycle,
  vote: Vote,
) {
  if (vote.kind !== "assessment" || vote.status !== "closed") throw new AppError("not_found");
  const ctx = pageContext(c);
  const { t } = ctx;
  const [o, meetings] = await Promise.all([outcomeOf(c, vote), listMeetings(c.var.db, cycle.id)]);
  const v = o.vote;
  const meeting = meetings.find((m) => m.id === v.meetingId);
  const name = jurisdictionName(c, j);
  const count = (g: string) => o.rows.filter((r) => r.grade === g).length;
  const deadline = o.rectify.map((p) => p.deadline).sort()[0];
  const title = t("assess.ann.title");
  return c.html(
    <Layout ctx={ctx} title={title}>
      <article class="announcement print-doc">
        <p class="center">{meeting?.title ?? ""}</p>
        <h1 class="center">{t("assess.ann.heading", { name, year: cycle.year })}</h1>
        {v.parentVoteId ? <p class="center">{t("assess.reassess")}</p> : null}
        <p class="prose">
          {t("assess.ann.body", {
            date: formatDate(ctx.locale, v.closedAt ?? 0),
            meeting: meeting?.title ?? name,
            year: cycle.year,
            title: v.title,
            roster: v.rosterSize ?? 0,
            present: v.presentAtOpen ?? 0,
            cast: v.ballotsCast ?? 0,
            valid: v.validBallots ?? 0,
            invalid: v.invalidBallots ?? 0,
          })}
        </p>
        <ol>
          {o.rows.map((r) => (
            <li>
              {r.name}：<strong>{t(`assess.grade.${r.grade}`)}</strong>（
              {t("assess.ann.counts", {
                satisfied: r.satisfied,
                basic: r.basic,
                unsatisfied: r.unsatisfied,
                abstain: r.abstain,
              })}
              ）
            </li>
          ))}
        </ol>
        <p>
          {t("assess.ann.summary", {
            satisfied: count("satisfied"),
            basic: count("basic"),
            unsatisfied: count("unsatisfied"),
          })}
        </p>
        {deadline ? <p>{t("assess.ann.rectify", { date: deadline })}</p> : null}
        <h2>{t("assess.result")}</h2>
        <AssessmentTable t={t} vote={v} rows={o.rows} />
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
}

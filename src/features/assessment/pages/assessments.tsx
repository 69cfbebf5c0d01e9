// Stage 5, staff: the cycle's 满意度测评 and the creation of one, and of a re-assessment (复评) of
// the projects an earlier one graded 不满意 once their rectification is reported. Freezing, opening,
// the ballot, closing and the big screen are the vote's own pages (src/features/voting/pages).
import type { Context } from "hono";
import type { Grant } from "../../../platform/auth/permissions";
import type { Cycle, Jurisdiction, Vote } from "../../../platform/data/schema";
import { createRouter, pageContext } from "../../../platform/http/app";
import { base, CYCLE, cycleWith } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { type FormState, refusal, type SentBack } from "../../../platform/http/forms";
import { CyclePage } from "../../../platform/ui/cycle-layout";
import { Select, Tick } from "../../../platform/ui/fields";
import { Notice, type PageContext, PostForm } from "../../../platform/ui/layout";
import { DEFAULT_RECTIFY_DAYS } from "../../voting/assessment";
import { listMeetings } from "../../voting/attendance";
import { AssessmentRulesFields } from "../../voting/pages/assessment-views";
import { getVote } from "../../voting/votes";
import { createAssessment, listAssessments } from "../assessment";
import { assessableProjects, reassessable } from "../eligible";

export const staffAssessmentPages = createRouter();

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

/** The cycle's meetings, the newest first: the year-end session is usually the latest one. */
async function meetingsNewestFirst(c: Context<AppEnv>, cycle: Cycle) {
  return (await listMeetings(c.var.db, cycle.id)).sort((a, b) => b.id - a.id);
}

/** Creates with `create`, then goes to the new assessment; field errors and refusals come back to the form. */
async function attempt(
  c: Context<AppEnv>,
  path: string,
  values: Record<string, string>,
  create: () => Promise<number>,
  again: (sent: SentBack) => Promise<Response>,
) {
  try {
    const id = await create();
    return c.redirect(`${path}/votes/${id}`, 303);
  } catch (e) {
    return again({ values, ...refusal(c, e, ["illegal_transition"]) });
  }
}

/** The form of a new assessment: its meeting, its rules and its projects. */
function AssessmentForm(props: {
  ctx: PageContext;
  action: string;
  heading: string;
  submit: string;
  meetings: { id: number; title: string }[];
  values: Record<string, string>;
  fields: Record<string, string>;
  projects: { id: number; label: string; checked: boolean }[];
}) {
  const { ctx, fields } = props;
  const { t } = ctx;
  return (
    <PostForm ctx={ctx} action={props.action} class="card">
      <h2>{props.heading}</h2>
      <Select
        name="meetingId"
        label={t("meeting.link")}
        options={props.meetings.map((m): [string, string] => [String(m.id), m.title])}
        value={props.values.meetingId}
        error={fields.meetingId}
      />
      <AssessmentRulesFields ctx={ctx} v={props.values} f={fields} />
      <fieldset>
        <legend>{t("assess.f.projects")}</legend>
        {fields.candidates ? <p class="error">{fields.candidates}</p> : null}
        <ul class="checklist">
          {props.projects.map((p) => (
            <li>
              <Tick name="candidates" value={p.id} checked={p.checked}>
                {p.label}
              </Tick>
            </li>
          ))}
        </ul>
      </fieldset>
      <button type="submit">{props.submit}</button>
    </PostForm>
  );
}

// ---- The cycle's assessments and a new one --------------------------------------------------------

async function loadAssessments(c: Context<AppEnv>, cycle: Cycle) {
  const [list, meetings, projects] = await Promise.all([
    listAssessments(c.var.db, cycle.id),
    meetingsNewestFirst(c, cycle),
    assessableProjects(c.var.db, cycle),
  ]);
  return { list, meetings, projects };
}

/** What a page of the cycle's assessments is drawn from: its loader's `data` and the form's state. */
type ViewProps<D> = { c: Context<AppEnv>; j: Jurisdiction; cycle: Cycle; data: D; state: FormState };

function AssessmentsView(props: ViewProps<Awaited<ReturnType<typeof loadAssessments>>>) {
  const { c, j, cycle, data, state } = props;
  const ctx = pageContext(c);
  const { t } = ctx;
  const v = state.values ?? ruleDefaults(t("assess.default_title", { year: cycle.year }));
  const ticked = state.values ? new Set((state.values.ticked ?? "").split(",")) : null;
  const title = t("assess.list_title", { year: cycle.year });
  const path = base(j, cycle);
  const projects = data.projects.map((p) => ({
    id: p.id,
    label: `${p.position}. ${p.name}${p.stopped ? t("assess.stopped") : ""}`,
    checked: ticked ? ticked.has(String(p.id)) : !p.stopped,
  }));
  return (
    <CyclePage c={c} j={j} cycle={cycle} title={title}>
      {state.error ? <Notice kind="error">{state.error}</Notice> : null}
      <p>{t("assess.intro")}</p>
      <p class="actions">
        <a href={`${path}/meetings`}>{t("meeting.link")}</a>
        <a href={`${path}/satisfaction`}>{t("assess.public_title", { year: cycle.year })}</a>
      </p>
      {data.list.length === 0 ? <p>{t("assess.none")}</p> : null}
      <ul class="cards">
        {data.list.map((x) => (
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
      ) : data.meetings.length === 0 ? (
        <Notice kind="info">
          {t("assess.need_meeting")} <a href={`${path}/meetings`}>{t("meeting.new")}</a>
        </Notice>
      ) : (
        <AssessmentForm
          ctx={ctx}
          action={`${path}/assessments`}
          heading={t("assess.new")}
          submit={t("assess.create")}
          meetings={data.meetings}
          values={v}
          fields={state.fields ?? {}}
          projects={projects}
        />
      )}
    </CyclePage>
  );
}

async function assessmentsPage(c: Context<AppEnv>, j: Jurisdiction, cycle: Cycle, sent?: SentBack) {
  const data = await loadAssessments(c, cycle);
  return c.html(
    <AssessmentsView c={c} j={j} cycle={cycle} data={data} state={sent ?? {}} />,
    sent?.status ?? 200,
  );
}

staffAssessmentPages.get(`${CYCLE}/assessments`, async (c) => {
  const { j, cycle } = await staffCycle(c);
  return assessmentsPage(c, j, cycle);
});

/** Creates an assessment from the posted form (`parentVoteId`: a re-assessment). */
async function createFromForm(
  c: Context<AppEnv>,
  grant: Grant<"vote.manage">,
  cycle: Cycle,
  form: Awaited<ReturnType<typeof readForm>>,
  opts: { parentVoteId?: number } = {},
) {
  const { values, ids } = form;
  return createAssessment(c.var.db, grant, cycle, Number(values.meetingId), values, ids, c.var.now, opts);
}

staffAssessmentPages.post(`${CYCLE}/assessments`, async (c) => {
  const { j, cycle, grant } = await staffCycle(c);
  const form = await readForm(c);
  form.values.ticked = form.ids.join(",");
  return attempt(
    c,
    base(j, cycle),
    form.values,
    () => createFromForm(c, grant, cycle, form),
    (sent) => assessmentsPage(c, j, cycle, sent),
  );
});

// ---- Re-assessment (复评) ------------------------------------------------------------------------

async function parentOf(c: Context<AppEnv>, cycle: Cycle): Promise<Vote> {
  const parent = await getVote(c.var.db, cycle, Number(c.req.param("vid")));
  if (parent.kind !== "assessment" || parent.status !== "closed") throw new AppError("not_found");
  return parent;
}

async function loadReassess(c: Context<AppEnv>, cycle: Cycle, parent: Vote) {
  const [eligible, meetings] = await Promise.all([
    reassessable(c.var.db, cycle, parent),
    meetingsNewestFirst(c, cycle),
  ]);
  return { parent, eligible, meetings };
}

function ReassessView(props: ViewProps<Awaited<ReturnType<typeof loadReassess>>>) {
  const { c, j, cycle, data, state } = props;
  const { parent, eligible, meetings } = data;
  const ctx = pageContext(c);
  const { t } = ctx;
  const v = state.values ?? {
    ...ruleDefaults(t("assess.reassess_default_title", { title: parent.title })),
    base: parent.base,
    allowAbstain: parent.allowAbstain ? "1" : "",
    meetingId: String(parent.meetingId),
  };
  const title = t("assess.reassess_title", { title: parent.title });
  const path = base(j, cycle);
  const ready = eligible.filter((p) => p.rectified);
  const blocked =
    cycle.stage !== "supervise"
      ? t("assess.not_stage")
      : meetings.length === 0
        ? t("assess.need_meeting")
        : ready.length === 0
          ? t("assess.reassess_none")
          : null;
  return (
    <CyclePage c={c} j={j} cycle={cycle} title={title} extra={[`${path}/assessments`, t("assess.link")]}>
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
      {blocked ? (
        <Notice kind="info">{blocked}</Notice>
      ) : (
        <AssessmentForm
          ctx={ctx}
          action={`${path}/assessments/${parent.id}/reassess`}
          heading={t("assess.reassess_create")}
          submit={t("assess.reassess_create")}
          meetings={meetings}
          values={v}
          fields={state.fields ?? {}}
          projects={ready.map((p) => ({ id: p.id, label: `${p.position}. ${p.name}`, checked: true }))}
        />
      )}
    </CyclePage>
  );
}

async function reassessPage(
  c: Context<AppEnv>,
  j: Jurisdiction,
  cycle: Cycle,
  parent: Vote,
  sent?: SentBack,
) {
  const data = await loadReassess(c, cycle, parent);
  return c.html(
    <ReassessView c={c} j={j} cycle={cycle} data={data} state={sent ?? {}} />,
    sent?.status ?? 200,
  );
}

staffAssessmentPages.get(`${CYCLE}/assessments/:vid{[0-9]+}/reassess`, async (c) => {
  const { j, cycle } = await staffCycle(c);
  return reassessPage(c, j, cycle, await parentOf(c, cycle));
});

staffAssessmentPages.post(`${CYCLE}/assessments/:vid{[0-9]+}/reassess`, async (c) => {
  const { j, cycle, grant } = await staffCycle(c);
  const parent = await parentOf(c, cycle);
  const form = await readForm(c);
  return attempt(
    c,
    base(j, cycle),
    form.values,
    () => createFromForm(c, grant, cycle, form, { parentVoteId: parent.id }),
    (sent) => reassessPage(c, j, cycle, parent, sent),
  );
});

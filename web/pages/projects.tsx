// Stage 5 pages, first part: the year's projects with progress bars and money (public), a project's
// page with its plan, milestones and reports (public once the plan is published), the plan form
// (government), the progress report form (the responsible unit, its own projects only), and the
// list of flagged projects for staff.
import type { Context } from "hono";
import { createRouter, pageContext } from "../../src/app";
import type { Cycle, Jurisdiction } from "../../src/data/schema";
import { FUNDING_SOURCES } from "../../src/data/schema";
import { getCycle } from "../../src/domain/cycles";
import { getJurisdiction } from "../../src/domain/jurisdictions";
import { yuanToWan } from "../../src/domain/money";
import { can } from "../../src/domain/permissions";
import {
  getProject,
  listProjects,
  type ProjectSummary,
  reportProgress,
  reportsOf,
  savePlan,
} from "../../src/domain/projects";
import type { AppEnv } from "../../src/env";
import { AppError } from "../../src/errors";
import { todayInChina } from "../../src/lib/dates";
import { TextArea } from "../components/inputs";
import { Field, Layout, Notice, PostForm } from "../components/layout";
import type { Translator } from "../i18n";
import { formFields, jurisdictionName, withFieldErrors } from "./util";

export const projectPages = createRouter();

const CYCLE = "/j/:code/:year{[0-9]{4}}";

async function load(c: Context<AppEnv>) {
  const j = await getJurisdiction(c.var.db, c.req.param("code") as string);
  const cycle = await getCycle(c.var.db, j.code, Number(c.req.param("year")));
  return { j, cycle };
}

function Crumbs(props: { c: Context<AppEnv>; j: Jurisdiction; cycle: Cycle; projects?: boolean }) {
  const { t } = props.c.var;
  const base = `/j/${props.j.code}/${props.cycle.year}`;
  return (
    <p class="crumbs">
      <a href={`/j/${props.j.code}`}>{jurisdictionName(props.c, props.j)}</a> ›{" "}
      <a href={base}>{t("jur.year", { year: props.cycle.year })}</a>
      {props.projects ? (
        <>
          {" "}
          › <a href={`${base}/projects`}>{t("proj.link")}</a>
        </>
      ) : null}
    </p>
  );
}

function Progress(props: { t: Translator; p: ProjectSummary }) {
  const pct = props.p.latest?.percent ?? 0;
  return (
    <span class="progress">
      <progress max={100} value={pct} aria-label={props.t("proj.percent", { n: pct })} /> {pct}%
    </span>
  );
}

function Flags(props: { t: Translator; p: ProjectSummary }) {
  const { t, p } = props;
  return (
    <>
      {p.overdue ? <span class="badge flag">{t("proj.flag.overdue", { n: p.overdue })}</span> : null}
      {p.moneyBehind ? <span class="badge flag">{t("proj.flag.money")}</span> : null}
    </>
  );
}

projectPages.get(`${CYCLE}/projects`, async (c) => {
  const { j, cycle } = await load(c);
  const ctx = pageContext(c);
  const { t, actor } = ctx;
  const all = await listProjects(c.var.db, cycle);
  const flaggedOnly = c.req.query("flagged") === "1";
  const seeFlags = can(actor, j, "project.flags");
  const list = flaggedOnly && seeFlags ? all.filter((p) => p.overdue > 0 || p.moneyBehind) : all;
  const planned = all.reduce((a, p) => a + p.plannedYuan, 0);
  const spent = all.reduce((a, p) => a + (p.latest?.disbursedYuan ?? 0), 0);
  const title = t("proj.title", { name: jurisdictionName(c, j), year: cycle.year });
  return c.html(
    <Layout ctx={ctx} title={title} wide>
      <Crumbs c={c} j={j} cycle={cycle} />
      <h1>{title}</h1>
      <p class="lead">
        {t("proj.totals", { n: all.length, planned: yuanToWan(planned), spent: yuanToWan(spent) })}
      </p>
      {seeFlags ? (
        <p>
          <a href={`?flagged=${flaggedOnly ? "0" : "1"}`}>
            {flaggedOnly ? t("proj.show_all") : t("proj.show_flagged")}
          </a>
        </p>
      ) : null}
      {list.length === 0 ? <p>{t("proj.none")}</p> : null}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("cand.col.no")}</th>
              <th scope="col">{t("cand.f.name")}</th>
              <th scope="col">{t("cand.f.responsibleUnit")}</th>
              <th scope="col">{t("proj.progress")}</th>
              <th scope="col" class="num">
                {t("proj.planned")}
              </th>
              <th scope="col" class="num">
                {t("proj.spent")}
              </th>
              {seeFlags ? <th scope="col">{t("proj.flags")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {list.map((p) => (
              <tr>
                <td>{p.position}</td>
                <th scope="row">
                  <a href={`/j/${j.code}/${cycle.year}/projects/${p.id}`}>{p.name}</a>
                </th>
                <td>{p.responsibleUnit}</td>
                <td>
                  <Progress t={t} p={p} />
                </td>
                <td class="num">{yuanToWan(p.plannedYuan)}</td>
                <td class="num">{yuanToWan(p.latest?.disbursedYuan ?? 0)}</td>
                {seeFlags ? (
                  <td>
                    <Flags t={t} p={p} />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="muted">{t("proj.money_note")}</p>
    </Layout>,
  );
});

projectPages.get(`${CYCLE}/projects/:pid{[0-9]+}`, async (c) => {
  const { j, cycle } = await load(c);
  const ctx = pageContext(c);
  const { t, actor } = ctx;
  const p = await getProject(c.var.db, cycle, Number(c.req.param("pid")));
  const published = Boolean(p.plan?.publishedAt);
  const mayPlan = can(actor, j, "plan.edit") && cycle.stage === "supervise";
  const mayReport =
    actor?.kind === "user" &&
    actor.role === "unit" &&
    actor.jurisdictionCode === j.code &&
    actor.unitName === p.responsibleUnit &&
    published;
  const reports = published ? await reportsOf(c.var.db, p.id) : [];
  const today = todayInChina();
  const done = c.req.query("done");
  return c.html(
    <Layout ctx={ctx} title={p.name} wide>
      <Crumbs c={c} j={j} cycle={cycle} projects />
      <h1>{p.name}</h1>
      {done === "plan" ? (
        <Notice kind="ok">{t("proj.plan_saved")}</Notice>
      ) : done === "report" ? (
        <Notice kind="ok">{t("proj.report_saved")}</Notice>
      ) : null}
      <p>
        <Progress t={t} p={p} /> {can(actor, j, "project.flags") ? <Flags t={t} p={p} /> : null}
      </p>
      <dl class="facts">
        <dt>{t("cand.f.content")}</dt>
        <dd class="prose">{p.content}</dd>
        <dt>{t("cand.f.responsibleUnit")}</dt>
        <dd>{p.responsibleUnit}</dd>
        {p.plan ? (
          <>
            <dt>{t("cand.f.annualTarget")}</dt>
            <dd>{p.plan.annualTarget}</dd>
          </>
        ) : null}
      </dl>
      <h2>{t("proj.money")}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("proj.source")}</th>
              <th scope="col" class="num">
                {t("proj.planned")}
              </th>
              <th scope="col" class="num">
                {t("proj.spent")}
              </th>
            </tr>
          </thead>
          <tbody>
            {FUNDING_SOURCES.filter(
              (s) => p.plannedBySource[s] || (p.latest && JSON.parse(p.latest.disbursed)[s]),
            ).map((s) => (
              <tr>
                <th scope="row">{t(`fund.${s}`)}</th>
                <td class="num">{yuanToWan(p.plannedBySource[s] ?? 0)}</td>
                <td class="num">
                  {yuanToWan(
                    p.latest ? ((JSON.parse(p.latest.disbursed) as Record<string, number>)[s] ?? 0) : 0,
                  )}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t("cand.total")}</th>
              <td class="num">{yuanToWan(p.plannedYuan)}</td>
              <td class="num">{yuanToWan(p.latest?.disbursedYuan ?? 0)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      {published ? (
        <>
          <h2>{t("proj.milestones")}</h2>
          <ul class="milestones">
            {p.milestones.map((m) => (
              <li class={m.doneOn ? "done" : m.dueOn < today ? "overdue" : undefined}>
                {m.dueOn} {m.title} —{" "}
                {m.doneOn
                  ? t("proj.m.done", { date: m.doneOn })
                  : m.dueOn < today
                    ? t("proj.m.overdue")
                    : t("proj.m.open")}
              </li>
            ))}
          </ul>
          <h2>{t("proj.reports")}</h2>
          {reports.length === 0 ? <p>{t("proj.no_reports")}</p> : null}
          {reports.map((r) => (
            <article class="card">
              <h3>
                {r.reportedOn} · {r.percent}% · {t("proj.spent")} {yuanToWan(r.disbursedYuan)}
              </h3>
              <p class="prose">{r.body}</p>
            </article>
          ))}
        </>
      ) : (
        <p>{t("proj.no_plan")}</p>
      )}
      <p class="actions">
        {mayPlan ? (
          <a href={`/j/${j.code}/${cycle.year}/projects/${p.id}/plan`}>{t("proj.edit_plan")}</a>
        ) : null}
        {mayReport ? (
          <a href={`/j/${j.code}/${cycle.year}/projects/${p.id}/report`}>{t("proj.new_report")}</a>
        ) : null}
      </p>
    </Layout>,
  );
});

async function planForm(
  c: Context<AppEnv>,
  state: { values?: Record<string, string>; fields?: Record<string, string> } = {},
  status = 200,
) {
  const { j, cycle } = await load(c);
  const actor = c.var.actor;
  if (!actor) throw new AppError("unauthenticated");
  if (!can(actor, j, "plan.edit"))
    throw new AppError(actor.jurisdictionCode === j.code ? "forbidden" : "not_found");
  const p = await getProject(c.var.db, cycle, Number(c.req.param("pid")));
  const ctx = pageContext(c);
  const { t } = ctx;
  const v = state.values ?? {
    responsibleUnit: p.responsibleUnit,
    annualTarget: p.plan?.annualTarget ?? "",
    milestones: p.milestones
      .filter((m) => !m.doneOn)
      .map((m) => `${m.dueOn} ${m.title}`)
      .join("\n"),
  };
  const f = state.fields ?? {};
  return c.html(
    <Layout ctx={ctx} title={t("proj.edit_plan")}>
      <Crumbs c={c} j={j} cycle={cycle} projects />
      <h1>
        {t("proj.edit_plan")}：{p.name}
      </h1>
      <PostForm ctx={ctx} action={`/j/${j.code}/${cycle.year}/projects/${p.id}/plan`} class="card">
        <Field
          ctx={ctx}
          name="responsibleUnit"
          label={t("cand.f.responsibleUnit")}
          value={v.responsibleUnit}
          error={f.responsibleUnit}
          required
        />
        <TextArea
          name="annualTarget"
          label={t("cand.f.annualTarget")}
          value={v.annualTarget}
          error={f.annualTarget}
          required
          rows={2}
        />
        <TextArea
          name="milestones"
          label={t("proj.milestones")}
          hint={t("proj.milestones_hint")}
          value={v.milestones}
          error={f.milestones}
          rows={6}
        />
        <p class="buttons">
          <button type="submit" name="publish" value="0" class="secondary">
            {t("notice.save_draft")}
          </button>{" "}
          <button type="submit" name="publish" value="1">
            {t("proj.publish_plan")}
          </button>
        </p>
      </PostForm>
    </Layout>,
    status as 200,
  );
}

projectPages.get(`${CYCLE}/projects/:pid{[0-9]+}/plan`, (c) => planForm(c));
projectPages.post(`${CYCLE}/projects/:pid{[0-9]+}/plan`, async (c) => {
  const { j, cycle } = await load(c);
  const actor = c.var.actor;
  if (!actor) throw new AppError("unauthenticated");
  if (!can(actor, j, "plan.edit"))
    throw new AppError(actor.jurisdictionCode === j.code ? "forbidden" : "not_found");
  const id = Number(c.req.param("pid"));
  const values = await formFields(c);
  const r = await withFieldErrors(c, () =>
    savePlan(c.var.db, actor, cycle, id, values, values.publish === "1"),
  );
  if (!r.ok) return planForm(c, { values, fields: r.fields }, 400);
  return c.redirect(`/j/${j.code}/${cycle.year}/projects/${id}?done=plan`, 303);
});

async function reportForm(
  c: Context<AppEnv>,
  state: { values?: Record<string, string>; fields?: Record<string, string> } = {},
  status = 200,
) {
  const { j, cycle } = await load(c);
  const actor = c.var.actor;
  if (!actor) throw new AppError("unauthenticated");
  const p = await getProject(c.var.db, cycle, Number(c.req.param("pid")));
  if (
    actor.kind !== "user" ||
    actor.role !== "unit" ||
    actor.unitName !== p.responsibleUnit ||
    actor.jurisdictionCode !== j.code
  )
    throw new AppError("not_found");
  const ctx = pageContext(c);
  const { t } = ctx;
  const v = state.values ?? { reportedOn: todayInChina(), percent: String(p.latest?.percent ?? 0) };
  const f = state.fields ?? {};
  return c.html(
    <Layout ctx={ctx} title={t("proj.new_report")}>
      <Crumbs c={c} j={j} cycle={cycle} projects />
      <h1>
        {t("proj.new_report")}：{p.name}
      </h1>
      <PostForm ctx={ctx} action={`/j/${j.code}/${cycle.year}/projects/${p.id}/report`} class="card">
        <Field
          ctx={ctx}
          name="reportedOn"
          label={t("proj.reported_on")}
          hint={t("notice.f.date_hint")}
          value={v.reportedOn}
          error={f.reportedOn}
          required
        />
        <Field
          ctx={ctx}
          name="percent"
          label={t("proj.percent_field")}
          inputmode="numeric"
          value={v.percent}
          error={f.percent}
          required
        />
        <TextArea name="body" label={t("proj.report_body")} value={v.body} error={f.body} required rows={5} />
        <fieldset>
          <legend>{t("proj.disbursed_to_date")}</legend>
          <div class="grid-3">
            {FUNDING_SOURCES.filter((s) => p.plannedBySource[s]).map((s) => (
              <Field
                ctx={ctx}
                name={`disbursed_${s}`}
                label={t(`fund.${s}`)}
                value={v[`disbursed_${s}`]}
                error={f[`disbursed_${s}`]}
              />
            ))}
          </div>
        </fieldset>
        {p.milestones.some((m) => !m.doneOn) ? (
          <fieldset>
            <legend>{t("proj.milestones_reached")}</legend>
            {p.milestones
              .filter((m) => !m.doneOn)
              .map((m) => (
                <label class="check">
                  <input type="checkbox" name="done" value={String(m.id)} /> {m.dueOn} {m.title}
                </label>
              ))}
          </fieldset>
        ) : null}
        <button type="submit">{t("proj.submit_report")}</button>
      </PostForm>
    </Layout>,
    status as 200,
  );
}

projectPages.get(`${CYCLE}/projects/:pid{[0-9]+}/report`, (c) => reportForm(c));
projectPages.post(`${CYCLE}/projects/:pid{[0-9]+}/report`, async (c) => {
  const { j, cycle } = await load(c);
  const actor = c.var.actor;
  if (!actor) throw new AppError("unauthenticated");
  const id = Number(c.req.param("pid"));
  const body = await c.req.parseBody({ all: true });
  const values: Record<string, string> = {};
  for (const [k, x] of Object.entries(body)) if (typeof x === "string" && k !== "_csrf") values[k] = x;
  const done = ([] as unknown[]).concat(body.done ?? []).filter((x): x is string => typeof x === "string");
  const r = await withFieldErrors(c, () => reportProgress(c.var.db, actor, cycle, id, { ...values, done }));
  if (!r.ok) return reportForm(c, { values, fields: r.fields }, 400);
  return c.redirect(`/j/${j.code}/${cycle.year}/projects/${id}?done=report`, 303);
});

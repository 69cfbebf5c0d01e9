// A project's public page: plan, milestones, money by source, latest report with photos, report
// history, changes, problems, the satisfaction result and the public's non-binding rating — and,
// for those who may, the links to the plan, the report form and supervision.
import type { Context } from "hono";
import { can, ownsProject } from "../../../platform/auth/permissions";
import { createRouter, pageContext } from "../../../platform/http/app";
import { load } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { formFields } from "../../../platform/http/forms";
import { type MessageKey, translateLoose } from "../../../platform/i18n";
import { todayInChina } from "../../../platform/lib/dates";
import { CyclePage } from "../../../platform/ui/cycle-layout";
import { Notice } from "../../../platform/ui/layout";
import { mayRate, ratePublic, ratingKey, ratingSummary } from "../../assessment/ratings";
import { PROJECT, projectId, projectsStep, projectUrl } from "../../projects/pages/shared";
import { photosOfReports } from "../../projects/photos";
import { getProject, projectStateOf, reportsPage } from "../../projects/projects";
import { publicSupervision } from "../../supervision/supervision";
import {
  AssessmentSection,
  ChangesSection,
  Facts,
  MoneySection,
  ProblemsSection,
  ProgressSection,
  type ProjectData,
  RatingSection,
} from "./project-views";

export const projectDetailPages = createRouter();

async function loadProject(c: Context<AppEnv>): Promise<ProjectData> {
  const { j, cycle } = await load(c);
  const { db, actor, now } = c.var;
  const p = await getProject(db, cycle, projectId(c), now);
  const published = Boolean(p.plan?.publishedAt);
  const beforeParam = Number(c.req.query("before"));
  const before =
    Number.isInteger(beforeParam) && beforeParam > 0 ? beforeParam : p.latest ? p.latest.id : undefined;
  const [state, history, sup, rating, rateable] = await Promise.all([
    projectStateOf(db, p.id),
    published && p.latest ? reportsPage(db, p.id, before) : Promise.resolve({ rows: [], next: null }),
    publicSupervision(db, p.id, now),
    ratingSummary(db, p.id),
    mayRate(db, cycle, p.id),
  ]);
  const firstPage = !c.req.query("before");
  const shown = [...(published && p.latest && firstPage ? [p.latest] : []), ...history.rows];
  const photos = published
    ? await photosOfReports(
        db,
        p.id,
        shown.map((r) => r.id),
      )
    : [];
  return {
    j,
    cycle,
    p,
    published,
    state,
    firstPage,
    history,
    photos,
    sup,
    rating,
    rateable,
    flags: can(actor, j, "project.flags") ? { overdue: p.overdue, moneyBehind: p.moneyBehind } : undefined,
    may: {
      plan: can(actor, j, "plan.edit") && cycle.stage === "supervise",
      report: actor !== null && ownsProject(actor, cycle, p) && published,
      supervision: can(actor, j, "supervision.read"),
    },
    today: todayInChina(now),
  };
}

/** What the last form sent did: ?done=… after a redirect. */
const DONE = new Map<string, MessageKey>([
  ["plan", "proj.plan_saved"],
  ["report", "proj.report_saved"],
  ["rated", "pub.rating.thanks"],
]);

function ProjectPage(props: {
  c: Context<AppEnv>;
  d: ProjectData;
  notice: { kind: "ok" | "error"; text: string } | undefined;
}) {
  const { c, d } = props;
  const ctx = pageContext(c);
  const { t } = ctx;
  const done = DONE.get(c.req.query("done") ?? "");
  const url = projectUrl(d.j, d.cycle, d.p.id);
  return (
    <CyclePage c={c} j={d.j} cycle={d.cycle} title={d.p.name} wide extra={projectsStep(t, d.j, d.cycle)}>
      {done ? <Notice kind="ok">{t(done)}</Notice> : null}
      {props.notice ? <Notice kind={props.notice.kind}>{props.notice.text}</Notice> : null}
      <Facts t={t} d={d} />
      <MoneySection t={t} p={d.p} />
      <ProgressSection t={t} d={d} url={url} />
      <ChangesSection t={t} sup={d.sup} url={url} />
      <ProblemsSection t={t} sup={d.sup} />
      <AssessmentSection t={t} state={d.state} />
      <RatingSection ctx={ctx} d={d} url={url} />
      <p class="actions">
        {d.may.plan ? <a href={`${url}/plan`}>{t("proj.edit_plan")}</a> : null}
        {d.may.report ? <a href={`${url}/report`}>{t("proj.new_report")}</a> : null}
        {d.may.supervision ? <a href={`${url}/supervision`}>{t("sup.links")}</a> : null}
      </p>
    </CyclePage>
  );
}

async function projectScreen(
  c: Context<AppEnv>,
  notice?: { kind: "ok" | "error"; text: string },
  status = 200,
) {
  return c.html(<ProjectPage c={c} d={await loadProject(c)} notice={notice} />, status as 200);
}

projectDetailPages.get(PROJECT, (c) => projectScreen(c));

// The public rating: CSRF-protected like every form (the public has a CSRF cookie from any page).
projectDetailPages.post(`${PROJECT}/rate`, async (c) => {
  const { j, cycle } = await load(c);
  const id = projectId(c);
  await getProject(c.var.db, cycle, id, c.var.now);
  const values = await formFields(c);
  try {
    await ratePublic(
      c.var.db,
      cycle,
      id,
      values,
      c.req.header("cf-connecting-ip") ?? "local",
      ratingKey(c.env.RATING_SECRET),
      c.var.now,
    );
  } catch (e) {
    if (
      !(e instanceof AppError) ||
      !["invalid_input", "conflict", "rate_limited", "illegal_transition"].includes(e.code)
    )
      throw e;
    const text =
      e.code === "invalid_input"
        ? c.var.t("pub.rating.choose")
        : translateLoose(c.var.t, e.reason, "error.invalid_input");
    return projectScreen(c, { kind: "error", text }, e.status);
  }
  return c.redirect(`${projectUrl(j, cycle, id)}?done=rated#rating-title`, 303);
});

// Stage 5 pages: the public site of a jurisdiction's year — the projects with status, progress and
// money (from the read models project_state and year_totals, one page of 20 at a time), a project's
// page (plan, milestones, money by source, latest report with photos, report history, changes,
// problems, the satisfaction result and the public's non-binding rating), the photos themselves,
// CSV/.xlsx downloads — and the working forms: the plan (government), the progress report with
// photos (the responsible unit, its own projects only), the flagged list for supervisors.
import type { Context } from "hono";
import { can } from "../../../platform/auth/permissions";
import type {
  Cycle,
  Jurisdiction,
  Photo,
  ProgressReport,
  ProjectState,
  YearTotals,
} from "../../../platform/data/schema";
import { FUNDING_SOURCES } from "../../../platform/data/schema";
import { createRouter, pageContext } from "../../../platform/http/app";
import { base, Crumbs, CYCLE, load } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { formFields, jurisdictionName, withFieldErrors } from "../../../platform/http/forms";
import { type MessageKey, type Translator, translateLoose } from "../../../platform/i18n";
import { todayInChina } from "../../../platform/lib/dates";
import { yuanToWan } from "../../../platform/lib/money";
import { parse } from "../../../platform/lib/validate";
import { MoneyChart, ProgressBar } from "../../../platform/ui/charts";
import { Field, TextArea } from "../../../platform/ui/fields";
import { Layout, Notice, PostForm, TableWrap } from "../../../platform/ui/layout";
import { mayRate, ratePublic, ratingKey, ratingSummary } from "../../assessment/ratings";
import { sendTable } from "../../open-data/api/open-data";
import { publicSupervision } from "../../supervision/supervision";
import {
  checkPhotos,
  PHOTO_CLIENT_MAX_PX,
  PHOTOS_PER_REPORT,
  type PhotoUpload,
  photoSize,
  photosOfReports,
  photoUrl,
  publicPhoto,
} from "../photos";
import {
  allProjectStates,
  disbursedBySource,
  type Flags,
  flagsOf,
  getProject,
  ownsProject,
  type ProjectTableLabels,
  projectStateOf,
  projectStatePage,
  projectsTable,
  ReportInput,
  reportProgress,
  reportsPage,
  reportsTable,
  satisfactionRate,
  savePlan,
  yearTotalsOf,
} from "../projects";

export const projectPages = createRouter();

const PROJECT = `${CYCLE}/projects/:pid{[0-9]+}`;

function FlagBadges(props: { t: Translator; f: Flags | undefined }) {
  const { t, f } = props;
  if (!f) return null;
  return (
    <>
      {f.overdue ? <span class="badge flag">{t("proj.flag.overdue", { n: f.overdue })}</span> : null}
      {f.moneyBehind ? <span class="badge flag">{t("proj.flag.money")}</span> : null}
    </>
  );
}

function StatusBadge(props: { t: Translator; status: ProjectState["status"] }) {
  return <span class={`badge status-${props.status}`}>{props.t(`pub.status.${props.status}`)}</span>;
}

/** Labels of the downloadable tables, in the reader's language. */
function tableLabels(t: Translator): ProjectTableLabels {
  return {
    header: (k) => translateLoose(t, `pub.h.${k}`, "common.none"),
    status: (s) => t(`pub.status.${s}`),
    grade: (g) => t(`pub.grade.${g}`),
    fund: (s) => t(`fund.${s}` as MessageKey),
  };
}

/** The year's totals in words and figures (from year_totals: one row). */
function Totals(props: { t: Translator; totals: YearTotals | null }) {
  const { t } = props;
  const y = props.totals;
  if (!y) return <p class="lead">{t("proj.none")}</p>;
  const rate = satisfactionRate(y.satisfiedOrBasic, y.assessedValid);
  return (
    <section aria-labelledby="year-totals">
      <h2 id="year-totals" class="visually-hidden">
        {t("pub.totals.title")}
      </h2>
      <p class="lead">
        {t("pub.totals", {
          n: y.projects,
          planned: yuanToWan(y.plannedYuan),
          spent: yuanToWan(y.disbursedYuan),
          completed: y.completed,
        })}
      </p>
      <dl class="stats">
        <div>
          <dt>{t("pub.stat.projects")}</dt>
          <dd>{y.projects}</dd>
        </div>
        <div>
          <dt>{t("pub.stat.planned")}</dt>
          <dd>{yuanToWan(y.plannedYuan)}</dd>
        </div>
        <div>
          <dt>{t("pub.stat.spent")}</dt>
          <dd>{yuanToWan(y.disbursedYuan)}</dd>
        </div>
        <div>
          <dt>{t("pub.stat.completed")}</dt>
          <dd>{y.completed}</dd>
        </div>
        <div>
          <dt>{t("pub.stat.satisfaction")}</dt>
          <dd>{rate === null ? t("pub.not_assessed") : `${rate}%`}</dd>
        </div>
      </dl>
      {y.assessed > 0 ? (
        <p>{t("pub.totals.assessed", { n: y.assessed, unsatisfied: y.unsatisfied, rate: rate ?? "—" })}</p>
      ) : null}
    </section>
  );
}

function Downloads(props: { t: Translator; href: string; label: string }) {
  const { t } = props;
  return (
    <p class="exports">
      {props.label}：<a href={`${props.href}.csv`}>{t("pub.download.csv")}</a> ·{" "}
      <a href={`${props.href}.xlsx`}>{t("pub.download.xlsx")}</a> ·{" "}
      <a href="/open-data">{t("pub.open_data")}</a>
    </p>
  );
}

projectPages.get(`${CYCLE}/projects`, async (c) => {
  const { j, cycle } = await load(c);
  const ctx = pageContext(c);
  const { t, actor } = ctx;
  const db = c.var.db;
  const totals = await yearTotalsOf(db, cycle);
  const seeFlags = can(actor, j, "project.flags");
  const flaggedOnly = seeFlags && c.req.query("flagged") === "1";
  let rows: ProjectState[];
  let next: string | null = null;
  let flags: Map<number, Flags> | null = null;
  if (flaggedOnly) {
    // Supervisors only: every project of the year, then those behind.
    const all = await allProjectStates(db, cycle.id);
    flags = await flagsOf(db, all, c.var.now);
    rows = all.filter((r) => {
      const f = flags?.get(r.candidateId);
      return f && (f.overdue > 0 || f.moneyBehind);
    });
  } else {
    const page = await projectStatePage(db, cycle.id, c.req.query("after"));
    rows = page.rows;
    next = page.next;
    if (seeFlags) flags = await flagsOf(db, rows, c.var.now);
  }
  const after = c.req.query("after");
  const title = t("proj.title", { name: jurisdictionName(c, j), year: cycle.year });
  const b = base(j, cycle);
  return c.html(
    <Layout ctx={ctx} title={title} wide>
      <Crumbs c={c} j={j} cycle={cycle} />
      <h1>{title}</h1>
      <Totals t={t} totals={totals} />
      {seeFlags ? (
        <p>
          <a href={`?flagged=${flaggedOnly ? "0" : "1"}`}>
            {flaggedOnly ? t("proj.show_all") : t("proj.show_flagged")}
          </a>
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p>{t("proj.none")}</p>
      ) : (
        <TableWrap label={t("pub.list.label")}>
          <table class="stack projects">
            <thead>
              <tr>
                <th scope="col">{t("cand.col.no")}</th>
                <th scope="col">{t("cand.f.name")}</th>
                <th scope="col">{t("pub.col.status")}</th>
                <th scope="col">{t("proj.progress")}</th>
                <th scope="col" class="num">
                  {t("proj.planned")}
                </th>
                <th scope="col" class="num">
                  {t("proj.spent")}
                </th>
                <th scope="col">{t("cand.f.responsibleUnit")}</th>
                {seeFlags ? <th scope="col">{t("proj.flags")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr>
                  <td data-label={t("cand.col.no")}>{p.position}</td>
                  <th scope="row">
                    <a href={`${b}/projects/${p.candidateId}`}>{p.name}</a>
                  </th>
                  <td data-label={t("pub.col.status")}>
                    <StatusBadge t={t} status={p.status} />
                  </td>
                  <td data-label={t("proj.progress")}>
                    <ProgressBar percent={p.percent} label={t("proj.percent", { n: p.percent })} />
                  </td>
                  <td data-label={t("proj.planned")} class="num">
                    {yuanToWan(p.plannedYuan)}
                  </td>
                  <td data-label={t("proj.spent")} class="num">
                    {yuanToWan(p.disbursedYuan)}
                  </td>
                  <td data-label={t("cand.f.responsibleUnit")}>{p.responsibleUnit}</td>
                  {seeFlags ? (
                    <td data-label={t("proj.flags")}>
                      <FlagBadges t={t} f={flags?.get(p.candidateId)} />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {!flaggedOnly ? (
        <nav class="pager" aria-label={t("pub.pager")}>
          {after ? <a href={`${b}/projects`}>{t("list.first")}</a> : null}
          {next ? <a href={`${b}/projects?after=${encodeURIComponent(next)}`}>{t("list.more")}</a> : null}
        </nav>
      ) : null}
      <p class="muted">{t("proj.money_note")}</p>
      <Downloads t={t} href={`${b}/projects`} label={t("pub.download.projects")} />
    </Layout>,
  );
});

/** Photos as figures: real size for the aspect ratio, lazy, the caption as alt text. */
function Photos(props: { t: Translator; j: Jurisdiction; cycle: Cycle; photos: Photo[] }) {
  if (props.photos.length === 0) return null;
  return (
    <ul class="photos">
      {props.photos.map((ph, i) => {
        const size = photoSize(ph.objectKey);
        const alt = ph.caption || props.t("pub.photo.alt", { n: i + 1 });
        return (
          <li>
            <figure>
              <a href={photoUrl(props.j.code, props.cycle.year, ph.candidateId, ph.id)}>
                <img
                  src={photoUrl(props.j.code, props.cycle.year, ph.candidateId, ph.id)}
                  alt={alt}
                  width={size?.width}
                  height={size?.height}
                  loading="lazy"
                  decoding="async"
                />
              </a>
              {ph.caption ? <figcaption>{ph.caption}</figcaption> : null}
            </figure>
          </li>
        );
      })}
    </ul>
  );
}

function ReportCard(props: {
  t: Translator;
  j: Jurisdiction;
  cycle: Cycle;
  r: ProgressReport;
  photos: Photo[];
}) {
  const { t, r } = props;
  const head = `${r.reportedOn} · ${t("proj.percent", { n: r.percent })} · ${t("proj.spent")} ${yuanToWan(r.disbursedYuan)}`;
  return (
    <article class="card report">
      <h3>{head}</h3>
      <p class="prose">{r.body}</p>
      <Photos
        t={t}
        j={props.j}
        cycle={props.cycle}
        photos={props.photos.filter((p) => p.reportId === r.id)}
      />
    </article>
  );
}

interface ProjectPageState {
  notice?: { kind: "ok" | "error"; text: string };
  status?: number;
}

async function projectPage(c: Context<AppEnv>, state: ProjectPageState = {}) {
  const { j, cycle } = await load(c);
  const ctx = pageContext(c);
  const { t, actor } = ctx;
  const db = c.var.db;
  const p = await getProject(db, cycle, Number(c.req.param("pid")), c.var.now);
  const published = Boolean(p.plan?.publishedAt);
  const mayPlan = can(actor, j, "plan.edit") && cycle.stage === "supervise";
  const mayReport = actor !== null && ownsProject(actor, cycle, p) && published;
  const beforeParam = Number(c.req.query("before"));
  const before =
    Number.isInteger(beforeParam) && beforeParam > 0 ? beforeParam : p.latest ? p.latest.id : undefined;
  const [state5, history, sup, rating, rateable] = await Promise.all([
    projectStateOf(db, p.id),
    published && p.latest ? reportsPage(db, p.id, before) : Promise.resolve({ rows: [], next: null }),
    publicSupervision(db, p.id, c.var.now),
    ratingSummary(db, p.id),
    mayRate(db, cycle, p.id),
  ]);
  const shownReports = [
    ...(published && p.latest && !c.req.query("before") ? [p.latest] : []),
    ...history.rows,
  ];
  const photos = published
    ? await photosOfReports(
        db,
        p.id,
        shownReports.map((r) => r.id),
      )
    : [];
  const spentBy = disbursedBySource(p.latest);
  const sources = FUNDING_SOURCES.filter((s) => p.plannedBySource[s] || spentBy[s]);
  const status = state5?.status ?? "planned";
  const percent = p.latest?.percent ?? 0;
  const rate = state5 ? satisfactionRate(state5.satisfiedOrBasic, state5.assessedValid) : null;
  const done = c.req.query("done");
  const b = base(j, cycle);
  const url = `${b}/projects/${p.id}`;
  const flags = can(actor, j, "project.flags")
    ? { overdue: p.overdue, moneyBehind: p.moneyBehind }
    : undefined;
  const firstPage = !c.req.query("before");
  return c.html(
    <Layout ctx={ctx} title={p.name} wide>
      <Crumbs c={c} j={j} cycle={cycle} extra={[`${base(j, cycle)}/projects`, c.var.t("proj.link")]} />
      <h1>{p.name}</h1>
      {done === "plan" ? (
        <Notice kind="ok">{t("proj.plan_saved")}</Notice>
      ) : done === "report" ? (
        <Notice kind="ok">{t("proj.report_saved")}</Notice>
      ) : done === "rated" ? (
        <Notice kind="ok">{t("pub.rating.thanks")}</Notice>
      ) : null}
      {state.notice ? <Notice kind={state.notice.kind}>{state.notice.text}</Notice> : null}
      <p class="project-head">
        <StatusBadge t={t} status={status} />{" "}
        <ProgressBar percent={percent} label={t("proj.percent", { n: percent })} />{" "}
        <FlagBadges t={t} f={flags} />
      </p>
      <dl class="facts">
        <dt>{t("cand.f.content")}</dt>
        <dd class="prose">{p.content}</dd>
        <dt>{t("cand.f.responsibleUnit")}</dt>
        <dd>{p.responsibleUnit}</dd>
        {p.plan && published ? (
          <>
            <dt>{t("cand.f.annualTarget")}</dt>
            <dd>{p.plan.annualTarget}</dd>
          </>
        ) : null}
        {p.latest && published ? (
          <>
            <dt>{t("pub.latest_on")}</dt>
            <dd>{p.latest.reportedOn}</dd>
          </>
        ) : null}
      </dl>

      <h2>{t("proj.money")}</h2>
      <MoneyChart
        title={t("pub.chart.money", {
          planned: yuanToWan(p.plannedYuan),
          spent: yuanToWan(p.latest?.disbursedYuan ?? 0),
        })}
        plannedLabel={t("pub.chart.planned")}
        spentLabel={t("pub.chart.spent")}
        tableId="money-table"
        rows={sources.map((s) => ({
          label: t(`fund.${s}`),
          planned: p.plannedBySource[s] ?? 0,
          spent: spentBy[s] ?? 0,
          plannedText: yuanToWan(p.plannedBySource[s] ?? 0),
          spentText: yuanToWan(spentBy[s] ?? 0),
        }))}
      />
      <TableWrap label={t("proj.money")}>
        <table id="money-table" class="stack">
          <caption class="visually-hidden">{t("pub.money_table")}</caption>
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
            {sources.map((s) => (
              <tr>
                <th scope="row">{t(`fund.${s}`)}</th>
                <td class="num" data-label={t("proj.planned")}>
                  {yuanToWan(p.plannedBySource[s] ?? 0)}
                </td>
                <td class="num" data-label={t("proj.spent")}>
                  {yuanToWan(spentBy[s] ?? 0)}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t("cand.total")}</th>
              <td class="num" data-label={`${t("cand.total")} ${t("proj.planned")}`}>
                {yuanToWan(p.plannedYuan)}
              </td>
              <td class="num" data-label={`${t("cand.total")} ${t("proj.spent")}`}>
                {yuanToWan(p.latest?.disbursedYuan ?? 0)}
              </td>
            </tr>
          </tfoot>
        </table>
      </TableWrap>
      <p class="muted">{t("proj.money_note")}</p>

      {published ? (
        <>
          <h2>{t("proj.milestones")}</h2>
          {p.milestones.length === 0 ? <p>{t("pub.no_milestones")}</p> : null}
          <ul class="milestones">
            {p.milestones.map((m) => (
              <li class={m.doneOn ? "done" : m.dueOn < todayInChina(c.var.now) ? "overdue" : undefined}>
                {m.dueOn} {m.title} —{" "}
                {m.doneOn
                  ? t("proj.m.done", { date: m.doneOn })
                  : m.dueOn < todayInChina(c.var.now)
                    ? t("proj.m.overdue")
                    : t("proj.m.open")}
              </li>
            ))}
          </ul>
          {firstPage ? (
            <>
              <h2>{t("pub.latest")}</h2>
              {p.latest ? (
                <ReportCard t={t} j={j} cycle={cycle} r={p.latest} photos={photos} />
              ) : (
                <p>{t("proj.no_reports")}</p>
              )}
            </>
          ) : null}
          {history.rows.length > 0 || !firstPage ? (
            <>
              <h2>{t("pub.history")}</h2>
              {history.rows.map((r) => (
                <ReportCard t={t} j={j} cycle={cycle} r={r} photos={photos} />
              ))}
              <nav class="pager" aria-label={t("pub.history")}>
                {!firstPage ? <a href={url}>{t("list.first")}</a> : null}
                {history.next ? <a href={`${url}?before=${history.next}`}>{t("pub.history.more")}</a> : null}
              </nav>
            </>
          ) : null}
          {p.latest ? <Downloads t={t} href={`${url}/reports`} label={t("pub.download.reports")} /> : null}
        </>
      ) : (
        <p>{t("proj.no_plan")}</p>
      )}

      <h2>{t("pub.changes")}</h2>
      {sup.changes.length === 0 ? <p>{t("pub.changes.none")}</p> : null}
      <ul class="changes">
        {sup.changes.map((ch) => (
          <li>
            <a href={`${url}/changes/${ch.id}`}>
              {t(`pub.change.${ch.kind}`)} · {t("pub.change.no", { n: ch.announcementNo })}
            </a>{" "}
            — {ch.decidedOn}，{ch.decisionBody}（{ch.decisionNo}）：{ch.detail}
          </li>
        ))}
      </ul>

      <h2>{t("pub.problems")}</h2>
      {sup.problems.length === 0 ? <p>{t("pub.problems.none")}</p> : null}
      {sup.problems.length > 0 ? (
        <TableWrap label={t("pub.problems")}>
          <table class="stack">
            <thead>
              <tr>
                <th scope="col">{t("pub.problem.found")}</th>
                <th scope="col">{t("pub.problem.what")}</th>
                <th scope="col">{t("cand.f.responsibleUnit")}</th>
                <th scope="col">{t("pub.problem.deadline")}</th>
                <th scope="col">{t("pub.problem.status")}</th>
                <th scope="col">{t("pub.problem.rectification")}</th>
              </tr>
            </thead>
            <tbody>
              {sup.problems.map((pr) => (
                <tr>
                  <td class="nowrap" data-label={t("pub.problem.found")}>
                    {pr.foundOn}
                  </td>
                  <th scope="row">{pr.description}</th>
                  <td data-label={t("cand.f.responsibleUnit")}>{pr.responsibleUnit}</td>
                  <td class="nowrap" data-label={t("pub.problem.deadline")}>
                    {pr.deadline}
                  </td>
                  <td data-label={t("pub.problem.status")}>
                    {t(`pub.problem.${pr.status}`)}
                    {pr.overdue ? ` · ${t("proj.m.overdue")}` : ""}
                    {pr.closedOn ? ` · ${pr.closedOn}` : ""}
                  </td>
                  <td data-label={t("pub.problem.rectification")} class="prose">
                    {pr.rectification ?? ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      {sup.inspections.length > 0 ? (
        <p>
          {t("pub.inspections", {
            n: sup.inspections.length,
            dates: sup.inspections.map((i) => i.inspectedOn).join("、"),
          })}
        </p>
      ) : null}

      <h2>{t("pub.assessment")}</h2>
      {state5?.grade ? (
        <p>
          {t("pub.assessment.result", {
            grade: t(`pub.grade.${state5.grade}`),
            rate: rate ?? "—",
            n: state5.satisfiedOrBasic ?? 0,
            valid: state5.assessedValid ?? 0,
          })}
        </p>
      ) : (
        <p>{t("pub.not_assessed")}</p>
      )}

      <section class="card rating" aria-labelledby="rating-title">
        <h2 id="rating-title">{t("pub.rating.title")}</h2>
        <p class="muted">{t("pub.rating.note")}</p>
        <p>
          {rating.count > 0
            ? t("pub.rating.summary", { avg: rating.average ?? "", n: rating.count })
            : t("pub.rating.none")}
        </p>
        {rateable ? (
          <PostForm ctx={ctx} action={`${url}/rate`}>
            <fieldset class="stars">
              <legend>{t("pub.rating.legend")}</legend>
              {[5, 4, 3, 2, 1].map((n) => (
                <label class="check">
                  <input type="radio" name="rating" value={String(n)} required />{" "}
                  <span aria-hidden="true">{"★".repeat(n)}</span> {t(`pub.rating.n${n}` as MessageKey)}
                </label>
              ))}
            </fieldset>
            <button type="submit">{t("pub.rating.submit")}</button>
          </PostForm>
        ) : (
          <p>{t("pub.rating.closed")}</p>
        )}
      </section>

      <p class="actions">
        {mayPlan ? <a href={`${url}/plan`}>{t("proj.edit_plan")}</a> : null}
        {mayReport ? <a href={`${url}/report`}>{t("proj.new_report")}</a> : null}
        {can(actor, j, "supervision.read") ? <a href={`${url}/supervision`}>{t("sup.links")}</a> : null}
      </p>
    </Layout>,
    (state.status ?? 200) as 200,
  );
}

projectPages.get(PROJECT, (c) => projectPage(c));

// The public rating: CSRF-protected like every form (the public has a CSRF cookie from any page).
projectPages.post(`${PROJECT}/rate`, async (c) => {
  const { j, cycle } = await load(c);
  const id = Number(c.req.param("pid"));
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
    return projectPage(c, { notice: { kind: "error", text }, status: e.status });
  }
  return c.redirect(`${base(j, cycle)}/projects/${id}?done=rated#rating-title`, 303);
});

// A photo, for the public once the project's page shows reports: long cache, the stored (sniffed)
// type, nosniff; another jurisdiction's or year's photo, or an unpublished project's, is not found.
projectPages.get(`${PROJECT}/photos/:photo{[0-9]+}`, async (c) => {
  const photo = await publicPhoto(
    c.var.db,
    c.req.param("code") as string,
    Number(c.req.param("year")),
    Number(c.req.param("pid")),
    Number(c.req.param("photo")),
  );
  const etag = `"${photo.objectKey.split("/")[1] ?? photo.id}"`;
  const headers: Record<string, string> = {
    "Content-Type": photo.contentType,
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
    "Content-Disposition": "inline",
    ETag: etag,
  };
  let res: Response;
  if (c.req.header("if-none-match") === etag) {
    res = c.body(null, 304, headers);
  } else {
    const obj = await c.env.PHOTOS.get(photo.objectKey);
    if (!obj) throw new AppError("not_found");
    res = c.body(obj.body, 200, { ...headers, "Content-Length": String(obj.size) });
  }
  // An image is the same for everyone: no cookie on it, so caches may keep it.
  res.headers.delete("Set-Cookie");
  return res;
});

// Downloads of the public tables (CSV with BOM, .xlsx), like the other exports (src/features/screening/exports.ts).
projectPages.get(`${CYCLE}/:file{projects\\.(csv|xlsx)}`, async (c) => {
  const { j, cycle } = await load(c);
  const rows = await allProjectStates(c.var.db, cycle.id);
  const t = c.var.t;
  const format = (c.req.param("file") ?? "").endsWith(".xlsx") ? "xlsx" : "csv";
  return sendTable(
    c,
    projectsTable(rows, tableLabels(t)),
    `${j.name}-${cycle.year}-${t("proj.link")}`,
    format,
    t("proj.link"),
  );
});

projectPages.get(`${PROJECT}/:file{reports\\.(csv|xlsx)}`, async (c) => {
  const { j, cycle } = await load(c);
  const p = await getProject(c.var.db, cycle, Number(c.req.param("pid")), c.var.now);
  if (!p.plan?.publishedAt) throw new AppError("not_found");
  const all: ProgressReport[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await reportsPage(c.var.db, p.id, before, 500);
    all.push(...page.rows);
    if (page.next === null) break;
    before = page.next;
  }
  const t = c.var.t;
  const format = (c.req.param("file") ?? "").endsWith(".xlsx") ? "xlsx" : "csv";
  return sendTable(
    c,
    reportsTable(all, tableLabels(t)),
    `${j.name}-${cycle.year}-${p.name}-${t("proj.reports")}`,
    format,
    t("proj.reports"),
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
  const p = await getProject(c.var.db, cycle, Number(c.req.param("pid")), c.var.now);
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
      <Crumbs c={c} j={j} cycle={cycle} extra={[`${base(j, cycle)}/projects`, c.var.t("proj.link")]} />
      <h1>
        {t("proj.edit_plan")}：{p.name}
      </h1>
      <PostForm ctx={ctx} action={`/j/${j.code}/${cycle.year}/projects/${p.id}/plan`} class="card">
        <Field
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

projectPages.get(`${PROJECT}/plan`, (c) => planForm(c));
projectPages.post(`${PROJECT}/plan`, async (c) => {
  const { j, cycle } = await load(c);
  const actor = c.var.actor;
  if (!actor) throw new AppError("unauthenticated");
  if (!can(actor, j, "plan.edit"))
    throw new AppError(actor.jurisdictionCode === j.code ? "forbidden" : "not_found");
  const id = Number(c.req.param("pid"));
  const values = await formFields(c);
  const r = await withFieldErrors(c, () =>
    savePlan(c.var.db, actor, cycle, id, values, values.publish === "1", c.var.now),
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
  const p = await getProject(c.var.db, cycle, Number(c.req.param("pid")), c.var.now);
  if (!ownsProject(actor, cycle, p)) throw new AppError("not_found");
  const ctx = pageContext(c);
  const { t } = ctx;
  const v = state.values ?? { reportedOn: todayInChina(c.var.now), percent: String(p.latest?.percent ?? 0) };
  const f = state.fields ?? {};
  return c.html(
    <Layout ctx={ctx} title={t("proj.new_report")}>
      <Crumbs c={c} j={j} cycle={cycle} extra={[`${base(j, cycle)}/projects`, c.var.t("proj.link")]} />
      <h1>
        {t("proj.new_report")}：{p.name}
      </h1>
      <PostForm
        ctx={ctx}
        action={`/j/${j.code}/${cycle.year}/projects/${p.id}/report`}
        class="card"
        multipart
      >
        <Field
          name="reportedOn"
          label={t("proj.reported_on")}
          hint={t("notice.f.date_hint")}
          value={v.reportedOn}
          error={f.reportedOn}
          required
        />
        <Field
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
        <fieldset>
          <legend>{t("pub.photos")}</legend>
          <div class={f.photos ? "field has-error" : "field"}>
            <label for="f-photos">{t("pub.photos.choose", { n: PHOTOS_PER_REPORT })}</label>
            <p class="hint" id="f-photos-hint">
              {t("pub.photos.hint", { mb: 5, px: PHOTO_CLIENT_MAX_PX })}
            </p>
            {f.photos ? (
              <p class="error" id="f-photos-error">
                {f.photos}
              </p>
            ) : null}
            <input
              id="f-photos"
              type="file"
              name="photos"
              accept="image/jpeg,image/png,image/webp"
              multiple
              data-downsize={String(PHOTO_CLIENT_MAX_PX)}
              data-max-files={String(PHOTOS_PER_REPORT)}
              aria-invalid={f.photos ? "true" : undefined}
              aria-describedby={f.photos ? "f-photos-hint f-photos-error" : "f-photos-hint"}
            />
          </div>
          <Field
            name="caption"
            label={t("pub.photos.caption")}
            hint={t("pub.photos.caption_hint")}
            value={v.caption}
            error={f.caption}
          />
        </fieldset>
        <button type="submit">{t("proj.submit_report")}</button>
      </PostForm>
    </Layout>,
    status as 200,
  );
}

projectPages.get(`${PROJECT}/report`, (c) => reportForm(c));
// Photos make this form larger than the app's general body limit: src/platform/http/app.ts gives this route its
// own (PHOTO_FORM_MAX_BYTES), before the CSRF check reads the body.
projectPages.post(`${PROJECT}/report`, async (c) => {
  const { j, cycle } = await load(c);
  const actor = c.var.actor;
  if (!actor) throw new AppError("unauthenticated");
  const id = Number(c.req.param("pid"));
  const body = await c.req.parseBody({ all: true });
  const values: Record<string, string> = {};
  for (const [k, x] of Object.entries(body)) if (typeof x === "string" && k !== "_csrf") values[k] = x;
  const done = ([] as unknown[]).concat(body.done ?? []).filter((x): x is string => typeof x === "string");
  const files = ([] as unknown[]).concat(body.photos ?? []).filter((x): x is File => x instanceof File);
  const input = { ...values, done };
  // The photos are checked first (type by magic bytes, size, count); a bad photo and bad fields
  // are reported together.
  const checked = await withFieldErrors(c, () => checkPhotos(files, values.caption ?? ""));
  if (!checked.ok) {
    const rest = await withFieldErrors(c, async () => parse(ReportInput(c.var.now), input));
    return reportForm(c, { values, fields: { ...(rest.ok ? {} : rest.fields), ...checked.fields } }, 400);
  }
  const uploads: PhotoUpload[] = checked.value;
  const r = await withFieldErrors(c, () =>
    reportProgress(c.var.db, actor, cycle, id, input, c.var.now, { bucket: c.env.PHOTOS, uploads }),
  );
  if (!r.ok) return reportForm(c, { values, fields: r.fields }, 400);
  return c.redirect(`/j/${j.code}/${cycle.year}/projects/${id}?done=report`, 303);
});

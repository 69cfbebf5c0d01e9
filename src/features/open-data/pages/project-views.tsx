// The sections of a project's public page (./project.tsx), as pure views of its loaded data.
import type { Cycle, Jurisdiction, Photo, ProgressReport, ProjectState } from "../../../platform/data/schema";
import { FUNDING_SOURCES } from "../../../platform/data/schema";
import type { MessageKey, Translator } from "../../../platform/i18n";
import { yuanToWan } from "../../../platform/lib/money";
import { MoneyChart, ProgressBar } from "../../../platform/ui/charts";
import { DataTable, Fact, NumCell, type PageContext, PostForm } from "../../../platform/ui/layout";
import type { ratingSummary } from "../../assessment/ratings";
import { Downloads, FlagBadges, StatusBadge } from "../../projects/pages/shared";
import { photoSize, photoUrl } from "../../projects/photos";
import {
  disbursedBySource,
  type Flags,
  type ProjectSummary,
  satisfactionRate,
} from "../../projects/projects";
import type { publicSupervision } from "../../supervision/supervision";

/** What a project's page shows, loaded by ./project.tsx. */
export interface ProjectData {
  j: Jurisdiction;
  cycle: Cycle;
  p: ProjectSummary;
  /** The plan is published: the page shows it, the milestones and the reports. */
  published: boolean;
  state: ProjectState | null;
  /** The first page of the history shows the latest report above it. */
  firstPage: boolean;
  history: { rows: ProgressReport[]; next: number | null };
  /** The photos of the reports shown. */
  photos: Photo[];
  sup: Awaited<ReturnType<typeof publicSupervision>>;
  rating: Awaited<ReturnType<typeof ratingSummary>>;
  rateable: boolean;
  /** For supervisors only. */
  flags: Flags | undefined;
  may: { plan: boolean; report: boolean; supervision: boolean };
  today: string;
}

/** Status, progress and flags, then what the project is, who does it and its target. */
export function Facts(props: { t: Translator; d: ProjectData }) {
  const { t, d } = props;
  const { p } = d;
  const percent = p.latest?.percent ?? 0;
  return (
    <>
      <p class="project-head">
        <StatusBadge t={t} status={d.state?.status ?? "planned"} />{" "}
        <ProgressBar percent={percent} label={t("proj.percent", { n: percent })} />{" "}
        <FlagBadges t={t} f={d.flags} />
      </p>
      <dl class="facts">
        <Fact label={t("cand.f.content")} class="prose">
          {p.content}
        </Fact>
        <Fact label={t("cand.f.responsibleUnit")}>{p.responsibleUnit}</Fact>
        {p.plan && d.published ? <Fact label={t("cand.f.annualTarget")}>{p.plan.annualTarget}</Fact> : null}
        {p.latest && d.published ? <Fact label={t("pub.latest_on")}>{p.latest.reportedOn}</Fact> : null}
      </dl>
    </>
  );
}

/** Money planned and disbursed to date, by source: a chart and the same figures as a table. */
export function MoneySection(props: { t: Translator; p: ProjectSummary }) {
  const { t, p } = props;
  const spentBy = disbursedBySource(p.latest);
  const spent = p.latest?.disbursedYuan ?? 0;
  const rows = FUNDING_SOURCES.filter((s) => p.plannedBySource[s] || spentBy[s]).map((s) => {
    const planned = p.plannedBySource[s] ?? 0;
    const out = spentBy[s] ?? 0;
    return {
      label: t(`fund.${s}`),
      planned,
      spent: out,
      plannedText: yuanToWan(planned),
      spentText: yuanToWan(out),
    };
  });
  return (
    <>
      <h2>{t("proj.money")}</h2>
      <MoneyChart
        title={t("pub.chart.money", { planned: yuanToWan(p.plannedYuan), spent: yuanToWan(spent) })}
        plannedLabel={t("pub.chart.planned")}
        spentLabel={t("pub.chart.spent")}
        tableId="money-table"
        rows={rows}
      />
      <DataTable
        label={t("proj.money")}
        id="money-table"
        class="stack"
        caption={t("pub.money_table")}
        cols={[t("proj.source"), [t("proj.planned"), "num"], [t("proj.spent"), "num"]]}
        foot={
          <tr>
            <th scope="row">{t("cand.total")}</th>
            <NumCell label={`${t("cand.total")} ${t("proj.planned")}`}>{yuanToWan(p.plannedYuan)}</NumCell>
            <NumCell label={`${t("cand.total")} ${t("proj.spent")}`}>{yuanToWan(spent)}</NumCell>
          </tr>
        }
      >
        {rows.map((r) => (
          <tr>
            <th scope="row">{r.label}</th>
            <NumCell label={t("proj.planned")}>{r.plannedText}</NumCell>
            <NumCell label={t("proj.spent")}>{r.spentText}</NumCell>
          </tr>
        ))}
      </DataTable>
      <p class="muted">{t("proj.money_note")}</p>
    </>
  );
}

/** Photos as figures: real size for the aspect ratio, lazy, the caption as alt text. */
function Photos(props: { t: Translator; j: Jurisdiction; cycle: Cycle; photos: Photo[] }) {
  if (props.photos.length === 0) return null;
  return (
    <ul class="photos">
      {props.photos.map((ph, i) => {
        const size = photoSize(ph.objectKey);
        const alt = ph.caption || props.t("pub.photo.alt", { n: i + 1 });
        const src = photoUrl(props.j.code, props.cycle.year, ph.candidateId, ph.id);
        return (
          <li>
            <figure>
              <a href={src}>
                <img
                  src={src}
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

function ReportCard(props: { t: Translator; d: ProjectData; r: ProgressReport }) {
  const { t, d, r } = props;
  const head = `${r.reportedOn} · ${t("proj.percent", { n: r.percent })} · ${t("proj.spent")} ${yuanToWan(r.disbursedYuan)}`;
  return (
    <article class="card report">
      <h3>{head}</h3>
      <p class="prose">{r.body}</p>
      <Photos t={t} j={d.j} cycle={d.cycle} photos={d.photos.filter((p) => p.reportId === r.id)} />
    </article>
  );
}

/** Once the plan is published: the milestones, the latest report and the history, a page at a time. */
export function ProgressSection(props: { t: Translator; d: ProjectData; url: string }) {
  const { t, d, url } = props;
  const { p, history, firstPage } = d;
  if (!d.published) return <p>{t("proj.no_plan")}</p>;
  return (
    <>
      <h2>{t("proj.milestones")}</h2>
      {p.milestones.length === 0 ? <p>{t("pub.no_milestones")}</p> : null}
      <ul class="milestones">
        {p.milestones.map((m) => (
          <li class={m.doneOn ? "done" : m.dueOn < d.today ? "overdue" : undefined}>
            {m.dueOn} {m.title} —{" "}
            {m.doneOn
              ? t("proj.m.done", { date: m.doneOn })
              : m.dueOn < d.today
                ? t("proj.m.overdue")
                : t("proj.m.open")}
          </li>
        ))}
      </ul>
      {firstPage ? (
        <>
          <h2>{t("pub.latest")}</h2>
          {p.latest ? <ReportCard t={t} d={d} r={p.latest} /> : <p>{t("proj.no_reports")}</p>}
        </>
      ) : null}
      {history.rows.length > 0 || !firstPage ? (
        <>
          <h2>{t("pub.history")}</h2>
          {history.rows.map((r) => (
            <ReportCard t={t} d={d} r={r} />
          ))}
          <nav class="pager" aria-label={t("pub.history")}>
            {!firstPage ? <a href={url}>{t("list.first")}</a> : null}
            {history.next ? <a href={`${url}?before=${history.next}`}>{t("pub.history.more")}</a> : null}
          </nav>
        </>
      ) : null}
      {p.latest ? <Downloads t={t} href={`${url}/reports`} label={t("pub.download.reports")} /> : null}
    </>
  );
}

export function ChangesSection(props: { t: Translator; sup: ProjectData["sup"]; url: string }) {
  const { t, sup, url } = props;
  return (
    <>
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
    </>
  );
}

/** The problems supervision found, with their rectification, and the dates of the inspections. */
export function ProblemsSection(props: { t: Translator; sup: ProjectData["sup"] }) {
  const { t, sup } = props;
  return (
    <>
      <h2>{t("pub.problems")}</h2>
      {sup.problems.length === 0 ? <p>{t("pub.problems.none")}</p> : null}
      {sup.problems.length > 0 ? (
        <DataTable
          label={t("pub.problems")}
          class="stack"
          cols={[
            t("pub.problem.found"),
            t("pub.problem.what"),
            t("cand.f.responsibleUnit"),
            t("pub.problem.deadline"),
            t("pub.problem.status"),
            t("pub.problem.rectification"),
          ]}
        >
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
        </DataTable>
      ) : null}
      {sup.inspections.length > 0 ? (
        <p>
          {t("pub.inspections", {
            n: sup.inspections.length,
            dates: sup.inspections.map((i) => i.inspectedOn).join("、"),
          })}
        </p>
      ) : null}
    </>
  );
}

/** The year-end satisfaction assessment (满意度测评) of the project, once held. */
export function AssessmentSection(props: { t: Translator; state: ProjectState | null }) {
  const { t, state } = props;
  const rate = state ? satisfactionRate(state.satisfiedOrBasic, state.assessedValid) : null;
  return (
    <>
      <h2>{t("pub.assessment")}</h2>
      {state?.grade ? (
        <p>
          {t("pub.assessment.result", {
            grade: t(`pub.grade.${state.grade}`),
            rate: rate ?? "—",
            n: state.satisfiedOrBasic ?? 0,
            valid: state.assessedValid ?? 0,
          })}
        </p>
      ) : (
        <p>{t("pub.not_assessed")}</p>
      )}
    </>
  );
}

/** The public's non-binding rating: its summary, and the form while rating is open. */
export function RatingSection(props: { ctx: PageContext; d: ProjectData; url: string }) {
  const { ctx, d } = props;
  const { t } = ctx;
  return (
    <section class="card rating" aria-labelledby="rating-title">
      <h2 id="rating-title">{t("pub.rating.title")}</h2>
      <p class="muted">{t("pub.rating.note")}</p>
      <p>
        {d.rating.count > 0
          ? t("pub.rating.summary", { avg: d.rating.average ?? "", n: d.rating.count })
          : t("pub.rating.none")}
      </p>
      {d.rateable ? (
        <PostForm ctx={ctx} action={`${props.url}/rate`}>
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
  );
}

// The half-year supervision report (半年监督报告), printable: each project's plan, progress, money to
// the yuan, overdue milestones, inspections, problems and changes.
import type { Context } from "hono";
import { FUNDING_SOURCES, type Inspection, type ProjectChange } from "../../../platform/data/schema";
import { createRouter, pageContext } from "../../../platform/http/app";
import { Crumbs, CYCLE, cycleWith } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { jurisdictionName } from "../../../platform/http/forms";
import type { Translator } from "../../../platform/i18n";
import { todayInChina } from "../../../platform/lib/dates";
import { yuanToWan } from "../../../platform/lib/money";
import { Fact, Heads, Layout, PrintButton } from "../../../platform/ui/layout";
import { listProjects, type ProjectSummary } from "../../projects/projects";
import { changesOf } from "../changes";
import { type CycleSupervision, cycleSupervision } from "../supervision";
import { type At, projectTrail } from "./shared";

export const halfYearPages = createRouter();

interface HalfYearData extends At {
  projects: ProjectSummary[];
  sup: CycleSupervision;
  changes: ProjectChange[];
  today: string;
}

async function loadHalfYear(c: Context<AppEnv>, at: At): Promise<HalfYearData> {
  const projects = await listProjects(c.var.db, at.cycle, c.var.now);
  const [sup, changes] = await Promise.all([
    cycleSupervision(c.var.db, at.cycle, c.var.now),
    changesOf(
      c.var.db,
      projects.map((p) => p.id),
    ),
  ]);
  return { ...at, projects, sup, changes, today: todayInChina(c.var.now) };
}

function HalfYearScreen(props: { c: Context<AppEnv>; d: HalfYearData }) {
  const { c, d } = props;
  const { j, cycle, projects, sup } = d;
  const ctx = pageContext(c);
  const { t } = ctx;
  const title = t("sup.hy.title", { name: jurisdictionName(c, j), year: cycle.year });
  const planned = projects.reduce((a, p) => a + p.plannedYuan, 0);
  const spent = projects.reduce((a, p) => a + (p.latest?.disbursedYuan ?? 0), 0);
  const closed = sup.problems.filter((x) => x.status === "closed").length;
  return (
    <Layout ctx={ctx} title={title} wide>
      <div class="no-print">
        <Crumbs c={c} j={j} cycle={cycle} trail={projectTrail(t, j, cycle)} />
      </div>
      <article class="hy-report">
        <h1 class="center">{title}</h1>
        <p class="center muted">{t("sup.hy.as_of", { date: d.today })}</p>
        <p class="prose">
          {t("sup.hy.summary", {
            n: projects.length,
            planned: yuanToWan(planned),
            spent: yuanToWan(spent),
            inspections: [...sup.inspections.values()].reduce((a, l) => a + l.length, 0),
            problems: sup.problems.length,
            closed,
            open: sup.problems.length - closed,
          })}
        </p>
        <PrintButton t={t} />
        {projects.map((p) => (
          <HalfYearProject
            t={t}
            p={p}
            inspections={sup.inspections.get(p.id) ?? []}
            problems={sup.problems.filter((x) => x.candidateId === p.id)}
            changes={d.changes.filter((ch) => ch.candidateId === p.id)}
            today={d.today}
          />
        ))}
        <p class="muted">{t("proj.money_note")}</p>
      </article>
    </Layout>
  );
}

function HalfYearProject(props: {
  t: Translator;
  p: ProjectSummary;
  inspections: Inspection[];
  problems: CycleSupervision["problems"];
  changes: Pick<ProjectChange, "kind" | "announcementNo" | "decidedOn">[];
  today: string;
}) {
  const { t, p } = props;
  const disbursed = (p.latest ? JSON.parse(p.latest.disbursed) : {}) as Record<string, number>;
  const sources = FUNDING_SOURCES.filter((s) => p.plannedBySource[s] || disbursed[s]);
  const overdueMs = p.milestones.filter((m) => !m.doneOn && m.dueOn < props.today);
  const open = props.problems.filter((x) => x.status !== "closed");
  const unannounced = props.inspections.filter((i) => i.unannounced).length;
  return (
    <section class="hy-project" aria-labelledby={`hy-${p.id}`}>
      <h2 id={`hy-${p.id}`}>
        {p.position}. {p.name}
      </h2>
      <dl class="hy-facts">
        <Fact label={t("cand.f.responsibleUnit")}>{p.responsibleUnit}</Fact>
        <Fact label={t("cand.f.annualTarget")}>{p.plan ? p.plan.annualTarget : t("proj.no_plan")}</Fact>
        <Fact label={t("proj.progress")}>
          {t("proj.percent", { n: p.latest?.percent ?? 0 })}
          {p.latest
            ? `（${t("sup.hy.reported", { date: p.latest.reportedOn })}）`
            : `（${t("sup.hy.no_report")}）`}
        </Fact>
        {props.changes.length ? (
          <Fact label={t("sup.changes")}>
            {props.changes
              .map(
                (ch) =>
                  `${t(`sup.kind.${ch.kind}`)}（${t("sup.ann.title", { no: ch.announcementNo })}，${ch.decidedOn}）`,
              )
              .join("；")}
          </Fact>
        ) : null}
      </dl>
      <table class="hy-money">
        <caption>{t("proj.money")}</caption>
        <Heads cols={[t("proj.source"), [t("proj.planned"), "num"], [t("proj.spent"), "num"]]} />
        <tbody>
          {sources.map((s) => (
            <tr>
              <th scope="row">{t(`fund.${s}`)}</th>
              <td class="num">{yuanToWan(p.plannedBySource[s] ?? 0)}</td>
              <td class="num">{yuanToWan(disbursed[s] ?? 0)}</td>
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
      <p>
        <strong>{t("sup.hy.milestones_overdue")}</strong>
        {overdueMs.length ? overdueMs.map((m) => `${m.dueOn} ${m.title}`).join("；") : t("common.none")}
      </p>
      <p>
        <strong>{t("sup.inspections")}：</strong>
        {props.inspections.length
          ? t("sup.hy.inspections", {
              n: props.inspections.length,
              unannounced,
              dates: props.inspections.map((i) => i.inspectedOn).join("、"),
            })
          : t("sup.inspections.none")}
      </p>
      <p>
        <strong>{t("sup.problems")}：</strong>
        {t("sup.hy.problems", { open: open.length, closed: props.problems.length - open.length })}
      </p>
      {open.length ? (
        <ul class="hy-problems">
          {open.map((x) => (
            <li>
              {x.description}（{x.responsibleUnit}，{t("sup.deadline")} {x.deadline}
              {x.overdue ? `，${t("sup.overdue")}` : ""}）
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

halfYearPages.get(`${CYCLE}/supervision/half-year`, async (c) => {
  const at = await cycleWith(c, "supervision.overview");
  return c.html(<HalfYearScreen c={c} d={await loadHalfYear(c, at)} />);
});

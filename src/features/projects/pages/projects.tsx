// Stage 5 pages: the year's public project list and the working forms of its projects.
// This file is the year's project list — status, progress and money from the read models
// project_state and year_totals, one page of 20 at a time, and for supervisors the flags and the
// list of projects behind — and it mounts the other screens: a project's plan (./plan.tsx, the
// government), its progress report with photos (./report.tsx, the responsible unit, its own
// projects only), and the files (./files.tsx: photos, CSV/.xlsx). A project's public page, which
// also shows its supervision and ratings, is the public site's (src/features/open-data/pages/project.tsx).
import type { Context } from "hono";
import { can } from "../../../platform/auth/permissions";
import type { Cycle, Jurisdiction, ProjectState, YearTotals } from "../../../platform/data/schema";
import { createRouter } from "../../../platform/http/app";
import { base, CYCLE, load } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { jurisdictionName } from "../../../platform/http/forms";
import type { Translator } from "../../../platform/i18n";
import { yuanToWan } from "../../../platform/lib/money";
import { ProgressBar } from "../../../platform/ui/charts";
import { CyclePage } from "../../../platform/ui/cycle-layout";
import { DataTable, Fact } from "../../../platform/ui/layout";
import {
  allProjectStates,
  type Flags,
  flagsOf,
  projectStatePage,
  satisfactionRate,
  yearTotalsOf,
} from "../projects";
import { projectFiles } from "./files";
import { planPages } from "./plan";
import { reportPages } from "./report";
import { Downloads, FlagBadges, StatusBadge } from "./shared";

export const projectPages = createRouter();

interface ListData {
  j: Jurisdiction;
  cycle: Cycle;
  totals: YearTotals | null;
  /** The reader supervises projects: the flags are shown, and the list of those behind offered. */
  seeFlags: boolean;
  /** The list of projects behind (supervisors only), all at once, instead of a page of all. */
  flaggedOnly: boolean;
  rows: ProjectState[];
  flags: Map<number, Flags> | null;
  /** This page's cursor (none on the first page) and the next one's. */
  after: string | undefined;
  next: string | null;
}

async function loadList(c: Context<AppEnv>): Promise<ListData> {
  const { j, cycle } = await load(c);
  const db = c.var.db;
  const totals = await yearTotalsOf(db, cycle);
  const seeFlags = can(c.var.actor, j, "project.flags");
  const flaggedOnly = seeFlags && c.req.query("flagged") === "1";
  const after = c.req.query("after");
  if (flaggedOnly) {
    // Supervisors only: every project of the year, then those behind.
    const all = await allProjectStates(db, cycle.id);
    const flags = await flagsOf(db, all, c.var.now);
    const rows = all.filter((r) => {
      const f = flags.get(r.candidateId);
      return f && (f.overdue > 0 || f.moneyBehind);
    });
    return { j, cycle, totals, seeFlags, flaggedOnly, rows, flags, after, next: null };
  }
  const page = await projectStatePage(db, cycle.id, after);
  const flags = seeFlags ? await flagsOf(db, page.rows, c.var.now) : null;
  return { j, cycle, totals, seeFlags, flaggedOnly, rows: page.rows, flags, after, next: page.next };
}

/** The year's totals in words and figures (from year_totals: one row). */
function Totals(props: { t: Translator; totals: YearTotals | null }) {
  const { t } = props;
  const y = props.totals;
  if (!y) return <p class="lead">{t("proj.none")}</p>;
  const rate = satisfactionRate(y.satisfiedOrBasic, y.assessedValid);
  const stats: [string, string | number][] = [
    [t("pub.stat.projects"), y.projects],
    [t("pub.stat.planned"), yuanToWan(y.plannedYuan)],
    [t("pub.stat.spent"), yuanToWan(y.disbursedYuan)],
    [t("pub.stat.completed"), y.completed],
    [t("pub.stat.satisfaction"), rate === null ? t("pub.not_assessed") : `${rate}%`],
  ];
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
        {stats.map(([label, value]) => (
          <div>
            <Fact label={label}>{value}</Fact>
          </div>
        ))}
      </dl>
      {y.assessed > 0 ? (
        <p>{t("pub.totals.assessed", { n: y.assessed, unsatisfied: y.unsatisfied, rate: rate ?? "—" })}</p>
      ) : null}
    </section>
  );
}

function ProjectTable(props: { t: Translator; d: ListData }) {
  const { t, d } = props;
  const b = base(d.j, d.cycle);
  return (
    <DataTable
      label={t("pub.list.label")}
      class="stack projects"
      cols={[
        t("cand.col.no"),
        t("cand.f.name"),
        t("pub.col.status"),
        t("proj.progress"),
        [t("proj.planned"), "num"],
        [t("proj.spent"), "num"],
        t("cand.f.responsibleUnit"),
        ...(d.seeFlags ? [t("proj.flags")] : []),
      ]}
    >
      {d.rows.map((p) => (
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
          {d.seeFlags ? (
            <td data-label={t("proj.flags")}>
              <FlagBadges t={t} f={d.flags?.get(p.candidateId)} />
            </td>
          ) : null}
        </tr>
      ))}
    </DataTable>
  );
}

function ListPage(props: { c: Context<AppEnv>; d: ListData }) {
  const { c, d } = props;
  const { t } = c.var;
  const title = t("proj.title", { name: jurisdictionName(c, d.j), year: d.cycle.year });
  const b = base(d.j, d.cycle);
  return (
    <CyclePage c={c} j={d.j} cycle={d.cycle} title={title} wide>
      <Totals t={t} totals={d.totals} />
      {d.seeFlags ? (
        <p>
          <a href={`?flagged=${d.flaggedOnly ? "0" : "1"}`}>
            {d.flaggedOnly ? t("proj.show_all") : t("proj.show_flagged")}
          </a>
        </p>
      ) : null}
      {d.rows.length === 0 ? <p>{t("proj.none")}</p> : <ProjectTable t={t} d={d} />}
      {!d.flaggedOnly ? (
        <nav class="pager" aria-label={t("pub.pager")}>
          {d.after ? <a href={`${b}/projects`}>{t("list.first")}</a> : null}
          {d.next ? <a href={`${b}/projects?after=${encodeURIComponent(d.next)}`}>{t("list.more")}</a> : null}
        </nav>
      ) : null}
      <p class="muted">{t("proj.money_note")}</p>
      <Downloads t={t} href={`${b}/projects`} label={t("pub.download.projects")} />
    </CyclePage>
  );
}

projectPages.get(`${CYCLE}/projects`, async (c) => c.html(<ListPage c={c} d={await loadList(c)} />));
projectPages.route("/", projectFiles);
projectPages.route("/", planPages);
projectPages.route("/", reportPages);

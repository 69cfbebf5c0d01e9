// The cycle's supervision overview: every project with its group, inspections and open problems,
// then the overdue and the open problems.
import type { Context } from "hono";
import { can } from "../../../platform/auth/permissions";
import { createRouter } from "../../../platform/http/app";
import { base, CYCLE, cycleWith } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { jurisdictionName } from "../../../platform/http/forms";
import { todayInChina } from "../../../platform/lib/dates";
import { CyclePage } from "../../../platform/ui/cycle-layout";
import { DataTable } from "../../../platform/ui/layout";
import { listProjects, type ProjectSummary } from "../../projects/projects";
import { type CycleSupervision, cycleSupervision } from "../supervision";
import { type At, ProblemTable, projectTrail, supUrl } from "./shared";

export const overviewPages = createRouter();

interface OverviewData extends At {
  projects: ProjectSummary[];
  sup: CycleSupervision;
  /** Problems not closed yet, and those of them past their deadline. */
  open: CycleSupervision["problems"];
  overdue: CycleSupervision["problems"];
  inspections: number;
  /** Congress staff: they act on the problems from each project's page. */
  staff: boolean;
  today: string;
}

async function loadOverview(c: Context<AppEnv>, at: At): Promise<OverviewData> {
  const [projects, sup] = await Promise.all([
    listProjects(c.var.db, at.cycle, c.var.now),
    cycleSupervision(c.var.db, at.cycle, c.var.now),
  ]);
  const open = sup.problems.filter((x) => x.status !== "closed");
  return {
    ...at,
    projects,
    sup,
    open,
    overdue: open.filter((x) => x.overdue),
    inspections: [...sup.inspections.values()].reduce((a, l) => a + l.length, 0),
    staff: can(at.actor, at.j, "supervision.manage"),
    today: todayInChina(c.var.now),
  };
}

function OverviewScreen(props: { c: Context<AppEnv>; d: OverviewData }) {
  const { c, d } = props;
  const { j, cycle, sup, open, overdue } = d;
  const { t } = c.var;
  const title = t("sup.overview.title", { name: jurisdictionName(c, j), year: cycle.year });
  return (
    <CyclePage c={c} j={j} cycle={cycle} title={title} wide trail={projectTrail(t, j, cycle)}>
      <p class="lead">
        {t("sup.overview.totals", {
          n: d.projects.length,
          groups: sup.groups.size,
          inspections: d.inspections,
          open: open.length,
          overdue: overdue.length,
        })}
      </p>
      <p class="actions">
        <a href={`${base(j, cycle)}/supervision/half-year`}>{t("sup.hy.link")}</a>
      </p>
      {d.projects.length === 0 ? <p>{t("proj.none")}</p> : null}
      {d.projects.length ? (
        <DataTable
          label={t("sup.overview.projects")}
          cols={[
            t("cand.col.no"),
            t("cand.f.name"),
            t("sup.group"),
            [t("sup.inspections"), "num"],
            [t("sup.open_problems"), "num"],
            [t("sup.overdue_problems"), "num"],
          ]}
        >
          {d.projects.map((p) => {
            const g = sup.groups.get(p.id);
            const mine = open.filter((x) => x.candidateId === p.id);
            return (
              <tr>
                <td>{p.position}</td>
                <th scope="row">
                  <a href={supUrl(j, cycle, p.id)}>{p.name}</a>
                </th>
                <td>
                  {g
                    ? t("sup.group.summary", { name: g.name, leader: g.leader ?? "—", n: g.members })
                    : t("sup.group.none_short")}
                </td>
                <td class="num">{sup.inspections.get(p.id)?.length ?? 0}</td>
                <td class="num">{mine.length}</td>
                <td class="num">{mine.filter((x) => x.overdue).length}</td>
              </tr>
            );
          })}
        </DataTable>
      ) : null}
      <h2>{t("sup.overdue_problems")}</h2>
      {overdue.length === 0 ? <p>{t("sup.overdue.none")}</p> : null}
      <ProblemTable t={t} j={j} cycle={cycle} list={overdue} lead="project" today={d.today} />
      <h2>{t("sup.open_problems")}</h2>
      {open.length === 0 ? <p>{t("sup.problems.none")}</p> : null}
      <ProblemTable t={t} j={j} cycle={cycle} list={open} lead="project" today={d.today} />
      {d.staff ? <p class="muted">{t("sup.overview.staff_hint")}</p> : null}
    </CyclePage>
  );
}

overviewPages.get(`${CYCLE}/supervision`, async (c) => {
  const at = await cycleWith(c, "supervision.overview");
  return c.html(<OverviewScreen c={c} d={await loadOverview(c, at)} />);
});

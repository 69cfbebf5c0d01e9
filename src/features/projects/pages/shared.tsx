// What the project screens share: the address of one project, the breadcrumb back to the year's
// projects, and the small views of a project's status, flags and downloads.
import type { Context } from "hono";
import type { Cycle, Jurisdiction, ProjectState } from "../../../platform/data/schema";
import { base, Crumbs, CYCLE } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import type { Translator } from "../../../platform/i18n";
import type { Flags } from "../projects";

/** One project of a cycle: /j/:code/:year/projects/:pid. */
export const PROJECT = `${CYCLE}/projects/:pid{[0-9]+}`;

/** The project id of the address. */
export const projectId = (c: Context<AppEnv>) => Number(c.req.param("pid"));

/** The public address of a project's page. */
export const projectUrl = (j: Jurisdiction, cycle: Cycle, id: number) => `${base(j, cycle)}/projects/${id}`;

/** Jurisdiction › year › the year's projects. */
export function ProjectsCrumbs(props: { c: Context<AppEnv>; j: Jurisdiction; cycle: Cycle }) {
  const { c, j, cycle } = props;
  return <Crumbs c={c} j={j} cycle={cycle} extra={[`${base(j, cycle)}/projects`, c.var.t("proj.link")]} />;
}

export function FlagBadges(props: { t: Translator; f: Flags | undefined }) {
  const { t, f } = props;
  if (!f) return null;
  return (
    <>
      {f.overdue ? <span class="badge flag">{t("proj.flag.overdue", { n: f.overdue })}</span> : null}
      {f.moneyBehind ? <span class="badge flag">{t("proj.flag.money")}</span> : null}
    </>
  );
}

export function StatusBadge(props: { t: Translator; status: ProjectState["status"] }) {
  return <span class={`badge status-${props.status}`}>{props.t(`pub.status.${props.status}`)}</span>;
}

/** Links to a table as CSV and .xlsx (./files.tsx), and to the open data. */
export function Downloads(props: { t: Translator; href: string; label: string }) {
  const { t } = props;
  return (
    <p class="exports">
      {props.label}：<a href={`${props.href}.csv`}>{t("pub.download.csv")}</a> ·{" "}
      <a href={`${props.href}.xlsx`}>{t("pub.download.xlsx")}</a> ·{" "}
      <a href="/open-data">{t("pub.open_data")}</a>
    </p>
  );
}

// What the project screens share: the address of one project, the breadcrumb back to the year's
// projects, the routes of a working form on a project (its plan, a report), and the small views of a
// project's status, flags and downloads.
import type { Context, Hono } from "hono";
import type { Child, FC } from "hono/jsx";
import type { Cycle, Jurisdiction, ProjectState } from "../../../platform/data/schema";
import { pageContext } from "../../../platform/http/app";
import { base, CYCLE } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import type { Translator } from "../../../platform/i18n";
import { CyclePage } from "../../../platform/ui/cycle-layout";
import { PostForm } from "../../../platform/ui/layout";
import { type Flags, getProject, type ProjectSummary } from "../projects";

/** One project of a cycle: /j/:code/:year/projects/:pid. */
export const PROJECT = `${CYCLE}/projects/:pid{[0-9]+}`;

/** The project id of the address. */
export const projectId = (c: Context<AppEnv>) => Number(c.req.param("pid"));

/** The public address of a project's page. */
export const projectUrl = (j: Jurisdiction, cycle: Cycle, id: number) => `${base(j, cycle)}/projects/${id}`;

/** The crumbs' step after the year: the year's projects. */
export const projectsStep = (t: Translator, j: Jurisdiction, cycle: Cycle): [string, string] => [
  `${base(j, cycle)}/projects`,
  t("proj.link"),
];

type Values = Record<string, string | undefined>;

/** A working form sent back with its errors. */
export interface Sent {
  values: Values;
  errors: Record<string, string>;
}

/** What a working form on one project (its plan, a report) shows. */
export interface ProjectFormData extends Sent {
  j: Jurisdiction;
  cycle: Cycle;
  p: ProjectSummary;
}

/** The address's project, and its form's fields as `blank` fills them or as they were sent. */
async function loadProjectForm(
  c: Context<AppEnv>,
  at: { j: Jurisdiction; cycle: Cycle },
  blank: (p: ProjectSummary) => Values,
  sent: Sent | undefined,
): Promise<ProjectFormData> {
  const p = await getProject(c.var.db, at.cycle, projectId(c), c.var.now);
  return { j: at.j, cycle: at.cycle, p, values: sent?.values ?? blank(p), errors: sent?.errors ?? {} };
}

/** A working form on one project: the crumbs, "title：project", and the form posted to `<project>/<action>`. */
export function ProjectFormPage(props: {
  c: Context<AppEnv>;
  d: ProjectFormData;
  title: string;
  action: "plan" | "report";
  multipart?: boolean;
  children: Child;
}) {
  const { c, d, title } = props;
  return (
    <CyclePage
      c={c}
      j={d.j}
      cycle={d.cycle}
      title={title}
      subject={d.p.name}
      extra={projectsStep(c.var.t, d.j, d.cycle)}
    >
      <PostForm
        ctx={pageContext(c)}
        action={`${projectUrl(d.j, d.cycle, d.p.id)}/${props.action}`}
        class="card"
        multipart={props.multipart === true}
      >
        {props.children}
      </PostForm>
    </CyclePage>
  );
}

/** What a working form on a project is: who may use it, what it starts with, its view and its write. */
interface ProjectForm<A> {
  /** The role check and the cycle of the address. */
  at: (c: Context<AppEnv>) => Promise<A>;
  /** The fields of a fresh form. */
  blank: (c: Context<AppEnv>, p: ProjectSummary) => Values;
  /** A check on the project itself, before anything is shown. */
  check?: (at: A, p: ProjectSummary) => void;
  Form: FC<{ c: Context<AppEnv>; d: ProjectFormData }>;
  /** Saves what was posted; what to show again with its errors, or nothing once saved. */
  save: (c: Context<AppEnv>, at: A, id: number) => Promise<Sent | null>;
}

/**
 * The two routes of a working form on a project, at `<project>/<action>`: the form (as it stands, or
 * sent back with its errors and 400), and its POST, which goes back to the project (?done=<action>).
 */
export function projectFormRoutes<A extends { j: Jurisdiction; cycle: Cycle }>(
  router: Hono<AppEnv>,
  action: "plan" | "report",
  form: ProjectForm<A>,
) {
  const screen = async (c: Context<AppEnv>, at: A, sent?: Sent) => {
    const d = await loadProjectForm(c, at, (p) => form.blank(c, p), sent);
    form.check?.(at, d.p);
    return c.html(<form.Form c={c} d={d} />, sent ? 400 : 200);
  };
  router.get(`${PROJECT}/${action}`, async (c) => screen(c, await form.at(c)));
  router.post(`${PROJECT}/${action}`, async (c) => {
    const at = await form.at(c);
    const id = projectId(c);
    const sent = await form.save(c, at, id);
    if (sent) return screen(c, at, sent);
    return c.redirect(`${projectUrl(at.j, at.cycle, id)}?done=${action}`, 303);
  });
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

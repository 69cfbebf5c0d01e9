// What the supervision screens share: their addresses, the breadcrumb trail, who acts where, a
// problem's status badge, the table of problems and the print button of the printable documents.
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { Actor } from "../../../platform/auth/actor";
import type { Cycle, Jurisdiction, Problem } from "../../../platform/data/schema";
import { base, CYCLE } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import type { Translator } from "../../../platform/i18n";
import { CyclePage } from "../../../platform/ui/cycle-layout";
import { DataTable, Notice } from "../../../platform/ui/layout";
import type { ProjectSummary } from "../../projects/projects";
import { isOverdue } from "../supervision";

export const PROJECT = `${CYCLE}/projects/:pid{[0-9]+}`;
export const PROBLEM = `${PROJECT}/supervision/problems/:prob{[0-9]+}`;

/** The jurisdiction and cycle of the address and who acts on them, as `cycleWith` returns them. */
export interface At {
  j: Jurisdiction;
  cycle: Cycle;
  actor: Actor;
}

/** A form sent back with its errors: shown again as typed. */
export interface FormState {
  values?: Record<string, string>;
  fields?: Record<string, string>;
}

export const pid = (c: Context<AppEnv>) => Number(c.req.param("pid"));
export const problemId = (c: Context<AppEnv>) => Number(c.req.param("prob"));

export const supUrl = (j: Jurisdiction, cycle: Cycle, id: number) =>
  `${base(j, cycle)}/projects/${id}/supervision`;

export const problemUrl = (j: Jurisdiction, cycle: Cycle, p: Pick<Problem, "candidateId" | "id">) =>
  `${supUrl(j, cycle, p.candidateId)}/problems/${p.id}`;

/** Jurisdiction › year › projects, and the project when there is one. */
export function projectTrail(t: Translator, j: Jurisdiction, cycle: Cycle, project?: ProjectSummary) {
  const b = base(j, cycle);
  const trail: [string, string][] = [[`${b}/projects`, t("proj.link")]];
  if (project) trail.push([`${b}/projects/${project.id}`, project.name]);
  return trail;
}

/**
 * A page on one project's supervision: the crumbs through the project, "title：project" as its
 * heading when `named`, and first the notice that a form came back with errors (`invalid`).
 */
export function SupervisionFrame(props: {
  c: Context<AppEnv>;
  d: { j: Jurisdiction; cycle: Cycle; project: ProjectSummary };
  title: string;
  named?: boolean;
  wide?: boolean;
  invalid?: boolean;
  children: Child;
}) {
  const { c, d } = props;
  const { t } = c.var;
  return (
    <CyclePage
      c={c}
      j={d.j}
      cycle={d.cycle}
      title={props.title}
      subject={props.named ? d.project.name : undefined}
      wide={props.wide}
      trail={projectTrail(t, d.j, d.cycle, d.project)}
    >
      {props.invalid ? <Notice kind="error">{t("error.invalid_input")}</Notice> : null}
      {props.children}
    </CyclePage>
  );
}

/** The `?done=` a redirect after a write carries, when it is one of the screen's own. */
export function doneOf<K extends string>(c: Context<AppEnv>, known: readonly K[]): K | null {
  const done = c.req.query("done");
  return known.find((k) => k === done) ?? null;
}

export function StatusBadge(props: {
  t: Translator;
  p: Pick<Problem, "status" | "deadline">;
  today: string;
}) {
  const { t, p } = props;
  return (
    <>
      <span class={`badge sup-${p.status}`}>{t(`sup.status.${p.status}`)}</span>
      {isOverdue(p, props.today) ? (
        <>
          {" "}
          <span class="badge flag">{t("sup.overdue")}</span>
        </>
      ) : null}
    </>
  );
}

/**
 * Problems, each linked to its page: led by the day it was found (one project's) or by the
 * project's name (a cycle's). Nothing when there are none.
 */
export function ProblemTable(props: {
  t: Translator;
  j: Jurisdiction;
  cycle: Cycle;
  list: (Problem & { projectName?: string })[];
  lead: "foundOn" | "project";
  today: string;
}) {
  const { t } = props;
  if (props.list.length === 0) return null;
  const lead = props.lead === "project" ? t("cand.f.name") : t("sup.found_on");
  return (
    <DataTable
      label={t("sup.problems")}
      class="stack"
      cols={[lead, t("sup.description"), t("cand.f.responsibleUnit"), t("sup.deadline"), t("sup.status")]}
    >
      {props.list.map((x) => (
        <tr>
          {props.lead === "project" ? (
            <td data-label={lead}>{x.projectName}</td>
          ) : (
            <td class="nowrap" data-label={lead}>
              {x.foundOn}
            </td>
          )}
          <th scope="row">
            <a href={problemUrl(props.j, props.cycle, x)}>{x.description}</a>
          </th>
          <td data-label={t("cand.f.responsibleUnit")}>{x.responsibleUnit}</td>
          <td class="nowrap" data-label={t("sup.deadline")}>
            {x.deadline}
          </td>
          <td data-label={t("sup.status")}>
            <StatusBadge t={t} p={x} today={props.today} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

// A project's supervision page: its group, its inspections and problems (with the forms to record
// them, for staff and the group's deputies) and its changes; and the two forms' POSTs.
import type { Context } from "hono";
import { can, isRecorderOf, isStaffOf } from "../../../platform/auth/permissions";
import type { Inspection, Problem } from "../../../platform/data/schema";
import { createRouter, pageContext } from "../../../platform/http/app";
import { base, cycleWith } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { formFields, withFieldErrors } from "../../../platform/http/forms";
import type { Translator } from "../../../platform/i18n";
import { todayInChina } from "../../../platform/lib/dates";
import { bindForm, Field, Select, TextArea } from "../../../platform/ui/fields";
import { Fact, Notice, type PageContext, PostForm } from "../../../platform/ui/layout";
import { getProject, type ProjectSummary } from "../../projects/projects";
import { type ChangeView, listChanges } from "../changes";
import { type GroupView, getGroup } from "../groups";
import { listInspections, recordInspection } from "../inspections";
import { createProblem, listProblems } from "../problems";
import {
  type At,
  doneOf,
  type FormState,
  PROJECT,
  ProblemTable,
  pid,
  problemUrl,
  SupervisionFrame,
  supUrl,
} from "./shared";

export const projectSupervisionPages = createRouter();

const DONE = ["group", "inspection", "problem", "same"] as const;

interface ProjectData extends At {
  project: ProjectSummary;
  group: GroupView | null;
  inspections: Inspection[];
  problems: Problem[];
  changes: ChangeView[];
  /** Staff, or a deputy of the group, in the 监督评估 stage: the forms to record. */
  recorder: boolean;
  /** Congress staff, in the 监督评估 stage: the group and change links. */
  staff: boolean;
  /** The cycle's overview is the actor's to see. */
  overview: boolean;
  today: string;
  done: (typeof DONE)[number] | null;
  /** The inspection a "record a problem from it" link chose. */
  fromInspection: string;
}

async function loadProject(c: Context<AppEnv>, at: At): Promise<ProjectData> {
  const { j, cycle, actor } = at;
  const db = c.var.db;
  const project = await getProject(db, cycle, pid(c), c.var.now);
  const supervising = cycle.stage === "supervise";
  const [group, inspections, problems, changes, recorder] = await Promise.all([
    getGroup(db, project.id),
    listInspections(db, project.id),
    listProblems(db, project.id),
    listChanges(db, project.id),
    supervising && isRecorderOf(db, actor, cycle, project.id),
  ]);
  return {
    ...at,
    project,
    group,
    inspections,
    problems,
    changes,
    recorder,
    staff: supervising && isStaffOf(actor, cycle),
    overview: can(actor, j, "supervision.overview"),
    today: todayInChina(c.var.now),
    done: doneOf(c, DONE),
    fromInspection: c.req.query("inspection") ?? "",
  };
}

type ProjectForm = FormState & { form?: "inspection" | "problem" };

function ProjectScreen(props: { c: Context<AppEnv>; d: ProjectData; state: ProjectForm }) {
  const { c, d, state } = props;
  const { j, cycle, project: p } = d;
  const ctx = pageContext(c);
  const { t } = ctx;
  const url = supUrl(j, cycle, p.id);
  const typed = (form: ProjectForm["form"], initial: Record<string, string>) =>
    state.form === form ? bindForm(state.values ?? {}, state.fields) : bindForm(initial);
  const title = t("sup.project.title", { name: p.name });
  return (
    <SupervisionFrame c={c} d={d} title={title} wide invalid={state.form !== undefined}>
      {d.done ? <Notice kind="ok">{t(`sup.done.${d.done}`)}</Notice> : null}
      <nav class="actions" aria-label={t("sup.links")}>
        {d.overview ? <a href={`${base(j, cycle)}/supervision`}>{t("sup.overview.link")}</a> : null}
        {d.actor.kind === "deputy" ? <a href="/me/supervision">{t("sup.mine.title")}</a> : null}
        {d.staff ? (
          <a href={`${base(j, cycle)}/projects/${p.id}/changes/new`}>{t("sup.change.new")}</a>
        ) : null}
      </nav>

      <section aria-labelledby="sup-group">
        <h2 id="sup-group">{t("sup.group")}</h2>
        <GroupFacts t={t} group={d.group} />
        {d.staff ? (
          <p>
            <a href={`${url}/group`}>{d.group ? t("sup.group.edit") : t("sup.group.set")}</a>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="sup-inspections">
        <h2 id="sup-inspections">{t("sup.inspections")}</h2>
        {d.inspections.length === 0 ? <p>{t("sup.inspections.none")}</p> : null}
        {d.inspections.map((i) => (
          <InspectionCard
            t={t}
            i={i}
            problemFrom={d.recorder ? `${url}?inspection=${i.id}#new-problem` : null}
          />
        ))}
        {d.recorder ? (
          <InspectionForm
            ctx={ctx}
            action={`${url}/inspections`}
            f={typed("inspection", { inspectedOn: d.today })}
          />
        ) : null}
      </section>

      <section aria-labelledby="sup-problems">
        <h2 id="sup-problems">{t("sup.problems")}</h2>
        {d.problems.length === 0 ? <p>{t("sup.problems.empty")}</p> : null}
        <ProblemTable t={t} j={j} cycle={cycle} list={d.problems} lead="foundOn" today={d.today} />
        {d.recorder ? (
          <ProblemForm
            ctx={ctx}
            action={`${url}/problems`}
            inspections={d.inspections}
            deputy={d.actor.kind === "deputy"}
            f={typed("problem", {
              responsibleUnit: p.responsibleUnit,
              foundOn: d.today,
              inspectionId: d.fromInspection,
            })}
          />
        ) : null}
      </section>

      <section aria-labelledby="sup-changes">
        <h2 id="sup-changes">{t("sup.changes")}</h2>
        <ChangeList t={t} url={`${base(j, cycle)}/projects/${p.id}/changes`} changes={d.changes} />
      </section>
    </SupervisionFrame>
  );
}

function GroupFacts(props: { t: Translator; group: GroupView | null }) {
  const { t, group } = props;
  if (!group) return <p>{t("sup.group.none")}</p>;
  return (
    <dl class="facts">
      <Fact label={t("sup.group.name")}>{group.name}</Fact>
      <Fact label={t("sup.group.leader")}>
        {group.members.find((m) => m.id === group.leaderDeputyId)?.name ?? "—"}
      </Fact>
      <Fact label={t("sup.group.members")}>
        {group.members.map((m) => `${m.name}（${m.delegation}）`).join("、")}
      </Fact>
    </dl>
  );
}

/** 明察 or 暗访. */
const kindOf = (t: Translator, i: Inspection) => (i.unannounced ? t("sup.unannounced") : t("sup.announced"));

function InspectionCard(props: { t: Translator; i: Inspection; problemFrom: string | null }) {
  const { t, i } = props;
  return (
    <article class="card" id={`inspection-${i.id}`}>
      <h3>
        {i.inspectedOn} · {kindOf(t, i)}
      </h3>
      <p>
        {t("sup.participants")}：{i.participants}
      </p>
      <p class="prose">{i.findings}</p>
      {props.problemFrom ? (
        <p>
          <a href={props.problemFrom}>{t("sup.problem.from")}</a>
        </p>
      ) : null}
    </article>
  );
}

type Bound = ReturnType<typeof bindForm>;

function InspectionForm(props: { ctx: PageContext; action: string; f: Bound }) {
  const { ctx, f } = props;
  const { t } = ctx;
  return (
    <PostForm ctx={ctx} action={props.action} class="card">
      <h3>{t("sup.inspection.new")}</h3>
      <Field {...f("inspectedOn")} label={t("sup.inspected_on")} hint={t("notice.f.date_hint")} required />
      <label class="check">
        <input type="checkbox" name="unannounced" value="1" checked={f("unannounced").value === "1"} />{" "}
        {t("sup.unannounced_field")}
      </label>
      <Field
        {...f("participants")}
        label={t("sup.participants")}
        hint={t("sup.participants_hint")}
        required
      />
      <TextArea {...f("findings")} label={t("sup.findings")} required rows={5} />
      <button type="submit">{t("sup.inspection.submit")}</button>
    </PostForm>
  );
}

function ProblemForm(props: {
  ctx: PageContext;
  action: string;
  inspections: Inspection[];
  /** A deputy records a problem from one of the inspections; staff may record one directly. */
  deputy: boolean;
  f: Bound;
}) {
  const { ctx, f } = props;
  const { t } = ctx;
  const options: [string, string][] = [
    ...(props.deputy ? [] : [["", t("sup.problem.direct")] as [string, string]]),
    ...props.inspections.map((i) => [String(i.id), `${i.inspectedOn} ${kindOf(t, i)}`] as [string, string]),
  ];
  return (
    <PostForm ctx={ctx} action={props.action} class="card">
      <h3 id="new-problem">{t("sup.problem.new")}</h3>
      {options.length === 0 ? (
        <p>{t("sup.problem.needs_inspection")}</p>
      ) : (
        <>
          <Select {...f("inspectionId")} label={t("sup.problem.inspection")} options={options} />
          <Field {...f("foundOn")} label={t("sup.found_on")} hint={t("notice.f.date_hint")} required />
          <TextArea {...f("description")} label={t("sup.description")} required rows={3} />
          <Field {...f("responsibleUnit")} label={t("cand.f.responsibleUnit")} required />
          <Field {...f("deadline")} label={t("sup.deadline")} hint={t("notice.f.date_hint")} required />
          <button type="submit">{t("sup.problem.submit")}</button>
        </>
      )}
    </PostForm>
  );
}

function ChangeList(props: { t: Translator; url: string; changes: ChangeView[] }) {
  const { t } = props;
  if (props.changes.length === 0) return <p>{t("sup.changes.none")}</p>;
  return (
    <ul>
      {props.changes.map((ch) => (
        <li>
          <a href={`${props.url}/${ch.id}`}>{t("sup.ann.title", { no: ch.announcementNo })}</a>{" "}
          {t(`sup.kind.${ch.kind}`)} · {ch.decisionNo} · {ch.decidedOn}
        </li>
      ))}
    </ul>
  );
}

async function projectPage(c: Context<AppEnv>, at: At, state: ProjectForm = {}, status = 200) {
  return c.html(<ProjectScreen c={c} d={await loadProject(c, at)} state={state} />, status as 200);
}

projectSupervisionPages.get(`${PROJECT}/supervision`, async (c) =>
  projectPage(c, await cycleWith(c, "supervision.read")),
);

/**
 * A record on the project, posted to `<project>/supervision/<form>s`: saved by `record`, then to
 * where `next` says with what was saved ("same" when it was there already); invalid input comes back
 * to the form.
 */
function recordForm(
  form: "inspection" | "problem",
  record: typeof recordInspection,
  next: (c: Context<AppEnv>, at: At, id: number, done: string) => string,
) {
  projectSupervisionPages.post(`${PROJECT}/supervision/${form}s`, async (c) => {
    const at = await cycleWith(c, "supervision.record");
    const values = await formFields(c);
    const r = await withFieldErrors(c, () => record(c.var.db, at.grant, at.cycle, pid(c), values, c.var.now));
    if (!r.ok) return projectPage(c, at, { form, values, fields: r.fields }, 400);
    return c.redirect(next(c, at, r.value.id, r.value.created ? form : "same"), 303);
  });
}

recordForm(
  "inspection",
  recordInspection,
  (c, at, id, done) => `${supUrl(at.j, at.cycle, pid(c))}?done=${done}#inspection-${id}`,
);
recordForm(
  "problem",
  createProblem,
  (c, at, id, done) => `${problemUrl(at.j, at.cycle, { candidateId: pid(c), id })}?done=${done}`,
);

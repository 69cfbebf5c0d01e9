// Supervision pages (监督): a project's supervision page (its group, inspections, problems and
// changes), the group form and the change form for congress staff, a problem's page where the
// responsible unit records its rectification and staff close it or send it back, the cycle's
// overview and the printable half-year report, a deputy's own supervision projects, and the public
// change announcement (变更公告). Every form works without JavaScript.
import type { Context } from "hono";
import type { Actor } from "../../../platform/auth/actor";
import { can, isRecorderOf, isRectifierOf, isStaffOf } from "../../../platform/auth/permissions";
import { getCycle } from "../../../platform/cycle/cycles";
import { getJurisdiction } from "../../../platform/cycle/jurisdictions";
import type { Cycle, Inspection, Jurisdiction, Problem } from "../../../platform/data/schema";
import { CHANGE_KINDS, FUNDING_SOURCES } from "../../../platform/data/schema";
import { createRouter, pageContext } from "../../../platform/http/app";
import { base, Crumbs, CYCLE, cycleWith } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { formFields, jurisdictionName, requireActor, withFieldErrors } from "../../../platform/http/forms";
import type { Translator } from "../../../platform/i18n";
import { todayInChina } from "../../../platform/lib/dates";
import { yuanToWan } from "../../../platform/lib/money";
import { Field, Select, TextArea } from "../../../platform/ui/fields";
import { Layout, Notice, PostForm, TableWrap } from "../../../platform/ui/layout";
import { getProject, listProjects, type ProjectSummary } from "../../projects/projects";
import {
  type ChangeView,
  changesOf,
  FINAL_KINDS,
  getChange,
  latestChangeKind,
  listChanges,
  recordChange,
} from "../changes";
import { eligibleDeputies, getGroup, saveGroup } from "../groups";
import { listInspections, recordInspection } from "../inspections";
import {
  closeProblem,
  createProblem,
  getProblem,
  listProblems,
  rectifyProblem,
  reopenProblem,
} from "../problems";
import { cycleSupervision, isOverdue, myProjects } from "../supervision";

export const supervisionPages = createRouter();

const PROJECT = `${CYCLE}/projects/:pid{[0-9]+}`;

const access = cycleWith;

type FormState = { values?: Record<string, string>; fields?: Record<string, string> };

const pid = (c: Context<AppEnv>) => Number(c.req.param("pid"));
const supUrl = (j: Jurisdiction, cycle: Cycle, id: number) => `${base(j, cycle)}/projects/${id}/supervision`;

/** Jurisdiction › year › projects, and the project when there is one. */
function projectTrail(c: Context<AppEnv>, j: Jurisdiction, cycle: Cycle, project?: ProjectSummary) {
  const b = base(j, cycle);
  const trail: [string, string][] = [[`${b}/projects`, c.var.t("proj.link")]];
  if (project) trail.push([`${b}/projects/${project.id}`, project.name]);
  return trail;
}

/** The multi-valued fields of a form (checkboxes) as string arrays, the others as strings. */
async function formWithLists(c: Context<AppEnv>, lists: string[]) {
  const body = await c.req.parseBody({ all: true });
  const values: Record<string, string> = {};
  const arrays: Record<string, string[]> = {};
  for (const [k, x] of Object.entries(body)) {
    if (k === "_csrf") continue;
    const all = ([] as unknown[]).concat(x).filter((s): s is string => typeof s === "string");
    if (lists.includes(k)) arrays[k] = all;
    else if (all[0] !== undefined) values[k] = all[0];
  }
  return { values, arrays };
}

function StatusBadge(props: { t: Translator; p: Pick<Problem, "status" | "deadline">; today: string }) {
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

// ---- A project's supervision page ------------------------------------------------------------------

async function projectPage(
  c: Context<AppEnv>,
  state: FormState & { form?: "inspection" | "problem" } = {},
  status = 200,
) {
  const { j, actor, cycle } = await access(c, "supervision.read");
  const db = c.var.db;
  const p = await getProject(db, cycle, pid(c), c.var.now);
  const [group, inspectionList, problemList, changes, recorder] = await Promise.all([
    getGroup(db, p.id),
    listInspections(db, p.id),
    listProblems(db, p.id),
    listChanges(db, p.id),
    isRecorderOf(db, actor, cycle, p.id),
  ]);
  const ctx = pageContext(c);
  const { t } = ctx;
  const supervising = cycle.stage === "supervise";
  const staff = isStaffOf(actor, cycle) && supervising;
  const today = todayInChina(c.var.now);
  const done = c.req.query("done");
  const iv = state.form === "inspection" ? (state.values ?? {}) : { inspectedOn: today };
  const ifl = state.form === "inspection" ? (state.fields ?? {}) : {};
  const pv =
    state.form === "problem"
      ? (state.values ?? {})
      : { responsibleUnit: p.responsibleUnit, foundOn: today, inspectionId: c.req.query("inspection") ?? "" };
  const pf = state.form === "problem" ? (state.fields ?? {}) : {};
  const title = t("sup.project.title", { name: p.name });
  return c.html(
    <Layout ctx={ctx} title={title} wide>
      <Crumbs c={c} j={j} cycle={cycle} trail={projectTrail(c, j, cycle, p)} />
      <h1>{title}</h1>
      {done && ["group", "inspection", "problem", "same"].includes(done) ? (
        <Notice kind="ok">{t(`sup.done.${done as "group" | "inspection" | "problem" | "same"}`)}</Notice>
      ) : null}
      {state.form ? <Notice kind="error">{t("error.invalid_input")}</Notice> : null}
      <nav class="actions" aria-label={t("sup.links")}>
        {can(actor, j, "supervision.overview") ? (
          <a href={`${base(j, cycle)}/supervision`}>{t("sup.overview.link")}</a>
        ) : null}
        {actor.kind === "deputy" ? <a href="/me/supervision">{t("sup.mine.title")}</a> : null}
        {staff ? <a href={`${base(j, cycle)}/projects/${p.id}/changes/new`}>{t("sup.change.new")}</a> : null}
      </nav>

      <section aria-labelledby="sup-group">
        <h2 id="sup-group">{t("sup.group")}</h2>
        {group ? (
          <dl class="facts">
            <dt>{t("sup.group.name")}</dt>
            <dd>{group.name}</dd>
            <dt>{t("sup.group.leader")}</dt>
            <dd>{group.members.find((m) => m.id === group.leaderDeputyId)?.name ?? "—"}</dd>
            <dt>{t("sup.group.members")}</dt>
            <dd>{group.members.map((m) => `${m.name}（${m.delegation}）`).join("、")}</dd>
          </dl>
        ) : (
          <p>{t("sup.group.none")}</p>
        )}
        {staff ? (
          <p>
            <a href={`${supUrl(j, cycle, p.id)}/group`}>{group ? t("sup.group.edit") : t("sup.group.set")}</a>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="sup-inspections">
        <h2 id="sup-inspections">{t("sup.inspections")}</h2>
        {inspectionList.length === 0 ? <p>{t("sup.inspections.none")}</p> : null}
        {inspectionList.map((i) => (
          <article class="card" id={`inspection-${i.id}`}>
            <h3>
              {i.inspectedOn} · {i.unannounced ? t("sup.unannounced") : t("sup.announced")}
            </h3>
            <p>
              {t("sup.participants")}：{i.participants}
            </p>
            <p class="prose">{i.findings}</p>
            {recorder && supervising ? (
              <p>
                <a href={`${supUrl(j, cycle, p.id)}?inspection=${i.id}#new-problem`}>
                  {t("sup.problem.from")}
                </a>
              </p>
            ) : null}
          </article>
        ))}
        {recorder && supervising ? (
          <PostForm ctx={ctx} action={`${supUrl(j, cycle, p.id)}/inspections`} class="card">
            <h3>{t("sup.inspection.new")}</h3>
            <Field
              name="inspectedOn"
              label={t("sup.inspected_on")}
              hint={t("notice.f.date_hint")}
              value={iv.inspectedOn}
              error={ifl.inspectedOn}
              required
            />
            <label class="check">
              <input type="checkbox" name="unannounced" value="1" checked={iv.unannounced === "1"} />{" "}
              {t("sup.unannounced_field")}
            </label>
            <Field
              name="participants"
              label={t("sup.participants")}
              hint={t("sup.participants_hint")}
              value={iv.participants}
              error={ifl.participants}
              required
            />
            <TextArea
              name="findings"
              label={t("sup.findings")}
              value={iv.findings}
              error={ifl.findings}
              required
              rows={5}
            />
            <button type="submit">{t("sup.inspection.submit")}</button>
          </PostForm>
        ) : null}
      </section>

      <section aria-labelledby="sup-problems">
        <h2 id="sup-problems">{t("sup.problems")}</h2>
        {problemList.length === 0 ? <p>{t("sup.problems.empty")}</p> : null}
        {problemList.length ? (
          <TableWrap label={t("sup.problems")}>
            <table class="stack">
              <thead>
                <tr>
                  <th scope="col">{t("sup.found_on")}</th>
                  <th scope="col">{t("sup.description")}</th>
                  <th scope="col">{t("cand.f.responsibleUnit")}</th>
                  <th scope="col">{t("sup.deadline")}</th>
                  <th scope="col">{t("sup.status")}</th>
                </tr>
              </thead>
              <tbody>
                {problemList.map((x) => (
                  <tr>
                    <td class="nowrap" data-label={t("sup.found_on")}>
                      {x.foundOn}
                    </td>
                    <th scope="row">
                      <a href={`${supUrl(j, cycle, p.id)}/problems/${x.id}`}>{x.description}</a>
                    </th>
                    <td data-label={t("cand.f.responsibleUnit")}>{x.responsibleUnit}</td>
                    <td class="nowrap" data-label={t("sup.deadline")}>
                      {x.deadline}
                    </td>
                    <td data-label={t("sup.status")}>
                      <StatusBadge t={t} p={x} today={today} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        ) : null}
        {recorder && supervising ? (
          <ProblemForm
            c={c}
            action={`${supUrl(j, cycle, p.id)}/problems`}
            inspections={inspectionList}
            deputy={actor.kind === "deputy"}
            values={pv}
            fields={pf}
          />
        ) : null}
      </section>

      <section aria-labelledby="sup-changes">
        <h2 id="sup-changes">{t("sup.changes")}</h2>
        <ChangeList c={c} j={j} cycle={cycle} projectId={p.id} changes={changes} />
      </section>
    </Layout>,
    status as 200,
  );
}

function ProblemForm(props: {
  c: Context<AppEnv>;
  action: string;
  inspections: Inspection[];
  deputy: boolean;
  values: Record<string, string | undefined>;
  fields: Record<string, string>;
}) {
  const ctx = pageContext(props.c);
  const { t } = ctx;
  const v = props.values;
  const f = props.fields;
  const options: [string, string][] = [
    ...(props.deputy ? [] : [["", t("sup.problem.direct")] as [string, string]]),
    ...props.inspections.map(
      (i) =>
        [String(i.id), `${i.inspectedOn} ${i.unannounced ? t("sup.unannounced") : t("sup.announced")}`] as [
          string,
          string,
        ],
    ),
  ];
  return (
    <PostForm ctx={ctx} action={props.action} class="card">
      <h3 id="new-problem">{t("sup.problem.new")}</h3>
      {options.length === 0 ? (
        <p>{t("sup.problem.needs_inspection")}</p>
      ) : (
        <>
          <Select
            name="inspectionId"
            label={t("sup.problem.inspection")}
            options={options}
            value={v.inspectionId}
            error={f.inspectionId}
          />
          <Field
            name="foundOn"
            label={t("sup.found_on")}
            hint={t("notice.f.date_hint")}
            value={v.foundOn}
            error={f.foundOn}
            required
          />
          <TextArea
            name="description"
            label={t("sup.description")}
            value={v.description}
            error={f.description}
            required
            rows={3}
          />
          <Field
            name="responsibleUnit"
            label={t("cand.f.responsibleUnit")}
            value={v.responsibleUnit}
            error={f.responsibleUnit}
            required
          />
          <Field
            name="deadline"
            label={t("sup.deadline")}
            hint={t("notice.f.date_hint")}
            value={v.deadline}
            error={f.deadline}
            required
          />
          <button type="submit">{t("sup.problem.submit")}</button>
        </>
      )}
    </PostForm>
  );
}

function ChangeList(props: {
  c: Context<AppEnv>;
  j: Jurisdiction;
  cycle: Cycle;
  projectId: number;
  changes: ChangeView[];
}) {
  const { t } = props.c.var;
  if (props.changes.length === 0) return <p>{t("sup.changes.none")}</p>;
  return (
    <ul>
      {props.changes.map((ch) => (
        <li>
          <a href={`${base(props.j, props.cycle)}/projects/${props.projectId}/changes/${ch.id}`}>
            {t("sup.ann.title", { no: ch.announcementNo })}
          </a>{" "}
          {t(`sup.kind.${ch.kind}`)} · {ch.decisionNo} · {ch.decidedOn}
        </li>
      ))}
    </ul>
  );
}

supervisionPages.get(`${PROJECT}/supervision`, (c) => projectPage(c));

supervisionPages.post(`${PROJECT}/supervision/inspections`, async (c) => {
  const { j, cycle, grant } = await access(c, "supervision.record");
  const values = await formFields(c);
  const r = await withFieldErrors(c, () =>
    recordInspection(c.var.db, grant, cycle, pid(c), values, c.var.now),
  );
  if (!r.ok) return projectPage(c, { form: "inspection", values, fields: r.fields }, 400);
  const done = r.value.created ? "inspection" : "same";
  return c.redirect(`${supUrl(j, cycle, pid(c))}?done=${done}#inspection-${r.value.id}`, 303);
});

supervisionPages.post(`${PROJECT}/supervision/problems`, async (c) => {
  const { j, cycle, grant } = await access(c, "supervision.record");
  const values = await formFields(c);
  const r = await withFieldErrors(c, () => createProblem(c.var.db, grant, cycle, pid(c), values, c.var.now));
  if (!r.ok) return projectPage(c, { form: "problem", values, fields: r.fields }, 400);
  return c.redirect(
    `${supUrl(j, cycle, pid(c))}/problems/${r.value.id}?done=${r.value.created ? "problem" : "same"}`,
    303,
  );
});

// ---- The supervision group (staff) ----------------------------------------------------------------

async function groupForm(c: Context<AppEnv>, state: FormState & { members?: string[] } = {}, status = 200) {
  const { j, cycle } = await access(c, "supervision.manage");
  const db = c.var.db;
  const p = await getProject(db, cycle, pid(c), c.var.now);
  const [group, pool] = await Promise.all([getGroup(db, p.id), eligibleDeputies(db, j.code)]);
  const ctx = pageContext(c);
  const { t } = ctx;
  const v = state.values ?? {
    name: group?.name ?? t("sup.group.default_name", { name: p.name }),
    leader: group?.leaderDeputyId ? String(group.leaderDeputyId) : "",
  };
  const chosen = new Set(state.members ?? group?.members.map((m) => String(m.id)) ?? []);
  const f = state.fields ?? {};
  const delegations = [...new Set(pool.map((d) => d.delegation))];
  return c.html(
    <Layout ctx={ctx} title={t("sup.group.set")}>
      <Crumbs c={c} j={j} cycle={cycle} trail={projectTrail(c, j, cycle, p)} />
      <h1>
        {t("sup.group.set")}：{p.name}
      </h1>
      {state.fields ? <Notice kind="error">{t("error.invalid_input")}</Notice> : null}
      {pool.length === 0 ? <Notice kind="info">{t("sup.group.no_roster")}</Notice> : null}
      <PostForm ctx={ctx} action={`${supUrl(j, cycle, p.id)}/group`} class="card">
        <Field name="name" label={t("sup.group.name")} value={v.name} error={f.name} required />
        <Select
          name="leader"
          label={t("sup.group.leader")}
          hint={t("sup.group.leader_hint")}
          options={[
            ["", t("sup.group.choose_leader")],
            // Names repeat within a delegation: the roster number tells deputies apart.
            ...pool.map(
              (d) => [String(d.id), `${d.number} ${d.name}（${d.delegation}）`] as [string, string],
            ),
          ]}
          value={v.leader}
          error={f.leader}
        />
        <fieldset
          class={f.members ? "sup-members has-error" : "sup-members"}
          aria-describedby={f.members ? "members-hint members-error" : "members-hint"}
        >
          <legend>{t("sup.group.members")}</legend>
          <p class="hint" id="members-hint">
            {t("sup.group.members_hint")}
          </p>
          {f.members ? (
            <p class="error" id="members-error">
              {f.members}
            </p>
          ) : null}
          {delegations.map((dl) => (
            <fieldset>
              <legend>{dl}</legend>
              <ul class="checklist">
                {pool
                  .filter((d) => d.delegation === dl)
                  .map((d) => (
                    <li>
                      <label>
                        <input
                          type="checkbox"
                          name="members"
                          value={String(d.id)}
                          checked={chosen.has(String(d.id))}
                        />{" "}
                        <span class="num">{d.number}</span> {d.name}
                      </label>
                    </li>
                  ))}
              </ul>
            </fieldset>
          ))}
        </fieldset>
        <button type="submit">{t("sup.group.save")}</button>
      </PostForm>
    </Layout>,
    status as 200,
  );
}

supervisionPages.get(`${PROJECT}/supervision/group`, (c) => groupForm(c));
supervisionPages.post(`${PROJECT}/supervision/group`, async (c) => {
  const { j, cycle, grant } = await access(c, "supervision.manage");
  const { values, arrays } = await formWithLists(c, ["members"]);
  const members = arrays.members ?? [];
  const r = await withFieldErrors(c, () =>
    saveGroup(c.var.db, grant, cycle, pid(c), { ...values, members }, c.var.now),
  );
  if (!r.ok) return groupForm(c, { values, members, fields: r.fields }, 400);
  return c.redirect(`${supUrl(j, cycle, pid(c))}?done=group`, 303);
});

// ---- A problem: rectification, verification ----------------------------------------------------------

async function problemPage(
  c: Context<AppEnv>,
  state: FormState & { form?: "rectify" | "reopen" } = {},
  status = 200,
) {
  const { j, actor, cycle } = await access(c, "supervision.read");
  const db = c.var.db;
  const p = await getProject(db, cycle, pid(c), c.var.now);
  const x = await getProblem(db, cycle, p.id, Number(c.req.param("prob")), c.var.now);
  const ctx = pageContext(c);
  const { t } = ctx;
  const today = todayInChina(c.var.now);
  const supervising = cycle.stage === "supervise";
  const rectify = supervising && x.status === "open" && isRectifierOf(actor, cycle, p);
  const verify = supervising && x.status === "rectifying" && isStaffOf(actor, cycle);
  const action = `${supUrl(j, cycle, p.id)}/problems/${x.id}`;
  const done = c.req.query("done");
  const rv = state.form === "rectify" ? (state.values ?? {}) : { rectifiedOn: today };
  const rf = state.form === "rectify" ? (state.fields ?? {}) : {};
  const ov = state.form === "reopen" ? (state.values ?? {}) : {};
  const of = state.form === "reopen" ? (state.fields ?? {}) : {};
  return c.html(
    <Layout ctx={ctx} title={t("sup.problem.title")}>
      <Crumbs c={c} j={j} cycle={cycle} trail={projectTrail(c, j, cycle, p)} />
      <h1>{t("sup.problem.title")}</h1>
      {done && ["problem", "same", "rectified", "closed", "reopened"].includes(done) ? (
        <Notice kind="ok">
          {t(`sup.done.${done as "problem" | "same" | "rectified" | "closed" | "reopened"}`)}
        </Notice>
      ) : null}
      {state.form ? <Notice kind="error">{t("error.invalid_input")}</Notice> : null}
      <p>
        <a href={supUrl(j, cycle, p.id)}>{t("sup.back")}</a>
      </p>
      <dl class="facts">
        <dt>{t("sup.status")}</dt>
        <dd>
          <StatusBadge t={t} p={x} today={today} />
        </dd>
        <dt>{t("sup.source")}</dt>
        <dd>{t(`sup.source.${x.source}`)}</dd>
        <dt>{t("sup.found_on")}</dt>
        <dd>{x.foundOn}</dd>
        <dt>{t("sup.description")}</dt>
        <dd class="prose">{x.description}</dd>
        <dt>{t("cand.f.responsibleUnit")}</dt>
        <dd>{x.responsibleUnit}</dd>
        <dt>{t("sup.deadline")}</dt>
        <dd>{x.deadline}</dd>
        <dt>{t("sup.rectification")}</dt>
        <dd class="prose">{x.rectification ?? t("sup.rectification.none")}</dd>
      </dl>
      {rectify ? (
        <PostForm ctx={ctx} action={`${action}/rectify`} class="card">
          <h2>{t("sup.rectify")}</h2>
          <TextArea
            name="rectification"
            label={t("sup.rectification.done")}
            value={rv.rectification}
            error={rf.rectification}
            required
            rows={4}
          />
          <Field
            name="rectifiedOn"
            label={t("sup.rectified_on")}
            hint={t("notice.f.date_hint")}
            value={rv.rectifiedOn}
            error={rf.rectifiedOn}
            required
          />
          <button type="submit">{t("sup.rectify.submit")}</button>
        </PostForm>
      ) : null}
      {verify ? (
        <>
          <PostForm ctx={ctx} action={`${action}/close`} class="card">
            <h2>{t("sup.close")}</h2>
            <p>{t("sup.close.explain")}</p>
            <button type="submit">{t("sup.close.submit")}</button>
          </PostForm>
          <PostForm ctx={ctx} action={`${action}/reopen`} class="card">
            <h2>{t("sup.reopen")}</h2>
            <TextArea
              name="reason"
              label={t("sup.reopen.reason")}
              value={ov.reason}
              error={of.reason}
              required
              rows={3}
            />
            <button type="submit" class="secondary">
              {t("sup.reopen.submit")}
            </button>
          </PostForm>
        </>
      ) : null}
    </Layout>,
    status as 200,
  );
}

const PROBLEM = `${PROJECT}/supervision/problems/:prob{[0-9]+}`;
const problemId = (c: Context<AppEnv>) => Number(c.req.param("prob"));

supervisionPages.get(PROBLEM, (c) => problemPage(c));

supervisionPages.post(`${PROBLEM}/rectify`, async (c) => {
  const { j, cycle, grant } = await access(c, "problem.rectify");
  const values = await formFields(c);
  const r = await withFieldErrors(c, () =>
    rectifyProblem(c.var.db, grant, cycle, pid(c), problemId(c), values, c.var.now),
  );
  if (!r.ok) return problemPage(c, { form: "rectify", values, fields: r.fields }, 400);
  return c.redirect(`${supUrl(j, cycle, pid(c))}/problems/${problemId(c)}?done=rectified`, 303);
});

supervisionPages.post(`${PROBLEM}/close`, async (c) => {
  const { j, cycle, grant } = await access(c, "supervision.manage");
  await closeProblem(c.var.db, grant, cycle, pid(c), problemId(c), c.var.now);
  return c.redirect(`${supUrl(j, cycle, pid(c))}/problems/${problemId(c)}?done=closed`, 303);
});

supervisionPages.post(`${PROBLEM}/reopen`, async (c) => {
  const { j, cycle, grant } = await access(c, "supervision.manage");
  const values = await formFields(c);
  const r = await withFieldErrors(c, () =>
    reopenProblem(c.var.db, grant, cycle, pid(c), problemId(c), values, c.var.now),
  );
  if (!r.ok) return problemPage(c, { form: "reopen", values, fields: r.fields }, 400);
  return c.redirect(`${supUrl(j, cycle, pid(c))}/problems/${problemId(c)}?done=reopened`, 303);
});

// ---- Changes: the decision form (staff) and the public announcement --------------------------------

/** A date as an official document writes it (2026年3月5日). */
function officialDate(t: Translator, date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  return t("sup.date", { y: y ?? 0, m: m ?? 0, d: d ?? 0 });
}

function issuer(c: Context<AppEnv>, j: Jurisdiction): string {
  const name = jurisdictionName(c, j);
  return c.var.t(j.level === "township" ? "sup.ann.issuer.township" : "sup.ann.issuer.county", { name });
}

async function changeForm(c: Context<AppEnv>, state: FormState = {}, status = 200) {
  const { j, cycle } = await access(c, "supervision.manage");
  const p = await getProject(c.var.db, cycle, pid(c), c.var.now);
  const last = await latestChangeKind(c.var.db, p.id);
  const ctx = pageContext(c);
  const { t } = ctx;
  const v = state.values ?? { kind: "", decisionBody: issuer(c, j), decidedOn: todayInChina(c.var.now) };
  const f = state.fields ?? {};
  return c.html(
    <Layout ctx={ctx} title={t("sup.change.new")}>
      <Crumbs c={c} j={j} cycle={cycle} trail={projectTrail(c, j, cycle, p)} />
      <h1>
        {t("sup.change.new")}：{p.name}
      </h1>
      {state.fields ? <Notice kind="error">{t("error.invalid_input")}</Notice> : null}
      <p>{t("sup.change.intro")}</p>
      {last && FINAL_KINDS.includes(last) ? <Notice kind="info">{t("sup.reason.final")}</Notice> : null}
      <PostForm ctx={ctx} action={`${base(j, cycle)}/projects/${p.id}/changes`} class="card">
        <Select
          name="kind"
          label={t("sup.change.kind")}
          options={[
            ["", t("sup.change.choose_kind")],
            ...CHANGE_KINDS.map((k) => [k, t(`sup.kind.${k}`)] as [string, string]),
          ]}
          value={v.kind}
          error={f.kind}
        />
        <Field
          name="decisionBody"
          label={t("sup.change.body")}
          hint={t("sup.change.body_hint")}
          value={v.decisionBody}
          error={f.decisionBody}
          required
        />
        <Field
          name="decisionNo"
          label={t("sup.change.no")}
          hint={t("sup.change.no_hint")}
          value={v.decisionNo}
          error={f.decisionNo}
          required
        />
        <Field
          name="decidedOn"
          label={t("sup.change.decided_on")}
          hint={t("notice.f.date_hint")}
          value={v.decidedOn}
          error={f.decidedOn}
          required
        />
        <TextArea
          name="reason"
          label={t("sup.change.reason")}
          value={v.reason}
          error={f.reason}
          required
          rows={3}
        />
        <TextArea
          name="detail"
          label={t("sup.change.detail")}
          hint={t("sup.change.detail_hint")}
          value={v.detail}
          error={f.detail}
          required
          rows={4}
        />
        <div class={f.confirm ? "field has-error" : "field"}>
          {f.confirm ? (
            <p class="error" id="f-confirm-error">
              {f.confirm}
            </p>
          ) : null}
          <label class="check">
            <input
              type="checkbox"
              name="confirm"
              value="1"
              id="f-confirm"
              aria-invalid={f.confirm ? "true" : undefined}
              aria-describedby={f.confirm ? "f-confirm-error" : undefined}
            />{" "}
            {t("sup.change.confirm")}
          </label>
        </div>
        <button type="submit">{t("sup.change.submit")}</button>
      </PostForm>
    </Layout>,
    status as 200,
  );
}

supervisionPages.get(`${PROJECT}/changes/new`, (c) => changeForm(c));
supervisionPages.post(`${PROJECT}/changes`, async (c) => {
  const { j, cycle, grant } = await access(c, "supervision.manage");
  const values = await formFields(c);
  const r = await withFieldErrors(c, () => recordChange(c.var.db, grant, cycle, pid(c), values, c.var.now));
  if (!r.ok) return changeForm(c, { values: { ...values, confirm: "" }, fields: r.fields }, 400);
  return c.redirect(`${base(j, cycle)}/projects/${pid(c)}/changes/${r.value.id}?done=1`, 303);
});

supervisionPages.get(`${PROJECT}/changes/:cid{[0-9]+}`, async (c) => {
  const j = await getJurisdiction(c.var.db, c.req.param("code") as string);
  const cycle = await getCycle(c.var.db, j.code, Number(c.req.param("year")));
  const p = await getProject(c.var.db, cycle, pid(c), c.var.now);
  const ch = await getChange(c.var.db, cycle, p.id, Number(c.req.param("cid")), c.var.now);
  const ctx = pageContext(c);
  const { t } = ctx;
  const by = issuer(c, j);
  const title = t("sup.ann.title", { no: ch.announcementNo });
  return c.html(
    <Layout ctx={ctx} title={`${by} ${title}`}>
      <p class="crumbs no-print">
        <a href={`${base(j, cycle)}/projects/${p.id}`}>{p.name}</a>
      </p>
      {c.req.query("done") ? <Notice kind="ok">{t("sup.done.change")}</Notice> : null}
      <article class="announcement">
        <h1 class="center">{by}</h1>
        <p class="center">
          <strong>{title}</strong>
        </p>
        <p class="prose">
          {t("sup.ann.body", {
            body: ch.decisionBody,
            date: officialDate(t, ch.decidedOn),
            no: ch.decisionNo,
            year: cycle.year,
            project: p.name,
            action: t(`sup.ann.action.${ch.kind}`),
          })}
        </p>
        <h2>{t("sup.change.reason")}</h2>
        <p class="prose">{ch.reason}</p>
        <h2>{t("sup.change.detail")}</h2>
        <p class="prose">{ch.detail}</p>
        {ch.kind === "carry_over" && ch.carriedToYear ? (
          <p>
            {t("sup.ann.carried_to")}{" "}
            <a href={`/j/${j.code}/${ch.carriedToYear}`}>{t("jur.year", { year: ch.carriedToYear })}</a>
          </p>
        ) : null}
        <p class="right">
          {by}
          <br />
          {officialDate(t, ch.decidedOn)}
        </p>
        <p class="no-print">
          <button type="button" class="js-print" hidden>
            {t("cred.slips.print")}
          </button>
        </p>
      </article>
    </Layout>,
  );
});

// ---- The cycle: overview and half-year report -------------------------------------------------------

supervisionPages.get(`${CYCLE}/supervision`, async (c) => {
  const { j, actor, cycle } = await access(c, "supervision.overview");
  const db = c.var.db;
  const today = todayInChina(c.var.now);
  const [projects, sup] = await Promise.all([
    listProjects(db, cycle, c.var.now),
    cycleSupervision(db, cycle, c.var.now),
  ]);
  const ctx = pageContext(c);
  const { t } = ctx;
  const open = sup.problems.filter((x) => x.status !== "closed");
  const overdue = open.filter((x) => x.overdue);
  const title = t("sup.overview.title", { name: jurisdictionName(c, j), year: cycle.year });
  return c.html(
    <Layout ctx={ctx} title={title} wide>
      <Crumbs c={c} j={j} cycle={cycle} trail={projectTrail(c, j, cycle)} />
      <h1>{title}</h1>
      <p class="lead">
        {t("sup.overview.totals", {
          n: projects.length,
          groups: sup.groups.size,
          inspections: [...sup.inspections.values()].reduce((a, l) => a + l.length, 0),
          open: open.length,
          overdue: overdue.length,
        })}
      </p>
      <p class="actions">
        <a href={`${base(j, cycle)}/supervision/half-year`}>{t("sup.hy.link")}</a>
      </p>
      {projects.length === 0 ? <p>{t("proj.none")}</p> : null}
      {projects.length ? (
        <TableWrap label={t("sup.overview.projects")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("cand.col.no")}</th>
                <th scope="col">{t("cand.f.name")}</th>
                <th scope="col">{t("sup.group")}</th>
                <th scope="col" class="num">
                  {t("sup.inspections")}
                </th>
                <th scope="col" class="num">
                  {t("sup.open_problems")}
                </th>
                <th scope="col" class="num">
                  {t("sup.overdue_problems")}
                </th>
              </tr>
            </thead>
            <tbody>
              {projects.map((p) => {
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
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      <h2>{t("sup.overdue_problems")}</h2>
      {overdue.length === 0 ? <p>{t("sup.overdue.none")}</p> : null}
      <ProblemTable c={c} j={j} cycle={cycle} list={overdue} today={today} />
      <h2>{t("sup.open_problems")}</h2>
      {open.length === 0 ? <p>{t("sup.problems.none")}</p> : null}
      <ProblemTable c={c} j={j} cycle={cycle} list={open} today={today} />
      {actor && can(actor, j, "supervision.manage") ? (
        <p class="muted">{t("sup.overview.staff_hint")}</p>
      ) : null}
    </Layout>,
  );
});

function ProblemTable(props: {
  c: Context<AppEnv>;
  j: Jurisdiction;
  cycle: Cycle;
  list: (Problem & { projectName: string })[];
  today: string;
}) {
  const { t } = props.c.var;
  if (props.list.length === 0) return null;
  return (
    <TableWrap label={t("sup.problems")}>
      <table class="stack">
        <thead>
          <tr>
            <th scope="col">{t("cand.f.name")}</th>
            <th scope="col">{t("sup.description")}</th>
            <th scope="col">{t("cand.f.responsibleUnit")}</th>
            <th scope="col">{t("sup.deadline")}</th>
            <th scope="col">{t("sup.status")}</th>
          </tr>
        </thead>
        <tbody>
          {props.list.map((x) => (
            <tr>
              <td data-label={t("cand.f.name")}>{x.projectName}</td>
              <th scope="row">
                <a href={`${supUrl(props.j, props.cycle, x.candidateId)}/problems/${x.id}`}>
                  {x.description}
                </a>
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
        </tbody>
      </table>
    </TableWrap>
  );
}

supervisionPages.get(`${CYCLE}/supervision/half-year`, async (c) => {
  const { j, cycle } = await access(c, "supervision.overview");
  const db = c.var.db;
  const today = todayInChina(c.var.now);
  const projects = await listProjects(db, cycle, c.var.now);
  const [sup, changes] = await Promise.all([
    cycleSupervision(db, cycle, c.var.now),
    changesOf(
      db,
      projects.map((p) => p.id),
    ),
  ]);
  const ctx = pageContext(c);
  const { t } = ctx;
  const name = jurisdictionName(c, j);
  const title = t("sup.hy.title", { name, year: cycle.year });
  const planned = projects.reduce((a, p) => a + p.plannedYuan, 0);
  const spent = projects.reduce((a, p) => a + (p.latest?.disbursedYuan ?? 0), 0);
  const closed = sup.problems.filter((x) => x.status === "closed").length;
  return c.html(
    <Layout ctx={ctx} title={title} wide>
      <div class="no-print">
        <Crumbs c={c} j={j} cycle={cycle} trail={projectTrail(c, j, cycle)} />
      </div>
      <article class="hy-report">
        <h1 class="center">{title}</h1>
        <p class="center muted">{t("sup.hy.as_of", { date: today })}</p>
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
        <p class="no-print">
          <button type="button" class="js-print" hidden>
            {t("cred.slips.print")}
          </button>
        </p>
        {projects.map((p) => (
          <HalfYearProject
            t={t}
            p={p}
            inspections={sup.inspections.get(p.id) ?? []}
            problems={sup.problems.filter((x) => x.candidateId === p.id)}
            changes={changes.filter((ch) => ch.candidateId === p.id)}
            today={today}
          />
        ))}
        <p class="muted">{t("proj.money_note")}</p>
      </article>
    </Layout>,
  );
});

function HalfYearProject(props: {
  t: Translator;
  p: ProjectSummary;
  inspections: Inspection[];
  problems: (Problem & { overdue: boolean })[];
  changes: { kind: (typeof CHANGE_KINDS)[number]; announcementNo: number; decidedOn: string }[];
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
        <dt>{t("cand.f.responsibleUnit")}</dt>
        <dd>{p.responsibleUnit}</dd>
        <dt>{t("cand.f.annualTarget")}</dt>
        <dd>{p.plan ? p.plan.annualTarget : t("proj.no_plan")}</dd>
        <dt>{t("proj.progress")}</dt>
        <dd>
          {t("proj.percent", { n: p.latest?.percent ?? 0 })}
          {p.latest
            ? `（${t("sup.hy.reported", { date: p.latest.reportedOn })}）`
            : `（${t("sup.hy.no_report")}）`}
        </dd>
        {props.changes.length ? (
          <>
            <dt>{t("sup.changes")}</dt>
            <dd>
              {props.changes
                .map(
                  (ch) =>
                    `${t(`sup.kind.${ch.kind}`)}（${t("sup.ann.title", { no: ch.announcementNo })}，${ch.decidedOn}）`,
                )
                .join("；")}
            </dd>
          </>
        ) : null}
      </dl>
      <table class="hy-money">
        <caption>{t("proj.money")}</caption>
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

// ---- A deputy's supervision projects ------------------------------------------------------------------

supervisionPages.get("/me/supervision", async (c) => {
  const actor: Actor = requireActor(c);
  const ctx = pageContext(c);
  const { t } = ctx;
  const list = actor.kind === "deputy" ? await myProjects(c.var.db, actor.id) : [];
  return c.html(
    <Layout ctx={ctx} title={t("sup.mine.title")}>
      <h1>{t("sup.mine.title")}</h1>
      {actor.kind !== "deputy" ? <p>{t("sup.mine.deputies_only")}</p> : null}
      {actor.kind === "deputy" && list.length === 0 ? <p>{t("sup.mine.none")}</p> : null}
      {list.length ? (
        <ul class="cards">
          {list.map((m) => (
            <li>
              <a href={`/j/${m.jurisdictionCode}/${m.year}/projects/${m.candidateId}/supervision`}>
                {m.name}
              </a>{" "}
              <span class="muted">
                {t("jur.year", { year: m.year })} · {m.groupName}
                {m.leader ? ` · ${t("sup.group.leader")}` : ""}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </Layout>,
  );
});

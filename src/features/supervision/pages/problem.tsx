// A problem's page: what was found, who must fix it by when, and the rectification record; the
// responsible unit (or the government) records its rectification there, and staff close the
// problem or send it back.
import type { Context } from "hono";
import { type Grant, isRectifierOf, isStaffOf, type Permission } from "../../../platform/auth/permissions";
import type { Problem } from "../../../platform/data/schema";
import { createRouter, pageContext } from "../../../platform/http/app";
import { cycleWith } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { formFields, withFieldErrors } from "../../../platform/http/forms";
import type { Translator } from "../../../platform/i18n";
import { todayInChina } from "../../../platform/lib/dates";
import { bindForm, Field, TextArea } from "../../../platform/ui/fields";
import { Fact, Notice, PostForm } from "../../../platform/ui/layout";
import { getProject, type ProjectSummary } from "../../projects/projects";
import { closeProblem, getProblem, rectifyProblem, reopenProblem } from "../problems";
import {
  type At,
  doneOf,
  type FormState,
  PROBLEM,
  pid,
  problemId,
  problemUrl,
  StatusBadge,
  SupervisionFrame,
  supUrl,
} from "./shared";

export const problemPages = createRouter();

const DONE = ["problem", "same", "rectified", "closed", "reopened"] as const;

interface ProblemData extends At {
  project: ProjectSummary;
  problem: Problem;
  /** The rectification form: an open problem, for its responsible unit or the government. */
  rectify: boolean;
  /** Close or send back: a rectified problem, for congress staff. */
  verify: boolean;
  today: string;
  done: (typeof DONE)[number] | null;
}

async function loadProblem(c: Context<AppEnv>, at: At): Promise<ProblemData> {
  const { cycle, actor } = at;
  const project = await getProject(c.var.db, cycle, pid(c), c.var.now);
  const problem = await getProblem(c.var.db, cycle, project.id, problemId(c), c.var.now);
  const supervising = cycle.stage === "supervise";
  return {
    ...at,
    project,
    problem,
    rectify: supervising && problem.status === "open" && isRectifierOf(actor, cycle, project),
    verify: supervising && problem.status === "rectifying" && isStaffOf(actor, cycle),
    today: todayInChina(c.var.now),
    done: doneOf(c, DONE),
  };
}

type ProblemForm = FormState & { form?: "rectify" | "reopen" };

function ProblemScreen(props: { c: Context<AppEnv>; d: ProblemData; state: ProblemForm }) {
  const { c, d, state } = props;
  const { j, cycle, project: p, problem: x } = d;
  const ctx = pageContext(c);
  const { t } = ctx;
  const action = problemUrl(j, cycle, x);
  const typed = (form: ProblemForm["form"], initial: Record<string, string>) =>
    state.form === form ? bindForm(state.values ?? {}, state.fields) : bindForm(initial);
  const rf = typed("rectify", { rectifiedOn: d.today });
  const of = typed("reopen", {});
  return (
    <SupervisionFrame c={c} d={d} title={t("sup.problem.title")} invalid={state.form !== undefined}>
      {d.done ? <Notice kind="ok">{t(`sup.done.${d.done}`)}</Notice> : null}
      <p>
        <a href={supUrl(j, cycle, p.id)}>{t("sup.back")}</a>
      </p>
      <ProblemFacts t={t} x={x} today={d.today} />
      {d.rectify ? (
        <PostForm ctx={ctx} action={`${action}/rectify`} class="card">
          <h2>{t("sup.rectify")}</h2>
          <TextArea {...rf("rectification")} label={t("sup.rectification.done")} required rows={4} />
          <Field
            {...rf("rectifiedOn")}
            label={t("sup.rectified_on")}
            hint={t("notice.f.date_hint")}
            required
          />
          <button type="submit">{t("sup.rectify.submit")}</button>
        </PostForm>
      ) : null}
      {d.verify ? (
        <>
          <PostForm ctx={ctx} action={`${action}/close`} class="card">
            <h2>{t("sup.close")}</h2>
            <p>{t("sup.close.explain")}</p>
            <button type="submit">{t("sup.close.submit")}</button>
          </PostForm>
          <PostForm ctx={ctx} action={`${action}/reopen`} class="card">
            <h2>{t("sup.reopen")}</h2>
            <TextArea {...of("reason")} label={t("sup.reopen.reason")} required rows={3} />
            <button type="submit" class="secondary">
              {t("sup.reopen.submit")}
            </button>
          </PostForm>
        </>
      ) : null}
    </SupervisionFrame>
  );
}

function ProblemFacts(props: { t: Translator; x: Problem; today: string }) {
  const { t, x } = props;
  return (
    <dl class="facts">
      <Fact label={t("sup.status")}>
        <StatusBadge t={t} p={x} today={props.today} />
      </Fact>
      <Fact label={t("sup.source")}>{t(`sup.source.${x.source}`)}</Fact>
      <Fact label={t("sup.found_on")}>{x.foundOn}</Fact>
      <Fact label={t("sup.description")} class="prose">
        {x.description}
      </Fact>
      <Fact label={t("cand.f.responsibleUnit")}>{x.responsibleUnit}</Fact>
      <Fact label={t("sup.deadline")}>{x.deadline}</Fact>
      <Fact label={t("sup.rectification")} class="prose">
        {x.rectification ?? t("sup.rectification.none")}
      </Fact>
    </dl>
  );
}

async function problemPage(c: Context<AppEnv>, at: At, state: ProblemForm = {}, status = 200) {
  return c.html(<ProblemScreen c={c} d={await loadProblem(c, at)} state={state} />, status as 200);
}

/** Back to the problem's page, with what was done. */
const doneAt = (c: Context<AppEnv>, at: At, done: (typeof DONE)[number]) =>
  c.redirect(`${problemUrl(at.j, at.cycle, { candidateId: pid(c), id: problemId(c) })}?done=${done}`, 303);

problemPages.get(PROBLEM, async (c) => problemPage(c, await cycleWith(c, "supervision.read")));

/**
 * A form of the problem's page, posted to `<problem>/<form>`: `write` saves it for the role that
 * `permission` names, then back to the problem (`done`); invalid input comes back to the form.
 */
function problemForm<P extends Permission>(
  form: NonNullable<ProblemForm["form"]>,
  permission: P,
  done: (typeof DONE)[number],
  write: (c: Context<AppEnv>, at: At & { grant: Grant<P> }, values: Record<string, string>) => Promise<void>,
) {
  problemPages.post(`${PROBLEM}/${form}`, async (c) => {
    const at = await cycleWith(c, permission);
    const values = await formFields(c);
    const r = await withFieldErrors(c, () => write(c, at, values));
    if (!r.ok) return problemPage(c, at, { form, values, fields: r.fields }, 400);
    return doneAt(c, at, done);
  });
}

problemForm("rectify", "problem.rectify", "rectified", (c, at, values) =>
  rectifyProblem(c.var.db, at.grant, at.cycle, pid(c), problemId(c), values, c.var.now),
);

problemPages.post(`${PROBLEM}/close`, async (c) => {
  const at = await cycleWith(c, "supervision.manage");
  await closeProblem(c.var.db, at.grant, at.cycle, pid(c), problemId(c), c.var.now);
  return doneAt(c, at, "closed");
});

problemForm("reopen", "supervision.manage", "reopened", (c, at, values) =>
  reopenProblem(c.var.db, at.grant, at.cycle, pid(c), problemId(c), values, c.var.now),
);

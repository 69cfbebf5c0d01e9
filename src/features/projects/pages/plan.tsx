// A project's implementation plan (the government): the responsible unit, the year's target and the
// open milestones, saved as a draft or published.
import type { Context } from "hono";
import type { Cycle, Jurisdiction } from "../../../platform/data/schema";
import { createRouter, pageContext } from "../../../platform/http/app";
import { cycleWith } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { formFields, withFieldErrors } from "../../../platform/http/forms";
import { bindForm, Field, TextArea } from "../../../platform/ui/fields";
import { Layout, PostForm } from "../../../platform/ui/layout";
import { savePlan } from "../plans";
import { getProject, type ProjectSummary } from "../projects";
import { PROJECT, ProjectsCrumbs, projectId, projectUrl } from "./shared";

export const planPages = createRouter();

type Values = Record<string, string | undefined>;

/** The plan as it stands, in the form's fields (the milestones not yet reached, one a line). */
function planValues(p: ProjectSummary): Values {
  return {
    responsibleUnit: p.responsibleUnit,
    annualTarget: p.plan?.annualTarget ?? "",
    milestones: p.milestones
      .filter((m) => !m.doneOn)
      .map((m) => `${m.dueOn} ${m.title}`)
      .join("\n"),
  };
}

function PlanForm(props: {
  c: Context<AppEnv>;
  j: Jurisdiction;
  cycle: Cycle;
  p: ProjectSummary;
  values: Values;
  errors: Record<string, string>;
}) {
  const { c, j, cycle, p } = props;
  const ctx = pageContext(c);
  const { t } = ctx;
  const f = bindForm(props.values, props.errors);
  return (
    <Layout ctx={ctx} title={t("proj.edit_plan")}>
      <ProjectsCrumbs c={c} j={j} cycle={cycle} />
      <h1>
        {t("proj.edit_plan")}：{p.name}
      </h1>
      <PostForm ctx={ctx} action={`${projectUrl(j, cycle, p.id)}/plan`} class="card">
        <Field {...f("responsibleUnit")} label={t("cand.f.responsibleUnit")} required />
        <TextArea {...f("annualTarget")} label={t("cand.f.annualTarget")} required rows={2} />
        <TextArea
          {...f("milestones")}
          label={t("proj.milestones")}
          hint={t("proj.milestones_hint")}
          rows={6}
        />
        <p class="buttons">
          <button type="submit" name="publish" value="0" class="secondary">
            {t("notice.save_draft")}
          </button>{" "}
          <button type="submit" name="publish" value="1">
            {t("proj.publish_plan")}
          </button>
        </p>
      </PostForm>
    </Layout>
  );
}

/** The plan form of the address's project: as it stands, or as sent with its errors. */
async function planScreen(
  c: Context<AppEnv>,
  at: { j: Jurisdiction; cycle: Cycle },
  sent?: { values: Values; errors: Record<string, string> },
) {
  const p = await getProject(c.var.db, at.cycle, projectId(c), c.var.now);
  return c.html(
    <PlanForm
      c={c}
      j={at.j}
      cycle={at.cycle}
      p={p}
      values={sent?.values ?? planValues(p)}
      errors={sent?.errors ?? {}}
    />,
    sent ? 400 : 200,
  );
}

planPages.get(`${PROJECT}/plan`, async (c) => planScreen(c, await cycleWith(c, "plan.edit")));

planPages.post(`${PROJECT}/plan`, async (c) => {
  const at = await cycleWith(c, "plan.edit");
  const id = projectId(c);
  const values = await formFields(c);
  const r = await withFieldErrors(c, () =>
    savePlan(c.var.db, at.grant, at.cycle, id, values, values.publish === "1", c.var.now),
  );
  if (!r.ok) return planScreen(c, at, { values, errors: r.fields });
  return c.redirect(`${projectUrl(at.j, at.cycle, id)}?done=plan`, 303);
});

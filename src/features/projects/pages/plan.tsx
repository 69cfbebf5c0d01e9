// A project's implementation plan (the government): the responsible unit, the year's target and the
// open milestones, saved as a draft or published.
import type { Context } from "hono";
import type { Cycle, Jurisdiction } from "../../../platform/data/schema";
import { createRouter } from "../../../platform/http/app";
import { cycleWith } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { formFields, withFieldErrors } from "../../../platform/http/forms";
import { bindForm, Field, TextArea } from "../../../platform/ui/fields";
import { savePlan } from "../plans";
import type { ProjectSummary } from "../projects";
import {
  loadProjectForm,
  PROJECT,
  type ProjectFormData,
  ProjectFormPage,
  projectId,
  projectUrl,
  type Sent,
} from "./shared";

export const planPages = createRouter();

/** The plan as it stands, in the form's fields (the milestones not yet reached, one a line). */
function planValues(p: ProjectSummary) {
  return {
    responsibleUnit: p.responsibleUnit,
    annualTarget: p.plan?.annualTarget ?? "",
    milestones: p.milestones
      .filter((m) => !m.doneOn)
      .map((m) => `${m.dueOn} ${m.title}`)
      .join("\n"),
  };
}

function PlanForm(props: { c: Context<AppEnv>; d: ProjectFormData }) {
  const { t } = props.c.var;
  const f = bindForm(props.d.values, props.d.errors);
  return (
    <ProjectFormPage c={props.c} d={props.d} title={t("proj.edit_plan")} action="plan">
      <Field {...f("responsibleUnit")} label={t("cand.f.responsibleUnit")} required />
      <TextArea {...f("annualTarget")} label={t("cand.f.annualTarget")} required rows={2} />
      <TextArea {...f("milestones")} label={t("proj.milestones")} hint={t("proj.milestones_hint")} rows={6} />
      <p class="buttons">
        <button type="submit" name="publish" value="0" class="secondary">
          {t("notice.save_draft")}
        </button>{" "}
        <button type="submit" name="publish" value="1">
          {t("proj.publish_plan")}
        </button>
      </p>
    </ProjectFormPage>
  );
}

/** The plan form of the address's project: as it stands, or as sent with its errors. */
async function planScreen(c: Context<AppEnv>, at: { j: Jurisdiction; cycle: Cycle }, sent?: Sent) {
  const d = await loadProjectForm(c, at, planValues, sent);
  return c.html(<PlanForm c={c} d={d} />, sent ? 400 : 200);
}

/**
 * The role check of the plan form: the government of the address plans. Roles above it that read
 * its projects (city, admin) find no form here; a role of the address that may not plan is refused.
 */
async function planCycle(c: Context<AppEnv>) {
  try {
    return await cycleWith(c, "plan.edit");
  } catch (e) {
    if (
      e instanceof AppError &&
      e.code === "forbidden" &&
      c.var.actor?.jurisdictionCode !== c.req.param("code")
    )
      throw new AppError("not_found");
    throw e;
  }
}

planPages.get(`${PROJECT}/plan`, async (c) => planScreen(c, await planCycle(c)));

planPages.post(`${PROJECT}/plan`, async (c) => {
  const at = await planCycle(c);
  const id = projectId(c);
  const values = await formFields(c);
  const r = await withFieldErrors(c, () =>
    savePlan(c.var.db, at.grant, at.cycle, id, values, values.publish === "1", c.var.now),
  );
  if (!r.ok) return planScreen(c, at, { values, errors: r.fields });
  return c.redirect(`${projectUrl(at.j, at.cycle, id)}?done=plan`, 303);
});

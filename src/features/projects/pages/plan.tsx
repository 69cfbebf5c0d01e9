// A project's implementation plan (the government): the responsible unit, the year's target and the
// open milestones, saved as a draft or published.
import type { Context } from "hono";
import { createRouter } from "../../../platform/http/app";
import { cycleWith } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { formFields, withFieldErrors } from "../../../platform/http/forms";
import { bindForm, DraftOrPublish, Field, TextArea } from "../../../platform/ui/fields";
import { savePlan } from "../plans";
import type { ProjectSummary } from "../projects";
import { type ProjectFormData, ProjectFormPage, projectFormRoutes } from "./shared";

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
      <DraftOrPublish draft={t("notice.save_draft")} publish={t("proj.publish_plan")} />
    </ProjectFormPage>
  );
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

projectFormRoutes(planPages, "plan", {
  at: planCycle,
  blank: (_c, p) => planValues(p),
  Form: PlanForm,
  save: async (c, at, id) => {
    const values = await formFields(c);
    const r = await withFieldErrors(c, () =>
      savePlan(c.var.db, at.grant, at.cycle, id, values, values.publish === "1", c.var.now),
    );
    return r.ok ? null : { values, errors: r.fields };
  },
});

// The progress report form (the responsible unit, its own projects only): the day, percent done,
// money disbursed to date by source, the milestones reached, and up to 4 photos. Photos make the
// form larger than the app's general body limit: src/index.ts gives its route its own
// (PHOTO_FORM_MAX_BYTES), before the CSRF check reads the body.
import type { Context } from "hono";
import { assertOwnProject } from "../../../platform/auth/permissions";
import { FUNDING_SOURCES } from "../../../platform/data/schema";
import { createRouter } from "../../../platform/http/app";
import { cycleWith } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { withFieldErrors } from "../../../platform/http/forms";
import { todayInChina } from "../../../platform/lib/dates";
import { parse } from "../../../platform/lib/validate";
import { bindForm, Field, FileField, TextArea, Tick } from "../../../platform/ui/fields";
import { checkPhotos, PHOTO_CLIENT_MAX_PX, PHOTOS_PER_REPORT } from "../photos";
import { ReportInput, reportProgress } from "../reports";
import { type ProjectFormData, ProjectFormPage, projectFormRoutes } from "./shared";

export const reportPages = createRouter();

/**
 * The role check of the report form. Only the project's responsible unit has one: to anyone else
 * it is not found (not "forbidden"), as another unit's project is to a unit.
 */
async function reportCycle(c: Context<AppEnv>) {
  try {
    return await cycleWith(c, "progress.report");
  } catch (e) {
    if (e instanceof AppError && e.code === "forbidden") throw new AppError("not_found");
    throw e;
  }
}

function ReportForm(props: { c: Context<AppEnv>; d: ProjectFormData }) {
  const { t } = props.c.var;
  const { p, errors } = props.d;
  const f = bindForm(props.d.values, errors);
  const open = p.milestones.filter((m) => !m.doneOn);
  return (
    <ProjectFormPage c={props.c} d={props.d} title={t("proj.new_report")} action="report" multipart>
      <Field {...f("reportedOn")} label={t("proj.reported_on")} hint={t("notice.f.date_hint")} required />
      <Field {...f("percent")} label={t("proj.percent_field")} inputmode="numeric" required />
      <TextArea {...f("body")} label={t("proj.report_body")} required rows={5} />
      <fieldset>
        <legend>{t("proj.disbursed_to_date")}</legend>
        <div class="grid-3">
          {FUNDING_SOURCES.filter((s) => p.plannedBySource[s]).map((s) => (
            <Field {...f(`disbursed_${s}`)} label={t(`fund.${s}`)} />
          ))}
        </div>
      </fieldset>
      {open.length > 0 ? (
        <fieldset>
          <legend>{t("proj.milestones_reached")}</legend>
          {open.map((m) => (
            <Tick name="done" value={m.id} class="check">
              {m.dueOn} {m.title}
            </Tick>
          ))}
        </fieldset>
      ) : null}
      <fieldset>
        <legend>{t("pub.photos")}</legend>
        <FileField
          name="photos"
          error={errors.photos}
          label={t("pub.photos.choose", { n: PHOTOS_PER_REPORT })}
          hint={t("pub.photos.hint", { mb: 5, px: PHOTO_CLIENT_MAX_PX })}
          accept="image/jpeg,image/png,image/webp"
          multiple
          data={{ downsize: String(PHOTO_CLIENT_MAX_PX), "max-files": String(PHOTOS_PER_REPORT) }}
        />
        <Field {...f("caption")} label={t("pub.photos.caption")} hint={t("pub.photos.caption_hint")} />
      </fieldset>
      <button type="submit">{t("proj.submit_report")}</button>
    </ProjectFormPage>
  );
}

/** The fields of the multipart form as text, the milestones ticked, and the files chosen. */
async function reportBody(c: Context<AppEnv>) {
  const body = await c.req.parseBody({ all: true });
  const values: Record<string, string> = {};
  for (const [k, x] of Object.entries(body)) if (typeof x === "string" && k !== "_csrf") values[k] = x;
  const list = (name: string) => ([] as unknown[]).concat(body[name] ?? []);
  const done = list("done").filter((x): x is string => typeof x === "string");
  const files = list("photos").filter((x): x is File => x instanceof File);
  return { values, input: { ...values, done }, files };
}

/**
 * Saves a report. The photos are checked first (type by magic bytes, size, count); a bad photo and
 * bad fields are reported together.
 */
async function saveReport(c: Context<AppEnv>, at: Awaited<ReturnType<typeof reportCycle>>, id: number) {
  const { values, input, files } = await reportBody(c);
  const checked = await withFieldErrors(c, () => checkPhotos(files, values.caption ?? ""));
  if (!checked.ok) {
    const rest = await withFieldErrors(c, async () => parse(ReportInput(c.var.now), input));
    return { values, errors: { ...(rest.ok ? {} : rest.fields), ...checked.fields } };
  }
  const r = await withFieldErrors(c, () =>
    reportProgress(c.var.db, at.grant, at.cycle, id, input, c.var.now, {
      bucket: c.env.PHOTOS,
      uploads: checked.value,
    }),
  );
  return r.ok ? null : { values, errors: r.fields };
}

// The report form of the address's project, the unit's own: a new report is of today, and starts
// from the latest one's percent.
projectFormRoutes(reportPages, "report", {
  at: reportCycle,
  blank: (c, p) => ({ reportedOn: todayInChina(c.var.now), percent: String(p.latest?.percent ?? 0) }),
  check: (at, p) => assertOwnProject(at.actor, at.cycle, p),
  Form: ReportForm,
  save: saveReport,
});

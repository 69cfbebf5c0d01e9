// The government's candidate form: a new candidate (perhaps taken up from ticked proposals) or an
// existing one, with its planned investment by funding source.
import type { Context } from "hono";
import type { Cycle, Jurisdiction } from "../../../platform/data/schema";
import { FUNDING_SOURCES } from "../../../platform/data/schema";
import { createRouter, pageContext } from "../../../platform/http/app";
import { base, CYCLE, cycleWith } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { formFields, withFieldErrors } from "../../../platform/http/forms";
import { CyclePage } from "../../../platform/ui/cycle-layout";
import { bindForm, Field, Select, TextArea } from "../../../platform/ui/fields";
import { PostForm } from "../../../platform/ui/layout";
import { placeNames, placesOf } from "../../collection/proposals";
import { candidateDraft, candidateValues, listCandidates, saveCandidate } from "../candidates";

export const candidateFormPages = createRouter();

const editCycle = (c: Context<AppEnv>) => cycleWith(c, "candidate.edit");

/** The form of candidate `id` (a new one without), with the places it may name. */
async function loadForm(
  c: Context<AppEnv>,
  at: { j: Jurisdiction; cycle: Cycle },
  form: { id?: number; values: Record<string, string>; from?: number[]; fields?: Record<string, string> },
) {
  return { ...at, ...form, places: await placesOf(c.var.db, at.j) };
}

function CandidateForm(props: { c: Context<AppEnv>; data: Awaited<ReturnType<typeof loadForm>> }) {
  const { c } = props;
  const { j, cycle, id, values, from, fields, places } = props.data;
  const ctx = pageContext(c);
  const { t } = ctx;
  const f = bindForm(values, fields);
  const title = id ? t("cand.edit") : t("cand.new");
  return (
    <CyclePage c={c} j={j} cycle={cycle} title={title}>
      <PostForm ctx={ctx} action={`${base(j, cycle)}/candidates${id ? `/${id}` : ""}`} class="card">
        {from?.length ? (
          <>
            <input type="hidden" name="from" value={from.join(",")} />
            <p class="muted">
              {t("cand.f.from")}：{from.length}
            </p>
          </>
        ) : null}
        <Field {...f("name")} label={`${t("cand.f.name")} *`} required />
        <TextArea {...f("content")} label={`${t("cand.f.content")} *`} />
        <Select
          {...f("locationCode")}
          label={`${t("cand.f.locationCode")} *`}
          options={[...placeNames(places, ctx.locale === "en")]}
        />
        <Field {...f("locationDetail")} label={t("cand.f.locationDetail")} />
        <Field {...f("responsibleUnit")} label={`${t("cand.f.responsibleUnit")} *`} />
        <Field {...f("deadline")} label={`${t("cand.f.deadline")} *`} />
        <TextArea {...f("annualTarget")} label={`${t("cand.f.annualTarget")} *`} rows={2} />
        <fieldset>
          <legend>{t("cand.f.funding")} *</legend>
          <div class="grid-3">
            {FUNDING_SOURCES.map((s) => (
              <Field {...f(`funding_${s}`)} label={t(`fund.${s}`)} inputmode="decimal" />
            ))}
          </div>
        </fieldset>
        <button type="submit">{t("cand.save")}</button>
      </PostForm>
    </CyclePage>
  );
}

/** The proposals a new candidate takes up (`?from=` or the form's field): at most 90 ids. */
function parseFrom(s: string | undefined): number[] {
  return (s ?? "")
    .split(",")
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0)
    .slice(0, 90);
}

candidateFormPages.get(`${CYCLE}/candidates/new`, async (c) => {
  const at = await editCycle(c);
  const from = parseFrom(c.req.query("from"));
  const values = await candidateDraft(c.var.db, at.cycle, from);
  return c.html(<CandidateForm c={c} data={await loadForm(c, at, { values, from })} />);
});

candidateFormPages.post(`${CYCLE}/candidates`, async (c) => {
  const { grant, ...at } = await editCycle(c);
  const values = await formFields(c);
  const from = parseFrom(values.from);
  const r = await withFieldErrors(c, () =>
    saveCandidate(c.var.db, grant, at.cycle, values, c.var.now, { fromProposals: from }),
  );
  if (!r.ok) {
    const data = await loadForm(c, at, { values, from, fields: r.fields });
    return c.html(<CandidateForm c={c} data={data} />, 400);
  }
  return c.redirect(`${base(at.j, at.cycle)}/candidates?done=saved`, 303);
});

candidateFormPages.get(`${CYCLE}/candidates/:id{[0-9]+}/edit`, async (c) => {
  const at = await editCycle(c);
  const id = Number(c.req.param("id"));
  const x = (await listCandidates(c.var.db, at.cycle.id)).find((k) => k.id === id);
  if (!x) throw new AppError("not_found");
  return c.html(<CandidateForm c={c} data={await loadForm(c, at, { id, values: candidateValues(x) })} />);
});

candidateFormPages.post(`${CYCLE}/candidates/:id{[0-9]+}`, async (c) => {
  const { grant, ...at } = await editCycle(c);
  const id = Number(c.req.param("id"));
  const values = await formFields(c);
  const r = await withFieldErrors(c, () =>
    saveCandidate(c.var.db, grant, at.cycle, values, c.var.now, { id }),
  );
  if (!r.ok)
    return c.html(
      <CandidateForm c={c} data={await loadForm(c, at, { id, values, fields: r.fields })} />,
      400,
    );
  return c.redirect(`${base(at.j, at.cycle)}/candidates?done=saved`, 303);
});

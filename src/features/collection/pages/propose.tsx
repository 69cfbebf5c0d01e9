// The proposal form: for the public (no account), deputies, departments and townships, while the
// collection notice is open. A submission goes to its tracking page.
import type { Context } from "hono";
import { proposalLimit } from "../../../platform/auth/rate-limit";
import { collectionState, getNotice } from "../../../platform/cycle/notices";
import type { Cycle, Jurisdiction } from "../../../platform/data/schema";
import { createRouter, pageContext } from "../../../platform/http/app";
import { base, CYCLE, load } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { type FormState, formFields, refusal } from "../../../platform/http/forms";
import { randomToken } from "../../../platform/lib/crypto";
import { CyclePage } from "../../../platform/ui/cycle-layout";
import { bindForm, Field, Select, TextArea } from "../../../platform/ui/fields";
import { Notice as Note, PostForm } from "../../../platform/ui/layout";
import { placeNames, placesOf, submitProposal } from "../proposals";
import { categoryOptions } from "./parts";

export const proposePages = createRouter();

/** Whether the cycle takes proposals now, and the places a proposal may name. */
async function loadPropose(c: Context<AppEnv>, at: { j: Jurisdiction; cycle: Cycle }) {
  const [notice, places] = await Promise.all([getNotice(c.var.db, at.cycle.id), placesOf(c.var.db, at.j)]);
  return { ...at, notice, places, state: collectionState(at.cycle, notice, c.var.now) };
}

function ProposeForm(props: {
  c: Context<AppEnv>;
  data: Awaited<ReturnType<typeof loadPropose>>;
  form?: FormState;
}) {
  const { c } = props;
  const { j, cycle, notice, places, state } = props.data;
  const ctx = pageContext(c);
  const { t, actor } = ctx;
  const v = props.form?.values ?? {};
  const fields = props.form?.fields ?? {};
  const error = props.form?.error;
  const f = bindForm(v, fields);
  const as = !actor
    ? null
    : actor.kind === "deputy"
      ? t("source.deputy")
      : actor.jurisdictionCode === j.code
        ? t("source.department")
        : t("source.township");
  const names = placeNames(places, ctx.locale === "en");
  return (
    <CyclePage c={c} j={j} cycle={cycle} title={t("propose.title")}>
      {state === "open" ? (
        <>
          <p>{t("propose.intro")}</p>
          {error ? <Note kind="error">{error}</Note> : null}
          {/* On a phone the fields with errors may be screens below: say so at the top. */}
          {!error && Object.keys(fields).length > 0 ? (
            <Note kind="error">{t("error.invalid_input")}</Note>
          ) : null}
          {as ? <p class="muted">{t("propose.as", { source: as })}</p> : null}
          <PostForm ctx={ctx} action={`${base(j, cycle)}/propose`} class="card">
            {/* One key per rendered form: a refresh or a retry of the same form stores one proposal. */}
            <input type="hidden" name="idempotencyKey" value={v.idempotencyKey || randomToken(24)} />
            <Select
              {...f("category")}
              label={`${t("propose.f.category")} *`}
              options={categoryOptions(t, "—")}
            />
            <Field {...f("title")} label={`${t("propose.f.title")} *`} required />
            <TextArea {...f("background")} label={`${t("propose.f.background")} *`} required />
            <TextArea {...f("content")} label={`${t("propose.f.content")} *`} required />
            <Select {...f("locationCode")} label={`${t("propose.f.locationCode")} *`} options={[...names]} />
            <Field {...f("locationDetail")} label={t("propose.f.locationDetail")} />
            <Field {...f("estimate")} label={t("propose.f.estimate")} inputmode="decimal" />
            <Field {...f("fundingSource")} label={t("propose.f.fundingSource")} />
            <Field {...f("implementer")} label={t("propose.f.implementer")} />
            <TextArea {...f("feasibility")} label={t("propose.f.feasibility")} />
            {!actor ? (
              <>
                <p class="hint">{t("propose.privacy")}</p>
                <Field {...f("proposerName")} label={t("propose.f.proposerName")} autocomplete="name" />
                <Field
                  {...f("proposerPhone")}
                  type="tel"
                  label={t("propose.f.proposerPhone")}
                  autocomplete="tel"
                />
              </>
            ) : null}
            <div class="hp" aria-hidden="true">
              <label for="f-website">{t("propose.f.website")}</label>
              <input id="f-website" name="website" type="text" tabindex={-1} autocomplete="off" />
            </div>
            <button type="submit">{t("propose.submit")}</button>
          </PostForm>
        </>
      ) : state === "not_yet" && notice ? (
        <Note kind="info">{t("propose.opens_on", { date: notice.opensOn })}</Note>
      ) : (
        <>
          <Note kind="info">
            {notice && state !== "no_notice"
              ? t("propose.closed_on", { date: notice.closesOn })
              : t("collect.state.no_notice")}
          </Note>
          {notice ? (
            <p>
              <a href={`${base(j, cycle)}/proposals`}>{t("list.link")}</a>
            </p>
          ) : null}
        </>
      )}
    </CyclePage>
  );
}

proposePages.get(`${CYCLE}/propose`, async (c) => {
  return c.html(<ProposeForm c={c} data={await loadPropose(c, await load(c))} />);
});

proposePages.post(`${CYCLE}/propose`, async (c) => {
  const at = await load(c);
  const values = await formFields(c);
  try {
    const r = await submitProposal(
      c.var.db,
      c.var.actor,
      at.cycle,
      values,
      c.req.header("cf-connecting-ip") ?? "local",
      c.var.now,
      proposalLimit(c.env.PUBLIC_PROPOSALS_PER_HOUR),
    );
    return c.redirect(`/p/${r.trackingNo}?${r.created ? "new" : "repeat"}=1`, 303);
  } catch (e) {
    const { status, ...form } = refusal(c, e, ["rate_limited"]);
    return c.html(<ProposeForm c={c} data={await loadPropose(c, at)} form={{ values, ...form }} />, status);
  }
});

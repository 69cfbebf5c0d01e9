// The candidate list: the government's draft until it is handed over, public from then on (and
// printable on A4); congress staff may return it to the government, with a reason.
import type { Context } from "hono";
import { can } from "../../../platform/auth/permissions";
import type { Cycle, Jurisdiction } from "../../../platform/data/schema";
import { createRouter, pageContext } from "../../../platform/http/app";
import { base, CYCLE, cycleWith, load } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { formFields, jurisdictionName, withFieldErrors } from "../../../platform/http/forms";
import { formatDate, type MessageKey } from "../../../platform/i18n";
import { CyclePage } from "../../../platform/ui/cycle-layout";
import { bindForm, TextArea } from "../../../platform/ui/fields";
import { ButtonLink, Layout, Notice, PostForm, PrintButton } from "../../../platform/ui/layout";
import { placeNames, placesOf } from "../../collection/proposals";
import { isLocked, latestHandover, listCandidates, listEditable, mayReadCandidates } from "../candidates";
import { returnList } from "../handover";
import { CandidateTable } from "./candidate-table";

export const candidatePages = createRouter();

/** The list, its latest hand-over and the places it names; what the reader may do with it. */
async function loadCandidates(c: Context<AppEnv>, at: { j: Jurisdiction; cycle: Cycle }) {
  const db = c.var.db;
  const [handover, list, places] = await Promise.all([
    latestHandover(db, at.cycle.id),
    listCandidates(db, at.cycle.id),
    placesOf(db, at.j),
  ]);
  const { actor } = c.var;
  return {
    ...at,
    handover,
    list,
    places,
    readable: mayReadCandidates(actor, at.j, handover),
    editable: can(actor, at.j, "candidate.edit") && listEditable(at.cycle, handover),
    mayReturn: can(actor, at.j, "handover.return"),
  };
}

type CandidatesData = Awaited<ReturnType<typeof loadCandidates>>;

const DONE: Record<string, MessageKey> = {
  saved: "cand.saved",
  handover: "handover.done",
  returned: "handover.returned",
};

function CandidatesPage(props: {
  c: Context<AppEnv>;
  data: CandidatesData;
  /** What the last step did (`?done=`). */
  done?: string | undefined;
  /** The return form, shown again with what congress staff typed. */
  form?: { values: Record<string, string>; fields: Record<string, string> };
}) {
  const { c } = props;
  const { j, cycle, handover, list, places, readable, editable, mayReturn } = props.data;
  const ctx = pageContext(c);
  const { t } = ctx;
  const title = t("cand.title", { name: jurisdictionName(c, j), year: cycle.year });
  // Before the first hand-over the list is the government's draft.
  if (!readable) {
    return (
      <CyclePage c={c} j={j} cycle={cycle} title={t("cand.link")} heading={title}>
        <p>{t("cand.not_public")}</p>
      </CyclePage>
    );
  }
  const locked = isLocked(handover);
  const candidates = `${base(j, cycle)}/candidates`;
  const done = DONE[props.done ?? ""];
  const f = bindForm(props.form?.values ?? {}, props.form?.fields);
  return (
    <CyclePage c={c} j={j} cycle={cycle} title={title} wide>
      {done ? <Notice kind="ok">{t(done)}</Notice> : null}
      <Notice kind="info">
        {handover === null
          ? t("handover.state.draft")
          : locked
            ? t("handover.state.locked", { date: formatDate(ctx.locale, handover.handedAt) })
            : t("handover.state.returned", {
                date: formatDate(ctx.locale, handover.returnedAt ?? 0),
                reason: handover.returnReason ?? "",
              })}
      </Notice>
      <p class="actions">
        <a href={`${candidates}/print`}>{t("cand.print")}</a>
        <a href={`${base(j, cycle)}/exports/candidates.xlsx`}>{t("list.export_xlsx")}</a>
        <a href={`${base(j, cycle)}/exports/candidates.csv`}>{t("list.export_csv")}</a>
        {editable ? <a href={`${candidates}/new`}>{t("cand.new")}</a> : null}
      </p>
      {list.length === 0 ? (
        <p>{t("cand.none")}</p>
      ) : (
        <CandidateTable
          t={t}
          list={list}
          editBase={editable ? candidates : undefined}
          places={placeNames(places, ctx.locale === "en")}
        />
      )}
      {handover ? (
        <section>
          <h2>{t("handover.report_heading")}</h2>
          <p class="prose">{handover.report}</p>
        </section>
      ) : null}
      {editable && list.length > 0 ? (
        <ButtonLink href={`${base(j, cycle)}/handover`}>{t("handover.submit")}</ButtonLink>
      ) : null}
      {mayReturn && locked && cycle.stage === "deliberate" ? (
        <PostForm ctx={ctx} action={`${base(j, cycle)}/return`} class="card">
          <h2>{t("handover.return")}</h2>
          <TextArea {...f("reason")} label={t("handover.return_reason")} required rows={3} />
          <button type="submit" class="danger">
            {t("handover.return")}
          </button>
        </PostForm>
      ) : null}
    </CyclePage>
  );
}

candidatePages.get(`${CYCLE}/candidates`, async (c) => {
  const data = await loadCandidates(c, await load(c));
  return c.html(<CandidatesPage c={c} data={data} done={c.req.query("done")} />);
});

candidatePages.post(`${CYCLE}/return`, async (c) => {
  const { j, cycle, grant } = await cycleWith(c, "handover.return");
  const values = await formFields(c);
  const r = await withFieldErrors(c, () => returnList(c.var.db, grant, cycle, values, c.var.now));
  if (!r.ok) {
    const data = await loadCandidates(c, { j, cycle });
    const form = { values: { reason: values.reason ?? "" }, fields: r.fields };
    return c.html(<CandidatesPage c={c} data={data} form={form} />, 400);
  }
  return c.redirect(`${base(j, cycle)}/candidates?done=returned`, 303);
});

// ---- On A4 ---------------------------------------------------------------------------------------

function PrintPage(props: { c: Context<AppEnv>; data: CandidatesData }) {
  const { c } = props;
  const { j, cycle, list, places } = props.data;
  const ctx = pageContext(c);
  const { t } = ctx;
  const name = jurisdictionName(c, j);
  const title = t("cand.print_title", { name, year: cycle.year });
  return (
    <Layout ctx={ctx} title={title} wide>
      <div class="print-doc">
        <p class="crumbs no-print">
          <a href={`${base(j, cycle)}/candidates`}>{t("cand.link")}</a>
        </p>
        <h1 class="center">{title}</h1>
        <p class="center muted">{t("cand.print_note", { name })}</p>
        <PrintButton t={t} />
        <CandidateTable t={t} list={list} places={placeNames(places, ctx.locale === "en")} />
      </div>
    </Layout>
  );
}

candidatePages.get(`${CYCLE}/candidates/print`, async (c) => {
  const data = await loadCandidates(c, await load(c));
  if (!data.readable) throw new AppError("not_found");
  return c.html(<PrintPage c={c} data={data} />);
});

// Screening: the government gives the cycle's proposals their outcomes, one by one or many at
// once, or forms a new candidate from the proposals it ticks.
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Cycle, Jurisdiction } from "../../../platform/data/schema";
import { createRouter, pageContext } from "../../../platform/http/app";
import { base, CYCLE, cycleWith } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { type FormState, refusal } from "../../../platform/http/forms";
import { formatDateTime, translateLoose } from "../../../platform/i18n";
import { yuanToWan } from "../../../platform/lib/money";
import { CyclePage } from "../../../platform/ui/cycle-layout";
import { bindForm, choices, Field, Select, TextArea } from "../../../platform/ui/fields";
import { DataTable, Notice, PostForm } from "../../../platform/ui/layout";
import { outcomeParts } from "../../../platform/ui/outcome";
import { statusOptions } from "../../collection/pages/parts";
import { listProposals, placeNames, placesOf } from "../../collection/proposals";
import { isLocked, latestHandover, listCandidates } from "../candidates";
import { decide, NEGATIVE_CLAUSES, undecidedCount } from "../screening";

export const decisionPages = createRouter();

const SCREEN_PAGE = 50;

/** A page of the cycle's proposals (with the proposers' contacts), the candidates and what is left. */
async function loadScreening(c: Context<AppEnv>, at: { j: Jurisdiction; cycle: Cycle }) {
  const db = c.var.db;
  const [page, candidates, undecided, places, handover] = await Promise.all([
    listProposals(db, at.cycle.id, c.req.query(), SCREEN_PAGE),
    listCandidates(db, at.cycle.id),
    undecidedCount(db, at.cycle.id),
    placesOf(db, at.j),
    latestHandover(db, at.cycle.id),
  ]);
  return { ...at, page, candidates, undecided, places, locked: isLocked(handover) };
}

function ScreeningPage(props: {
  c: Context<AppEnv>;
  data: Awaited<ReturnType<typeof loadScreening>>;
  form?: FormState;
  /** How many proposals the last decision touched. */
  done?: number | undefined;
}) {
  const { c, done } = props;
  const { j, cycle, page, candidates, undecided, places, locked } = props.data;
  const ctx = pageContext(c);
  const { t } = ctx;
  const names = placeNames(places, ctx.locale === "en");
  const candidateNames = new Map(candidates.map((x) => [x.id, x.name]));
  const fields = props.form?.fields ?? {};
  const f = bindForm(props.form?.values ?? {}, fields);
  const screening = `${base(j, cycle)}/screening`;
  const q = page.query;
  const title = t("screen.title", { year: cycle.year });
  return (
    <CyclePage c={c} j={j} cycle={cycle} title={title} wide>
      {done !== undefined ? <Notice kind="ok">{t("screen.done", { n: done })}</Notice> : null}
      {props.form?.error ? <Notice kind="error">{props.form.error}</Notice> : null}
      {locked ? (
        <Notice kind="info">{translateLoose(t, "handover.reason.locked", "error.illegal_transition")}</Notice>
      ) : null}
      <p>
        <strong>{t("screen.undecided", { n: undecided })}</strong> ·{" "}
        <a href={`${base(j, cycle)}/candidates`}>{t("cand.link")}</a>
      </p>
      <form method="get" action={screening} class="filters" aria-label={t("list.filter")}>
        <Select name="status" label={t("list.status")} options={statusOptions(t)} value={q.status} />
        <button type="submit">{t("list.apply")}</button>
      </form>
      <PostForm ctx={ctx} action={screening}>
        <DataTable
          label={title}
          cols={[
            t("screen.select"),
            t("list.col.no"),
            t("list.col.title"),
            t("list.col.place"),
            t("list.col.source"),
            t("list.col.estimate"),
            t("list.col.proposer"),
            t("list.col.status"),
          ]}
        >
          {page.rows.map((p) => (
            <tr>
              <td>
                <input
                  type="checkbox"
                  name="ids"
                  value={String(p.id)}
                  id={`sel-${p.id}`}
                  aria-label={t("screen.select_row", { no: p.trackingNo })}
                />
              </td>
              <td class="nowrap">
                <a href={`/p/${p.trackingNo}`}>{p.trackingNo}</a>
              </td>
              <th scope="row">
                <label for={`sel-${p.id}`}>{p.title}</label>
                <details>
                  <summary>{t("propose.f.content")}</summary>
                  <p class="prose">{p.background}</p>
                  <p class="prose">{p.content}</p>
                </details>
              </th>
              <td>
                {names.get(p.locationCode) ?? p.locationCode}
                {p.locationDetail ? ` · ${p.locationDetail}` : ""}
              </td>
              <td class="nowrap">{t(`source.${p.source}`)}</td>
              <td class="num">{p.estimateYuan === null ? "" : yuanToWan(p.estimateYuan)}</td>
              <td>
                {p.proposerName ?? ""}
                {p.proposerPhone ? <span class="nowrap"> {p.proposerPhone}</span> : null}
              </td>
              <td class="outcome">
                <strong>{t(`status.${p.status}`)}</strong>
                {p.decidedAt ? <span class="muted"> · {formatDateTime(ctx.locale, p.decidedAt)}</span> : null}
                {outcomeParts(t, p, candidateNames).details.map((d) => (
                  <span class="detail">{d}</span>
                ))}
              </td>
            </tr>
          ))}
        </DataTable>
        {page.next ? (
          <p>
            <a
              href={`${screening}?${new URLSearchParams({ ...(q.status ? { status: q.status } : {}), after: String(page.next) })}`}
            >
              {t("list.more")}
            </a>
          </p>
        ) : null}
        {!locked ? (
          <fieldset class="card">
            <legend>{t("screen.bulk")}</legend>
            {fields.ids ? (
              <p class="error" id="f-ids-error">
                {fields.ids}
              </p>
            ) : null}
            <Select
              {...f("action")}
              label={t("screen.action")}
              options={choices(["accept", "merge", "reserve", "reject"], (a) => t(`screen.action.${a}`))}
            />
            <Select
              {...f("candidate")}
              label={t("screen.f.candidate")}
              options={[
                ["", "—"],
                ...candidates.map((x) => [String(x.id), `${x.position}. ${x.name}`] as [string, string]),
              ]}
            />
            <Field {...f("into")} label={t("screen.f.into")} />
            <Select
              {...f("clause")}
              label={t("screen.f.clause")}
              options={[["", "—"], ...choices(NEGATIVE_CLAUSES, (k) => t(`clause.${k}`))]}
            />
            <TextArea {...f("reason")} label={t("screen.f.reason")} rows={2} />
            <p class="buttons">
              <button type="submit">{t("screen.apply")}</button>{" "}
              <button type="submit" name="action" value="new_candidate" class="secondary">
                {t("screen.new_candidate")}
              </button>
            </p>
          </fieldset>
        ) : null}
      </PostForm>
    </CyclePage>
  );
}

const screenCycle = (c: Context<AppEnv>) => cycleWith(c, "proposal.screen");

decisionPages.get(`${CYCLE}/screening`, async (c) => {
  const data = await loadScreening(c, await screenCycle(c));
  const done = c.req.query("done") ? Number(c.req.query("done")) : undefined;
  return c.html(<ScreeningPage c={c} data={data} done={done} />);
});

/** The decision form as posted: the ticked proposals and, of each other field, its last value. */
async function decisionForm(c: Context<AppEnv>) {
  const body = await c.req.parseBody({ all: true });
  const ids = ([] as unknown[]).concat(body.ids ?? []).filter((x): x is string => typeof x === "string");
  const one = (k: string) => {
    const x = body[k];
    return typeof x === "string" ? x : Array.isArray(x) ? String(x[x.length - 1] ?? "") : "";
  };
  const values = {
    action: one("action"),
    candidate: one("candidate"),
    into: one("into").toUpperCase(),
    clause: one("clause"),
    reason: one("reason"),
  };
  return { ids, values };
}

decisionPages.post(`${CYCLE}/screening`, async (c) => {
  const at = await screenCycle(c);
  const { ids, values } = await decisionForm(c);
  const again = async (form: FormState, status: ContentfulStatusCode) =>
    c.html(<ScreeningPage c={c} data={await loadScreening(c, at)} form={form} />, status);
  // "New candidate from the ticked proposals" opens the candidate form, prefilled.
  if (values.action === "new_candidate") {
    if (ids.length === 0) return again({ fields: { ids: c.var.t("field.select_proposals") } }, 400);
    return c.redirect(`${base(at.j, at.cycle)}/candidates/new?from=${ids.slice(0, 90).join(",")}`, 303);
  }
  try {
    const n = await decide(c.var.db, at.grant, at.cycle, { ...values, ids }, c.var.now);
    return c.redirect(`${base(at.j, at.cycle)}/screening?done=${n}`, 303);
  } catch (e) {
    const { status, ...form } = refusal(c, e, ["illegal_transition"]);
    return again({ values, ...form }, status);
  }
});

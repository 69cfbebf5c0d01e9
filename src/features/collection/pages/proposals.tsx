// The public list of a cycle's proposals with their outcomes, filtered and paged, with the way to a
// tracking page and to the register's downloads — never a name or a phone.
import type { Context } from "hono";
import { createRouter, pageContext } from "../../../platform/http/app";
import { base, CYCLE, load } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { jurisdictionName } from "../../../platform/http/forms";
import type { MessageKey, Translator } from "../../../platform/i18n";
import { yuanToWan } from "../../../platform/lib/money";
import { CyclePage } from "../../../platform/ui/cycle-layout";
import { Select } from "../../../platform/ui/fields";
import { DataTable } from "../../../platform/ui/layout";
import { outcomeParts } from "../../../platform/ui/outcome";
import { candidateNames, listProposals, placeNames, placesOf, publicProposal } from "../proposals";
import { categoryOptions, Outcome, statusOptions } from "./parts";

export const proposalListPages = createRouter();

/** One page of the cycle's proposals as the public sees them, filtered by the address' query. */
async function loadList(c: Context<AppEnv>) {
  const { j, cycle } = await load(c);
  const [page, places, candidates] = await Promise.all([
    listProposals(c.var.db, cycle.id, c.req.query()),
    placesOf(c.var.db, j),
    candidateNames(c.var.db, cycle.id),
  ]);
  return {
    j,
    cycle,
    rows: page.rows.map(publicProposal),
    next: page.next,
    query: page.query,
    places,
    candidates,
  };
}

function TrackForm(props: { t: Translator }) {
  return (
    <form method="get" action="/p" class="inline-form track-form">
      <label for="f-no">{props.t("track.f.no")}</label>{" "}
      <input id="f-no" name="no" placeholder="2027-ABC234" />{" "}
      <button type="submit" class="small">
        {props.t("track.go")}
      </button>
    </form>
  );
}

function ProposalList(props: { c: Context<AppEnv>; data: Awaited<ReturnType<typeof loadList>> }) {
  const { c } = props;
  const { j, cycle, rows, next, query: q, places, candidates } = props.data;
  const ctx = pageContext(c);
  const { t } = ctx;
  const names = placeNames(places, ctx.locale === "en");
  const list = `${base(j, cycle)}/proposals`;
  const qs = (extra: Record<string, string>) =>
    `?${new URLSearchParams(Object.entries({ township: q.township, category: q.category, status: q.status, ...extra }).filter(([, v]) => v)).toString()}`;
  const title = t("list.title", { name: jurisdictionName(c, j), year: cycle.year });
  return (
    <CyclePage c={c} j={j} cycle={cycle} title={title} wide>
      <TrackForm t={t} />
      <form method="get" action={list} class="filters" aria-label={t("list.filter")}>
        <Select
          name="township"
          label={t("list.township")}
          options={[["", t("list.all")], ...names]}
          value={q.township}
        />
        <Select
          name="category"
          label={t("list.category")}
          options={categoryOptions(t, t("list.all"))}
          value={q.category}
        />
        <Select name="status" label={t("list.status")} options={statusOptions(t)} value={q.status} />
        <button type="submit">{t("list.apply")}</button>
      </form>
      <p class="exports">
        <a href={`${base(j, cycle)}/exports/proposals.xlsx${qs({})}`}>{t("list.export_xlsx")}</a> ·{" "}
        <a href={`${base(j, cycle)}/exports/proposals.csv${qs({})}`}>{t("list.export_csv")}</a>
      </p>
      {rows.length === 0 ? (
        <p>{t("list.empty")}</p>
      ) : (
        <DataTable
          label={title}
          class="stack"
          cols={[
            t("list.col.no"),
            t("list.col.title"),
            t("list.category"),
            t("list.col.place"),
            t("list.col.source"),
            t("list.col.estimate"),
            t("list.col.status"),
          ]}
        >
          {rows.map((p) => (
            <tr>
              <td data-label={t("list.col.no")} class="nowrap">
                <a href={`/p/${p.trackingNo}`}>{p.trackingNo}</a>
              </td>
              <th scope="row">{p.title}</th>
              <td data-label={t("list.category")}>{t(`category.${p.category}` as MessageKey)}</td>
              <td data-label={t("list.col.place")}>{names.get(p.locationCode) ?? p.locationCode}</td>
              <td data-label={t("list.col.source")}>{t(`source.${p.source}`)}</td>
              <td data-label={t("list.col.estimate")} class="num">
                {p.estimateYuan === null ? "" : yuanToWan(p.estimateYuan)}
              </td>
              <td data-label={t("list.col.status")} class="outcome">
                <Outcome outcome={outcomeParts(t, p, candidates)} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <nav class="pager" aria-label={t("list.more")}>
        {q.after ? <a href={`${list}${qs({})}`}>{t("list.first")}</a> : null}
        {next ? <a href={`${list}${qs({ after: String(next) })}`}>{t("list.more")}</a> : null}
      </nav>
    </CyclePage>
  );
}

proposalListPages.get(`${CYCLE}/proposals`, async (c) => {
  return c.html(<ProposalList c={c} data={await loadList(c)} />);
});

// Stage 2 pages: the government screens proposals (one by one or in bulk), forms candidates with
// their planned investment by funding source, and hands the list to the congress; congress staff
// can return it. The candidate list is public once handed over, and printable on A4.

import { and, eq, inArray } from "drizzle-orm";
import type { Context } from "hono";
import { can, requireAccess } from "../../../platform/auth/permissions";
import { getCycle } from "../../../platform/cycle/cycles";
import { getJurisdiction, listChildren } from "../../../platform/cycle/jurisdictions";
import type { Cycle, Jurisdiction, Proposal } from "../../../platform/data/schema";
import { FUNDING_SOURCES, proposals } from "../../../platform/data/schema";
import { createRouter, pageContext } from "../../../platform/http/app";
import { Crumbs } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { formFields, jurisdictionName, translateFields, withFieldErrors } from "../../../platform/http/forms";
import {
  formatDate,
  formatDateTime,
  type MessageKey,
  type Translator,
  translateLoose,
} from "../../../platform/i18n";
import { yuanToWan } from "../../../platform/lib/money";
import { Field, Select, TextArea } from "../../../platform/ui/fields";
import { Layout, Notice, PostForm, TableWrap } from "../../../platform/ui/layout";
import { outcomeParts } from "../../../platform/ui/outcome";
import { listProposals } from "../../collection/proposals";
import {
  type CandidateWithFunding,
  handOver,
  isLocked,
  latestHandover,
  listCandidates,
  missingFields,
  returnList,
  saveCandidate,
} from "../candidates";
import { decide, NEGATIVE_CLAUSES, undecidedCount } from "../screening";

export const screeningPages = createRouter();

const CYCLE = "/j/:code/:year{[0-9]{4}}";

async function cycleFor<P extends "proposal.screen" | "candidate.edit" | "handover.return">(
  c: Context<AppEnv>,
  permission: P,
) {
  const grant = await requireAccess(c.var.db, c.var.actor, c.req.param("code") as string, permission);
  const j = grant.jurisdiction;
  const cycle = await getCycle(c.var.db, j.code, Number(c.req.param("year")));
  return { j, cycle, grant };
}

// ---- Screening -----------------------------------------------------------------------------------

const SCREEN_PAGE = 50;

async function screeningPage(
  c: Context<AppEnv>,
  j: Jurisdiction,
  cycle: Cycle,
  state: {
    values?: Record<string, string>;
    fields?: Record<string, string>;
    error?: string;
    done?: number;
  } = {},
  status = 200,
) {
  const ctx = pageContext(c);
  const { t } = ctx;
  const db = c.var.db;
  const [page, list, undecided, places, handover] = await Promise.all([
    listProposals(db, cycle.id, c.req.query(), SCREEN_PAGE),
    listCandidates(db, cycle.id),
    undecidedCount(db, cycle.id),
    listChildren(db, j.code),
    latestHandover(db, cycle.id),
  ]);
  const placeName = new Map([j, ...places].map((p) => [p.code, jurisdictionName(c, p)]));
  const candidateNames = new Map(list.map((x) => [x.id, x.name]));
  const v = state.values ?? {};
  const f = state.fields ?? {};
  const base = `/j/${j.code}/${cycle.year}/screening`;
  const q = page.query;
  const title = t("screen.title", { year: cycle.year });
  const locked = isLocked(handover);
  return c.html(
    <Layout ctx={ctx} title={title} wide>
      <Crumbs c={c} j={j} cycle={cycle} />
      <h1>{title}</h1>
      {state.done !== undefined ? <Notice kind="ok">{t("screen.done", { n: state.done })}</Notice> : null}
      {state.error ? <Notice kind="error">{state.error}</Notice> : null}
      {locked ? (
        <Notice kind="info">{translateLoose(t, "handover.reason.locked", "error.illegal_transition")}</Notice>
      ) : null}
      <p>
        <strong>{t("screen.undecided", { n: undecided })}</strong> ·{" "}
        <a href={`/j/${j.code}/${cycle.year}/candidates`}>{t("cand.link")}</a>
      </p>
      <form method="get" action={base} class="filters" aria-label={t("list.filter")}>
        <Select
          name="status"
          label={t("list.status")}
          options={[
            ["", t("list.all")],
            ...(["received", "accepted", "merged", "reserve", "rejected"] as const).map(
              (s) => [s, t(`status.${s}`)] as [string, string],
            ),
          ]}
          value={q.status}
        />
        <button type="submit">{t("list.apply")}</button>
      </form>
      <PostForm ctx={ctx} action={base}>
        <TableWrap label={title}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("screen.select")}</th>
                <th scope="col">{t("list.col.no")}</th>
                <th scope="col">{t("list.col.title")}</th>
                <th scope="col">{t("list.col.place")}</th>
                <th scope="col">{t("list.col.source")}</th>
                <th scope="col">{t("list.col.estimate")}</th>
                <th scope="col">{t("list.col.proposer")}</th>
                <th scope="col">{t("list.col.status")}</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((p: Proposal) => (
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
                    {placeName.get(p.locationCode) ?? p.locationCode}
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
                    {p.decidedAt ? (
                      <span class="muted"> · {formatDateTime(ctx.locale, p.decidedAt)}</span>
                    ) : null}
                    {outcomeParts(t, p, candidateNames).details.map((d) => (
                      <span class="detail">{d}</span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        {page.next ? (
          <p>
            <a
              href={`${base}?${new URLSearchParams({ ...(q.status ? { status: q.status } : {}), after: String(page.next) })}`}
            >
              {t("list.more")}
            </a>
          </p>
        ) : null}
        {!locked ? (
          <fieldset class="card">
            <legend>{t("screen.bulk")}</legend>
            {f.ids ? (
              <p class="error" id="f-ids-error">
                {f.ids}
              </p>
            ) : null}
            <Select
              name="action"
              label={t("screen.action")}
              options={[
                ["accept", t("screen.action.accept")],
                ["merge", t("screen.action.merge")],
                ["reserve", t("screen.action.reserve")],
                ["reject", t("screen.action.reject")],
              ]}
              value={v.action}
              error={f.action}
            />
            <Select
              name="candidate"
              label={t("screen.f.candidate")}
              options={[
                ["", "—"],
                ...list.map((x) => [String(x.id), `${x.position}. ${x.name}`] as [string, string]),
              ]}
              value={v.candidate}
              error={f.candidate}
            />
            <Field name="into" label={t("screen.f.into")} value={v.into} error={f.into} />
            <Select
              name="clause"
              label={t("screen.f.clause")}
              options={[["", "—"], ...NEGATIVE_CLAUSES.map((k) => [k, t(`clause.${k}`)] as [string, string])]}
              value={v.clause}
              error={f.clause}
            />
            <TextArea name="reason" label={t("screen.f.reason")} value={v.reason} error={f.reason} rows={2} />
            <p class="buttons">
              <button type="submit">{t("screen.apply")}</button>{" "}
              <button type="submit" name="action" value="new_candidate" class="secondary">
                {t("screen.new_candidate")}
              </button>
            </p>
          </fieldset>
        ) : null}
      </PostForm>
    </Layout>,
    status as 200,
  );
}

screeningPages.get(`${CYCLE}/screening`, async (c) => {
  const { j, cycle } = await cycleFor(c, "proposal.screen");
  return screeningPage(c, j, cycle, c.req.query("done") ? { done: Number(c.req.query("done")) } : {});
});

screeningPages.post(`${CYCLE}/screening`, async (c) => {
  const { j, cycle, grant } = await cycleFor(c, "proposal.screen");
  const body = await c.req.parseBody({ all: true });
  const ids = ([] as unknown[]).concat(body.ids ?? []).filter((x): x is string => typeof x === "string");
  const one = (k: string) => {
    const x = body[k];
    return typeof x === "string" ? x : Array.isArray(x) ? String(x[x.length - 1] ?? "") : "";
  };
  // "New candidate from the ticked proposals" opens the candidate form, prefilled.
  if (one("action") === "new_candidate") {
    if (ids.length === 0)
      return screeningPage(c, j, cycle, { fields: { ids: c.var.t("field.select_proposals") } }, 400);
    return c.redirect(`/j/${j.code}/${cycle.year}/candidates/new?from=${ids.slice(0, 90).join(",")}`, 303);
  }
  const values = {
    action: one("action"),
    candidate: one("candidate"),
    into: one("into").toUpperCase(),
    clause: one("clause"),
    reason: one("reason"),
  };
  try {
    const n = await decide(c.var.db, grant, cycle, { ...values, ids }, c.var.now);
    return c.redirect(`/j/${j.code}/${cycle.year}/screening?done=${n}`, 303);
  } catch (e) {
    if (e instanceof AppError && e.code === "invalid_input")
      return screeningPage(c, j, cycle, { values, fields: translateFields(c, e.fields ?? {}) }, 400);
    if (e instanceof AppError && e.code === "illegal_transition") {
      return screeningPage(
        c,
        j,
        cycle,
        { values, error: translateLoose(c.var.t, e.reason, "error.illegal_transition") },
        409,
      );
    }
    throw e;
  }
});

// ---- Candidates ----------------------------------------------------------------------------------

function Money(props: { yuan: number | undefined }) {
  return <>{props.yuan ? yuanToWan(props.yuan) : ""}</>;
}

/** "缺少：完成时限、年度目标" for the fields a candidate still lacks (see `missingFields`). */
function missingText(t: Translator, missing: string[]): string {
  return t("cand.missing", {
    fields: missing
      .map((m) => t(m === "funding" ? "cand.f.funding" : (`cand.f.${m}` as MessageKey)))
      .join("、"),
  });
}

function CandidateTable(props: {
  c: Context<AppEnv>;
  list: CandidateWithFunding[];
  editBase?: string | undefined;
  places: Map<string, string>;
}) {
  const { t } = props.c.var;
  const total = props.list.reduce((a, x) => a + x.totalYuan, 0);
  return (
    <TableWrap label={t("cand.link")}>
      {/* On a phone each row becomes a card: the cells carry their column's name (data-label). */}
      <table class="candidates stack">
        <colgroup span={7} />
        <colgroup span={FUNDING_SOURCES.length + 1} />
        {props.editBase ? <colgroup span={1} /> : null}
        <thead>
          <tr>
            <th scope="col" rowspan={2}>
              {t("cand.col.no")}
            </th>
            <th scope="col" rowspan={2}>
              {t("cand.f.name")}
            </th>
            <th scope="col" rowspan={2}>
              {t("cand.f.content")}
            </th>
            <th scope="col" rowspan={2}>
              {t("cand.f.locationCode")}
            </th>
            <th scope="col" rowspan={2}>
              {t("cand.f.responsibleUnit")}
            </th>
            <th scope="col" rowspan={2}>
              {t("cand.f.deadline")}
            </th>
            <th scope="col" rowspan={2}>
              {t("cand.f.annualTarget")}
            </th>
            <th scope="colgroup" colspan={FUNDING_SOURCES.length + 1} class="group">
              {t("cand.f.funding")}
            </th>
            {props.editBase ? (
              <th scope="col" rowspan={2}>
                {t("jur.links")}
              </th>
            ) : null}
          </tr>
          <tr>
            {FUNDING_SOURCES.map((s) => (
              <th scope="col" class="num">
                {t(`fund.${s}`)}
              </th>
            ))}
            <th scope="col" class="num">
              {t("cand.total")}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.list.map((x) => {
            const missing = missingFields(x);
            return (
              <tr>
                <td data-label={t("cand.col.no")}>{x.position}</td>
                <th scope="row">
                  {x.name}
                  <br />
                  <span class="muted">{t("cand.proposals", { n: x.proposalCount })}</span>
                </th>
                <td data-label={t("cand.f.content")} class="prose">
                  {x.content}
                </td>
                <td data-label={t("cand.f.locationCode")}>
                  {props.places.get(x.locationCode) ?? x.locationCode}
                  {x.locationDetail ? ` · ${x.locationDetail}` : ""}
                </td>
                <td data-label={t("cand.f.responsibleUnit")}>{x.responsibleUnit}</td>
                <td data-label={t("cand.f.deadline")}>{x.deadline}</td>
                <td data-label={t("cand.f.annualTarget")}>{x.annualTarget}</td>
                {FUNDING_SOURCES.map((s) => (
                  <td data-label={t("cand.col.wan", { label: t(`fund.${s}`) })} class="num">
                    <Money yuan={x.funding[s]} />
                  </td>
                ))}
                <td data-label={t("cand.col.wan", { label: t("cand.total") })} class="num">
                  <strong>{yuanToWan(x.totalYuan)}</strong>
                </td>
                {props.editBase ? (
                  <td class="row-links">
                    <a
                      href={`${props.editBase}/${x.id}/edit`}
                      aria-label={t("cand.edit_row", { name: x.name })}
                    >
                      {t("cand.edit")}
                    </a>
                    <br />
                    {missing.length ? (
                      <span class="error">{missingText(t, missing)}</span>
                    ) : (
                      <span class="muted">{t("cand.complete")}</span>
                    )}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colspan={7 + FUNDING_SOURCES.length}>
              {t("cand.total")}
            </th>
            <td data-label={t("cand.col.wan", { label: t("cand.total") })} class="num">
              <strong>{yuanToWan(total)}</strong>
            </td>
            {props.editBase ? <td /> : null}
          </tr>
        </tfoot>
      </table>
    </TableWrap>
  );
}

async function candidatesPage(
  c: Context<AppEnv>,
  j: Jurisdiction,
  cycle: Cycle,
  state: { reason?: string; fields?: Record<string, string> } = {},
  status = 200,
) {
  const ctx = pageContext(c);
  const { t, actor } = ctx;
  const db = c.var.db;
  const [handover, list, places] = await Promise.all([
    latestHandover(db, cycle.id),
    listCandidates(db, cycle.id),
    listChildren(db, j.code),
  ]);
  const placeNames = new Map([j, ...places].map((p) => [p.code, jurisdictionName(c, p)]));
  const gov = can(actor, j, "candidate.edit");
  const staff = can(actor, j, "handover.return");
  // Before the first hand-over the list is the government's draft.
  if (!handover && !gov) {
    return c.html(
      <Layout ctx={ctx} title={t("cand.link")}>
        <Crumbs c={c} j={j} cycle={cycle} />
        <h1>{t("cand.title", { name: jurisdictionName(c, j), year: cycle.year })}</h1>
        <p>{t("cand.not_public")}</p>
      </Layout>,
      status as 200,
    );
  }
  const locked = isLocked(handover);
  const editable =
    gov && !locked && (cycle.stage === "screen" || (cycle.stage === "deliberate" && handover !== null));
  const base = `/j/${j.code}/${cycle.year}/candidates`;
  const DONE: Record<string, MessageKey> = {
    saved: "cand.saved",
    handover: "handover.done",
    returned: "handover.returned",
  };
  const done = DONE[c.req.query("done") ?? ""];
  const title = t("cand.title", { name: jurisdictionName(c, j), year: cycle.year });
  return c.html(
    <Layout ctx={ctx} title={title} wide>
      <Crumbs c={c} j={j} cycle={cycle} />
      <h1>{title}</h1>
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
        <a href={`${base}/print`}>{t("cand.print")}</a>
        <a href={`/j/${j.code}/${cycle.year}/exports/candidates.xlsx`}>{t("list.export_xlsx")}</a>
        <a href={`/j/${j.code}/${cycle.year}/exports/candidates.csv`}>{t("list.export_csv")}</a>
        {editable ? <a href={`${base}/new`}>{t("cand.new")}</a> : null}
      </p>
      {list.length === 0 ? (
        <p>{t("cand.none")}</p>
      ) : (
        <CandidateTable c={c} list={list} editBase={editable ? base : undefined} places={placeNames} />
      )}
      {handover ? (
        <section>
          <h2>{t("handover.report_heading")}</h2>
          <p class="prose">{handover.report}</p>
        </section>
      ) : null}
      {editable && list.length > 0 ? (
        <p>
          <a class="button" href={`/j/${j.code}/${cycle.year}/handover`}>
            {t("handover.submit")}
          </a>
        </p>
      ) : null}
      {staff && locked && cycle.stage === "deliberate" ? (
        <PostForm ctx={ctx} action={`/j/${j.code}/${cycle.year}/return`} class="card">
          <h2>{t("handover.return")}</h2>
          <TextArea
            name="reason"
            label={t("handover.return_reason")}
            value={state.reason}
            error={state.fields?.reason}
            required
            rows={3}
          />
          <button type="submit" class="danger">
            {t("handover.return")}
          </button>
        </PostForm>
      ) : null}
    </Layout>,
    status as 200,
  );
}

screeningPages.get(`${CYCLE}/candidates`, async (c) => {
  const j = await getJurisdiction(c.var.db, c.req.param("code"));
  const cycle = await getCycle(c.var.db, j.code, Number(c.req.param("year")));
  return candidatesPage(c, j, cycle);
});

screeningPages.get(`${CYCLE}/candidates/print`, async (c) => {
  const j = await getJurisdiction(c.var.db, c.req.param("code"));
  const cycle = await getCycle(c.var.db, j.code, Number(c.req.param("year")));
  const handover = await latestHandover(c.var.db, cycle.id);
  if (!handover && !can(c.var.actor, j, "candidate.edit")) throw new AppError("not_found");
  const ctx = pageContext(c);
  const { t } = ctx;
  const list = await listCandidates(c.var.db, cycle.id);
  const places = await listChildren(c.var.db, j.code);
  const name = jurisdictionName(c, j);
  const title = t("cand.print_title", { name, year: cycle.year });
  return c.html(
    <Layout ctx={ctx} title={title} wide>
      <div class="print-doc">
        <p class="crumbs no-print">
          <a href={`/j/${j.code}/${cycle.year}/candidates`}>{t("cand.link")}</a>
        </p>
        <h1 class="center">{title}</h1>
        <p class="center muted">{t("cand.print_note", { name })}</p>
        <p class="no-print">
          <button type="button" class="js-print" hidden>
            {t("cred.slips.print")}
          </button>
        </p>
        <CandidateTable
          c={c}
          list={list}
          places={new Map([j, ...places].map((p) => [p.code, jurisdictionName(c, p)]))}
        />
      </div>
    </Layout>,
  );
});

async function candidateForm(
  c: Context<AppEnv>,
  j: Jurisdiction,
  cycle: Cycle,
  state: {
    id?: number;
    values: Record<string, string>;
    from?: number[];
    fields?: Record<string, string>;
    error?: string;
  },
  status = 200,
) {
  const ctx = pageContext(c);
  const { t } = ctx;
  const places = [j, ...(await listChildren(c.var.db, j.code))];
  const v = state.values;
  const f = state.fields ?? {};
  const action = state.id
    ? `/j/${j.code}/${cycle.year}/candidates/${state.id}`
    : `/j/${j.code}/${cycle.year}/candidates`;
  const title = state.id ? t("cand.edit") : t("cand.new");
  return c.html(
    <Layout ctx={ctx} title={title}>
      <Crumbs c={c} j={j} cycle={cycle} />
      <h1>{title}</h1>
      {state.error ? <Notice kind="error">{state.error}</Notice> : null}
      <PostForm ctx={ctx} action={action} class="card">
        {state.from?.length ? <input type="hidden" name="from" value={state.from.join(",")} /> : null}
        {state.from?.length ? (
          <p class="muted">
            {t("cand.f.from")}：{state.from.length}
          </p>
        ) : null}
        <Field name="name" label={`${t("cand.f.name")} *`} value={v.name} error={f.name} required />
        <TextArea name="content" label={`${t("cand.f.content")} *`} value={v.content} error={f.content} />
        <Select
          name="locationCode"
          label={`${t("cand.f.locationCode")} *`}
          options={places.map((p) => [p.code, jurisdictionName(c, p)] as [string, string])}
          value={v.locationCode}
          error={f.locationCode}
        />
        <Field
          name="locationDetail"
          label={t("cand.f.locationDetail")}
          value={v.locationDetail}
          error={f.locationDetail}
        />
        <Field
          name="responsibleUnit"
          label={`${t("cand.f.responsibleUnit")} *`}
          value={v.responsibleUnit}
          error={f.responsibleUnit}
        />
        <Field name="deadline" label={`${t("cand.f.deadline")} *`} value={v.deadline} error={f.deadline} />
        <TextArea
          name="annualTarget"
          label={`${t("cand.f.annualTarget")} *`}
          value={v.annualTarget}
          error={f.annualTarget}
          rows={2}
        />
        <fieldset>
          <legend>{t("cand.f.funding")} *</legend>
          <div class="grid-3">
            {FUNDING_SOURCES.map((s) => (
              <Field
                name={`funding_${s}`}
                label={t(`fund.${s}`)}
                inputmode="decimal"
                value={v[`funding_${s}`]}
                error={f[`funding_${s}`]}
              />
            ))}
          </div>
        </fieldset>
        <button type="submit">{t("cand.save")}</button>
      </PostForm>
    </Layout>,
    status as 200,
  );
}

function parseFrom(s: string | undefined): number[] {
  return (s ?? "")
    .split(",")
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0)
    .slice(0, 90);
}

screeningPages.get(`${CYCLE}/candidates/new`, async (c) => {
  const { j, cycle } = await cycleFor(c, "candidate.edit");
  const from = parseFrom(c.req.query("from"));
  // Prefill from the first ticked proposal; the government edits the rest.
  const [first] = from.length
    ? await c.var.db
        .select()
        .from(proposals)
        .where(and(eq(proposals.cycleId, cycle.id), inArray(proposals.id, from)))
        .limit(1)
    : [];
  const values: Record<string, string> = first
    ? {
        name: first.title,
        content: first.content,
        locationCode: first.locationCode,
        locationDetail: first.locationDetail ?? "",
        responsibleUnit: first.implementer ?? "",
        funding_county: first.estimateYuan ? yuanToWan(first.estimateYuan).replace(/,/g, "") : "",
      }
    : { locationCode: j.code };
  return candidateForm(c, j, cycle, { values, from });
});

screeningPages.post(`${CYCLE}/candidates`, async (c) => {
  const { j, cycle, grant } = await cycleFor(c, "candidate.edit");
  const values = await formFields(c);
  const from = parseFrom(values.from);
  const r = await withFieldErrors(c, () =>
    saveCandidate(c.var.db, grant, cycle, values, c.var.now, { fromProposals: from }),
  );
  if (!r.ok) return candidateForm(c, j, cycle, { values, from, fields: r.fields }, 400);
  return c.redirect(`/j/${j.code}/${cycle.year}/candidates?done=saved`, 303);
});

screeningPages.get(`${CYCLE}/candidates/:id{[0-9]+}/edit`, async (c) => {
  const { j, cycle } = await cycleFor(c, "candidate.edit");
  const id = Number(c.req.param("id"));
  const x = (await listCandidates(c.var.db, cycle.id)).find((k) => k.id === id);
  if (!x) throw new AppError("not_found");
  const values: Record<string, string> = {
    name: x.name,
    content: x.content,
    responsibleUnit: x.responsibleUnit,
    deadline: x.deadline,
    annualTarget: x.annualTarget,
    locationCode: x.locationCode,
    locationDetail: x.locationDetail ?? "",
  };
  for (const s of FUNDING_SOURCES)
    values[`funding_${s}`] = x.funding[s] ? yuanToWan(x.funding[s] as number).replace(/,/g, "") : "";
  return candidateForm(c, j, cycle, { id, values });
});

screeningPages.post(`${CYCLE}/candidates/:id{[0-9]+}`, async (c) => {
  const { j, cycle, grant } = await cycleFor(c, "candidate.edit");
  const id = Number(c.req.param("id"));
  const values = await formFields(c);
  const r = await withFieldErrors(c, () => saveCandidate(c.var.db, grant, cycle, values, c.var.now, { id }));
  if (!r.ok) return candidateForm(c, j, cycle, { id, values, fields: r.fields }, 400);
  return c.redirect(`/j/${j.code}/${cycle.year}/candidates?done=saved`, 303);
});

// ---- Hand-over and return ------------------------------------------------------------------------

async function handoverPage(
  c: Context<AppEnv>,
  j: Jurisdiction,
  cycle: Cycle,
  state: { report?: string; fields?: Record<string, string>; error?: string } = {},
  status = 200,
) {
  const ctx = pageContext(c);
  const { t } = ctx;
  const list = await listCandidates(c.var.db, cycle.id);
  const incomplete = list.filter((x) => missingFields(x).length > 0);
  return c.html(
    <Layout ctx={ctx} title={t("handover.confirm_title")}>
      <Crumbs c={c} j={j} cycle={cycle} />
      <h1>{t("handover.confirm_title")}</h1>
      <p>{t("handover.confirm_text", { n: list.length })}</p>
      {state.error || incomplete.length ? (
        // Which candidates still lack what, with a way to each: the hand-over needs them complete.
        <Notice kind={state.error ? "error" : "info"}>
          <p>{state.error ?? t("handover.reason.incomplete")}</p>
          {incomplete.length ? (
            <ul>
              {incomplete.map((x) => (
                <li>
                  <a href={`/j/${j.code}/${cycle.year}/candidates/${x.id}/edit`}>{x.name}</a>{" "}
                  {missingText(t, missingFields(x))}
                </li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}
      <PostForm ctx={ctx} action={`/j/${j.code}/${cycle.year}/handover`} class="card">
        <TextArea
          name="report"
          label={t("handover.report")}
          value={state.report}
          error={state.fields?.report}
          required
          rows={8}
        />
        <button type="submit" class="danger">
          {t("handover.submit")}
        </button>{" "}
        <a href={`/j/${j.code}/${cycle.year}/candidates`}>{t("stage.advance.cancel")}</a>
      </PostForm>
    </Layout>,
    status as 200,
  );
}

screeningPages.get(`${CYCLE}/handover`, async (c) => {
  const { j, cycle } = await cycleFor(c, "candidate.edit");
  return handoverPage(c, j, cycle);
});

screeningPages.post(`${CYCLE}/handover`, async (c) => {
  const { j, cycle, grant } = await cycleFor(c, "candidate.edit");
  const values = await formFields(c);
  try {
    await handOver(c.var.db, grant, cycle, values, c.var.now);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    if (e.code === "invalid_input")
      return handoverPage(
        c,
        j,
        cycle,
        { report: values.report ?? "", fields: translateFields(c, e.fields ?? {}) },
        400,
      );
    if (e.code === "illegal_transition" || e.code === "conflict") {
      return handoverPage(
        c,
        j,
        cycle,
        { report: values.report ?? "", error: translateLoose(c.var.t, e.reason, "error.illegal_transition") },
        409,
      );
    }
    throw e;
  }
  return c.redirect(`/j/${j.code}/${cycle.year}/candidates?done=handover`, 303);
});

screeningPages.post(`${CYCLE}/return`, async (c) => {
  const { j, cycle, grant } = await cycleFor(c, "handover.return");
  const values = await formFields(c);
  const r = await withFieldErrors(c, () => returnList(c.var.db, grant, cycle, values, c.var.now));
  if (!r.ok) return candidatesPage(c, j, cycle, { reason: values.reason ?? "", fields: r.fields }, 400);
  return c.redirect(`/j/${j.code}/${cycle.year}/candidates?done=returned`, 303);
});

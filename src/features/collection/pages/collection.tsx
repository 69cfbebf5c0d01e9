// Stage 1 pages: the collection notice (public, with a QR code to the form; edited by the
// government), the proposal form (public, deputies, departments, townships), the tracking page,
// and the public list of proposals received with their outcomes — never a name or a phone.

import { eq } from "drizzle-orm";
import type { Context } from "hono";
import { renderSVG } from "uqr";
import { can, requireAccess } from "../../../platform/auth/permissions";
import { proposalLimit } from "../../../platform/auth/rate-limit";
import { getCycle } from "../../../platform/cycle/cycles";
import { getJurisdiction, listChildren } from "../../../platform/cycle/jurisdictions";
import { collectionState, getNotice, saveNotice } from "../../../platform/cycle/notices";
import type { Cycle, Jurisdiction, Notice, Proposal } from "../../../platform/data/schema";
import { candidates, cycles, jurisdictions } from "../../../platform/data/schema";
import { createRouter, pageContext } from "../../../platform/http/app";
import { Crumbs } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { formFields, jurisdictionName, withFieldErrors } from "../../../platform/http/forms";
import {
  formatDate,
  formatDateTime,
  type MessageKey,
  type Translator,
  translateLoose,
} from "../../../platform/i18n";
import { randomToken } from "../../../platform/lib/crypto";
import { yuanToWan } from "../../../platform/lib/money";
import { Field, Select, TextArea } from "../../../platform/ui/fields";
import { Layout, Notice as Note, PostForm, TableWrap } from "../../../platform/ui/layout";
import { outcomeParts } from "../../../platform/ui/outcome";
import {
  CATEGORIES,
  getProposalByTracking,
  listProposals,
  publicProposal,
  submitProposal,
} from "../proposals";

export const collectionPages = createRouter();

const CYCLE = "/j/:code/:year{[0-9]{4}}";

async function loadCycle(c: Context<AppEnv>): Promise<{ j: Jurisdiction; cycle: Cycle }> {
  const j = await getJurisdiction(c.var.db, c.req.param("code") as string);
  const cycle = await getCycle(c.var.db, j.code, Number(c.req.param("year")));
  return { j, cycle };
}

// ---- The notice ----------------------------------------------------------------------------------

collectionPages.get(`${CYCLE}/notice`, async (c) => {
  const { j, cycle } = await loadCycle(c);
  const ctx = pageContext(c);
  const { t } = ctx;
  const notice = await getNotice(c.var.db, cycle.id);
  const mayEdit = can(ctx.actor, j, "notice.edit") && cycle.stage === "collect";
  // A draft is the government's; the public sees a notice once it is published.
  if (!notice?.publishedAt && !mayEdit) throw new AppError("not_found");
  const origin = new URL(c.req.url).origin;
  const formUrl = `${origin}/j/${j.code}/${cycle.year}/propose`;
  const state = collectionState(cycle, notice, c.var.now);
  const saved = c.req.query("saved");
  return c.html(
    <Layout ctx={ctx} title={notice?.title ?? t("notice.title")}>
      <Crumbs c={c} j={j} cycle={cycle} />
      {saved ? <Note kind="ok">{t(saved === "published" ? "notice.published" : "notice.saved")}</Note> : null}
      {notice ? (
        <article class="notice-doc">
          <h1>{notice.title}</h1>
          <p class="muted">
            {notice.publishedAt
              ? t("notice.published_at", { date: formatDate(ctx.locale, notice.publishedAt) })
              : t("notice.draft")}
          </p>
          <p class="period">{t("notice.period", { from: notice.opensOn, to: notice.closesOn })}</p>
          <Note kind="info">{t(`collect.state.${state}`)}</Note>
          {state === "open" ? (
            // Someone reading this on a phone cannot scan the code on their own screen.
            <p>
              <a class="button" href={`/j/${j.code}/${cycle.year}/propose`}>
                {t("propose.link")}
              </a>
            </p>
          ) : null}
          <h2>{t("notice.f.scope")}</h2>
          <p class="prose">{notice.scope}</p>
          <h2>{t("notice.f.exclusions")}</h2>
          <p class="prose">{notice.exclusions}</p>
          <h2>{t("notice.f.channels")}</h2>
          <p class="prose">{notice.channels}</p>
          {notice.publishedAt ? (
            <figure class="qr-block">
              <div
                class="qr"
                role="img"
                aria-label={t("notice.scan")}
                dangerouslySetInnerHTML={{ __html: renderSVG(formUrl) }}
              />
              <figcaption>
                {t("notice.scan")}
                <br />
                <a href={`/j/${j.code}/${cycle.year}/propose`}>{formUrl}</a>
              </figcaption>
            </figure>
          ) : null}
        </article>
      ) : (
        <>
          <h1>{t("notice.title")}</h1>
          <p>{t("notice.none")}</p>
        </>
      )}
      {mayEdit ? (
        <p>
          <a class="button" href={`/j/${j.code}/${cycle.year}/notice/edit`}>
            {t("notice.edit")}
          </a>
        </p>
      ) : null}
    </Layout>,
  );
});

async function noticeForm(
  c: Context<AppEnv>,
  j: Jurisdiction,
  cycle: Cycle,
  state: { values?: Record<string, string>; fields?: Record<string, string> } = {},
  status = 200,
) {
  const ctx = pageContext(c);
  const { t } = ctx;
  const existing = await getNotice(c.var.db, cycle.id);
  const v: Record<string, string> =
    state.values ?? (existing ? ({ ...existing } as unknown as Record<string, string>) : {});
  const f = state.fields ?? {};
  return c.html(
    <Layout ctx={ctx} title={t("notice.edit")}>
      <Crumbs c={c} j={j} cycle={cycle} />
      <h1>{t("notice.edit")}</h1>
      <PostForm ctx={ctx} action={`/j/${j.code}/${cycle.year}/notice`} class="card">
        <Field
          name="title"
          label={t("notice.f.title")}
          value={v.title ?? t("notice.title")}
          error={f.title}
          required
        />
        <Field
          name="opensOn"
          label={t("notice.f.opensOn")}
          hint={t("notice.f.date_hint")}
          value={v.opensOn}
          error={f.opensOn}
          required
        />
        <Field
          name="closesOn"
          label={t("notice.f.closesOn")}
          hint={t("notice.f.date_hint")}
          value={v.closesOn}
          error={f.closesOn}
          required
        />
        <TextArea name="scope" label={t("notice.f.scope")} value={v.scope} error={f.scope} required />
        <TextArea
          name="exclusions"
          label={t("notice.f.exclusions")}
          value={v.exclusions}
          error={f.exclusions}
          required
        />
        <TextArea
          name="channels"
          label={t("notice.f.channels")}
          value={v.channels}
          error={f.channels}
          required
        />
        {existing?.publishedAt ? (
          <button type="submit" name="publish" value="1">
            {t("notice.save_published")}
          </button>
        ) : (
          <p class="buttons">
            <button type="submit" name="publish" value="0" class="secondary">
              {t("notice.save_draft")}
            </button>{" "}
            <button type="submit" name="publish" value="1">
              {t("notice.publish")}
            </button>
          </p>
        )}
      </PostForm>
    </Layout>,
    status as 200,
  );
}

collectionPages.get(`${CYCLE}/notice/edit`, async (c) => {
  await requireAccess(c.var.db, c.var.actor, c.req.param("code"), "notice.edit");
  const { j, cycle } = await loadCycle(c);
  return noticeForm(c, j, cycle);
});

collectionPages.post(`${CYCLE}/notice`, async (c) => {
  const grant = await requireAccess(c.var.db, c.var.actor, c.req.param("code"), "notice.edit");
  const { j, cycle } = await loadCycle(c);
  const values = await formFields(c);
  const publish = values.publish === "1";
  const r = await withFieldErrors(c, () => saveNotice(c.var.db, grant, cycle, values, publish, c.var.now));
  if (!r.ok) return noticeForm(c, j, cycle, { values, fields: r.fields }, 400);
  // "Published" only the first time; correcting a published notice is "saved".
  return c.redirect(`/j/${j.code}/${cycle.year}/notice?saved=${r.value ? "published" : "draft"}`, 303);
});

// ---- The proposal form ---------------------------------------------------------------------------

function sourceLabel(t: Translator, c: Context<AppEnv>, j: Jurisdiction): string | null {
  const a = c.var.actor;
  if (!a) return null;
  if (a.kind === "deputy") return t("source.deputy");
  return a.jurisdictionCode === j.code ? t("source.department") : t("source.township");
}

async function proposeForm(
  c: Context<AppEnv>,
  j: Jurisdiction,
  cycle: Cycle,
  notice: Notice | null,
  state: { values?: Record<string, string>; fields?: Record<string, string>; error?: string } = {},
  status = 200,
) {
  const ctx = pageContext(c);
  const { t } = ctx;
  const open = collectionState(cycle, notice, c.var.now);
  const places = [j, ...(await listChildren(c.var.db, j.code))];
  const v = state.values ?? {};
  const f = state.fields ?? {};
  const as = sourceLabel(t, c, j);
  return c.html(
    <Layout ctx={ctx} title={t("propose.title")}>
      <Crumbs c={c} j={j} cycle={cycle} />
      <h1>{t("propose.title")}</h1>
      {open === "open" ? (
        <>
          <p>{t("propose.intro")}</p>
          {state.error ? <Note kind="error">{state.error}</Note> : null}
          {/* On a phone the fields with errors may be screens below: say so at the top. */}
          {!state.error && Object.keys(f).length > 0 ? (
            <Note kind="error">{t("error.invalid_input")}</Note>
          ) : null}
          {as ? <p class="muted">{t("propose.as", { source: as })}</p> : null}
          <PostForm ctx={ctx} action={`/j/${j.code}/${cycle.year}/propose`} class="card">
            {/* One key per rendered form: a refresh or a retry of the same form stores one proposal. */}
            <input type="hidden" name="idempotencyKey" value={v.idempotencyKey || randomToken(24)} />
            <Select
              name="category"
              label={`${t("propose.f.category")} *`}
              options={[["", "—"], ...CATEGORIES.map((k) => [k, t(`category.${k}`)] as [string, string])]}
              value={v.category}
              error={f.category}
            />
            <Field
              name="title"
              label={`${t("propose.f.title")} *`}
              value={v.title}
              error={f.title}
              required
            />
            <TextArea
              name="background"
              label={`${t("propose.f.background")} *`}
              value={v.background}
              error={f.background}
              required
            />
            <TextArea
              name="content"
              label={`${t("propose.f.content")} *`}
              value={v.content}
              error={f.content}
              required
            />
            <Select
              name="locationCode"
              label={`${t("propose.f.locationCode")} *`}
              options={places.map((p) => [p.code, jurisdictionName(c, p)] as [string, string])}
              value={v.locationCode}
              error={f.locationCode}
            />
            <Field
              name="locationDetail"
              label={t("propose.f.locationDetail")}
              value={v.locationDetail}
              error={f.locationDetail}
            />
            <Field
              name="estimate"
              label={t("propose.f.estimate")}
              inputmode="decimal"
              value={v.estimate}
              error={f.estimate}
            />
            <Field
              name="fundingSource"
              label={t("propose.f.fundingSource")}
              value={v.fundingSource}
              error={f.fundingSource}
            />
            <Field
              name="implementer"
              label={t("propose.f.implementer")}
              value={v.implementer}
              error={f.implementer}
            />
            <TextArea
              name="feasibility"
              label={t("propose.f.feasibility")}
              value={v.feasibility}
              error={f.feasibility}
            />
            {!c.var.actor ? (
              <>
                <p class="hint">{t("propose.privacy")}</p>
                <Field
                  name="proposerName"
                  label={t("propose.f.proposerName")}
                  value={v.proposerName}
                  error={f.proposerName}
                  autocomplete="name"
                />
                <Field
                  name="proposerPhone"
                  type="tel"
                  label={t("propose.f.proposerPhone")}
                  value={v.proposerPhone}
                  error={f.proposerPhone}
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
      ) : open === "not_yet" && notice ? (
        <Note kind="info">{t("propose.opens_on", { date: notice.opensOn })}</Note>
      ) : (
        <>
          <Note kind="info">
            {notice && open !== "no_notice"
              ? t("propose.closed_on", { date: notice.closesOn })
              : t("collect.state.no_notice")}
          </Note>
          {notice ? (
            <p>
              <a href={`/j/${j.code}/${cycle.year}/proposals`}>{t("list.link")}</a>
            </p>
          ) : null}
        </>
      )}
    </Layout>,
    status as 200,
  );
}

collectionPages.get(`${CYCLE}/propose`, async (c) => {
  const { j, cycle } = await loadCycle(c);
  return proposeForm(c, j, cycle, await getNotice(c.var.db, cycle.id));
});

collectionPages.post(`${CYCLE}/propose`, async (c) => {
  const { j, cycle } = await loadCycle(c);
  const values = await formFields(c);
  try {
    const r = await submitProposal(
      c.var.db,
      c.var.actor,
      cycle,
      values,
      c.req.header("cf-connecting-ip") ?? "local",
      c.var.now,
      proposalLimit(c.env.PUBLIC_PROPOSALS_PER_HOUR),
    );
    return c.redirect(`/p/${r.trackingNo}?${r.created ? "new" : "repeat"}=1`, 303);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    const notice = await getNotice(c.var.db, cycle.id);
    if (e.code === "invalid_input") {
      const fields = Object.fromEntries(
        Object.entries(e.fields ?? {}).map(([k, key]) => [k, translateLoose(c.var.t, key, "field.invalid")]),
      );
      return proposeForm(c, j, cycle, notice, { values, fields }, 400);
    }
    if (e.code === "rate_limited")
      return proposeForm(
        c,
        j,
        cycle,
        notice,
        { values, error: translateLoose(c.var.t, e.reason, "error.rate_limited") },
        429,
      );
    throw e;
  }
});

// ---- Tracking and the public list ----------------------------------------------------------------

/** Candidate names of a cycle, for describing outcomes ("accepted into …"). */
async function candidateNames(c: Context<AppEnv>, cycleId: number): Promise<Map<number, string>> {
  const rows = await c.var.db
    .select({ id: candidates.id, name: candidates.name })
    .from(candidates)
    .where(eq(candidates.cycleId, cycleId));
  return new Map(rows.map((r) => [r.id, r.name]));
}

collectionPages.get("/p", (c) => {
  const no = (c.req.query("no") ?? "").trim().toUpperCase();
  if (/^\d{4}-[0-9A-Z]{6}$/.test(no)) return c.redirect(`/p/${no}`, 303);
  throw new AppError("not_found");
});

collectionPages.get("/p/:no", async (c) => {
  const p = await getProposalByTracking(c.var.db, c.req.param("no"));
  const pub = publicProposal(p);
  const ctx = pageContext(c);
  const { t } = ctx;
  const [cy] = await c.var.db.select().from(cycles).where(eq(cycles.id, p.cycleId));
  const [j] = cy
    ? await c.var.db.select().from(jurisdictions).where(eq(jurisdictions.code, cy.jurisdictionCode))
    : [];
  const [place] = await c.var.db.select().from(jurisdictions).where(eq(jurisdictions.code, p.locationCode));
  const outcome = outcomeParts(t, pub, await candidateNames(c, p.cycleId));
  return c.html(
    <Layout ctx={ctx} title={t("track.title", { no: pub.trackingNo })}>
      {j && cy ? <Crumbs c={c} j={j} cycle={cy} /> : null}
      {c.req.query("new") ? (
        <Note kind="ok">
          {t("propose.thanks")} <strong class="code">{pub.trackingNo}</strong>
          <br />
          {t("propose.track_hint")}
        </Note>
      ) : c.req.query("repeat") ? (
        <Note kind="info">
          {t("propose.repeat")} <strong class="code">{pub.trackingNo}</strong>
        </Note>
      ) : null}
      <h1>{t("track.title", { no: pub.trackingNo })}</h1>
      <dl class="facts">
        <dt>{t("list.col.title")}</dt>
        <dd>{pub.title}</dd>
        <dt>{t("list.category")}</dt>
        <dd>{t(`category.${pub.category}` as MessageKey)}</dd>
        <dt>{t("list.col.place")}</dt>
        <dd>
          {place ? jurisdictionName(c, place) : pub.locationCode}
          {pub.locationDetail ? ` · ${pub.locationDetail}` : ""}
        </dd>
        <dt>{t("list.col.source")}</dt>
        <dd>{t(`source.${pub.source}`)}</dd>
        <dt>{t("list.col.submitted")}</dt>
        <dd>{formatDateTime(ctx.locale, pub.submittedAt)}</dd>
        <dt>{t("track.status")}</dt>
        <dd class="outcome">
          <strong>{outcome.status}</strong>
          {outcome.details.map((d) => (
            <span class="detail">{d}</span>
          ))}
        </dd>
      </dl>
      <h2>{t("propose.f.background")}</h2>
      <p class="prose">{pub.background}</p>
      <h2>{t("propose.f.content")}</h2>
      <p class="prose">{pub.content}</p>
    </Layout>,
  );
});

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

collectionPages.get(`${CYCLE}/proposals`, async (c) => {
  const { j, cycle } = await loadCycle(c);
  const ctx = pageContext(c);
  const { t } = ctx;
  const page = await listProposals(c.var.db, cycle.id, c.req.query());
  const places = [j, ...(await listChildren(c.var.db, j.code))];
  const placeName = new Map(places.map((p) => [p.code, jurisdictionName(c, p)]));
  const q = page.query;
  const names = await candidateNames(c, cycle.id);
  const rows = page.rows.map((p: Proposal) => ({
    p: publicProposal(p),
    outcome: outcomeParts(t, p, names),
  }));
  const base = `/j/${j.code}/${cycle.year}/proposals`;
  const qs = (extra: Record<string, string>) =>
    `?${new URLSearchParams(Object.entries({ township: q.township, category: q.category, status: q.status, ...extra }).filter(([, v]) => v)).toString()}`;
  const title = t("list.title", { name: jurisdictionName(c, j), year: cycle.year });
  return c.html(
    <Layout ctx={ctx} title={title} wide>
      <Crumbs c={c} j={j} cycle={cycle} />
      <h1>{title}</h1>
      <TrackForm t={t} />
      <form method="get" action={base} class="filters" aria-label={t("list.filter")}>
        <Select
          name="township"
          label={t("list.township")}
          options={[
            ["", t("list.all")],
            ...places.map((p) => [p.code, jurisdictionName(c, p)] as [string, string]),
          ]}
          value={q.township}
        />
        <Select
          name="category"
          label={t("list.category")}
          options={[
            ["", t("list.all")],
            ...CATEGORIES.map((k) => [k, t(`category.${k}`)] as [string, string]),
          ]}
          value={q.category}
        />
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
      <p class="exports">
        <a href={`/j/${j.code}/${cycle.year}/exports/proposals.xlsx${qs({})}`}>{t("list.export_xlsx")}</a> ·{" "}
        <a href={`/j/${j.code}/${cycle.year}/exports/proposals.csv${qs({})}`}>{t("list.export_csv")}</a>
      </p>
      {rows.length === 0 ? (
        <p>{t("list.empty")}</p>
      ) : (
        <TableWrap label={title}>
          {/* On a phone each row becomes a card: the cells carry their column's name (data-label). */}
          <table class="stack">
            <thead>
              <tr>
                <th scope="col">{t("list.col.no")}</th>
                <th scope="col">{t("list.col.title")}</th>
                <th scope="col">{t("list.category")}</th>
                <th scope="col">{t("list.col.place")}</th>
                <th scope="col">{t("list.col.source")}</th>
                <th scope="col">{t("list.col.estimate")}</th>
                <th scope="col">{t("list.col.status")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ p, outcome }) => (
                <tr>
                  <td data-label={t("list.col.no")} class="nowrap">
                    <a href={`/p/${p.trackingNo}`}>{p.trackingNo}</a>
                  </td>
                  <th scope="row">{p.title}</th>
                  <td data-label={t("list.category")}>{t(`category.${p.category}` as MessageKey)}</td>
                  <td data-label={t("list.col.place")}>{placeName.get(p.locationCode) ?? p.locationCode}</td>
                  <td data-label={t("list.col.source")}>{t(`source.${p.source}`)}</td>
                  <td data-label={t("list.col.estimate")} class="num">
                    {p.estimateYuan === null ? "" : yuanToWan(p.estimateYuan)}
                  </td>
                  <td data-label={t("list.col.status")} class="outcome">
                    <strong>{outcome.status}</strong>
                    {outcome.details.map((d) => (
                      <span class="detail">{d}</span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <nav class="pager" aria-label={t("list.more")}>
        {q.after ? <a href={`${base}${qs({})}`}>{t("list.first")}</a> : null}
        {page.next ? <a href={`${base}${qs({ after: String(page.next) })}`}>{t("list.more")}</a> : null}
      </nav>
    </Layout>,
  );
});

// The collection notice: public once published (with a QR code to the proposal form), written and
// published by the government while the cycle collects.
import type { Context } from "hono";
import { renderSVG } from "uqr";
import { can } from "../../../platform/auth/permissions";
import { collectionState, getNotice, saveNotice } from "../../../platform/cycle/notices";
import { createRouter, pageContext } from "../../../platform/http/app";
import { base, Crumbs, CYCLE, cycleWith, load } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { formFields, withFieldErrors } from "../../../platform/http/forms";
import { formatDate } from "../../../platform/i18n";
import { CyclePage } from "../../../platform/ui/cycle-layout";
import { bindForm, DraftOrPublish, Field, TextArea } from "../../../platform/ui/fields";
import { ButtonLink, Layout, Notice as Note, PostForm } from "../../../platform/ui/layout";

export const noticePages = createRouter();

// ---- The notice ----------------------------------------------------------------------------------

/** The notice of the address' cycle; a draft only for the government that may still edit it. */
async function loadNotice(c: Context<AppEnv>) {
  const { j, cycle } = await load(c);
  const notice = await getNotice(c.var.db, cycle.id);
  const mayEdit = can(c.var.actor, j, "notice.edit") && cycle.stage === "collect";
  // A draft is the government's; the public sees a notice once it is published.
  if (!notice?.publishedAt && !mayEdit) throw new AppError("not_found");
  return { j, cycle, notice, mayEdit, state: collectionState(cycle, notice, c.var.now) };
}

function NoticePage(props: {
  c: Context<AppEnv>;
  data: Awaited<ReturnType<typeof loadNotice>>;
  /** The proposal form's full address, for the QR code. */
  formUrl: string;
  saved: string | undefined;
}) {
  const { c, formUrl, saved } = props;
  const { j, cycle, notice, mayEdit, state } = props.data;
  const ctx = pageContext(c);
  const { t } = ctx;
  const propose = `${base(j, cycle)}/propose`;
  return (
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
            <ButtonLink href={propose}>{t("propose.link")}</ButtonLink>
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
                <a href={propose}>{formUrl}</a>
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
      {mayEdit ? <ButtonLink href={`${base(j, cycle)}/notice/edit`}>{t("notice.edit")}</ButtonLink> : null}
    </Layout>
  );
}

noticePages.get(`${CYCLE}/notice`, async (c) => {
  const data = await loadNotice(c);
  const formUrl = `${new URL(c.req.url).origin}${base(data.j, data.cycle)}/propose`;
  return c.html(<NoticePage c={c} data={data} formUrl={formUrl} saved={c.req.query("saved")} />);
});

// ---- Editing it ----------------------------------------------------------------------------------

/** The government's grant for the cycle's notice, and the notice as saved so far. */
async function loadNoticeForm(c: Context<AppEnv>) {
  const { j, cycle, grant } = await cycleWith(c, "notice.edit");
  return { j, cycle, grant, notice: await getNotice(c.var.db, cycle.id) };
}

function NoticeForm(props: {
  c: Context<AppEnv>;
  data: Awaited<ReturnType<typeof loadNoticeForm>>;
  form?: { values: Record<string, string>; fields: Record<string, string> };
}) {
  const { c } = props;
  const { j, cycle, notice } = props.data;
  const ctx = pageContext(c);
  const { t } = ctx;
  // What was typed, else the notice as saved; a new notice starts with the usual title.
  const saved = notice ? ({ ...notice } as unknown as Record<string, string>) : {};
  const f = bindForm({ title: t("notice.title"), ...(props.form?.values ?? saved) }, props.form?.fields);
  return (
    <CyclePage c={c} j={j} cycle={cycle} title={t("notice.edit")}>
      <PostForm ctx={ctx} action={`${base(j, cycle)}/notice`} class="card">
        <Field {...f("title")} label={t("notice.f.title")} required />
        <Field {...f("opensOn")} label={t("notice.f.opensOn")} hint={t("notice.f.date_hint")} required />
        <Field {...f("closesOn")} label={t("notice.f.closesOn")} hint={t("notice.f.date_hint")} required />
        <TextArea {...f("scope")} label={t("notice.f.scope")} required />
        <TextArea {...f("exclusions")} label={t("notice.f.exclusions")} required />
        <TextArea {...f("channels")} label={t("notice.f.channels")} required />
        {notice?.publishedAt ? (
          <button type="submit" name="publish" value="1">
            {t("notice.save_published")}
          </button>
        ) : (
          <DraftOrPublish draft={t("notice.save_draft")} publish={t("notice.publish")} />
        )}
      </PostForm>
    </CyclePage>
  );
}

noticePages.get(`${CYCLE}/notice/edit`, async (c) => {
  return c.html(<NoticeForm c={c} data={await loadNoticeForm(c)} />);
});

noticePages.post(`${CYCLE}/notice`, async (c) => {
  const data = await loadNoticeForm(c);
  const values = await formFields(c);
  const publish = values.publish === "1";
  const r = await withFieldErrors(c, () =>
    saveNotice(c.var.db, data.grant, data.cycle, values, publish, c.var.now),
  );
  if (!r.ok) return c.html(<NoticeForm c={c} data={data} form={{ values, fields: r.fields }} />, 400);
  // "Published" only the first time; correcting a published notice is "saved".
  return c.redirect(`${base(data.j, data.cycle)}/notice?saved=${r.value ? "published" : "draft"}`, 303);
});

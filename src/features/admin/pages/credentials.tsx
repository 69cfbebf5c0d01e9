// Deputies' sign-in slips, from the roster (./roster.tsx): issue (one deputy, or everyone without a
// valid one) and print them at once, since a code is shown only then; revoke one, with a confirmation.
import type { Context } from "hono";
import { renderSVG } from "uqr";
import {
  deputiesWithoutCredential,
  issueCredentials,
  revokeCredential,
  type Slip,
} from "../../../platform/auth/credentials";
import { requireAccess } from "../../../platform/auth/permissions";
import { createRouter, pageContext } from "../../../platform/http/app";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { formFields, jurisdictionName } from "../../../platform/http/forms";
import { formatDate } from "../../../platform/i18n";
import { getDeputy } from "../../../platform/roster/roster";
import { Layout, Notice, type PageContext, PostForm } from "../../../platform/ui/layout";

export const credentialPages = createRouter();

const manage = (c: Context<AppEnv>) =>
  requireAccess(c.var.db, c.var.actor, c.req.param("code") as string, "credential.manage");

/** A short outcome with the way back to the roster. */
function BackToRoster(props: {
  ctx: PageContext;
  code: string;
  title: string;
  notice: string;
  kind: "ok" | "info";
}) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={props.title}>
      <h1>{ctx.t("cred.slips.title")}</h1>
      <Notice kind={props.kind}>{props.notice}</Notice>
      <p>
        <a href={`/j/${props.code}/roster`}>{ctx.t("jur.roster")}</a>
      </p>
    </Layout>
  );
}

/** The printable slips: a QR code to scan and the same code to type, each with its expiry. */
function SlipsView(props: { ctx: PageContext; code: string; name: string; origin: string; slips: Slip[] }) {
  const { ctx, slips } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t("cred.slips.title")} wide>
      <div class="no-print">
        <p class="crumbs">
          <a href={`/j/${props.code}/roster`}>{t("jur.roster")}</a>
        </p>
        <h1>{t("cred.slips.title")}</h1>
        <Notice kind="info">{t("cred.slips.warning")}</Notice>
        <p>
          <button type="button" class="js-print" hidden>
            {t("cred.slips.print")}
          </button>
        </p>
      </div>
      <ul class="slips">
        {slips.map((s) => (
          <li class="slip">
            <h2>{t("cred.slip.heading", { name: s.name })}</h2>
            <p>
              {props.name} · {s.delegation} · {s.number}
            </p>
            <div
              class="qr"
              role="img"
              aria-label={s.code}
              dangerouslySetInnerHTML={{ __html: renderSVG(`${props.origin}/login/deputy?code=${s.code}`) }}
            />
            <p>{t("cred.slip.scan")}</p>
            <p class="code">{s.code}</p>
            <p class="muted">{t("cred.slip.expires", { date: formatDate(ctx.locale, s.expiresAt) })}</p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/** Which deputies the form names: one (`deputy`), or all without a valid slip (`all=1`). */
async function slipTargets(c: Context<AppEnv>, code: string, fields: Record<string, string>) {
  if (fields.all === "1") return deputiesWithoutCredential(c.var.db, code, c.var.now);
  const id = Number(fields.deputy);
  if (!Number.isInteger(id) || id <= 0) throw new AppError("not_found");
  return [id];
}

credentialPages.post("/j/:code/credentials", async (c) => {
  const grant = await manage(c);
  const j = grant.jurisdiction;
  const fields = await formFields(c);
  const ids = await slipTargets(c, j.code, fields);
  const ctx = pageContext(c);
  if (ids.length === 0) {
    const title = ctx.t("cred.slips.title");
    const notice = ctx.t("cred.none_to_issue");
    return c.html(<BackToRoster ctx={ctx} code={j.code} title={title} notice={notice} kind="info" />);
  }
  const slips = await issueCredentials(c.var.db, grant, j.code, ids, fields, c.var.now);
  c.header("Cache-Control", "no-store");
  const origin = new URL(c.req.url).origin;
  return c.html(
    <SlipsView ctx={ctx} code={j.code} name={jurisdictionName(c, j)} origin={origin} slips={slips} />,
  );
});

/** The deputy of the address, in the jurisdiction of the grant. */
async function revokeTarget(c: Context<AppEnv>) {
  const grant = await manage(c);
  const d = await getDeputy(c.var.db, grant.jurisdiction.code, Number(c.req.param("id")));
  return { grant, code: grant.jurisdiction.code, d };
}

credentialPages.get("/j/:code/deputies/:id{[0-9]+}/revoke", async (c) => {
  const { code, d } = await revokeTarget(c);
  const ctx = pageContext(c);
  const { t } = ctx;
  return c.html(
    <Layout ctx={ctx} title={t("cred.revoke.confirm_title")}>
      <h1>{t("cred.revoke.confirm_title")}</h1>
      <p>{t("cred.revoke.confirm_text", { name: d.name })}</p>
      <PostForm ctx={ctx} action={`/j/${code}/deputies/${d.id}/revoke`}>
        <button type="submit" class="danger">
          {t("cred.revoke")}
        </button>{" "}
        <a href={`/j/${code}/roster`}>{t("stage.advance.cancel")}</a>
      </PostForm>
    </Layout>,
  );
});

credentialPages.post("/j/:code/deputies/:id{[0-9]+}/revoke", async (c) => {
  const { grant, code, d } = await revokeTarget(c);
  await revokeCredential(c.var.db, grant, code, d.id, c.var.now);
  const ctx = pageContext(c);
  const done = ctx.t("cred.revoked", { name: d.name });
  return c.html(<BackToRoster ctx={ctx} code={code} title={done} notice={done} kind="ok" />);
});

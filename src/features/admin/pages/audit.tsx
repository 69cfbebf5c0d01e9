// The audit log of a jurisdiction, newest first, and a check of its hash chain.
import type { Context } from "hono";
import { actorAccounts, listAudit, verifyChain } from "../../../platform/audit/audit";
import { type Grant, requireAccess } from "../../../platform/auth/permissions";
import { createRouter, pageContext } from "../../../platform/http/app";
import type { AppEnv } from "../../../platform/http/env";
import { jurisdictionName } from "../../../platform/http/forms";
import { formatDateTime, type Translator, translateLoose } from "../../../platform/i18n";
import { ButtonLink, DataTable, Layout, Notice, type PageContext } from "../../../platform/ui/layout";

export const auditPages = createRouter();

const PAGE = 50;

/** One page of the log (?before=), the chain's verdict when asked (?verify=1), and who acted, by name. */
async function loadAudit(c: Context<AppEnv>, grant: Grant<"audit.read">) {
  const j = grant.jurisdiction;
  const before = Number(c.req.query("before"));
  const rows = await listAudit(c.var.db, j.code, {
    limit: PAGE,
    ...(before > 0 ? { beforeSeq: before } : {}),
  });
  const [verdict, accounts] = await Promise.all([
    c.req.query("verify") ? verifyChain(c.var.db, j.code) : null,
    actorAccounts(c.var.db, rows),
  ]);
  return { code: j.code, name: jurisdictionName(c, j), rows, verdict, accounts };
}

type AuditData = Awaited<ReturnType<typeof loadAudit>>;

/** A staff account by name and username, the public as "system", a deputy by their label only. */
function actorText(t: Translator, data: AuditData, label: string): string {
  const u = data.accounts.get(label);
  if (u) return `${u.name}（${u.username}）`;
  return label === "public" ? t("audit.actor.system") : label;
}

function AuditTable(props: { ctx: PageContext; data: AuditData }) {
  const { ctx, data } = props;
  const { t } = ctx;
  return (
    <DataTable
      label={t("audit.title", { name: data.name })}
      cols={[
        t("audit.col.seq"),
        t("audit.col.at"),
        t("audit.col.actor"),
        t("audit.col.action"),
        t("audit.col.target"),
        t("audit.col.hash"),
      ]}
    >
      {data.rows.map((r) => (
        <tr>
          <td>{r.seq}</td>
          <td>{formatDateTime(ctx.locale, r.at)}</td>
          <td>{actorText(t, data, r.actor)}</td>
          <td>
            {translateLoose(t, `audit.action.${r.action}`, "audit.action.other")}{" "}
            <code class="muted">{r.action}</code>
          </td>
          <td>{r.target}</td>
          <td>
            <code class="hash">{r.hash.slice(0, 12)}</code>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

function AuditView(props: { ctx: PageContext; data: AuditData }) {
  const { ctx, data } = props;
  const { t } = ctx;
  const { verdict, rows } = data;
  const last = rows[rows.length - 1];
  return (
    <Layout ctx={ctx} title={t("audit.title", { name: data.name })} wide>
      <p class="crumbs">
        <a href={`/j/${data.code}`}>{data.name}</a>
      </p>
      <h1>{t("audit.title", { name: data.name })}</h1>
      {verdict ? (
        verdict.ok ? (
          <Notice kind="ok">{t("audit.verify.ok", { n: verdict.entries })}</Notice>
        ) : (
          <Notice kind="error">{t("audit.verify.broken", { seq: verdict.brokenAt })}</Notice>
        )
      ) : null}
      <ButtonLink href={`/j/${data.code}/audit?verify=1`}>{t("audit.verify")}</ButtonLink>
      {rows.length === 0 ? <p>{t("audit.empty")}</p> : <AuditTable ctx={ctx} data={data} />}
      {rows.length === PAGE && last ? (
        <p>
          <a href={`/j/${data.code}/audit?before=${last.seq}`}>{t("audit.older")}</a>
        </p>
      ) : null}
    </Layout>
  );
}

auditPages.get("/j/:code/audit", async (c) => {
  const grant = await requireAccess(c.var.db, c.var.actor, c.req.param("code"), "audit.read");
  return c.html(<AuditView ctx={pageContext(c)} data={await loadAudit(c, grant)} />);
});

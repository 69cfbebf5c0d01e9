// The audit log of a jurisdiction, newest first, and a check of its hash chain.

import { inArray } from "drizzle-orm";
import { listAudit, verifyChain } from "../../../platform/audit/audit";
import { requireAccess } from "../../../platform/auth/permissions";
import { users } from "../../../platform/data/schema";
import { createRouter, pageContext } from "../../../platform/http/app";
import { jurisdictionName } from "../../../platform/http/forms";
import { formatDateTime, translateLoose } from "../../../platform/i18n";
import { Layout, Notice, TableWrap } from "../../../platform/ui/layout";

export const auditPages = createRouter();

const PAGE = 50;

auditPages.get("/j/:code/audit", async (c) => {
  const { jurisdiction: j } = await requireAccess(c.var.db, c.var.actor, c.req.param("code"), "audit.read");
  const before = Number(c.req.query("before"));
  const rows = await listAudit(c.var.db, j.code, {
    limit: PAGE,
    ...(before > 0 ? { beforeSeq: before } : {}),
  });
  const verdict = c.req.query("verify") ? await verifyChain(c.var.db, j.code) : null;
  // Who acted, by name: one query for the staff accounts named on this page.
  const userIds = [
    ...new Set(rows.flatMap((r) => (r.actor.startsWith("user:") ? [Number(r.actor.slice(5))] : []))),
  ];
  const names = new Map(
    userIds.length
      ? (
          await c.var.db
            .select({ id: users.id, name: users.displayName, username: users.username })
            .from(users)
            .where(inArray(users.id, userIds))
        ).map((u) => [`user:${u.id}`, `${u.name}（${u.username}）`])
      : [],
  );
  const ctx = pageContext(c);
  const { t } = ctx;
  const name = jurisdictionName(c, j);
  const last = rows[rows.length - 1];
  return c.html(
    <Layout ctx={ctx} title={t("audit.title", { name })} wide>
      <p class="crumbs">
        <a href={`/j/${j.code}`}>{name}</a>
      </p>
      <h1>{t("audit.title", { name })}</h1>
      {verdict ? (
        verdict.ok ? (
          <Notice kind="ok">{t("audit.verify.ok", { n: verdict.entries })}</Notice>
        ) : (
          <Notice kind="error">{t("audit.verify.broken", { seq: verdict.brokenAt })}</Notice>
        )
      ) : null}
      <p>
        <a class="button" href={`/j/${j.code}/audit?verify=1`}>
          {t("audit.verify")}
        </a>
      </p>
      {rows.length === 0 ? (
        <p>{t("audit.empty")}</p>
      ) : (
        <TableWrap label={t("audit.title", { name })}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("audit.col.seq")}</th>
                <th scope="col">{t("audit.col.at")}</th>
                <th scope="col">{t("audit.col.actor")}</th>
                <th scope="col">{t("audit.col.action")}</th>
                <th scope="col">{t("audit.col.target")}</th>
                <th scope="col">{t("audit.col.hash")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td>{r.seq}</td>
                  <td>{formatDateTime(ctx.locale, r.at)}</td>
                  <td>{names.get(r.actor) ?? (r.actor === "public" ? t("audit.actor.system") : r.actor)}</td>
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
            </tbody>
          </table>
        </TableWrap>
      )}
      {rows.length === PAGE && last ? (
        <p>
          <a href={`/j/${j.code}/audit?before=${last.seq}`}>{t("audit.older")}</a>
        </p>
      ) : null}
    </Layout>,
  );
});

// The deputy roster: list by term, import from a sheet (with a report of refused rows), and the
// deputies' sign-in slips (issue, reprint, revoke with confirmation, print).

import { and, count, eq } from "drizzle-orm";
import type { Context } from "hono";
import { renderSVG } from "uqr";
import {
  issueCredentials,
  revokeCredential,
  validCredentialHolders,
} from "../../../platform/auth/credentials";
import { can, requireAccess } from "../../../platform/auth/permissions";
import type { Jurisdiction } from "../../../platform/data/schema";
import { deputies } from "../../../platform/data/schema";
import { createRouter, pageContext } from "../../../platform/http/app";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { formFields, formFile, jurisdictionName, withFieldErrors } from "../../../platform/http/forms";
import { formatDate, translateLoose } from "../../../platform/i18n";
import {
  countActiveDeputies,
  currentTerm,
  type ImportReport,
  importRoster,
  listRoster,
  ROSTER_PAGE_SIZE,
  readRosterFile,
} from "../../../platform/roster/roster";
import { Field } from "../../../platform/ui/fields";
import { Layout, Notice, PostForm, TableWrap } from "../../../platform/ui/layout";

export const rosterPages = createRouter();

async function rosterPage(
  c: Context<AppEnv>,
  j: Jurisdiction,
  extra: { report?: ImportReport; fields?: Record<string, string>; term?: string } = {},
  status = 200,
) {
  const ctx = pageContext(c);
  const { t, actor } = ctx;
  const db = c.var.db;
  const termParam = Number(c.req.query("term"));
  const term = Number.isInteger(termParam) && termParam > 0 ? termParam : await currentTerm(db, j.code);
  const page = Math.max(1, Number(c.req.query("page")) || 1);
  const rows = term === null ? [] : await listRoster(db, j.code, term, page);
  const [total] =
    term === null
      ? [{ n: 0 }]
      : await db
          .select({ n: count() })
          .from(deputies)
          .where(and(eq(deputies.jurisdictionCode, j.code), eq(deputies.term, term)));
  const active = term === null ? 0 : await countActiveDeputies(db, j.code, term);
  const holders = await validCredentialHolders(
    db,
    rows.map((r) => r.id),
    c.var.now,
  );
  const manage = can(actor, j, "credential.manage");
  const name = jurisdictionName(c, j);
  const r = extra.report;
  return c.html(
    <Layout ctx={ctx} title={t("roster.title", { name })} wide>
      <p class="crumbs">
        <a href={`/j/${j.code}`}>{name}</a>
      </p>
      <h1>{t("roster.title", { name })}</h1>
      {r ? (
        <Notice kind={r.refused.length ? "info" : "ok"}>
          <p>
            {t("roster.import.done", { imported: r.imported, updated: r.updated, refused: r.refused.length })}
          </p>
          {r.refused.length ? (
            <>
              <h2>{t("roster.import.refused")}</h2>
              <ul class="refused">
                {r.refused.map((x) => (
                  <li>
                    {t("roster.import.row", { row: x.row })}：{translateLoose(t, x.reason, "field.invalid")}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </Notice>
      ) : null}
      {term !== null ? (
        <p>
          {t("roster.term", { term })} · {t("roster.count", { n: total?.n ?? 0, active })}
        </p>
      ) : (
        <p>{t("roster.empty")}</p>
      )}
      {manage && rows.length > 0 ? (
        <PostForm ctx={ctx} action={`/j/${j.code}/credentials`} class="inline-form">
          <input type="hidden" name="all" value="1" />
          <button type="submit">{t("cred.issue_all")}</button>
        </PostForm>
      ) : null}
      {rows.length > 0 ? (
        <TableWrap label={t("roster.title", { name })}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("roster.col.number")}</th>
                <th scope="col">{t("roster.col.name")}</th>
                <th scope="col">{t("roster.col.gender")}</th>
                <th scope="col">{t("roster.col.ethnicity")}</th>
                <th scope="col">{t("roster.col.delegation")}</th>
                <th scope="col">{t("roster.col.workplace")}</th>
                <th scope="col">{t("roster.col.status")}</th>
                <th scope="col">{t("roster.col.credential")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr>
                  <td>{d.number}</td>
                  <th scope="row">{d.name}</th>
                  <td>{d.gender ?? ""}</td>
                  <td>{d.ethnicity ?? ""}</td>
                  <td>{d.delegation}</td>
                  <td>{d.workplace ?? ""}</td>
                  <td>{t(`roster.status.${d.status}`)}</td>
                  <td>
                    {holders.has(d.id) ? t("cred.valid") : t("cred.none")}
                    {manage && d.status === "active" ? (
                      <span class="row-actions">
                        <PostForm ctx={ctx} action={`/j/${j.code}/credentials`} class="inline">
                          <input type="hidden" name="deputy" value={String(d.id)} />
                          <button type="submit" class="small" aria-label={`${t("cred.issue")} ${d.name}`}>
                            {t("cred.issue")}
                          </button>
                        </PostForm>
                        {holders.has(d.id) ? (
                          <a
                            class="small"
                            href={`/j/${j.code}/deputies/${d.id}/revoke`}
                            aria-label={`${t("cred.revoke")} ${d.name}`}
                          >
                            {t("cred.revoke")}
                          </a>
                        ) : null}
                      </span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      {term !== null && (total?.n ?? 0) > ROSTER_PAGE_SIZE ? (
        <nav class="pager" aria-label={t("roster.page", { page })}>
          {page > 1 ? <a href={`?term=${term}&page=${page - 1}`}>{t("roster.prev")}</a> : null}
          <span>{t("roster.page", { page })}</span>
          {page * ROSTER_PAGE_SIZE < (total?.n ?? 0) ? (
            <a href={`?term=${term}&page=${page + 1}`}>{t("roster.next")}</a>
          ) : null}
        </nav>
      ) : null}
      {can(actor, j, "roster.write") ? (
        <PostForm ctx={ctx} action={`/j/${j.code}/roster/import`} multipart class="card">
          <h2>{t("roster.import.title")}</h2>
          <p class="hint">{t("roster.import.hint")}</p>
          <Field
            name="term"
            label={t("roster.import.term")}
            inputmode="numeric"
            value={extra.term ?? (term === null ? "" : String(term))}
            error={extra.fields?.term}
            required
          />
          <div class={extra.fields?.file ? "field has-error" : "field"}>
            <label for="f-file">{t("roster.import.file")}</label>
            {extra.fields?.file ? (
              <p class="error" id="f-file-error">
                {extra.fields.file}
              </p>
            ) : null}
            <input
              id="f-file"
              name="file"
              type="file"
              accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              aria-invalid={extra.fields?.file ? "true" : undefined}
              aria-describedby={extra.fields?.file ? "f-file-error" : undefined}
            />
          </div>
          <button type="submit">{t("roster.import.submit")}</button>
        </PostForm>
      ) : null}
    </Layout>,
    status as 200,
  );
}

rosterPages.get("/j/:code/roster", async (c) => {
  const { jurisdiction } = await requireAccess(c.var.db, c.var.actor, c.req.param("code"), "roster.read");
  return rosterPage(c, jurisdiction);
});

rosterPages.post("/j/:code/roster/import", async (c) => {
  const { jurisdiction: j, actor } = await requireAccess(
    c.var.db,
    c.var.actor,
    c.req.param("code"),
    "roster.write",
  );
  const fields = await formFields(c);
  const file = await formFile(c, "file");
  const result = await withFieldErrors(c, async () => {
    if (!file) throw new AppError("invalid_input", { fields: { file: "field.required" } });
    return importRoster(c.var.db, actor, j.code, fields, await readRosterFile(file), c.var.now);
  });
  if (!result.ok) return rosterPage(c, j, { fields: result.fields, term: fields.term ?? "" }, 400);
  return rosterPage(c, j, { report: result.value });
});

/** Issues slips (one deputy, or everyone without a valid one) and shows them, ready to print. */
rosterPages.post("/j/:code/credentials", async (c) => {
  const { jurisdiction: j, actor } = await requireAccess(
    c.var.db,
    c.var.actor,
    c.req.param("code"),
    "credential.manage",
  );
  const fields = await formFields(c);
  const db = c.var.db;
  let ids: number[];
  if (fields.all === "1") {
    const term = await currentTerm(db, j.code);
    const all =
      term === null
        ? []
        : await db
            .select({ id: deputies.id })
            .from(deputies)
            .where(
              and(
                eq(deputies.jurisdictionCode, j.code),
                eq(deputies.term, term),
                eq(deputies.status, "active"),
              ),
            );
    const holders = await validCredentialHolders(
      db,
      all.map((d) => d.id),
      c.var.now,
    );
    ids = all.map((d) => d.id).filter((id) => !holders.has(id));
  } else {
    const id = Number(fields.deputy);
    if (!Number.isInteger(id) || id <= 0) throw new AppError("not_found");
    ids = [id];
  }
  const ctx = pageContext(c);
  const { t } = ctx;
  if (ids.length === 0) {
    return c.html(
      <Layout ctx={ctx} title={t("cred.slips.title")}>
        <h1>{t("cred.slips.title")}</h1>
        <Notice kind="info">{t("cred.none_to_issue")}</Notice>
        <p>
          <a href={`/j/${j.code}/roster`}>{t("jur.roster")}</a>
        </p>
      </Layout>,
    );
  }
  const slips = await issueCredentials(db, actor, j.code, ids, fields, c.var.now);
  const origin = new URL(c.req.url).origin;
  const name = jurisdictionName(c, j);
  c.header("Cache-Control", "no-store");
  return c.html(
    <Layout ctx={ctx} title={t("cred.slips.title")} wide>
      <div class="no-print">
        <p class="crumbs">
          <a href={`/j/${j.code}/roster`}>{t("jur.roster")}</a>
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
              {name} · {s.delegation} · {s.number}
            </p>
            <div
              class="qr"
              role="img"
              aria-label={s.code}
              dangerouslySetInnerHTML={{ __html: renderSVG(`${origin}/login/deputy?code=${s.code}`) }}
            />
            <p>{t("cred.slip.scan")}</p>
            <p class="code">{s.code}</p>
            <p class="muted">{t("cred.slip.expires", { date: formatDate(ctx.locale, s.expiresAt) })}</p>
          </li>
        ))}
      </ul>
    </Layout>,
  );
});

async function revokeTarget(c: Context<AppEnv>) {
  const { jurisdiction: j, actor } = await requireAccess(
    c.var.db,
    c.var.actor,
    c.req.param("code") as string,
    "credential.manage",
  );
  const id = Number(c.req.param("id"));
  const [d] = Number.isInteger(id)
    ? await c.var.db
        .select()
        .from(deputies)
        .where(and(eq(deputies.jurisdictionCode, j.code), eq(deputies.id, id)))
    : [];
  if (!d) throw new AppError("not_found");
  return { j, actor, d };
}

rosterPages.get("/j/:code/deputies/:id{[0-9]+}/revoke", async (c) => {
  const { j, d } = await revokeTarget(c);
  const ctx = pageContext(c);
  const { t } = ctx;
  return c.html(
    <Layout ctx={ctx} title={t("cred.revoke.confirm_title")}>
      <h1>{t("cred.revoke.confirm_title")}</h1>
      <p>{t("cred.revoke.confirm_text", { name: d.name })}</p>
      <PostForm ctx={ctx} action={`/j/${j.code}/deputies/${d.id}/revoke`}>
        <button type="submit" class="danger">
          {t("cred.revoke")}
        </button>{" "}
        <a href={`/j/${j.code}/roster`}>{t("stage.advance.cancel")}</a>
      </PostForm>
    </Layout>,
  );
});

rosterPages.post("/j/:code/deputies/:id{[0-9]+}/revoke", async (c) => {
  const { j, actor, d } = await revokeTarget(c);
  await revokeCredential(c.var.db, actor, j.code, d.id, c.var.now);
  const ctx = pageContext(c);
  return c.html(
    <Layout ctx={ctx} title={ctx.t("cred.revoked", { name: d.name })}>
      <h1>{ctx.t("cred.slips.title")}</h1>
      <Notice kind="ok">{ctx.t("cred.revoked", { name: d.name })}</Notice>
      <p>
        <a href={`/j/${j.code}/roster`}>{ctx.t("jur.roster")}</a>
      </p>
    </Layout>,
  );
});

// The deputy roster: list by term (with each deputy's credential, and the buttons that issue and
// revoke them: ./credentials.tsx), and the import from a sheet with a report of refused rows.
import type { Context } from "hono";
import { validCredentialHolders } from "../../../platform/auth/credentials";
import { can, requireAccess } from "../../../platform/auth/permissions";
import type { Jurisdiction } from "../../../platform/data/schema";
import { createRouter, pageContext } from "../../../platform/http/app";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { formFields, formFile, jurisdictionName, withFieldErrors } from "../../../platform/http/forms";
import { type Translator, translateLoose } from "../../../platform/i18n";
import {
  currentTerm,
  type ImportReport,
  importRoster,
  listRoster,
  ROSTER_PAGE_SIZE,
  readRosterFile,
  rosterCounts,
} from "../../../platform/roster/roster";
import { Field, FileField } from "../../../platform/ui/fields";
import { DataTable, Layout, Notice, type PageContext, PostForm } from "../../../platform/ui/layout";

export const rosterPages = createRouter();

/** The term of the address (?term=), else the current one; the page (?page=). */
async function loadRoster(c: Context<AppEnv>, j: Jurisdiction) {
  const db = c.var.db;
  const termParam = Number(c.req.query("term"));
  const term = Number.isInteger(termParam) && termParam > 0 ? termParam : await currentTerm(db, j.code);
  const page = Math.max(1, Number(c.req.query("page")) || 1);
  const [rows, counts] =
    term === null
      ? [[], { total: 0, active: 0 }]
      : await Promise.all([listRoster(db, j.code, term, page), rosterCounts(db, j.code, term)]);
  const holders = await validCredentialHolders(
    db,
    rows.map((r) => r.id),
    c.var.now,
  );
  return {
    code: j.code,
    name: jurisdictionName(c, j),
    term,
    page,
    rows,
    counts,
    holders,
    manage: can(c.var.actor, j, "credential.manage"),
    mayImport: can(c.var.actor, j, "roster.write"),
  };
}

type RosterData = Awaited<ReturnType<typeof loadRoster>>;
type ImportState = { report?: ImportReport; fields?: Record<string, string>; term?: string };

function ReportNotice(props: { t: Translator; report: ImportReport }) {
  const { t, report: r } = props;
  return (
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
  );
}

/** Issue (or reissue) and revoke a deputy's slip, for staff who manage credentials. */
function CredentialActions(props: { ctx: PageContext; data: RosterData; d: RosterData["rows"][number] }) {
  const { ctx, data, d } = props;
  const { t } = ctx;
  return (
    <span class="row-actions">
      <PostForm ctx={ctx} action={`/j/${data.code}/credentials`} class="inline">
        <input type="hidden" name="deputy" value={String(d.id)} />
        <button type="submit" class="small" aria-label={`${t("cred.issue")} ${d.name}`}>
          {t("cred.issue")}
        </button>
      </PostForm>
      {data.holders.has(d.id) ? (
        <a
          class="small"
          href={`/j/${data.code}/deputies/${d.id}/revoke`}
          aria-label={`${t("cred.revoke")} ${d.name}`}
        >
          {t("cred.revoke")}
        </a>
      ) : null}
    </span>
  );
}

function RosterTable(props: { ctx: PageContext; data: RosterData }) {
  const { ctx, data } = props;
  const { t } = ctx;
  return (
    <DataTable
      label={t("roster.title", { name: data.name })}
      cols={[
        t("roster.col.number"),
        t("roster.col.name"),
        t("roster.col.gender"),
        t("roster.col.ethnicity"),
        t("roster.col.delegation"),
        t("roster.col.workplace"),
        t("roster.col.status"),
        t("roster.col.credential"),
      ]}
    >
      {data.rows.map((d) => (
        <tr>
          <td>{d.number}</td>
          <th scope="row">{d.name}</th>
          <td>{d.gender ?? ""}</td>
          <td>{d.ethnicity ?? ""}</td>
          <td>{d.delegation}</td>
          <td>{d.workplace ?? ""}</td>
          <td>{t(`roster.status.${d.status}`)}</td>
          <td>
            {data.holders.has(d.id) ? t("cred.valid") : t("cred.none")}
            {data.manage && d.status === "active" ? <CredentialActions ctx={ctx} data={data} d={d} /> : null}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

function Pager(props: { t: Translator; term: number; page: number; total: number }) {
  const { t, term, page, total } = props;
  if (total <= ROSTER_PAGE_SIZE) return null;
  return (
    <nav class="pager" aria-label={t("roster.page", { page })}>
      {page > 1 ? <a href={`?term=${term}&page=${page - 1}`}>{t("roster.prev")}</a> : null}
      <span>{t("roster.page", { page })}</span>
      {page * ROSTER_PAGE_SIZE < total ? (
        <a href={`?term=${term}&page=${page + 1}`}>{t("roster.next")}</a>
      ) : null}
    </nav>
  );
}

function ImportForm(props: { ctx: PageContext; data: RosterData; state: ImportState }) {
  const { ctx, data, state } = props;
  const { t } = ctx;
  return (
    <PostForm ctx={ctx} action={`/j/${data.code}/roster/import`} multipart class="card">
      <h2>{t("roster.import.title")}</h2>
      <p class="hint">{t("roster.import.hint")}</p>
      <Field
        name="term"
        label={t("roster.import.term")}
        inputmode="numeric"
        value={state.term ?? (data.term === null ? "" : String(data.term))}
        error={state.fields?.term}
        required
      />
      <FileField
        name="file"
        label={t("roster.import.file")}
        error={state.fields?.file}
        accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
      />
      <button type="submit">{t("roster.import.submit")}</button>
    </PostForm>
  );
}

function RosterView(props: { ctx: PageContext; data: RosterData; state: ImportState }) {
  const { ctx, data, state } = props;
  const { t } = ctx;
  const title = t("roster.title", { name: data.name });
  return (
    <Layout ctx={ctx} title={title} wide>
      <p class="crumbs">
        <a href={`/j/${data.code}`}>{data.name}</a>
      </p>
      <h1>{title}</h1>
      {state.report ? <ReportNotice t={t} report={state.report} /> : null}
      {data.term !== null ? (
        <p>
          {t("roster.term", { term: data.term })} ·{" "}
          {t("roster.count", { n: data.counts.total, active: data.counts.active })}
        </p>
      ) : (
        <p>{t("roster.empty")}</p>
      )}
      {data.manage && data.rows.length > 0 ? (
        <PostForm ctx={ctx} action={`/j/${data.code}/credentials`} class="inline-form">
          <input type="hidden" name="all" value="1" />
          <button type="submit">{t("cred.issue_all")}</button>
        </PostForm>
      ) : null}
      {data.rows.length > 0 ? <RosterTable ctx={ctx} data={data} /> : null}
      {data.term !== null ? (
        <Pager t={t} term={data.term} page={data.page} total={data.counts.total} />
      ) : null}
      {data.mayImport ? <ImportForm ctx={ctx} data={data} state={state} /> : null}
    </Layout>
  );
}

async function rosterPage(c: Context<AppEnv>, j: Jurisdiction, state: ImportState = {}, status = 200) {
  const data = await loadRoster(c, j);
  return c.html(<RosterView ctx={pageContext(c)} data={data} state={state} />, status as 200);
}

rosterPages.get("/j/:code/roster", async (c) => {
  const { jurisdiction } = await requireAccess(c.var.db, c.var.actor, c.req.param("code"), "roster.read");
  return rosterPage(c, jurisdiction);
});

rosterPages.post("/j/:code/roster/import", async (c) => {
  const grant = await requireAccess(c.var.db, c.var.actor, c.req.param("code"), "roster.write");
  const j = grant.jurisdiction;
  const fields = await formFields(c);
  const file = await formFile(c, "file");
  const result = await withFieldErrors(c, async () => {
    if (!file) throw new AppError("invalid_input", { fields: { file: "field.required" } });
    return importRoster(c.var.db, grant, j.code, fields, await readRosterFile(file), c.var.now);
  });
  if (!result.ok) return rosterPage(c, j, { fields: result.fields, term: fields.term ?? "" }, 400);
  return rosterPage(c, j, { report: result.value });
});

// The city view (public): every banner/county and township below a jurisdiction for one year, from
// year_totals (one row each), with the totals a city congress reports ("264 个项目，总投资 23.4 亿元"),
// a chart with its table, a year switcher that works without JavaScript, and downloads. Also the
// small "开放数据" page that documents the downloads and the JSON API.
import type { Context } from "hono";
import { getJurisdiction } from "../../../platform/cycle/jurisdictions";
import { createRouter, pageContext } from "../../../platform/http/app";
import { sendPublicTable } from "../../../platform/http/download";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { jurisdictionName } from "../../../platform/http/forms";
import { type MessageKey, type Translator, translateLoose } from "../../../platform/i18n";
import { todayInChina } from "../../../platform/lib/dates";
import { yuanToWan } from "../../../platform/lib/money";
import { MoneyChart } from "../../../platform/ui/charts";
import { DataTable, Layout, NumCell, numCol } from "../../../platform/ui/layout";
import { satisfactionRate } from "../../projects/projects";
import { OPEN_OPERATIONS } from "../api/open-data";
import { openApiPath } from "../api/openapi";
import { bigMoney, cityOverview, type Overview, overviewTable } from "../city";

export const cityPages = createRouter();

const OVERVIEW = "/j/:code/:year{[0-9]{4}}/overview";

function money(t: Translator, yuan: number): string {
  const m = bigMoney(yuan);
  return m.unit === "yi" ? t("pub.city.yi", { amount: m.amount }) : t("pub.city.wan", { amount: m.amount });
}

function YearSwitcher(props: { t: Translator; code: string; year: number; now: number }) {
  const { t, code, year } = props;
  const now = Number(todayInChina(props.now).slice(0, 4));
  const years = new Set<number>([year]);
  for (let y = now + 1; y >= now - 9; y--) years.add(y);
  return (
    <nav class="year-switch" aria-label={t("pub.city.years")}>
      <a href={`/j/${code}/${year - 1}/overview`} rel="prev">
        ‹ {t("pub.city.prev")}
      </a>
      <form method="get" action={`/j/${code}/overview`} class="inline-form">
        <label for="f-year">{t("pub.city.year")}</label>{" "}
        <select id="f-year" name="year">
          {[...years]
            .sort((a, b) => b - a)
            .map((y) => (
              <option value={String(y)} selected={y === year}>
                {y}
              </option>
            ))}
        </select>{" "}
        <button type="submit" class="secondary">
          {t("pub.city.show")}
        </button>
      </form>
      <a href={`/j/${code}/${year + 1}/overview`} rel="next">
        {t("pub.city.next")} ›
      </a>
    </nav>
  );
}

type Counted = Overview["sum"] | Overview["rows"][number]["totals"];

/** The overview's number columns: the heading, and the cell of a jurisdiction's row or of the total. */
const NUMBERS: [MessageKey, (x: Counted) => string | number][] = [
  ["pub.h.projects", (x) => x.projects],
  ["pub.h.plannedWan", (x) => yuanToWan(x.plannedYuan)],
  ["pub.h.disbursedWan", (x) => yuanToWan(x.disbursedYuan)],
  ["pub.h.completed", (x) => x.completed],
  ["pub.h.rate", (x) => satisfactionRate(x.satisfiedOrBasic, x.assessedValid) ?? "—"],
];

function NumberCells(props: { t: Translator; x: Counted }) {
  return (
    <>
      {NUMBERS.map(([key, value]) => (
        <NumCell label={props.t(key)}>{value(props.x)}</NumCell>
      ))}
    </>
  );
}

function OverviewTable(props: { c: Context<AppEnv>; o: Overview }) {
  const { c, o } = props;
  const t = c.var.t;
  return (
    <DataTable
      label={t("pub.city.table")}
      id="overview-table"
      class="stack overview"
      cols={[t("pub.h.jurisdiction"), t("pub.city.stage"), ...NUMBERS.map(([key]) => numCol(t(key)))]}
      foot={
        <tr>
          <th scope="row">{t("pub.city.total")}</th>
          <td />
          <NumberCells t={t} x={o.sum} />
        </tr>
      }
    >
      {o.rows.map((r) => (
        <tr class={`depth-${Math.min(r.depth, 2)}`}>
          <th scope="row">
            <a href={`/j/${r.jurisdiction.code}/${o.year}/projects`}>{jurisdictionName(c, r.jurisdiction)}</a>{" "}
            <span class="muted">{t(`level.${r.jurisdiction.level}`)}</span>
          </th>
          <td data-label={t("pub.city.stage")}>
            {r.stage ? t(`stage.${r.stage}` as MessageKey) : t("pub.city.no_cycle")}
          </td>
          <NumberCells t={t} x={r.totals} />
        </tr>
      ))}
    </DataTable>
  );
}

cityPages.get("/j/:code/overview", async (c) => {
  const j = await getJurisdiction(c.var.db, c.req.param("code"));
  const y = c.req.query("year") ?? "";
  if (!/^\d{4}$/.test(y)) throw new AppError("not_found");
  return c.redirect(`/j/${j.code}/${y}/overview`, 303);
});

cityPages.get(OVERVIEW, async (c) => {
  const j = await getJurisdiction(c.var.db, c.req.param("code") as string);
  const year = Number(c.req.param("year"));
  const o = await cityOverview(c.var.db, j, year);
  const ctx = pageContext(c);
  const { t } = ctx;
  const title = t("pub.city.title", { name: jurisdictionName(c, j), year });
  const rate = satisfactionRate(o.sum.satisfiedOrBasic, o.sum.assessedValid);
  const charted = o.rows.filter((r) => r.totals.projects > 0);
  return c.html(
    <Layout ctx={ctx} title={title} wide>
      <p class="crumbs">
        <a href={`/j/${j.code}`}>{jurisdictionName(c, j)}</a>
      </p>
      <h1>{title}</h1>
      <YearSwitcher t={t} code={j.code} year={year} now={c.var.now} />
      {o.rows.length === 0 ? (
        <p>{t("pub.city.none")}</p>
      ) : (
        <>
          <p class="lead headline">
            {t("pub.city.headline", {
              n: o.sum.projects,
              money: money(t, o.sum.plannedYuan),
              spent: money(t, o.sum.disbursedYuan),
            })}
          </p>
          <p>
            {t("pub.city.detail", {
              j: o.sum.jurisdictions,
              completed: o.sum.completed,
              assessed: o.sum.assessed,
            })}
            {rate === null ? "" : ` ${t("pub.city.rate", { rate })}`}
          </p>
          <OverviewTable c={c} o={o} />
          <p class="muted">{t("proj.money_note")}</p>
          {charted.length > 0 ? (
            <MoneyChart
              title={t("pub.city.chart")}
              plannedLabel={t("pub.chart.planned")}
              spentLabel={t("pub.chart.spent")}
              tableId="overview-table"
              rows={charted.map((r) => ({
                label: jurisdictionName(c, r.jurisdiction),
                planned: r.totals.plannedYuan,
                spent: r.totals.disbursedYuan,
                plannedText: yuanToWan(r.totals.plannedYuan),
                spentText: yuanToWan(r.totals.disbursedYuan),
              }))}
            />
          ) : null}
          <p class="exports">
            {t("pub.download.overview")}：
            <a href={`/j/${j.code}/${year}/overview.csv`}>{t("pub.download.csv")}</a> ·{" "}
            <a href={`/j/${j.code}/${year}/overview.xlsx`}>{t("pub.download.xlsx")}</a> ·{" "}
            <a href="/open-data">{t("pub.open_data")}</a>
          </p>
        </>
      )}
    </Layout>,
  );
});

cityPages.get("/j/:code/:year{[0-9]{4}}/:file{overview\\.(csv|xlsx)}", async (c) => {
  const j = await getJurisdiction(c.var.db, c.req.param("code") as string);
  const year = Number(c.req.param("year"));
  const o = await cityOverview(c.var.db, j, year);
  const t = c.var.t;
  const table = overviewTable(o, {
    header: (k) => translateLoose(t, `pub.h.${k}`, "common.none"),
    name: (x) => jurisdictionName(c, x),
    level: (x) => t(`level.${x.level}`),
  });
  const format = (c.req.param("file") ?? "").endsWith(".xlsx") ? "xlsx" : "csv";
  return sendPublicTable(c, table, `${j.name}-${year}-${t("pub.city.link")}`, format, t("pub.city.link"));
});

/** What the open-data page says of each operation of the open API. */
const ENDPOINT: Record<string, MessageKey> = {
  listProjects: "pub.od.e.projects",
  getProject: "pub.od.e.project",
  listReports: "pub.od.e.reports",
  getOverview: "pub.od.e.overview",
  getVoteResults: "pub.od.e.results",
};

cityPages.get("/open-data", (c) => {
  const ctx = pageContext(c);
  const { t } = ctx;
  const endpoints = OPEN_OPERATIONS.map(
    (op) => [`/api${openApiPath(op.path)}`, ENDPOINT[op.operationId]] as const,
  );
  return c.html(
    <Layout ctx={ctx} title={t("pub.od.title")}>
      <h1>{t("pub.od.title")}</h1>
      <p class="lead">{t("pub.od.intro")}</p>
      <h2>{t("pub.od.files")}</h2>
      <p>{t("pub.od.files_text")}</p>
      <ul>
        <li>
          <code>{"/j/{code}/{year}/projects.csv"}</code>, <code>projects.xlsx</code>
        </li>
        <li>
          <code>{"/j/{code}/{year}/projects/{pid}/reports.csv"}</code>, <code>reports.xlsx</code>
        </li>
        <li>
          <code>{"/j/{code}/{year}/overview.csv"}</code>, <code>overview.xlsx</code>
        </li>
      </ul>
      <h2>{t("pub.od.api")}</h2>
      <p>
        {t("pub.od.api_text")} <a href="/api/open/openapi.json">/api/open/openapi.json</a>
      </p>
      <DataTable label={t("pub.od.api")} cols={[t("pub.od.endpoint"), t("pub.od.what")]}>
        {endpoints.map(([path, what]) => (
          <tr>
            <th scope="row">
              <code>GET {path}</code>
            </th>
            <td>{what ? t(what) : ""}</td>
          </tr>
        ))}
      </DataTable>
      <p class="muted">{t("pub.od.privacy")}</p>
    </Layout>,
  );
});

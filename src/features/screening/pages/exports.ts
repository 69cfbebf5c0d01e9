// Downloads: the proposals register and the candidate list as .xlsx and CSV. The public register
// has no name or phone; the government's own download of its register adds the contact columns.

import { eq } from "drizzle-orm";
import type { Context } from "hono";
import { can } from "../../../platform/auth/permissions";
import { getCycle } from "../../../platform/cycle/cycles";
import { getJurisdiction } from "../../../platform/cycle/jurisdictions";
import { candidates } from "../../../platform/data/schema";
import { createRouter } from "../../../platform/http/app";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { type MessageKey, translateLoose } from "../../../platform/i18n";
import { describeOutcome } from "../../../platform/ui/outcome";
import { latestHandover, listCandidates } from "../candidates";
import {
  allProposals,
  candidatesTable,
  type Labels,
  placeNames,
  proposalsTable,
  type Table,
  toCsv,
  toXlsx,
} from "../exports";

export const exportPages = createRouter();

const CYCLE = "/j/:code/:year{[0-9]{4}}";

function labels(c: Context<AppEnv>, names: Map<number, string>): Labels {
  const t = c.var.t;
  return {
    header: (k) => translateLoose(t, `export.h.${k}`, "common.none"),
    category: (k) => translateLoose(t, `category.${k}`, "category.other"),
    source: (k) => translateLoose(t, `source.${k}`, "common.none"),
    status: (k) => translateLoose(t, `status.${k}`, "common.none"),
    outcome: (p) => describeOutcome(t, p, names),
    fund: (k) => t(`fund.${k}` as MessageKey),
  };
}

async function send(c: Context<AppEnv>, table: Table, base: string, format: string, sheet: string) {
  const filename = encodeURIComponent(`${base}.${format}`);
  c.header("Content-Disposition", `attachment; filename*=UTF-8''${filename}`);
  c.header("Cache-Control", "no-store");
  if (format === "csv") {
    c.header("Content-Type", "text/csv; charset=utf-8");
    return c.body(toCsv(table));
  }
  c.header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  return c.body(await (await toXlsx(table, sheet)).arrayBuffer());
}

async function proposalsExport(c: Context<AppEnv>, format: string) {
  const j = await getJurisdiction(c.var.db, c.req.param("code") as string);
  const cycle = await getCycle(c.var.db, j.code, Number(c.req.param("year")));
  const withContact = can(c.var.actor, j, "proposal.private");
  const [list, places, cands] = await Promise.all([
    allProposals(c.var.db, cycle.id, c.req.query()),
    placeNames(c.var.db, j.code, c.var.locale === "en"),
    c.var.db
      .select({ id: candidates.id, name: candidates.name })
      .from(candidates)
      .where(eq(candidates.cycleId, cycle.id)),
  ]);
  const names = new Map(cands.map((x) => [x.id, x.name]));
  const table = proposalsTable(list, places, labels(c, names), withContact);
  const base = `${j.name}-${cycle.year}-${c.var.t("list.link")}`;
  return send(c, table, base, format, c.var.t("list.link"));
}

async function candidatesExport(c: Context<AppEnv>, format: string) {
  const j = await getJurisdiction(c.var.db, c.req.param("code") as string);
  const cycle = await getCycle(c.var.db, j.code, Number(c.req.param("year")));
  // Drafts are the government's until the list is handed over.
  if (!(await latestHandover(c.var.db, cycle.id)) && !can(c.var.actor, j, "candidate.edit"))
    throw new AppError("not_found");
  const [list, places] = await Promise.all([
    listCandidates(c.var.db, cycle.id),
    placeNames(c.var.db, j.code, c.var.locale === "en"),
  ]);
  const table = candidatesTable(list, places, labels(c, new Map()));
  return send(c, table, `${j.name}-${cycle.year}-${c.var.t("cand.link")}`, format, c.var.t("cand.link"));
}

exportPages.get(`${CYCLE}/exports/:file{(proposals|candidates)\\.(csv|xlsx)}`, (c) => {
  const [what, format] = (c.req.param("file") ?? "").split(".") as [string, string];
  return what === "proposals" ? proposalsExport(c, format) : candidatesExport(c, format);
});

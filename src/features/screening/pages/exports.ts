// Downloads: the proposals register and the candidate list as .xlsx and CSV. The public register
// has no name or phone; the government's own download of its register adds the contact columns.
import type { Context } from "hono";
import { can } from "../../../platform/auth/permissions";
import type { Jurisdiction } from "../../../platform/data/schema";
import { createRouter } from "../../../platform/http/app";
import { CYCLE, load } from "../../../platform/http/cycle-page";
import { sendTableFile } from "../../../platform/http/download";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { type MessageKey, translateLoose } from "../../../platform/i18n";
import { type Table, tableFiles } from "../../../platform/lib/tables";
import { describeOutcome } from "../../../platform/ui/outcome";
import { candidateNames, placeNames, placesOf } from "../../collection/proposals";
import { latestHandover, listCandidates, mayReadCandidates } from "../candidates";
import { allProposals, candidatesTable, type Labels, proposalsTable } from "../exports";

export const exportPages = createRouter();

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

/** Sends a table as a download never kept in a cache (the government's own carries contacts). */
function send(c: Context<AppEnv>, table: Table, base: string, format: string, sheet: string) {
  return sendTableFile(c, tableFiles(table, sheet), base, format, "no-store");
}

/** The names of the jurisdiction's places, in the reader's language. */
async function placesIn(c: Context<AppEnv>, j: Jurisdiction) {
  return placeNames(await placesOf(c.var.db, j), c.var.locale === "en");
}

async function proposalsExport(c: Context<AppEnv>, format: string) {
  const { j, cycle } = await load(c);
  const withContact = can(c.var.actor, j, "proposal.private");
  const [list, places, names] = await Promise.all([
    allProposals(c.var.db, cycle.id, c.req.query()),
    placesIn(c, j),
    candidateNames(c.var.db, cycle.id),
  ]);
  const table = proposalsTable(list, places, labels(c, names), withContact);
  const base = `${j.name}-${cycle.year}-${c.var.t("list.link")}`;
  return send(c, table, base, format, c.var.t("list.link"));
}

async function candidatesExport(c: Context<AppEnv>, format: string) {
  const { j, cycle } = await load(c);
  // Drafts are the government's until the list is handed over.
  if (!mayReadCandidates(c.var.actor, j, await latestHandover(c.var.db, cycle.id)))
    throw new AppError("not_found");
  const [list, places] = await Promise.all([listCandidates(c.var.db, cycle.id), placesIn(c, j)]);
  const table = candidatesTable(list, places, labels(c, new Map()));
  return send(c, table, `${j.name}-${cycle.year}-${c.var.t("cand.link")}`, format, c.var.t("cand.link"));
}

exportPages.get(`${CYCLE}/exports/:file{(proposals|candidates)\\.(csv|xlsx)}`, (c) => {
  const [what, format] = (c.req.param("file") ?? "").split(".") as [string, string];
  return what === "proposals" ? proposalsExport(c, format) : candidatesExport(c, format);
});

// What the public site serves as files: a progress photo (its bytes from R2), and the downloads of
// the project list and of a project's reports (CSV with BOM, .xlsx), like the other exports
// (src/features/screening/exports.ts).
import type { Context } from "hono";
import type { ProgressReport } from "../../../platform/data/schema";
import { createRouter } from "../../../platform/http/app";
import { CYCLE, load } from "../../../platform/http/cycle-page";
import { sendPublicTable } from "../../../platform/http/download";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { type MessageKey, type Translator, translateLoose } from "../../../platform/i18n";
import type { Table } from "../../../platform/lib/tables";
import { publicPhoto } from "../photos";
import { allProjectStates, getProject, reportsPage } from "../projects";
import { type ProjectTableLabels, projectsTable, reportsTable } from "../tables";
import { PROJECT, projectId } from "./shared";

export const projectFiles = createRouter();

// A photo, for the public once the project's page shows reports: long cache, the stored (sniffed)
// type, nosniff; another jurisdiction's or year's photo, or an unpublished project's, is not found.
projectFiles.get(`${PROJECT}/photos/:photo{[0-9]+}`, async (c) => {
  const photo = await publicPhoto(
    c.var.db,
    c.req.param("code") as string,
    Number(c.req.param("year")),
    projectId(c),
    Number(c.req.param("photo")),
  );
  const etag = `"${photo.objectKey.split("/")[1] ?? photo.id}"`;
  const headers: Record<string, string> = {
    "Content-Type": photo.contentType,
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
    "Content-Disposition": "inline",
    ETag: etag,
  };
  let res: Response;
  if (c.req.header("if-none-match") === etag) {
    res = c.body(null, 304, headers);
  } else {
    const obj = await c.env.PHOTOS.get(photo.objectKey);
    if (!obj) throw new AppError("not_found");
    res = c.body(obj.body, 200, { ...headers, "Content-Length": String(obj.size) });
  }
  // An image is the same for everyone: no cookie on it, so caches may keep it.
  res.headers.delete("Set-Cookie");
  return res;
});

/** Labels of the downloadable tables, in the reader's language. */
function tableLabels(t: Translator): ProjectTableLabels {
  return {
    header: (k) => translateLoose(t, `pub.h.${k}`, "common.none"),
    status: (s) => t(`pub.status.${s}`),
    grade: (g) => t(`pub.grade.${g}`),
    fund: (s) => t(`fund.${s}` as MessageKey),
  };
}

/** Sends a table as the file the address names (.csv or .xlsx), named `<name>-<sheet>`. */
function download(c: Context<AppEnv>, table: Table, name: string, sheet: "proj.link" | "proj.reports") {
  const t = c.var.t;
  const format = (c.req.param("file") ?? "").endsWith(".xlsx") ? "xlsx" : "csv";
  return sendPublicTable(c, table, `${name}-${t(sheet)}`, format, t(sheet));
}

projectFiles.get(`${CYCLE}/:file{projects\\.(csv|xlsx)}`, async (c) => {
  const { j, cycle } = await load(c);
  const rows = await allProjectStates(c.var.db, cycle.id);
  return download(c, projectsTable(rows, tableLabels(c.var.t)), `${j.name}-${cycle.year}`, "proj.link");
});

projectFiles.get(`${PROJECT}/:file{reports\\.(csv|xlsx)}`, async (c) => {
  const { j, cycle } = await load(c);
  const p = await getProject(c.var.db, cycle, projectId(c), c.var.now);
  if (!p.plan?.publishedAt) throw new AppError("not_found");
  const all: ProgressReport[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await reportsPage(c.var.db, p.id, before, 500);
    all.push(...page.rows);
    if (page.next === null) break;
    before = page.next;
  }
  return download(
    c,
    reportsTable(all, tableLabels(c.var.t)),
    `${j.name}-${cycle.year}-${p.name}`,
    "proj.reports",
  );
});

// Downloads: a table sent as a file (CSV or .xlsx) under a name in the reader's script.
import type { Context } from "hono";
import { type Table, type TableFiles, tableFiles } from "../lib/tables";
import type { AppEnv } from "./env";

/** The Content-Disposition of a download named `name` (UTF-8, so Chinese names survive). */
export const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

/** Sends a table as the download `<base>.<format>`: CSV when `format` is "csv", else .xlsx. */
export async function sendTableFile(
  c: Context<AppEnv>,
  files: TableFiles,
  base: string,
  format: string,
  cacheControl: string,
) {
  c.header("Content-Disposition", attachment(`${base}.${format}`));
  c.header("Cache-Control", cacheControl);
  if (format === "csv") {
    c.header("Content-Type", "text/csv; charset=utf-8");
    return c.body(files.csv());
  }
  c.header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  return c.body(await (await files.xlsx()).arrayBuffer());
}

/** Sends a public table as the download `<base>.<format>`, the same for everyone and cacheable for a minute. */
export function sendPublicTable(
  c: Context<AppEnv>,
  table: Table,
  base: string,
  format: string,
  sheet: string,
) {
  return sendTableFile(c, tableFiles(table, sheet), base, format, "public, max-age=60");
}

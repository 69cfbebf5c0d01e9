// Open data: a read-only JSON API under /api/open (no sign-in, CORS open, short public caching) for
// the projects of a jurisdiction and year, one project with its progress, a project's reports, a
// city's overview and a closed vote's result, with its OpenAPI 3.1 description at
// /api/open/openapi.json — and `sendTable`, which the pages use to send every public table as CSV
// (UTF-8 with BOM) or .xlsx (src/features/screening/exports.ts).
//
// Never any personal data: no user or deputy ids, no names of people, no phones; only offices
// (responsible units), projects, dates, counts and money (integer yuan). Each answer is parsed
// through its schema (schemas.ts), which drops every key it does not name.
import type { Context } from "hono";
import { createRouter } from "../../../platform/http/app";
import { sendTableFile } from "../../../platform/http/download";
import type { AppEnv } from "../../../platform/http/env";
import { type Table, toCsv, toXlsx } from "../../screening/exports";
import { openApiDocument, openGet } from "./openapi";
import { projectOperations } from "./projects";
import { resultOperations } from "./results";

/** Sends a public table as a download, cacheable for a minute: CSV (UTF-8 BOM, CRLF) or .xlsx. */
export function sendTable(c: Context<AppEnv>, table: Table, base: string, format: string, sheet: string) {
  const files = { csv: () => toCsv(table), xlsx: () => toXlsx(table, sheet) };
  return sendTableFile(c, files, base, format, "public, max-age=60");
}

/** Every operation of the open API, in the order of its description. */
export const OPEN_OPERATIONS = [...projectOperations, ...resultOperations];

export const openDataApi = createRouter();

// Open to every origin, cacheable for a minute, and the same for everyone: no cookie is set on it.
openDataApi.use("/open/*", async (c, next) => {
  await next();
  c.header("Access-Control-Allow-Origin", "*");
  if (c.res.status === 200 && !c.res.headers.get("Cache-Control"))
    c.header("Cache-Control", "public, max-age=60");
  c.res.headers.delete("Set-Cookie");
});

for (const op of OPEN_OPERATIONS) openGet(openDataApi, op);

openDataApi.get("/open/openapi.json", openApiDocument(openDataApi));

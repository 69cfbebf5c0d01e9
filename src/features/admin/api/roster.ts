// JSON API: the deputy roster, its import, and deputies' credentials.
import type { Context } from "hono";
import * as v from "valibot";
import { issueCredentials, revokeCredential } from "../../../platform/auth/credentials";
import { type Permission, requireAccess } from "../../../platform/auth/permissions";
import { createRouter } from "../../../platform/http/app";
import { jsonBody } from "../../../platform/http/body";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { intField, parse } from "../../../platform/lib/validate";
import { currentTerm, importRoster, listRoster, readRosterFile } from "../../../platform/roster/roster";

export const rosterApi = createRouter();

/** The role check on the jurisdiction of the address. */
const access = <P extends Permission>(c: Context<AppEnv>, permission: P) =>
  requireAccess(c.var.db, c.var.actor, c.req.param("code") as string, permission);

const ListQuery = v.object({ term: v.optional(intField(1, 99)), page: v.optional(intField(1, 10_000), "1") });

rosterApi.get("/jurisdictions/:code/roster", async (c) => {
  const { jurisdiction } = await access(c, "roster.read");
  const q = parse(ListQuery, c.req.query());
  const term = q.term ?? (await currentTerm(c.var.db, jurisdiction.code));
  const rows = term === null ? [] : await listRoster(c.var.db, jurisdiction.code, term, q.page);
  return c.json({
    term,
    page: q.page,
    deputies: rows.map((d) => ({
      id: d.id,
      number: d.number,
      name: d.name,
      gender: d.gender,
      ethnicity: d.ethnicity,
      delegation: d.delegation,
      workplace: d.workplace,
      status: d.status,
    })),
  });
});

rosterApi.post("/jurisdictions/:code/roster/import", async (c) => {
  const grant = await access(c, "roster.write");
  const body = await c.req.parseBody();
  const file = body.file;
  if (!(file instanceof File)) throw new AppError("invalid_input", { fields: { file: "field.required" } });
  const sheet = await readRosterFile(file);
  const code = grant.jurisdiction.code;
  return c.json(await importRoster(c.var.db, grant, code, { term: body.term }, sheet, c.var.now));
});

const IssueBody = v.object({
  deputies: v.pipe(
    v.array(v.pipe(v.number("field.number"), v.integer("field.number")), "field.invalid"),
    v.minLength(1, "field.required"),
    v.maxLength(400, "field.out_of_range"),
  ),
  days: v.optional(v.number("field.number")),
});

/** Issues (or reissues) credentials; the response carries the codes, once. */
rosterApi.post("/jurisdictions/:code/credentials", async (c) => {
  const grant = await access(c, "credential.manage");
  const body = parse(IssueBody, await jsonBody(c));
  const slips = await issueCredentials(
    c.var.db,
    grant,
    grant.jurisdiction.code,
    body.deputies,
    body.days === undefined ? {} : { days: body.days },
    c.var.now,
  );
  c.header("Cache-Control", "no-store");
  return c.json({ slips });
});

rosterApi.post("/jurisdictions/:code/deputies/:id{[0-9]+}/revoke", async (c) => {
  const grant = await access(c, "credential.manage");
  await revokeCredential(c.var.db, grant, grant.jurisdiction.code, Number(c.req.param("id")), c.var.now);
  return c.json({ ok: true });
});

// JSON API: the audit log and its chain check.
import * as v from "valibot";
import { listAudit, verifyChain } from "../../../platform/audit/audit";
import { requireAccess } from "../../../platform/auth/permissions";
import { createRouter } from "../../../platform/http/app";
import { intField, parse } from "../../../platform/lib/validate";

export const auditApi = createRouter();

const Query = v.object({
  before: v.optional(intField(1, Number.MAX_SAFE_INTEGER)),
  limit: v.optional(intField(1, 200), "50"),
});

auditApi.get("/jurisdictions/:code/audit", async (c) => {
  const { jurisdiction } = await requireAccess(c.var.db, c.var.actor, c.req.param("code"), "audit.read");
  const q = parse(Query, c.req.query());
  const entries = await listAudit(c.var.db, jurisdiction.code, {
    limit: q.limit,
    ...(q.before ? { beforeSeq: q.before } : {}),
  });
  return c.json({ entries });
});

auditApi.get("/jurisdictions/:code/audit/verify", async (c) => {
  const { jurisdiction } = await requireAccess(c.var.db, c.var.actor, c.req.param("code"), "audit.read");
  return c.json(await verifyChain(c.var.db, jurisdiction.code));
});

// JSON API: jurisdictions and their cycles (public reads), creating and advancing cycles.

import { requireAccess } from "../../../platform/auth/permissions";
import { advanceCycle, createCycle, getCycle, listCycles } from "../../../platform/cycle/cycles";
import { getJurisdiction, listChildren } from "../../../platform/cycle/jurisdictions";
import { createRouter } from "../../../platform/http/app";
import { jsonBody } from "../../../platform/http/body";

export const jurisdictionApi = createRouter();

jurisdictionApi.get("/jurisdictions/:code", async (c) => {
  const j = await getJurisdiction(c.var.db, c.req.param("code"));
  const [cycles, children] = await Promise.all([
    listCycles(c.var.db, j.code),
    listChildren(c.var.db, j.code),
  ]);
  return c.json({
    code: j.code,
    name: j.name,
    nameEn: j.nameEn,
    level: j.level,
    parent: j.parentCode,
    children: children.map((ch) => ({ code: ch.code, name: ch.name, level: ch.level })),
    cycles: cycles.map((cy) => ({ year: cy.year, stage: cy.stage, stageSince: cy.stageSince })),
  });
});

jurisdictionApi.get("/jurisdictions/:code/cycles/:year{[0-9]{4}}", async (c) => {
  const j = await getJurisdiction(c.var.db, c.req.param("code"));
  const cy = await getCycle(c.var.db, j.code, Number(c.req.param("year")));
  return c.json({ jurisdiction: j.code, year: cy.year, stage: cy.stage, stageSince: cy.stageSince });
});

jurisdictionApi.post("/jurisdictions/:code/cycles", async (c) => {
  const grant = await requireAccess(c.var.db, c.var.actor, c.req.param("code"), "cycle.create");
  await createCycle(c.var.db, grant, grant.jurisdiction.code, await jsonBody(c), c.var.now);
  return c.json({ ok: true }, 201);
});

jurisdictionApi.post("/jurisdictions/:code/cycles/:year{[0-9]{4}}/advance", async (c) => {
  const grant = await requireAccess(c.var.db, c.var.actor, c.req.param("code"), "cycle.advance");
  const cycle = await getCycle(c.var.db, grant.jurisdiction.code, Number(c.req.param("year")));
  const stage = await advanceCycle(c.var.db, grant, cycle, await jsonBody(c), c.var.now);
  return c.json({ ok: true, stage });
});

// JSON API for stage 1: the notice, proposals (submit, list, track).
// Public reads never include a proposer's name or phone.
import { proposalLimit } from "../../../platform/auth/rate-limit";
import { getPublishedNotice } from "../../../platform/cycle/notices";
import { createRouter } from "../../../platform/http/app";
import { jsonBody } from "../../../platform/http/body";
import { load } from "../../../platform/http/cycle-page";
import { getProposalByTracking, listProposals, publicProposal, submitProposal } from "../proposals";

export const collectionApi = createRouter();

const CYCLE = "/jurisdictions/:code/cycles/:year{[0-9]{4}}";

collectionApi.get(`${CYCLE}/notice`, async (c) => {
  const { cycle } = await load(c);
  const n = await getPublishedNotice(c.var.db, cycle.id);
  if (!n) return c.json({ error: { code: "not_found", message: c.var.t("error.not_found") } }, 404);
  const { cycleId: _c, updatedAt: _u, ...rest } = n;
  return c.json(rest);
});

collectionApi.post(`${CYCLE}/proposals`, async (c) => {
  const { cycle } = await load(c);
  const r = await submitProposal(
    c.var.db,
    c.var.actor,
    cycle,
    await jsonBody(c),
    c.req.header("cf-connecting-ip") ?? "local",
    c.var.now,
    proposalLimit(c.env.PUBLIC_PROPOSALS_PER_HOUR),
  );
  return c.json(r, r.created ? 201 : 200);
});

collectionApi.get(`${CYCLE}/proposals`, async (c) => {
  const { cycle } = await load(c);
  const page = await listProposals(c.var.db, cycle.id, c.req.query());
  return c.json({ proposals: page.rows.map(publicProposal), next: page.next ?? null });
});

collectionApi.get("/proposals/:trackingNo", async (c) => {
  const { proposal } = await getProposalByTracking(c.var.db, c.req.param("trackingNo"));
  return c.json(publicProposal(proposal));
});

// JSON API for stage 2: the candidate list, public once handed over to the congress.
import { createRouter } from "../../../platform/http/app";
import { load } from "../../../platform/http/cycle-page";
import { candidateText, latestHandover, listCandidates } from "../candidates";

export const screeningApi = createRouter();

const CYCLE = "/jurisdictions/:code/cycles/:year{[0-9]{4}}";

screeningApi.get(`${CYCLE}/candidates`, async (c) => {
  const { cycle } = await load(c);
  const h = await latestHandover(c.var.db, cycle.id);
  // The list is public once handed over to the congress; drafts are the government's.
  if (!h) return c.json({ handedOver: false, candidates: [] });
  const list = await listCandidates(c.var.db, cycle.id);
  return c.json({
    handedOver: true,
    locked: h.returnedAt === null,
    candidates: list.map((x) => ({
      id: x.id,
      position: x.position,
      ...candidateText(x),
      locationDetail: x.locationDetail,
      fundingYuan: x.funding,
      totalYuan: x.totalYuan,
      proposals: x.proposalCount,
    })),
  });
});

// The open API's year-level answers: a city's (or county's) overview of the jurisdictions below
// it, and a closed vote's counts. Counts only: no scrutineer, no ballot, no voter.
import { getJurisdiction } from "../../../platform/cycle/jurisdictions";
import { AppError } from "../../../platform/http/errors";
import { getResults } from "../../voting/counting";
import { getVoteAt } from "../../voting/votes";
import { cityOverview } from "../city";
import { type Operation, YEAR } from "./openapi";
import { withRate } from "./projects";
import { COMPONENTS } from "./schemas";

const overview: Operation<typeof COMPONENTS.Overview> = {
  path: `${YEAR}/overview`,
  operationId: "getOverview",
  summary: "Every jurisdiction below this one (banners, counties, townships) for a year, with totals.",
  schema: COMPONENTS.Overview,
  answers: "The overview.",
  answer: async (c) => {
    const j = await getJurisdiction(c.var.db, c.req.param("code") as string);
    const o = await cityOverview(c.var.db, j, Number(c.req.param("year")));
    return {
      jurisdiction: j,
      year: o.year,
      totals: withRate(o.sum),
      jurisdictions: o.rows.map((r) => ({
        ...r.jurisdiction,
        stage: r.stage,
        ...withRate(r.totals),
      })),
    };
  },
};

const voteResults: Operation<typeof COMPONENTS.VoteResults> = {
  path: `${YEAR}/votes/:vid{[0-9]+}/results`,
  operationId: "getVoteResults",
  summary: "The result of a closed vote (counts per candidate or project); not found while open.",
  schema: COMPONENTS.VoteResults,
  answers: "The result.",
  answer: async (c) => {
    const { vote } = await getVoteAt(
      c.var.db,
      c.req.param("code") as string,
      Number(c.req.param("year")),
      Number(c.req.param("vid")),
    );
    if (vote.status !== "closed") throw new AppError("not_found");
    const { vote: done, results } = await getResults(c.var.db, vote, c.var.now);
    return {
      ...done,
      present: done.presentAtOpen,
      valid: done.validBallots,
      invalid: done.invalidBallots,
      results,
    };
  },
};

export const resultOperations = [overview, voteResults];

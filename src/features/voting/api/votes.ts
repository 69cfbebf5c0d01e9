// JSON API for the vote: status for the big screen (turnout while open, results once closed),
// casting a ballot (deputies), and the receipt check. No endpoint returns a ballot, let alone a
// ballot with its deputy.
import type { Context } from "hono";
import * as v from "valibot";
import { createRouter } from "../../../platform/http/app";
import { jsonBody } from "../../../platform/http/body";
import { readCookie, SESSION_COOKIE } from "../../../platform/http/cookies";
import type { AppEnv } from "../../../platform/http/env";
import { pick } from "../../../platform/lib/pick";
import { parse } from "../../../platform/lib/validate";
import { assessedProjects } from "../assessment";
import { castBallot, receiptRecorded } from "../casting";
import { getResults, OUTCOME_FIELDS, screenState } from "../counting";
import { getVoteAt } from "../votes";

export const voteApi = createRouter();

const VOTE = "/jurisdictions/:code/cycles/:year{[0-9]{4}}/votes/:vid{[0-9]+}";

/** The vote of the path and its cycle, in one query (not_found when any part is missing). */
function load(c: Context<AppEnv>) {
  return getVoteAt(
    c.var.db,
    c.req.param("code") as string,
    Number(c.req.param("year")),
    Number(c.req.param("vid")),
  );
}

voteApi.get(`${VOTE}/status`, async (c) => {
  const { cycle, vote } = await load(c);
  c.header("Cache-Control", "no-store");
  return c.json(await screenState(c.var.db, cycle, vote, c.var.now));
});

voteApi.get(`${VOTE}/results`, async (c) => {
  const { vote } = await load(c);
  const { vote: done, results } = await getResults(c.var.db, vote, c.var.now);
  if (done.kind === "assessment") {
    // 满意度测评: per project 满意/基本满意/不满意/弃权, the grade, and the rate as an exact fraction.
    return c.json({
      kind: done.kind,
      rosterSize: done.rosterSize,
      present: done.presentAtOpen,
      ballotsCast: done.ballotsCast,
      valid: done.validBallots,
      invalid: done.invalidBallots,
      base: done.base,
      gradeBase: done.thresholdBase,
      results: assessedProjects(done, results).map((r) => ({
        candidateId: r.candidateId,
        name: r.name,
        satisfied: r.satisfied,
        basic: r.basic,
        unsatisfied: r.unsatisfied,
        abstain: r.abstain,
        grade: r.grade,
        rate: r.rate,
      })),
    });
  }
  return c.json({
    announcementNo: done.announcementNo,
    rosterSize: done.rosterSize,
    present: done.presentAtOpen,
    ballotsCast: done.ballotsCast,
    valid: done.validBallots,
    invalid: done.invalidBallots,
    placesFilled: done.placesFilled,
    placesTied: done.placesTied,
    shortfall: done.shortfall,
    results: results.map((r) => ({ candidateId: r.candidateId, name: r.name, ...pick(r, OUTCOME_FIELDS) })),
  });
});

const CastBody = v.object({
  ballot: v.unknown(),
  receipt: v.pipe(v.string("field.required"), v.maxLength(40, "field.too_long")),
});

// Casting (../casting.ts): one guarded D1 batch records a well-formed ballot of a deputy entitled to
// vote; otherwise a read-only step gives the precise refusal, in the order of the other routes: an
// unknown vote first, then no session, then a malformed body, then the deputy's right to vote. The
// request context does not load the actor for this route (src/platform/http/context.ts): the batch
// checks the session itself.
voteApi.post(`${VOTE}/ballot`, async (c) => {
  c.header("Cache-Control", "no-store");
  const { outcome } = await castBallot(c.var.db, {
    at: {
      jurisdictionCode: c.req.param("code") as string,
      year: Number(c.req.param("year")),
      voteId: Number(c.req.param("vid")),
    },
    token: readCookie(c, SESSION_COOKIE),
    now: c.var.now,
    surface: "api",
    read: async () => parse(CastBody, await jsonBody(c)),
  });
  return c.json(outcome, outcome.status === "recorded" ? 201 : 200);
});

voteApi.get(`${VOTE}/receipts/:receipt`, async (c) => {
  const { vote } = await load(c);
  return c.json({ recorded: await receiptRecorded(c.var.db, vote.id, c.req.param("receipt").toUpperCase()) });
});

// The vote console (congress staff): create a vote, set its rules (票决办法), freeze, open, close,
// runoff. The routes are here; each screen's loader and view are in vote-list.tsx (the votes and
// the new vote), vote-console.tsx (one vote) and vote-confirm.tsx (a step asked once more).

import type { Context } from "hono";
import type { Cycle, Jurisdiction, Vote } from "../../../platform/data/schema";
import { createRouter } from "../../../platform/http/app";
import { base, CYCLE, cycleWith } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { formFields, refusal, type SentBack, withFieldErrors } from "../../../platform/http/forms";
import { translateLoose } from "../../../platform/i18n";
import { closeVote, createRunoff, createVote, freezeVote, getVote, openVote, updateRules } from "../votes";
import { ConfirmView, loadConfirm } from "./vote-confirm";
import { loadVoteConsole, VoteConsoleView } from "./vote-console";
import { loadVoteList, VoteListView } from "./vote-list";

export const consolePages = createRouter();

const staffCycle = (c: Context<AppEnv>) => cycleWith(c, "vote.manage");

async function votesPage(c: Context<AppEnv>, j: Jurisdiction, cycle: Cycle, sent?: SentBack) {
  const d = await loadVoteList(c, cycle);
  return c.html(<VoteListView c={c} j={j} cycle={cycle} d={d} state={sent ?? {}} />, sent?.status ?? 200);
}

async function consolePage(c: Context<AppEnv>, j: Jurisdiction, cycle: Cycle, vote: Vote, sent?: SentBack) {
  const d = await loadVoteConsole(c, cycle, vote);
  const done = c.req.query("done");
  return c.html(
    <VoteConsoleView c={c} j={j} cycle={cycle} d={d} state={sent ?? {}} done={done} />,
    sent?.status ?? 200,
  );
}

consolePages.get(`${CYCLE}/votes`, async (c) => {
  const { j, cycle } = await staffCycle(c);
  return votesPage(c, j, cycle);
});

consolePages.post(`${CYCLE}/votes`, async (c) => {
  const { j, cycle, grant } = await staffCycle(c);
  const body = await c.req.parseBody({ all: true });
  const values: Record<string, string> = {};
  for (const [k, x] of Object.entries(body)) if (typeof x === "string" && k !== "_csrf") values[k] = x;
  const ids = ([] as unknown[]).concat(body.candidates ?? []).map(Number);
  try {
    const id = await createVote(c.var.db, grant, cycle, Number(values.meetingId), values, ids, c.var.now);
    return c.redirect(`${base(j, cycle)}/votes/${id}`, 303);
  } catch (e) {
    return votesPage(c, j, cycle, { values, ...refusal(c, e, ["illegal_transition"]) });
  }
});

consolePages.get(`${CYCLE}/votes/:vid{[0-9]+}`, async (c) => {
  const { j, cycle } = await staffCycle(c);
  const vote = await getVote(c.var.db, cycle, Number(c.req.param("vid")));
  return consolePage(c, j, cycle, vote);
});

consolePages.post(`${CYCLE}/votes/:vid{[0-9]+}/rules`, async (c) => {
  const { j, cycle, grant } = await staffCycle(c);
  const vote = await getVote(c.var.db, cycle, Number(c.req.param("vid")));
  const values = await formFields(c);
  const r = await withFieldErrors(c, () => updateRules(c.var.db, grant, cycle, vote, values, c.var.now));
  if (!r.ok) return consolePage(c, j, cycle, vote, { values, fields: r.fields, status: 400 });
  return c.redirect(`${base(j, cycle)}/votes/${vote.id}`, 303);
});

consolePages.get(`${CYCLE}/votes/:vid{[0-9]+}/confirm`, async (c) => {
  const { j, cycle } = await staffCycle(c);
  const vote = await getVote(c.var.db, cycle, Number(c.req.param("vid")));
  return c.html(<ConfirmView c={c} j={j} cycle={cycle} d={await loadConfirm(c, cycle, vote)} />);
});

for (const step of ["freeze", "open", "close", "runoff"] as const) {
  consolePages.post(`${CYCLE}/votes/:vid{[0-9]+}/${step}`, async (c) => {
    const { j, cycle, grant } = await staffCycle(c);
    const vote = await getVote(c.var.db, cycle, Number(c.req.param("vid")));
    try {
      if (step === "freeze") await freezeVote(c.var.db, grant, cycle, vote, c.var.now);
      else if (step === "open") await openVote(c.var.db, grant, cycle, vote, c.var.now);
      else if (step === "close") await closeVote(c.var.db, grant, cycle, vote, c.var.now);
      else {
        const id = await createRunoff(c.var.db, grant, cycle, vote, c.var.now);
        return c.redirect(`${base(j, cycle)}/votes/${id}`, 303);
      }
    } catch (e) {
      if (e instanceof AppError && (e.code === "illegal_transition" || e.code === "conflict")) {
        return consolePage(c, j, cycle, await getVote(c.var.db, cycle, vote.id), {
          error: translateLoose(c.var.t, e.reason, "error.illegal_transition"),
          status: 409,
        });
      }
      throw e;
    }
    return c.redirect(`${base(j, cycle)}/votes/${vote.id}?done=${step}`, 303);
  });
}

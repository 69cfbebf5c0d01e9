// The deputy's ballot: fill in → review → confirm, and the receipt check.
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import { actorFromToken } from "../../../platform/auth/sessions";
import { createRouter, pageContext } from "../../../platform/http/app";
import { readCookie, SESSION_COOKIE } from "../../../platform/http/cookies";
import { base, Crumbs, CYCLE, load } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { type MessageKey, translateLoose } from "../../../platform/i18n";
import { Field } from "../../../platform/ui/fields";
import { Layout, Notice, PostForm } from "../../../platform/ui/layout";
import type { VoteAddress } from "../ballot-box";
import { ballotFacts, castBallot, deputyBallot, newReceipt, receiptRecorded } from "../casting";
import type { AssessChoice, BallotBody, BallotForm, Choice } from "../tally-types";
import { getVote, getVoteAt } from "../votes";
import { assessChoices } from "./assessment-views";

export const ballotPages = createRouter();

// ---- The deputy's ballot ------------------------------------------------------------------------

type Filled = Record<string, string>;
type Form = Record<string, string | string[] | File | (string | File)[]>;

/**
 * Reads the ballot fields of a form: `c-<id>` = for|against|abstain, or `tick` = ids; on an
 * assessment `c-<id>` = satisfied|basic|unsatisfied (|abstain when the rules allow it).
 */
function readBallot(
  rules: { form: BallotForm; allowAbstain?: boolean | undefined },
  ids: number[],
  body: Form,
): { ballot: BallotBody; filled: Filled } {
  const filled: Filled = {};
  if (rules.form === "assess") {
    const allowed: readonly string[] = assessChoices({ allowAbstain: rules.allowAbstain === true });
    const choices: Record<string, AssessChoice> = {};
    for (const id of ids) {
      const x = body[`c-${id}`];
      if (typeof x === "string" && allowed.includes(x)) {
        choices[String(id)] = x as AssessChoice;
        filled[`c-${id}`] = x;
      }
    }
    return { ballot: { form: "assess", choices }, filled };
  }
  if (rules.form === "per_candidate") {
    const choices: Record<string, Choice> = {};
    for (const id of ids) {
      const x = body[`c-${id}`];
      if (x === "for" || x === "against" || x === "abstain") {
        choices[String(id)] = x;
        filled[`c-${id}`] = x;
      }
    }
    return { ballot: { form: "per_candidate", choices }, filled };
  }
  const ticks = ([] as unknown[])
    .concat(body.tick ?? [])
    .map(Number)
    .filter((n) => ids.includes(n));
  for (const n of ticks) filled[`t-${n}`] = "1";
  return { ballot: { form: "choose_n", ticks: [...new Set(ticks)] }, filled };
}

/** The vote of the address (the path's code, year and vote id). */
function addressOf(c: Context<AppEnv>): VoteAddress {
  return {
    jurisdictionCode: c.req.param("code") as string,
    year: Number(c.req.param("year")),
    voteId: Number(c.req.param("vid")),
  };
}

const votePath = (at: VoteAddress) => `/j/${at.jurisdictionCode}/${at.year}/votes/${at.voteId}`;

/**
 * The signed-in deputy's ballot of the address, with the session, the list, the register and
 * attendance in one read (../casting.ts ballotFacts). The request context leaves the actor of the
 * ballot's pages to this read (src/platform/http/context.ts).
 */
async function deputyVote(c: Context<AppEnv>) {
  const at = addressOf(c);
  const facts = await ballotFacts(c.var.db, at, readCookie(c, SESSION_COOKIE), c.var.now);
  c.set("actor", facts.actor);
  return { at, facts, ...deputyBallot(facts, facts.actor, at) };
}

async function ballotPage(c: Context<AppEnv>, prefill: Filled = {}, receipt?: string, status = 200) {
  const { at, vote, facts } = await deputyVote(c);
  const ctx = pageContext(c);
  const { t } = ctx;
  const { candidates: list, registered: voted, present } = facts;
  const path = votePath(at);
  let body: Child;
  if (voted) body = <Notice kind="ok">{t("ballot.voted")}</Notice>;
  else if (vote.status !== "open")
    body = <Notice kind="info">{t(vote.status === "closed" ? "ballot.closed" : "ballot.not_open")}</Notice>;
  else if (!present) {
    body = (
      <>
        <Notice kind="info">{t("ballot.checkin_first")}</Notice>
        <PostForm
          ctx={ctx}
          action={`/j/${at.jurisdictionCode}/${at.year}/meetings/${vote.meetingId}/checkin`}
        >
          <button type="submit" class="big">
            {t("meeting.checkin")}
          </button>
        </PostForm>
      </>
    );
  } else {
    body = (
      <PostForm ctx={ctx} action={`${path}/ballot/review`} class="ballot">
        <input type="hidden" name="receipt" value={receipt ?? newReceipt()} />
        <p>
          {vote.form === "per_candidate"
            ? t("ballot.help.per_candidate")
            : vote.form === "assess"
              ? t(vote.allowAbstain ? "assess.ballot.help" : "assess.ballot.help_no_abstain")
              : t("ballot.help.choose_n", { n: vote.maxTicks })}
        </p>
        {list.map((x) =>
          vote.form === "assess" ? (
            // 满意 / 基本满意 / 不满意 (/ 弃权): three or four large targets per project.
            <fieldset class="choice">
              <legend>
                {x.position}. {x.name}
              </legend>
              <div class={`opts opts-${assessChoices(vote).length}`}>
                {assessChoices(vote).map((k) => (
                  <label class={`opt opt-${k}`}>
                    <input type="radio" name={`c-${x.id}`} value={k} checked={prefill[`c-${x.id}`] === k} />{" "}
                    {t(`assess.${k}`)}
                  </label>
                ))}
              </div>
            </fieldset>
          ) : vote.form === "per_candidate" ? (
            <fieldset class="choice">
              <legend>
                {x.position}. {x.name}
              </legend>
              <div class="opts">
                {(["for", "against", "abstain"] as const).map((k) => (
                  <label class={`opt opt-${k}`}>
                    <input type="radio" name={`c-${x.id}`} value={k} checked={prefill[`c-${x.id}`] === k} />{" "}
                    {t(`vote.${k}`)}
                  </label>
                ))}
              </div>
            </fieldset>
          ) : (
            <label class="tick">
              <input
                type="checkbox"
                name="tick"
                value={String(x.id)}
                checked={prefill[`t-${x.id}`] === "1"}
              />{" "}
              {x.position}. {x.name}
            </label>
          ),
        )}
        <button type="submit" class="big">
          {t("ballot.review")}
        </button>
      </PostForm>
    );
  }
  return c.html(
    <Layout ctx={ctx} title={vote.title}>
      <h1>{vote.title}</h1>
      <p class="muted">{t("ballot.secret")}</p>
      {body}
      <p>
        <a href={`${path}/receipt`}>{t("receipt.check")}</a>
      </p>
    </Layout>,
    status as 200,
  );
}

ballotPages.get(`${CYCLE}/votes/:vid{[0-9]+}/ballot`, (c) => ballotPage(c));

/** "Back to change": the filled ballot comes back to the form. */
ballotPages.post(`${CYCLE}/votes/:vid{[0-9]+}/ballot`, async (c) => {
  const { vote, facts } = await deputyVote(c);
  const ids = facts.candidates.map((x) => x.id);
  const body = await c.req.parseBody({ all: true });
  const receipt = typeof body.receipt === "string" ? body.receipt : undefined;
  return ballotPage(c, readBallot(vote, ids, body).filled, receipt);
});

ballotPages.post(`${CYCLE}/votes/:vid{[0-9]+}/ballot/review`, async (c) => {
  const { at, vote, facts } = await deputyVote(c);
  const ctx = pageContext(c);
  const { t } = ctx;
  const list = facts.candidates;
  const body = await c.req.parseBody({ all: true });
  const receipt = typeof body.receipt === "string" ? body.receipt : "";
  const { ballot, filled } = readBallot(
    vote,
    list.map((x) => x.id),
    body,
  );
  const path = votePath(at);
  const overTicked = ballot.form === "choose_n" && ballot.ticks.length > vote.maxTicks;
  // An assessment without 弃权 must answer every project, or its ballot is invalid (./tally.ts).
  const unanswered =
    ballot.form === "assess" && !vote.allowAbstain
      ? list.filter((x) => !ballot.choices[String(x.id)]).length
      : 0;
  const Hidden = () => (
    <>
      <input type="hidden" name="receipt" value={receipt} />
      {Object.entries(filled).map(([k, x]) =>
        k.startsWith("t-") ? (
          <input type="hidden" name="tick" value={k.slice(2)} />
        ) : (
          <input type="hidden" name={k} value={x} />
        ),
      )}
    </>
  );
  return c.html(
    <Layout ctx={ctx} title={t("ballot.review_title")}>
      <h1>{t("ballot.review_title")}</h1>
      <p>{t("ballot.review_text")}</p>
      {overTicked ? <Notice kind="error">{t("ballot.overticked", { n: vote.maxTicks })}</Notice> : null}
      {unanswered ? <Notice kind="error">{t("assess.ballot.incomplete", { n: unanswered })}</Notice> : null}
      <ol class="review">
        {list.map((x) => {
          if (ballot.form === "assess") {
            const mine = ballot.choices[String(x.id)];
            return (
              <li>
                <span>{x.name}：</span>
                <strong class={`pick pick-${mine ?? (vote.allowAbstain ? "abstain" : "none")}`}>
                  {mine
                    ? t(`assess.${mine}`)
                    : (vote.allowAbstain ? t("assess.abstain") : "") + t("ballot.unanswered")}
                </strong>
              </li>
            );
          }
          const pick =
            ballot.form === "per_candidate"
              ? (ballot.choices[String(x.id)] ?? "abstain")
              : ballot.ticks.includes(x.id)
                ? "for"
                : "abstain";
          return (
            <li>
              <span>{x.name}：</span>
              <strong class={`pick pick-${pick}`}>
                {ballot.form === "per_candidate"
                  ? t(`vote.${pick}`) + (ballot.choices[String(x.id)] ? "" : t("ballot.unanswered"))
                  : ballot.ticks.includes(x.id)
                    ? t("ballot.ticked")
                    : t("ballot.not_ticked")}
              </strong>
            </li>
          );
        })}
      </ol>
      <p>
        {t("ballot.receipt_is")} <strong class="code receipt">{receipt}</strong>
      </p>
      {overTicked || unanswered ? null : (
        <PostForm ctx={ctx} action={`${path}/ballot/cast`}>
          <Hidden />
          <button type="submit" class="big danger">
            {t("ballot.cast")}
          </button>
        </PostForm>
      )}
      <PostForm ctx={ctx} action={`${path}/ballot`}>
        <Hidden />
        <button type="submit" class="secondary">
          {t("ballot.change")}
        </button>
      </PostForm>
    </Layout>,
  );
});

/**
 * Confirming: the one cast (../casting.ts), which reads nothing before its guarded write. The
 * request context does not load the actor for this route (src/platform/http/context.ts): the
 * write answers who cast, and a refusal loads the actor to show it signed in, as every page does.
 */
ballotPages.post(`${CYCLE}/votes/:vid{[0-9]+}/ballot/cast`, async (c) => {
  const at = addressOf(c);
  const token = readCookie(c, SESSION_COOKIE);
  const form = await c.req.parseBody({ all: true });
  const receipt = typeof form.receipt === "string" ? form.receipt : "";
  let message: MessageKey;
  try {
    const { outcome, deputy } = await castBallot(c.var.db, {
      at,
      token,
      now: c.var.now,
      surface: "page",
      read: async (rules, ids) => ({ ballot: readBallot(rules, ids, form).ballot, receipt }),
    });
    c.set("actor", deputy);
    message =
      outcome.status === "recorded"
        ? "ballot.recorded"
        : outcome.status === "already_recorded"
          ? "ballot.already_recorded"
          : "ballot.already_voted";
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    c.set("actor", token ? await actorFromToken(c.var.db, token, c.var.now) : null);
    if (e.code !== "illegal_transition") throw e;
    const { vote } = await getVoteAt(c.var.db, at.jurisdictionCode, at.year, at.voteId);
    const ctx = pageContext(c);
    return c.html(
      <Layout ctx={ctx} title={vote.title}>
        <h1>{vote.title}</h1>
        <Notice kind="error">{translateLoose(ctx.t, e.reason, "error.illegal_transition")}</Notice>
      </Layout>,
      409,
    );
  }
  const ctx = pageContext(c);
  const { t } = ctx;
  c.header("Cache-Control", "no-store");
  return c.html(
    <Layout ctx={ctx} title={t(message)}>
      <h1>{t(message)}</h1>
      {message !== "ballot.already_voted" ? (
        <Notice kind="ok">
          {t("ballot.receipt_is")} <strong class="code receipt">{receipt}</strong>
          {t("ballot.receipt_keep")}
        </Notice>
      ) : (
        <Notice kind="info">{t("ballot.first_counts")}</Notice>
      )}
      <p>
        <a href={`${votePath(at)}/receipt`}>{t("receipt.check")}</a>
      </p>
    </Layout>,
  );
});

ballotPages.get(`${CYCLE}/votes/:vid{[0-9]+}/receipt`, async (c) => {
  const { j, cycle } = await load(c);
  const vote = await getVote(c.var.db, cycle, Number(c.req.param("vid")));
  const ctx = pageContext(c);
  const { t } = ctx;
  const typed = (c.req.query("code") ?? "").toUpperCase().replace(/[\s-]/g, "");
  const code = typed.length === 16 ? (typed.match(/.{4}/g) ?? []).join("-") : typed;
  const found = code ? await receiptRecorded(c.var.db, vote.id, code) : null;
  return c.html(
    <Layout ctx={ctx} title={t("receipt.check")}>
      <Crumbs c={c} j={j} cycle={cycle} />
      <h1>{t("receipt.check")}</h1>
      <p>{t("receipt.intro")}</p>
      {found === true ? (
        <Notice kind="ok">{t("receipt.found")}</Notice>
      ) : found === false ? (
        <Notice kind="error">{t("receipt.not_found")}</Notice>
      ) : null}
      <form method="get" action={`${base(j, cycle)}/votes/${vote.id}/receipt`} class="card">
        <Field name="code" label={t("receipt.code")} value={code} />
        <button type="submit">{t("track.go")}</button>
      </form>
    </Layout>,
  );
});

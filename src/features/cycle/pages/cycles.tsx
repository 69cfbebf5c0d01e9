// Public pages: the home page, a jurisdiction's page with its cycles, and a cycle's page with its
// stages; plus the forms that create a cycle and move it forward (with a confirmation step).
import type { Context } from "hono";
import { can, requireAccess } from "../../../platform/auth/permissions";
import { advanceCycle, createCycle, cycleFacts, getCycle, listCycles } from "../../../platform/cycle/cycles";
import { getJurisdiction, listAll, listChildren } from "../../../platform/cycle/jurisdictions";
import { collectionState, getPublishedNotice } from "../../../platform/cycle/notices";
import { checkAdvance, moversOf, nextStage, stageIndex } from "../../../platform/cycle/stages";
import type { Cycle, Jurisdiction } from "../../../platform/data/schema";
import { createRouter, pageContext } from "../../../platform/http/app";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { formFields, jurisdictionName, withFieldErrors } from "../../../platform/http/forms";
import { formatDate, translateLoose } from "../../../platform/i18n";
import { todayInChina } from "../../../platform/lib/dates";
import { Field } from "../../../platform/ui/fields";
import { Layout, Notice, PostForm } from "../../../platform/ui/layout";
import { StageBadge, StageSteps } from "../../../platform/ui/stages";
import { listMeetings } from "../../voting/attendance";
import { listVotes } from "../../voting/votes";

export const cyclePages = createRouter();

cyclePages.get("/", async (c) => {
  const ctx = pageContext(c);
  const { t } = ctx;
  const all = await listAll(c.var.db);
  return c.html(
    <Layout ctx={ctx} title={t("home.title")}>
      <h1>{t("home.title")}</h1>
      <p class="lead">{t("home.intro")}</p>
      <p class="tagline">{t("app.tagline")}</p>
      <h2>{t("home.jurisdictions")}</h2>
      <ul class="tree">
        {all.map((j) => (
          <li class={`level-${j.level}`}>
            <a href={`/j/${j.code}`}>{jurisdictionName(c, j)}</a>{" "}
            <span class="muted">{t(`level.${j.level}`)}</span>
          </li>
        ))}
      </ul>
    </Layout>,
  );
});

async function jurisdictionPage(
  c: Context<AppEnv>,
  j: Jurisdiction,
  form?: { year?: string; error?: string },
  status = 200,
) {
  const ctx = pageContext(c);
  const { t } = ctx;
  const [cycles, children] = await Promise.all([
    listCycles(c.var.db, j.code),
    listChildren(c.var.db, j.code),
  ]);
  const actor = c.var.actor;
  const created = c.req.query("created");
  return c.html(
    <Layout ctx={ctx} title={jurisdictionName(c, j)}>
      <h1>{jurisdictionName(c, j)}</h1>
      <p class="muted">{t(`level.${j.level}`)}</p>
      {created ? <Notice kind="ok">{t("jur.created", { year: created })}</Notice> : null}
      {actor && (can(actor, j, "roster.read") || can(actor, j, "audit.read")) ? (
        <nav class="actions" aria-label={t("jur.links")}>
          {can(actor, j, "roster.read") ? <a href={`/j/${j.code}/roster`}>{t("jur.roster")}</a> : null}
          {can(actor, j, "audit.read") ? <a href={`/j/${j.code}/audit`}>{t("jur.audit")}</a> : null}
        </nav>
      ) : null}
      {j.level === "city" ? (
        <p>
          <a class="button" href={`/j/${j.code}/${todayInChina(c.var.now).slice(0, 4)}/overview`}>
            {t("pub.city.link")}
          </a>
        </p>
      ) : null}
      {j.level !== "city" ? (
        <section>
          <h2>{t("jur.cycles")}</h2>
          {cycles.length === 0 ? <p>{t("home.no_cycles")}</p> : null}
          <ul class="cards">
            {cycles.map((cy) => (
              <li>
                <a href={`/j/${j.code}/${cy.year}`}>{t("jur.year", { year: cy.year })}</a>{" "}
                <StageBadge t={t} stage={cy.stage} />
              </li>
            ))}
          </ul>
          {can(actor, j, "cycle.create") ? (
            <PostForm ctx={ctx} action={`/j/${j.code}/cycles`} class="card">
              <h3>{t("jur.create_cycle")}</h3>
              <Field
                name="year"
                label={t("jur.create_cycle.year")}
                inputmode="numeric"
                value={form?.year ?? String(Number(todayInChina(c.var.now).slice(0, 4)) + 1)}
                error={form?.error}
                required
              />
              <button type="submit">{t("jur.create_cycle.submit")}</button>
            </PostForm>
          ) : null}
        </section>
      ) : null}
      {children.length > 0 ? (
        <section>
          <h2>{t("jur.subordinates")}</h2>
          <ul class="cards">
            {children.map((ch) => (
              <li>
                <a href={`/j/${ch.code}`}>{jurisdictionName(c, ch)}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>,
    status as 200,
  );
}

cyclePages.get("/j/:code", async (c) =>
  jurisdictionPage(c, await getJurisdiction(c.var.db, c.req.param("code"))),
);

cyclePages.post("/j/:code/cycles", async (c) => {
  const { jurisdiction: j, actor } = await requireAccess(
    c.var.db,
    c.var.actor,
    c.req.param("code"),
    "cycle.create",
  );
  const fields = await formFields(c);
  const result = await withFieldErrors(c, () => createCycle(c.var.db, actor, j.code, fields, c.var.now));
  if (!result.ok) return jurisdictionPage(c, j, { year: fields.year, error: result.fields.year }, 400);
  return c.redirect(`/j/${j.code}?created=${encodeURIComponent(fields.year ?? "")}`, 303);
});

async function cyclePage(c: Context<AppEnv>, j: Jurisdiction, cycle: Cycle) {
  const ctx = pageContext(c);
  const { t, actor } = ctx;
  const next = nextStage(cycle.stage);
  const mayMove =
    actor && next && can(actor, j, "cycle.advance") && moversOf(cycle.stage).includes(actor.role);
  // Show the move only when it would succeed; otherwise say what is still missing.
  const verdict =
    mayMove && next
      ? checkAdvance(cycle.stage, next, actor.role, await cycleFacts(c.var.db, cycle, c.var.now))
      : null;
  const notice = await getPublishedNotice(c.var.db, cycle.id);
  const moved = c.req.query("moved");
  const title = t("cycle.title", { name: jurisdictionName(c, j), year: cycle.year });
  const base = `/j/${j.code}/${cycle.year}`;
  const links: [string, string][] = [];
  if (notice || can(actor, j, "notice.edit")) links.push([`${base}/notice`, t("notice.title")]);
  if (notice && collectionState(cycle, notice, c.var.now) === "open")
    links.push([`${base}/propose`, t("propose.link")]);
  if (notice) links.push([`${base}/proposals`, t("list.link")]);
  if (can(actor, j, "proposal.screen") && cycle.stage !== "collect")
    links.push([`${base}/screening`, t("screen.link")]);
  if (stageIndex(cycle.stage) >= 1) links.push([`${base}/candidates`, t("cand.link")]);
  if (stageIndex(cycle.stage) >= 2) links.push([`${base}/deliberation`, t("delib.link")]);
  if (cycle.stage === "supervise") {
    links.push([`${base}/projects`, t("proj.link")], [`${base}/satisfaction`, t("assess.public_link")]);
    if (can(actor, j, "supervision.overview"))
      links.push(
        [`${base}/supervision`, t("sup.overview.link")],
        [`${base}/supervision/half-year`, t("sup.hy.link")],
      );
    if (can(actor, j, "vote.manage")) links.push([`${base}/assessments`, t("assess.link")]);
  }
  if (stageIndex(cycle.stage) >= 2 && can(actor, j, "vote.manage")) {
    links.push([`${base}/meetings`, t("meeting.link")], [`${base}/votes`, t("vote.link")]);
  }
  if (stageIndex(cycle.stage) >= 2) {
    const list = await listVotes(c.var.db, cycle.id);
    const deputyHere = actor?.kind === "deputy" && actor.jurisdictionCode === j.code;
    // A deputy checks in to the session from here, before the vote opens too (the quorum needs it).
    if (
      deputyHere &&
      (cycle.stage === "deliberate" || cycle.stage === "vote" || cycle.stage === "supervise")
    ) {
      for (const m of await listMeetings(c.var.db, cycle.id))
        links.push([`${base}/meetings/${m.id}`, `${t("meeting.checkin")}：${m.title}`]);
    }
    for (const v of list) {
      if (v.status === "closed")
        links.push([`${base}/votes/${v.id}/announcement`, `${t("ann.link")}：${v.title}`]);
      else if (v.status === "open" && deputyHere)
        links.push([`${base}/votes/${v.id}/ballot`, `${t("meeting.checkin")} / ${v.title}`]);
      if (v.status !== "draft")
        links.push([`${base}/votes/${v.id}/screen`, `${t("screen.big")}：${v.title}`]);
    }
  }
  return c.html(
    <Layout ctx={ctx} title={title}>
      <p class="crumbs">
        <a href={`/j/${j.code}`}>{jurisdictionName(c, j)}</a>
      </p>
      <h1>{title}</h1>
      {moved ? <Notice kind="ok">{t("stage.advanced", { stage: t(`stage.${cycle.stage}`) })}</Notice> : null}
      <h2>{t("cycle.stages")}</h2>
      <StageSteps t={t} stage={cycle.stage} />
      <p class="muted">{t("stage.since", { date: formatDate(ctx.locale, cycle.stageSince) })}</p>
      {verdict?.ok && next ? (
        <p>
          <a class="button" href={`${base}/advance?to=${next}`}>
            {t("stage.advance", { stage: t(`stage.${next}`) })}
          </a>
        </p>
      ) : verdict && !verdict.ok ? (
        <Notice kind="info">{translateLoose(t, verdict.reason, "error.illegal_transition")}</Notice>
      ) : null}
      {links.length ? (
        <nav aria-label={t("cycle.links")}>
          <ul class="cards">
            {links.map(([href, label]) => (
              <li>
                <a href={href}>{label}</a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <p class="muted">{t("cycle.public_note")}</p>
    </Layout>,
  );
}

const YEAR = "/j/:code/:year{[0-9]{4}}";

async function loadCycle(c: Context<AppEnv>) {
  const j = await getJurisdiction(c.var.db, c.req.param("code") as string);
  const cycle = await getCycle(c.var.db, j.code, Number(c.req.param("year")));
  return { j, cycle };
}

/** A cycle the actor may move: unauthenticated, not found or forbidden otherwise. */
async function loadCycleToMove(c: Context<AppEnv>) {
  const { jurisdiction: j, actor } = await requireAccess(
    c.var.db,
    c.var.actor,
    c.req.param("code") as string,
    "cycle.advance",
  );
  const cycle = await getCycle(c.var.db, j.code, Number(c.req.param("year")));
  return { j, cycle, actor };
}

cyclePages.get(YEAR, async (c) => {
  const { j, cycle } = await loadCycle(c);
  return cyclePage(c, j, cycle);
});

/** The confirmation step before an irreversible move; works without JavaScript. */
cyclePages.get(`${YEAR}/advance`, async (c) => {
  const { j, cycle } = await loadCycleToMove(c);
  const next = nextStage(cycle.stage);
  if (!next || c.req.query("to") !== next)
    throw new AppError("illegal_transition", { reason: "stage.reason.not_next" });
  const ctx = pageContext(c);
  const { t } = ctx;
  const names = { year: cycle.year, from: t(`stage.${cycle.stage}`), to: t(`stage.${next}`) };
  return c.html(
    <Layout ctx={ctx} title={t("stage.advance.confirm_title")}>
      <h1>{t("stage.advance.confirm_title")}</h1>
      <p>{t("stage.advance.confirm_text", names)}</p>
      <PostForm ctx={ctx} action={`/j/${j.code}/${cycle.year}/advance`}>
        <input type="hidden" name="from" value={cycle.stage} />
        <input type="hidden" name="to" value={next} />
        <button type="submit" class="danger">
          {t("stage.advance.confirm", names)}
        </button>{" "}
        <a href={`/j/${j.code}/${cycle.year}`}>{t("stage.advance.cancel")}</a>
      </PostForm>
    </Layout>,
  );
});

cyclePages.post(`${YEAR}/advance`, async (c) => {
  const { j, cycle, actor } = await loadCycleToMove(c);
  await advanceCycle(c.var.db, actor, cycle, await formFields(c), c.var.now);
  return c.redirect(`/j/${j.code}/${cycle.year}?moved=1`, 303);
});

// Public pages: the home page, a jurisdiction's page with its cycles, and a cycle's page with its
// stages; plus the forms that create a cycle and move it forward (with a confirmation step).
import type { Context } from "hono";
import { can, requireAccess } from "../../../platform/auth/permissions";
import { advanceCycle, createCycle, cycleFacts, listCycles } from "../../../platform/cycle/cycles";
import { getJurisdiction, listAll, listChildren } from "../../../platform/cycle/jurisdictions";
import { collectionState, getPublishedNotice } from "../../../platform/cycle/notices";
import { checkAdvance, moversOf, nextStage, type Stage, stageIndex } from "../../../platform/cycle/stages";
import type { Cycle, Jurisdiction } from "../../../platform/data/schema";
import { createRouter, pageContext } from "../../../platform/http/app";
import { base, CYCLE, cycleWith, load } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { formFields, jurisdictionName, withFieldErrors } from "../../../platform/http/forms";
import { formatDate, translateLoose } from "../../../platform/i18n";
import { todayInChina } from "../../../platform/lib/dates";
import { Field } from "../../../platform/ui/fields";
import { ButtonLink, Layout, Notice, type PageContext, PostForm } from "../../../platform/ui/layout";
import { StageBadge, StageSteps } from "../../../platform/ui/stages";
import { listMeetings } from "../../voting/attendance";
import { listVotes } from "../../voting/votes";

export const cyclePages = createRouter();

type Named = { code: string; level: Jurisdiction["level"]; name: string };

const named = (c: Context<AppEnv>, j: Jurisdiction): Named => ({
  code: j.code,
  level: j.level,
  name: jurisdictionName(c, j),
});

// ---- Home -----------------------------------------------------------------------------------------

function HomeView(props: { ctx: PageContext; all: Named[] }) {
  const { t } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t("home.title")}>
      <h1>{t("home.title")}</h1>
      <p class="lead">{t("home.intro")}</p>
      <p class="tagline">{t("app.tagline")}</p>
      <h2>{t("home.jurisdictions")}</h2>
      <ul class="tree">
        {props.all.map((j) => (
          <li class={`level-${j.level}`}>
            <a href={`/j/${j.code}`}>{j.name}</a> <span class="muted">{t(`level.${j.level}`)}</span>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

cyclePages.get("/", async (c) => {
  const all = (await listAll(c.var.db)).map((j) => named(c, j));
  return c.html(<HomeView ctx={pageContext(c)} all={all} />);
});

// ---- A jurisdiction and its cycles ----------------------------------------------------------------

async function loadJurisdiction(c: Context<AppEnv>, j: Jurisdiction) {
  const [cycles, children] = await Promise.all([
    listCycles(c.var.db, j.code),
    listChildren(c.var.db, j.code),
  ]);
  const actor = c.var.actor;
  const year = Number(todayInChina(c.var.now).slice(0, 4));
  return {
    j: named(c, j),
    cycles,
    children: children.map((ch) => named(c, ch)),
    roster: can(actor, j, "roster.read"),
    audit: can(actor, j, "audit.read"),
    createCycle: can(actor, j, "cycle.create"),
    year,
  };
}

type JurisdictionData = Awaited<ReturnType<typeof loadJurisdiction>>;
type YearForm = { year?: string | undefined; error?: string | undefined };

function JurisdictionView(props: {
  ctx: PageContext;
  data: JurisdictionData;
  form: YearForm;
  created?: string;
}) {
  const { ctx, data, form } = props;
  const { t } = ctx;
  const { j } = data;
  return (
    <Layout ctx={ctx} title={j.name}>
      <h1>{j.name}</h1>
      <p class="muted">{t(`level.${j.level}`)}</p>
      {props.created ? <Notice kind="ok">{t("jur.created", { year: props.created })}</Notice> : null}
      {data.roster || data.audit ? (
        <nav class="actions" aria-label={t("jur.links")}>
          {data.roster ? <a href={`/j/${j.code}/roster`}>{t("jur.roster")}</a> : null}
          {data.audit ? <a href={`/j/${j.code}/audit`}>{t("jur.audit")}</a> : null}
        </nav>
      ) : null}
      {j.level === "city" ? (
        <ButtonLink href={`/j/${j.code}/${data.year}/overview`}>{t("pub.city.link")}</ButtonLink>
      ) : (
        <section>
          <h2>{t("jur.cycles")}</h2>
          {data.cycles.length === 0 ? <p>{t("home.no_cycles")}</p> : null}
          <ul class="cards">
            {data.cycles.map((cy) => (
              <li>
                <a href={`/j/${j.code}/${cy.year}`}>{t("jur.year", { year: cy.year })}</a>{" "}
                <StageBadge t={t} stage={cy.stage} />
              </li>
            ))}
          </ul>
          {data.createCycle ? (
            <PostForm ctx={ctx} action={`/j/${j.code}/cycles`} class="card">
              <h3>{t("jur.create_cycle")}</h3>
              <Field
                name="year"
                label={t("jur.create_cycle.year")}
                inputmode="numeric"
                value={form.year ?? String(data.year + 1)}
                error={form.error}
                required
              />
              <button type="submit">{t("jur.create_cycle.submit")}</button>
            </PostForm>
          ) : null}
        </section>
      )}
      {data.children.length > 0 ? (
        <section>
          <h2>{t("jur.subordinates")}</h2>
          <ul class="cards">
            {data.children.map((ch) => (
              <li>
                <a href={`/j/${ch.code}`}>{ch.name}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}

async function jurisdictionPage(c: Context<AppEnv>, j: Jurisdiction, form: YearForm = {}, status = 200) {
  const data = await loadJurisdiction(c, j);
  const created = c.req.query("created");
  return c.html(
    <JurisdictionView ctx={pageContext(c)} data={data} form={form} created={created} />,
    status as 200,
  );
}

cyclePages.get("/j/:code", async (c) =>
  jurisdictionPage(c, await getJurisdiction(c.var.db, c.req.param("code"))),
);

cyclePages.post("/j/:code/cycles", async (c) => {
  const grant = await requireAccess(c.var.db, c.var.actor, c.req.param("code"), "cycle.create");
  const j = grant.jurisdiction;
  const fields = await formFields(c);
  const result = await withFieldErrors(c, () => createCycle(c.var.db, grant, j.code, fields, c.var.now));
  if (!result.ok) return jurisdictionPage(c, j, { year: fields.year, error: result.fields.year }, 400);
  return c.redirect(`/j/${j.code}?created=${encodeURIComponent(fields.year ?? "")}`, 303);
});

// ---- A cycle and its stages -------------------------------------------------------------------------

/** The pages of a cycle the actor may open at its stage, as [href, label]. */
async function cycleLinks(c: Context<AppEnv>, j: Jurisdiction, cycle: Cycle): Promise<[string, string][]> {
  const { t, actor, db, now } = c.var;
  const path = base(j, cycle);
  const at = stageIndex(cycle.stage);
  const notice = await getPublishedNotice(db, cycle.id);
  const links: [string, string][] = [];
  if (notice || can(actor, j, "notice.edit")) links.push([`${path}/notice`, t("notice.title")]);
  if (notice && collectionState(cycle, notice, now) === "open")
    links.push([`${path}/propose`, t("propose.link")]);
  if (notice) links.push([`${path}/proposals`, t("list.link")]);
  if (can(actor, j, "proposal.screen") && cycle.stage !== "collect")
    links.push([`${path}/screening`, t("screen.link")]);
  if (at >= 1) links.push([`${path}/candidates`, t("cand.link")]);
  if (at >= 2) links.push([`${path}/deliberation`, t("delib.link")]);
  if (cycle.stage === "supervise") {
    links.push([`${path}/projects`, t("proj.link")], [`${path}/satisfaction`, t("assess.public_link")]);
    if (can(actor, j, "supervision.overview"))
      links.push(
        [`${path}/supervision`, t("sup.overview.link")],
        [`${path}/supervision/half-year`, t("sup.hy.link")],
      );
    if (can(actor, j, "vote.manage")) links.push([`${path}/assessments`, t("assess.link")]);
  }
  if (at < 2) return links;
  if (can(actor, j, "vote.manage"))
    links.push([`${path}/meetings`, t("meeting.link")], [`${path}/votes`, t("vote.link")]);
  const list = await listVotes(db, cycle.id);
  const deputyHere = actor?.kind === "deputy" && actor.jurisdictionCode === j.code;
  // A deputy checks in to the session from here, before the vote opens too (the quorum needs it).
  if (deputyHere && (cycle.stage === "deliberate" || cycle.stage === "vote" || cycle.stage === "supervise")) {
    for (const m of await listMeetings(db, cycle.id))
      links.push([`${path}/meetings/${m.id}`, `${t("meeting.checkin")}：${m.title}`]);
  }
  for (const v of list) {
    if (v.status === "closed")
      links.push([`${path}/votes/${v.id}/announcement`, `${t("ann.link")}：${v.title}`]);
    else if (v.status === "open" && deputyHere)
      links.push([`${path}/votes/${v.id}/ballot`, `${t("meeting.checkin")} / ${v.title}`]);
    if (v.status !== "draft") links.push([`${path}/votes/${v.id}/screen`, `${t("screen.big")}：${v.title}`]);
  }
  return links;
}

async function loadCycle(c: Context<AppEnv>, j: Jurisdiction, cycle: Cycle) {
  const actor = c.var.actor;
  const next = nextStage(cycle.stage);
  const mayMove =
    actor && next && can(actor, j, "cycle.advance") && moversOf(cycle.stage).includes(actor.role);
  // Show the move only when it would succeed; otherwise say what is still missing.
  const verdict =
    mayMove && next
      ? checkAdvance(cycle.stage, next, actor.role, await cycleFacts(c.var.db, cycle, c.var.now))
      : null;
  return {
    j: named(c, j),
    cycle,
    path: base(j, cycle),
    next,
    verdict,
    links: await cycleLinks(c, j, cycle),
  };
}

type CycleData = Awaited<ReturnType<typeof loadCycle>>;

/** The move to the next stage when it would succeed, else what is still missing. */
function NextMove(props: { ctx: PageContext; data: CycleData }) {
  const { t } = props.ctx;
  const { verdict, next, path } = props.data;
  if (verdict?.ok && next)
    return (
      <ButtonLink href={`${path}/advance?to=${next}`}>
        {t("stage.advance", { stage: t(`stage.${next}`) })}
      </ButtonLink>
    );
  if (verdict && !verdict.ok)
    return <Notice kind="info">{translateLoose(t, verdict.reason, "error.illegal_transition")}</Notice>;
  return null;
}

function CycleView(props: { ctx: PageContext; data: CycleData; moved: boolean }) {
  const { ctx, data } = props;
  const { t } = ctx;
  const { j, cycle } = data;
  const title = t("cycle.title", { name: j.name, year: cycle.year });
  return (
    <Layout ctx={ctx} title={title}>
      <p class="crumbs">
        <a href={`/j/${j.code}`}>{j.name}</a>
      </p>
      <h1>{title}</h1>
      {props.moved ? (
        <Notice kind="ok">{t("stage.advanced", { stage: t(`stage.${cycle.stage}`) })}</Notice>
      ) : null}
      <h2>{t("cycle.stages")}</h2>
      <StageSteps t={t} stage={cycle.stage} />
      <p class="muted">{t("stage.since", { date: formatDate(ctx.locale, cycle.stageSince) })}</p>
      <NextMove ctx={ctx} data={data} />
      {data.links.length ? (
        <nav aria-label={t("cycle.links")}>
          <ul class="cards">
            {data.links.map(([href, label]) => (
              <li>
                <a href={href}>{label}</a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <p class="muted">{t("cycle.public_note")}</p>
    </Layout>
  );
}

cyclePages.get(CYCLE, async (c) => {
  const { j, cycle } = await load(c);
  const data = await loadCycle(c, j, cycle);
  return c.html(<CycleView ctx={pageContext(c)} data={data} moved={Boolean(c.req.query("moved"))} />);
});

// ---- Moving a cycle forward -----------------------------------------------------------------------

function AdvanceConfirm(props: { ctx: PageContext; path: string; cycle: Cycle; next: Stage }) {
  const { ctx, path, cycle, next } = props;
  const { t } = ctx;
  const names = { year: cycle.year, from: t(`stage.${cycle.stage}`), to: t(`stage.${next}`) };
  return (
    <Layout ctx={ctx} title={t("stage.advance.confirm_title")}>
      <h1>{t("stage.advance.confirm_title")}</h1>
      <p>{t("stage.advance.confirm_text", names)}</p>
      <PostForm ctx={ctx} action={`${path}/advance`}>
        <input type="hidden" name="from" value={cycle.stage} />
        <input type="hidden" name="to" value={next} />
        <button type="submit" class="danger">
          {t("stage.advance.confirm", names)}
        </button>{" "}
        <a href={path}>{t("stage.advance.cancel")}</a>
      </PostForm>
    </Layout>
  );
}

/** The confirmation step before an irreversible move; works without JavaScript. */
cyclePages.get(`${CYCLE}/advance`, async (c) => {
  const { j, cycle } = await cycleWith(c, "cycle.advance");
  const next = nextStage(cycle.stage);
  if (!next || c.req.query("to") !== next)
    throw new AppError("illegal_transition", { reason: "stage.reason.not_next" });
  return c.html(<AdvanceConfirm ctx={pageContext(c)} path={base(j, cycle)} cycle={cycle} next={next} />);
});

cyclePages.post(`${CYCLE}/advance`, async (c) => {
  const { j, cycle, grant } = await cycleWith(c, "cycle.advance");
  await advanceCycle(c.var.db, grant, cycle, await formFields(c), c.var.now);
  return c.redirect(`${base(j, cycle)}?moved=1`, 303);
});

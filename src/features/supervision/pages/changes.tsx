// Changes to a project: the decision form (congress staff) and the public announcement (变更公告).
import type { Context } from "hono";
import { CHANGE_KINDS, type Jurisdiction } from "../../../platform/data/schema";
import { createRouter, pageContext } from "../../../platform/http/app";
import { base, cycleWith, load } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { formFields, jurisdictionName, withFieldErrors } from "../../../platform/http/forms";
import type { Translator } from "../../../platform/i18n";
import { todayInChina } from "../../../platform/lib/dates";
import { bindForm, Checkbox, choices, Field, Select, TextArea } from "../../../platform/ui/fields";
import { Layout, Notice, PostForm, PrintButton } from "../../../platform/ui/layout";
import { getProject, latestChangeKind, type ProjectSummary } from "../../projects/projects";
import { type ChangeKind, type ChangeView, FINAL_KINDS, getChange, recordChange } from "../changes";
import { type At, type FormState, PROJECT, pid, SupervisionFrame } from "./shared";

export const changePages = createRouter();

/** A date as an official document writes it (2026年3月5日). */
function officialDate(t: Translator, date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  return t("sup.date", { y: y ?? 0, m: m ?? 0, d: d ?? 0 });
}

/** Who decides and announces: the standing committee, or for a township its congress. */
function issuer(c: Context<AppEnv>, j: Jurisdiction): string {
  const name = jurisdictionName(c, j);
  return c.var.t(j.level === "township" ? "sup.ann.issuer.township" : "sup.ann.issuer.county", { name });
}

// ---- The decision form (staff) ------------------------------------------------------------------

interface ChangeFormData extends At {
  project: ProjectSummary;
  /** The project's latest change: a final one (stop, carry-over) takes no other. */
  last: ChangeKind | null;
  issuer: string;
  today: string;
}

async function loadChangeForm(c: Context<AppEnv>, at: At): Promise<ChangeFormData> {
  const project = await getProject(c.var.db, at.cycle, pid(c), c.var.now);
  const last = await latestChangeKind(c.var.db, project.id);
  return { ...at, project, last, issuer: issuer(c, at.j), today: todayInChina(c.var.now) };
}

function ChangeFormScreen(props: { c: Context<AppEnv>; d: ChangeFormData; state: FormState }) {
  const { c, d, state } = props;
  const { j, cycle, project: p } = d;
  const ctx = pageContext(c);
  const { t } = ctx;
  const f = bindForm(state.values ?? { kind: "", decisionBody: d.issuer, decidedOn: d.today }, state.fields);
  return (
    <SupervisionFrame c={c} d={d} title={t("sup.change.new")} named invalid={state.fields !== undefined}>
      <p>{t("sup.change.intro")}</p>
      {d.last && FINAL_KINDS.includes(d.last) ? <Notice kind="info">{t("sup.reason.final")}</Notice> : null}
      <PostForm ctx={ctx} action={`${base(j, cycle)}/projects/${p.id}/changes`} class="card">
        <Select
          {...f("kind")}
          label={t("sup.change.kind")}
          options={[["", t("sup.change.choose_kind")], ...choices(CHANGE_KINDS, (k) => t(`sup.kind.${k}`))]}
        />
        <Field
          {...f("decisionBody")}
          label={t("sup.change.body")}
          hint={t("sup.change.body_hint")}
          required
        />
        <Field {...f("decisionNo")} label={t("sup.change.no")} hint={t("sup.change.no_hint")} required />
        <Field
          {...f("decidedOn")}
          label={t("sup.change.decided_on")}
          hint={t("notice.f.date_hint")}
          required
        />
        <TextArea {...f("reason")} label={t("sup.change.reason")} required rows={3} />
        <TextArea
          {...f("detail")}
          label={t("sup.change.detail")}
          hint={t("sup.change.detail_hint")}
          required
          rows={4}
        />
        <Checkbox name="confirm" error={state.fields?.confirm} label={t("sup.change.confirm")} />
        <button type="submit">{t("sup.change.submit")}</button>
      </PostForm>
    </SupervisionFrame>
  );
}

const manage = (c: Context<AppEnv>) => cycleWith(c, "supervision.manage");

changePages.get(`${PROJECT}/changes/new`, async (c) => {
  const at = await manage(c);
  return c.html(<ChangeFormScreen c={c} d={await loadChangeForm(c, at)} state={{}} />);
});

changePages.post(`${PROJECT}/changes`, async (c) => {
  const at = await manage(c);
  const values = await formFields(c);
  const r = await withFieldErrors(c, () =>
    recordChange(c.var.db, at.grant, at.cycle, pid(c), values, c.var.now),
  );
  if (!r.ok) {
    // The decision cannot be undone: it is confirmed again each time.
    const state = { values: { ...values, confirm: "" }, fields: r.fields };
    return c.html(<ChangeFormScreen c={c} d={await loadChangeForm(c, at)} state={state} />, 400);
  }
  return c.redirect(`${base(at.j, at.cycle)}/projects/${pid(c)}/changes/${r.value.id}?done=1`, 303);
});

// ---- The announcement (public) --------------------------------------------------------------------

interface AnnouncementData {
  j: Jurisdiction;
  year: number;
  project: ProjectSummary;
  change: ChangeView;
  issuer: string;
  /** Just recorded: the page says so. */
  done: boolean;
}

async function loadAnnouncement(c: Context<AppEnv>): Promise<AnnouncementData> {
  const { j, cycle } = await load(c);
  const project = await getProject(c.var.db, cycle, pid(c), c.var.now);
  const change = await getChange(c.var.db, cycle, project.id, Number(c.req.param("cid")), c.var.now);
  return { j, year: cycle.year, project, change, issuer: issuer(c, j), done: Boolean(c.req.query("done")) };
}

function AnnouncementScreen(props: { c: Context<AppEnv>; d: AnnouncementData }) {
  const { d } = props;
  const { j, project: p, change: ch, issuer: by } = d;
  const ctx = pageContext(props.c);
  const { t } = ctx;
  const title = t("sup.ann.title", { no: ch.announcementNo });
  return (
    <Layout ctx={ctx} title={`${by} ${title}`}>
      <p class="crumbs no-print">
        <a href={`/j/${j.code}/${d.year}/projects/${p.id}`}>{p.name}</a>
      </p>
      {d.done ? <Notice kind="ok">{t("sup.done.change")}</Notice> : null}
      <article class="announcement">
        <h1 class="center">{by}</h1>
        <p class="center">
          <strong>{title}</strong>
        </p>
        <p class="prose">
          {t("sup.ann.body", {
            body: ch.decisionBody,
            date: officialDate(t, ch.decidedOn),
            no: ch.decisionNo,
            year: d.year,
            project: p.name,
            action: t(`sup.ann.action.${ch.kind}`),
          })}
        </p>
        <h2>{t("sup.change.reason")}</h2>
        <p class="prose">{ch.reason}</p>
        <h2>{t("sup.change.detail")}</h2>
        <p class="prose">{ch.detail}</p>
        {ch.kind === "carry_over" && ch.carriedToYear ? (
          <p>
            {t("sup.ann.carried_to")}{" "}
            <a href={`/j/${j.code}/${ch.carriedToYear}`}>{t("jur.year", { year: ch.carriedToYear })}</a>
          </p>
        ) : null}
        <p class="right">
          {by}
          <br />
          {officialDate(t, ch.decidedOn)}
        </p>
        <PrintButton t={t} />
      </article>
    </Layout>
  );
}

changePages.get(`${PROJECT}/changes/:cid{[0-9]+}`, async (c) =>
  c.html(<AnnouncementScreen c={c} d={await loadAnnouncement(c)} />),
);

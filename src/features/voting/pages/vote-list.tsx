// The console's first screen (congress staff): the cycle's votes and the form that creates one.
import type { Context } from "hono";
import type { Cycle, Jurisdiction } from "../../../platform/data/schema";
import { pageContext } from "../../../platform/http/app";
import { base } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import type { FormState } from "../../../platform/http/forms";
import { CyclePage } from "../../../platform/ui/cycle-layout";
import { Select, Tick } from "../../../platform/ui/fields";
import { Notice, type PageContext, PostForm } from "../../../platform/ui/layout";
import { isLocked, latestHandover, listCandidates } from "../../screening/candidates";
import { listMeetings } from "../attendance";
import { listVotes } from "../votes";
import { RulesFields, ruleDefaults } from "./vote-rules";

/** The votes, meetings and candidates of the cycle, and whether the list was handed over. */
export async function loadVoteList(c: Context<AppEnv>, cycle: Cycle) {
  const db = c.var.db;
  const [votes, meetings, candidates, handover] = await Promise.all([
    listVotes(db, cycle.id),
    listMeetings(db, cycle.id),
    listCandidates(db, cycle.id),
    latestHandover(db, cycle.id),
  ]);
  return { votes, meetings, candidates, handedOver: isLocked(handover) };
}

type VoteList = Awaited<ReturnType<typeof loadVoteList>>;

export function VoteListView(props: {
  c: Context<AppEnv>;
  j: Jurisdiction;
  cycle: Cycle;
  d: VoteList;
  state: FormState;
}) {
  const { c, j, cycle, d, state } = props;
  const ctx = pageContext(c);
  const { t } = ctx;
  const title = t("vote.list_title", { year: cycle.year });
  return (
    <CyclePage c={c} j={j} cycle={cycle} title={title}>
      {state.error ? <Notice kind="error">{state.error}</Notice> : null}
      <p class="actions">
        <a href={`${base(j, cycle)}/meetings`}>{t("meeting.link")}</a>
        <a href={`${base(j, cycle)}/deliberation`}>{t("delib.link")}</a>
        {cycle.stage === "supervise" ? (
          <a href={`${base(j, cycle)}/assessments`}>{t("assess.link")}</a>
        ) : null}
      </p>
      <ul class="cards">
        {d.votes.map((x) => (
          <li>
            <a href={`${base(j, cycle)}/votes/${x.id}`}>{x.title}</a>{" "}
            <span class="badge">{t(`vote.status.${x.status}`)}</span>
          </li>
        ))}
      </ul>
      {!d.handedOver ? (
        <Notice kind="info">{t("vote.reason.not_handed")}</Notice>
      ) : d.meetings.length === 0 ? (
        <Notice kind="info">
          {t("vote.need_meeting")} <a href={`${base(j, cycle)}/meetings`}>{t("meeting.new")}</a>
        </Notice>
      ) : (
        <NewVoteForm ctx={ctx} action={`${base(j, cycle)}/votes`} d={d} state={state} />
      )}
    </CyclePage>
  );
}

/** A new vote: its meeting, its rules (the defaults leave two candidates more than places) and list. */
function NewVoteForm(props: { ctx: PageContext; action: string; d: VoteList; state: FormState }) {
  const { ctx, d, state } = props;
  const { t } = ctx;
  const v = state.values ?? ruleDefaults(t, Math.max(1, d.candidates.length - 2));
  return (
    <PostForm ctx={ctx} action={props.action} class="card">
      <h2>{t("vote.new")}</h2>
      <Select
        name="meetingId"
        label={t("meeting.link")}
        options={d.meetings.map((m) => [String(m.id), m.title] as [string, string])}
        value={v.meetingId}
      />
      <RulesFields t={t} v={v} f={state.fields ?? {}} />
      <fieldset>
        <legend>{t("vote.f.candidates")}</legend>
        {state.fields?.candidates ? <p class="error">{state.fields.candidates}</p> : null}
        <ul class="checklist">
          {d.candidates.map((x) => (
            <li>
              <Tick name="candidates" value={x.id} checked>
                {x.position}. {x.name}
              </Tick>
            </li>
          ))}
        </ul>
      </fieldset>
      <button type="submit">{t("vote.create")}</button>
    </PostForm>
  );
}

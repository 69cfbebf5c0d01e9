// Meetings (会议) and attendance: the sheet, check-in and the headcount that quorum rests on.
import type { Context } from "hono";
import { can } from "../../../platform/auth/permissions";
import type { Cycle, Jurisdiction } from "../../../platform/data/schema";
import { createRouter, pageContext } from "../../../platform/http/app";
import { base, Crumbs, CYCLE, cycleWith, load } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { type FormState, formFields, type SentBack, withFieldErrors } from "../../../platform/http/forms";
import { CyclePage } from "../../../platform/ui/cycle-layout";
import { bindForm, Field, Tick } from "../../../platform/ui/fields";
import { Layout, Notice, PostForm } from "../../../platform/ui/layout";
import {
  checkIn,
  createMeeting,
  getMeeting,
  headcount,
  isPresent,
  listMeetings,
  markAttendance,
  presentIds,
  servingDeputies,
} from "../attendance";
import { listVotes } from "../votes";

export const meetingPages = createRouter();

const staffCycle = (c: Context<AppEnv>) => cycleWith(c, "vote.manage");

// ---- The meetings of a cycle (staff) ------------------------------------------------------------

async function meetingsPage(c: Context<AppEnv>, j: Jurisdiction, cycle: Cycle, sent?: SentBack) {
  const list = await listMeetings(c.var.db, cycle.id);
  return c.html(
    <MeetingsView c={c} j={j} cycle={cycle} list={list} state={sent ?? {}} />,
    sent?.status ?? 200,
  );
}

function MeetingsView(props: {
  c: Context<AppEnv>;
  j: Jurisdiction;
  cycle: Cycle;
  list: Awaited<ReturnType<typeof listMeetings>>;
  state: FormState;
}) {
  const { c, j, cycle, state } = props;
  const ctx = pageContext(c);
  const { t } = ctx;
  const title = t("meeting.title", { year: cycle.year });
  const bind = bindForm(state.values ?? {}, state.fields);
  return (
    <CyclePage c={c} j={j} cycle={cycle} title={title}>
      <ul class="cards">
        {props.list.map((m) => (
          <li>
            <a href={`${base(j, cycle)}/meetings/${m.id}`}>{m.title}</a> <span class="muted">{m.heldOn}</span>
          </li>
        ))}
      </ul>
      <PostForm ctx={ctx} action={`${base(j, cycle)}/meetings`} class="card">
        <h2>{t("meeting.new")}</h2>
        <Field {...bind("title")} label={t("meeting.f.title")} hint={t("meeting.f.title_hint")} required />
        <Field {...bind("heldOn")} label={t("meeting.f.heldOn")} hint={t("notice.f.date_hint")} required />
        <button type="submit">{t("admin.create")}</button>
      </PostForm>
    </CyclePage>
  );
}

meetingPages.get(`${CYCLE}/meetings`, async (c) => {
  const { j, cycle } = await staffCycle(c);
  return meetingsPage(c, j, cycle);
});

meetingPages.post(`${CYCLE}/meetings`, async (c) => {
  const { j, cycle, grant } = await staffCycle(c);
  const values = await formFields(c);
  const r = await withFieldErrors(c, () => createMeeting(c.var.db, grant, cycle, values, c.var.now));
  if (!r.ok) return meetingsPage(c, j, cycle, { values, fields: r.fields, status: 400 });
  return c.redirect(`${base(j, cycle)}/meetings/${r.value}`, 303);
});

// ---- One meeting: the deputy's check-in, the staff's attendance sheet ---------------------------

/** What one meeting's page shows its reader: staff get the sheet, a deputy of the jurisdiction the check-in. */
async function loadMeeting(c: Context<AppEnv>) {
  const { j, cycle } = await load(c);
  const db = c.var.db;
  const meeting = await getMeeting(db, cycle, Number(c.req.param("mid")));
  const actor = c.var.actor;
  const staff = can(actor, j, "vote.manage");
  const deputy = actor?.kind === "deputy" && actor.jurisdictionCode === j.code ? actor : null;
  if (!staff && !deputy) throw new AppError(actor ? "not_found" : "unauthenticated");
  const count = await headcount(db, cycle, meeting.id);
  const here = deputy ? await isPresent(db, meeting.id, deputy.id) : false;
  const roster = staff ? await servingDeputies(db, j.code) : [];
  const present = staff ? await presentIds(db, meeting.id) : new Set<number>();
  const votesHere = (await listVotes(db, cycle.id)).filter((v) => v.meetingId === meeting.id);
  const groups = new Map<string, typeof roster>();
  for (const d of roster) groups.set(d.delegation, [...(groups.get(d.delegation) ?? []), d]);
  return { j, cycle, meeting, staff, isDeputy: deputy !== null, count, here, present, votesHere, groups };
}

function MeetingView(props: { c: Context<AppEnv>; d: Awaited<ReturnType<typeof loadMeeting>> }) {
  const { c } = props;
  const { j, cycle, meeting, staff, isDeputy, count, here, present } = props.d;
  const ctx = pageContext(c);
  const { t } = ctx;
  const path = `${base(j, cycle)}/meetings/${meeting.id}`;
  return (
    <Layout ctx={ctx} title={meeting.title} wide={staff}>
      <Crumbs
        c={c}
        j={j}
        cycle={cycle}
        extra={staff ? [`${base(j, cycle)}/meetings`, t("meeting.link")] : undefined}
      />
      <h1>{meeting.title}</h1>
      <p class="headcount" role="status">
        {t("meeting.headcount", { roster: count.rosterSize, present: count.present })}
      </p>
      {isDeputy ? (
        here ? (
          <Notice kind="ok">{t("meeting.checked_in")}</Notice>
        ) : (
          <PostForm ctx={ctx} action={`${path}/checkin`}>
            <button type="submit" class="big">
              {t("meeting.checkin")}
            </button>
          </PostForm>
        )
      ) : null}
      {props.d.votesHere.length ? (
        <ul class="cards">
          {props.d.votesHere.map((v) => (
            <li>
              <a
                href={isDeputy ? `${base(j, cycle)}/votes/${v.id}/ballot` : `${base(j, cycle)}/votes/${v.id}`}
              >
                {v.title}
              </a>{" "}
              <span class="badge">{t(`vote.status.${v.status}`)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {staff ? (
        <PostForm ctx={ctx} action={`${path}/attendance`}>
          <h2>{t("meeting.sheet")}</h2>
          {[...props.d.groups].map(([delegation, list]) => (
            <fieldset>
              <legend>{delegation}</legend>
              <ul class="checklist">
                {list.map((d) => (
                  <li>
                    <input type="hidden" name="shown" value={String(d.id)} />
                    <Tick name="present" value={d.id} checked={present.has(d.id)}>
                      {d.number} {d.name}
                    </Tick>
                  </li>
                ))}
              </ul>
            </fieldset>
          ))}
          <button type="submit">{t("meeting.save_sheet")}</button>
        </PostForm>
      ) : null}
    </Layout>
  );
}

meetingPages.get(`${CYCLE}/meetings/:mid{[0-9]+}`, async (c) => {
  return c.html(<MeetingView c={c} d={await loadMeeting(c)} />);
});

meetingPages.post(`${CYCLE}/meetings/:mid{[0-9]+}/checkin`, async (c) => {
  const { j, cycle } = await load(c);
  const actor = c.var.actor;
  if (!actor) throw new AppError("unauthenticated");
  const meeting = await getMeeting(c.var.db, cycle, Number(c.req.param("mid")));
  await checkIn(c.var.db, actor, cycle, meeting);
  return c.redirect(`${base(j, cycle)}/meetings/${meeting.id}`, 303);
});

meetingPages.post(`${CYCLE}/meetings/:mid{[0-9]+}/attendance`, async (c) => {
  const { j, cycle, grant } = await staffCycle(c);
  const meeting = await getMeeting(c.var.db, cycle, Number(c.req.param("mid")));
  const body = await c.req.parseBody({ all: true });
  const list = (k: string) =>
    ([] as unknown[])
      .concat(body[k] ?? [])
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0);
  await markAttendance(c.var.db, grant, cycle, meeting, list("present"), list("shown"), c.var.now);
  return c.redirect(`${base(j, cycle)}/meetings/${meeting.id}`, 303);
});

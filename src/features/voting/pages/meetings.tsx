// Meetings (会议) and attendance: the sheet, check-in and the headcount that quorum rests on.
import type { Context } from "hono";
import { can } from "../../../platform/auth/permissions";
import type { Cycle, Jurisdiction } from "../../../platform/data/schema";
import { createRouter, pageContext } from "../../../platform/http/app";
import { base, Crumbs, CYCLE, cycleWith, load } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { formFields, withFieldErrors } from "../../../platform/http/forms";
import { Field } from "../../../platform/ui/fields";
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

// ---- Meetings and attendance --------------------------------------------------------------------

meetingPages.get(`${CYCLE}/meetings`, async (c) => {
  const { j, cycle } = await staffCycle(c);
  return meetingsPage(c, j, cycle);
});

async function meetingsPage(
  c: Context<AppEnv>,
  j: Jurisdiction,
  cycle: Cycle,
  state: { values?: Record<string, string>; fields?: Record<string, string> } = {},
  status = 200,
) {
  const ctx = pageContext(c);
  const { t } = ctx;
  const list = await listMeetings(c.var.db, cycle.id);
  const title = t("meeting.title", { year: cycle.year });
  return c.html(
    <Layout ctx={ctx} title={title}>
      <Crumbs c={c} j={j} cycle={cycle} />
      <h1>{title}</h1>
      <ul class="cards">
        {list.map((m) => (
          <li>
            <a href={`${base(j, cycle)}/meetings/${m.id}`}>{m.title}</a> <span class="muted">{m.heldOn}</span>
          </li>
        ))}
      </ul>
      <PostForm ctx={ctx} action={`${base(j, cycle)}/meetings`} class="card">
        <h2>{t("meeting.new")}</h2>
        <Field
          name="title"
          label={t("meeting.f.title")}
          hint={t("meeting.f.title_hint")}
          value={state.values?.title}
          error={state.fields?.title}
          required
        />
        <Field
          name="heldOn"
          label={t("meeting.f.heldOn")}
          hint={t("notice.f.date_hint")}
          value={state.values?.heldOn}
          error={state.fields?.heldOn}
          required
        />
        <button type="submit">{t("admin.create")}</button>
      </PostForm>
    </Layout>,
    status as 200,
  );
}

meetingPages.post(`${CYCLE}/meetings`, async (c) => {
  const { j, cycle, actor } = await staffCycle(c);
  const values = await formFields(c);
  const r = await withFieldErrors(c, () => createMeeting(c.var.db, actor, cycle, values, c.var.now));
  if (!r.ok) return meetingsPage(c, j, cycle, { values, fields: r.fields }, 400);
  return c.redirect(`${base(j, cycle)}/meetings/${r.value}`, 303);
});

meetingPages.get(`${CYCLE}/meetings/:mid{[0-9]+}`, async (c) => {
  const { j, cycle } = await load(c);
  const meeting = await getMeeting(c.var.db, cycle, Number(c.req.param("mid")));
  const ctx = pageContext(c);
  const { t, actor } = ctx;
  const staff = can(actor, j, "vote.manage");
  const isDeputy = actor?.kind === "deputy" && actor.jurisdictionCode === j.code;
  if (!staff && !isDeputy) throw new AppError(actor ? "not_found" : "unauthenticated");
  const count = await headcount(c.var.db, cycle, meeting.id);
  const here = isDeputy ? await isPresent(c.var.db, meeting.id, actor.id) : false;
  const roster = staff ? await servingDeputies(c.var.db, j.code) : [];
  const present = staff ? await presentIds(c.var.db, meeting.id) : new Set<number>();
  const votesHere = (await listVotes(c.var.db, cycle.id)).filter((v) => v.meetingId === meeting.id);
  const groups = new Map<string, typeof roster>();
  for (const d of roster) groups.set(d.delegation, [...(groups.get(d.delegation) ?? []), d]);
  return c.html(
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
          <PostForm ctx={ctx} action={`${base(j, cycle)}/meetings/${meeting.id}/checkin`}>
            <button type="submit" class="big">
              {t("meeting.checkin")}
            </button>
          </PostForm>
        )
      ) : null}
      {votesHere.length ? (
        <ul class="cards">
          {votesHere.map((v) => (
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
        <PostForm ctx={ctx} action={`${base(j, cycle)}/meetings/${meeting.id}/attendance`}>
          <h2>{t("meeting.sheet")}</h2>
          {[...groups].map(([delegation, list]) => (
            <fieldset>
              <legend>{delegation}</legend>
              <ul class="checklist">
                {list.map((d) => (
                  <li>
                    <input type="hidden" name="shown" value={String(d.id)} />
                    <label>
                      <input
                        type="checkbox"
                        name="present"
                        value={String(d.id)}
                        checked={present.has(d.id)}
                      />{" "}
                      {d.number} {d.name}
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          ))}
          <button type="submit">{t("meeting.save_sheet")}</button>
        </PostForm>
      ) : null}
    </Layout>,
  );
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
  const { j, cycle, actor } = await staffCycle(c);
  const meeting = await getMeeting(c.var.db, cycle, Number(c.req.param("mid")));
  const body = await c.req.parseBody({ all: true });
  const list = (k: string) =>
    ([] as unknown[])
      .concat(body[k] ?? [])
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0);
  await markAttendance(c.var.db, actor, cycle, meeting, list("present"), list("shown"), c.var.now);
  return c.redirect(`${base(j, cycle)}/meetings/${meeting.id}`, 303);
});

// The supervision group form (congress staff): its name, a leader and the members, ticked by
// delegation from the serving deputies.
import type { Context } from "hono";
import { createRouter, pageContext } from "../../../platform/http/app";
import { cycleWith } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { withFieldErrors } from "../../../platform/http/forms";
import { bindForm, Field, Select, Tick } from "../../../platform/ui/fields";
import { Notice, PostForm } from "../../../platform/ui/layout";
import { getProject, type ProjectSummary } from "../../projects/projects";
import { eligibleDeputies, type GroupMember, type GroupView, getGroup, saveGroup } from "../groups";
import { type At, type FormState, PROJECT, pid, SupervisionFrame, supUrl } from "./shared";

export const groupPages = createRouter();

interface GroupData extends At {
  project: ProjectSummary;
  group: GroupView | null;
  /** The deputies the group may take. */
  pool: GroupMember[];
}

async function loadGroup(c: Context<AppEnv>, at: At): Promise<GroupData> {
  const project = await getProject(c.var.db, at.cycle, pid(c), c.var.now);
  const [group, pool] = await Promise.all([
    getGroup(c.var.db, project.id),
    eligibleDeputies(c.var.db, at.j.code),
  ]);
  return { ...at, project, group, pool };
}

type GroupForm = FormState & { members?: string[] };

function GroupScreen(props: { c: Context<AppEnv>; d: GroupData; state: GroupForm }) {
  const { c, d, state } = props;
  const { j, cycle, project: p, group, pool } = d;
  const ctx = pageContext(c);
  const { t } = ctx;
  const bind = bindForm(
    state.values ?? {
      name: group?.name ?? t("sup.group.default_name", { name: p.name }),
      leader: group?.leaderDeputyId ? String(group.leaderDeputyId) : "",
    },
    state.fields,
  );
  const chosen = new Set(state.members ?? group?.members.map((m) => String(m.id)) ?? []);
  const membersError = state.fields?.members;
  const delegations = [...new Set(pool.map((m) => m.delegation))];
  return (
    <SupervisionFrame c={c} d={d} title={t("sup.group.set")} named invalid={state.fields !== undefined}>
      {pool.length === 0 ? <Notice kind="info">{t("sup.group.no_roster")}</Notice> : null}
      <PostForm ctx={ctx} action={`${supUrl(j, cycle, p.id)}/group`} class="card">
        <Field {...bind("name")} label={t("sup.group.name")} required />
        <Select
          {...bind("leader")}
          label={t("sup.group.leader")}
          hint={t("sup.group.leader_hint")}
          options={[
            ["", t("sup.group.choose_leader")],
            // Names repeat within a delegation: the roster number tells deputies apart.
            ...pool.map(
              (m) => [String(m.id), `${m.number} ${m.name}（${m.delegation}）`] as [string, string],
            ),
          ]}
        />
        <fieldset
          class={membersError ? "sup-members has-error" : "sup-members"}
          aria-describedby={membersError ? "members-hint members-error" : "members-hint"}
        >
          <legend>{t("sup.group.members")}</legend>
          <p class="hint" id="members-hint">
            {t("sup.group.members_hint")}
          </p>
          {membersError ? (
            <p class="error" id="members-error">
              {membersError}
            </p>
          ) : null}
          {delegations.map((dl) => (
            <fieldset>
              <legend>{dl}</legend>
              <ul class="checklist">
                {pool
                  .filter((m) => m.delegation === dl)
                  .map((m) => (
                    <li>
                      <Tick name="members" value={m.id} checked={chosen.has(String(m.id))}>
                        <span class="num">{m.number}</span> {m.name}
                      </Tick>
                    </li>
                  ))}
              </ul>
            </fieldset>
          ))}
        </fieldset>
        <button type="submit">{t("sup.group.save")}</button>
      </PostForm>
    </SupervisionFrame>
  );
}

/** The form's fields as strings, and its ticked members (a checkbox list) as a list. */
async function groupFields(c: Context<AppEnv>) {
  const body = await c.req.parseBody({ all: true });
  const values: Record<string, string> = {};
  const members: string[] = [];
  for (const [k, x] of Object.entries(body)) {
    if (k === "_csrf") continue;
    const all = ([] as unknown[]).concat(x).filter((s): s is string => typeof s === "string");
    if (k === "members") members.push(...all);
    else if (all[0] !== undefined) values[k] = all[0];
  }
  return { values, members };
}

const manage = (c: Context<AppEnv>) => cycleWith(c, "supervision.manage");

groupPages.get(`${PROJECT}/supervision/group`, async (c) => {
  const at = await manage(c);
  return c.html(<GroupScreen c={c} d={await loadGroup(c, at)} state={{}} />);
});

groupPages.post(`${PROJECT}/supervision/group`, async (c) => {
  const at = await manage(c);
  const { values, members } = await groupFields(c);
  const r = await withFieldErrors(c, () =>
    saveGroup(c.var.db, at.grant, at.cycle, pid(c), { ...values, members }, c.var.now),
  );
  if (!r.ok) {
    const state = { values, members, fields: r.fields };
    return c.html(<GroupScreen c={c} d={await loadGroup(c, at)} state={state} />, 400);
  }
  return c.redirect(`${supUrl(at.j, at.cycle, pid(c))}?done=group`, 303);
});

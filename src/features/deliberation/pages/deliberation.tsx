// Stage 3 pages: 酝酿协商, the deliberation materials and the deputies' opinions.
import type { Context } from "hono";
import { can } from "../../../platform/auth/permissions";
import { createRouter, pageContext } from "../../../platform/http/app";
import { base, CYCLE, cycleWith, load } from "../../../platform/http/cycle-page";
import { attachment } from "../../../platform/http/download";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { formFields } from "../../../platform/http/forms";
import { yuanToWan } from "../../../platform/lib/money";
import { toCsv } from "../../../platform/lib/tables";
import { CyclePage } from "../../../platform/ui/cycle-layout";
import { TextArea } from "../../../platform/ui/fields";
import { Fact, Heads, Notice, PostForm } from "../../../platform/ui/layout";
import { latestHandover, listCandidates } from "../../screening/candidates";
import { myOpinions, opinionsByDelegation, saveOpinion } from "../deliberation";

export const deliberationPages = createRouter();

const staffCycle = (c: Context<AppEnv>) => cycleWith(c, "vote.manage");

// ---- Deliberation -------------------------------------------------------------------------------

/** The candidate materials; for a deputy of the jurisdiction, their own opinions and whether they may still give one. */
async function loadMaterials(c: Context<AppEnv>) {
  const { j, cycle } = await load(c);
  const db = c.var.db;
  const actor = c.var.actor;
  const handover = await latestHandover(db, cycle.id);
  if (!handover) throw new AppError("not_found");
  const list = await listCandidates(db, cycle.id);
  const deputy = actor?.kind === "deputy" && actor.jurisdictionCode === j.code ? actor : null;
  const mine = deputy
    ? new Map((await myOpinions(db, cycle.id, deputy.id)).map((o) => [o.candidateId, o.body]))
    : new Map<number, string>();
  const open = cycle.stage === "deliberate" || cycle.stage === "vote";
  return { j, cycle, list, mine, canGive: deputy !== null && open, staff: can(actor, j, "vote.manage") };
}

function MaterialsView(props: { c: Context<AppEnv>; d: Awaited<ReturnType<typeof loadMaterials>> }) {
  const { c } = props;
  const { j, cycle, list, mine } = props.d;
  const ctx = pageContext(c);
  const { t } = ctx;
  const title = t("delib.title", { year: cycle.year });
  return (
    <CyclePage c={c} j={j} cycle={cycle} title={title}>
      {c.req.query("saved") ? <Notice kind="ok">{t("delib.saved")}</Notice> : null}
      <p>{t("delib.intro")}</p>
      {props.d.staff ? (
        <p>
          <a href={`${base(j, cycle)}/deliberation/opinions`}>{t("delib.opinions_link")}</a>
        </p>
      ) : null}
      <ol class="materials">
        {list.map((x) => (
          <li id={`c-${x.id}`} class="card">
            <h2>
              {x.position}. {x.name}
            </h2>
            <dl class="facts">
              <Fact label={t("cand.f.content")} class="prose">
                {x.content}
              </Fact>
              <Fact label={t("cand.f.responsibleUnit")}>{x.responsibleUnit}</Fact>
              <Fact label={t("cand.f.deadline")}>{x.deadline}</Fact>
              <Fact label={t("cand.f.annualTarget")}>{x.annualTarget}</Fact>
              <Fact label={t("cand.total")}>
                {yuanToWan(x.totalYuan)} {t("unit.wan")}
              </Fact>
            </dl>
            {props.d.canGive ? (
              <PostForm ctx={ctx} action={`${base(j, cycle)}/deliberation`}>
                <input type="hidden" name="candidateId" value={String(x.id)} />
                <TextArea
                  name={`body-${x.id}`}
                  label={t("delib.my_opinion", { name: x.name })}
                  value={mine.get(x.id) ?? ""}
                  rows={2}
                />
                <button type="submit" class="small">
                  {t("delib.save")}
                </button>
              </PostForm>
            ) : null}
          </li>
        ))}
      </ol>
    </CyclePage>
  );
}

deliberationPages.get(`${CYCLE}/deliberation`, async (c) => {
  return c.html(<MaterialsView c={c} d={await loadMaterials(c)} />);
});

deliberationPages.post(`${CYCLE}/deliberation`, async (c) => {
  const { j, cycle } = await load(c);
  const actor = c.var.actor;
  if (!actor) throw new AppError("unauthenticated");
  const f = await formFields(c);
  const id = f.candidateId ?? "";
  await saveOpinion(
    c.var.db,
    actor,
    cycle,
    { candidateId: id, body: f[`body-${id}`] ?? f.body ?? "" },
    c.var.now,
  );
  return c.redirect(`${base(j, cycle)}/deliberation?saved=1#c-${id}`, 303);
});

/** Every opinion of the cycle, grouped by delegation (staff). */
async function loadOpinions(c: Context<AppEnv>) {
  const { j, cycle } = await staffCycle(c);
  const rows = await opinionsByDelegation(c.var.db, cycle.id);
  const groups = new Map<string, typeof rows>();
  for (const r of rows) groups.set(r.delegation, [...(groups.get(r.delegation) ?? []), r]);
  return { j, cycle, rows, groups };
}

function OpinionsView(props: { c: Context<AppEnv>; d: Awaited<ReturnType<typeof loadOpinions>> }) {
  const { c } = props;
  const { j, cycle, rows, groups } = props.d;
  const { t } = c.var;
  const title = t("delib.opinions_title", { year: cycle.year });
  return (
    <CyclePage
      c={c}
      j={j}
      cycle={cycle}
      title={title}
      wide
      extra={[`${base(j, cycle)}/deliberation`, t("delib.link")]}
    >
      <p>
        <a href={`${base(j, cycle)}/deliberation/opinions.csv`}>{t("list.export_csv")}</a>
      </p>
      {rows.length === 0 ? <p>{t("delib.no_opinions")}</p> : null}
      {[...groups].map(([delegation, list]) => (
        <section>
          <h2>
            {delegation}（{list.length}）
          </h2>
          <div class="table-wrap">
            <table>
              <Heads cols={[t("cand.f.name"), t("roster.col.name"), t("delib.opinion")]} />
              <tbody>
                {list.map((r) => (
                  <tr>
                    <td>
                      {r.position}. {r.candidate}
                    </td>
                    <th scope="row">{r.deputy}</th>
                    <td class="prose">{r.body}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </CyclePage>
  );
}

deliberationPages.get(`${CYCLE}/deliberation/opinions`, async (c) => {
  return c.html(<OpinionsView c={c} d={await loadOpinions(c)} />);
});

deliberationPages.get(`${CYCLE}/deliberation/opinions.csv`, async (c) => {
  const { j, cycle, rows } = await loadOpinions(c);
  const { t } = c.var;
  const csv = toCsv({
    header: [
      t("roster.col.delegation"),
      t("roster.col.name"),
      t("cand.col.no"),
      t("cand.f.name"),
      t("delib.opinion"),
    ],
    rows: rows.map((r) => [r.delegation, r.deputy, r.position, r.candidate, r.body]),
  });
  c.header("Content-Type", "text/csv; charset=utf-8");
  c.header("Content-Disposition", attachment(`${j.name}-${cycle.year}-${t("delib.opinion")}.csv`));
  return c.body(csv);
});

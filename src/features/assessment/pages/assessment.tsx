// Stage 5, public: the results of the cycle's 满意度测评 and the printable result announcement
// (测评结果公告), served at the vote's address. Staff create assessments on ./assessments.tsx.
import type { Context } from "hono";
import { can } from "../../../platform/auth/permissions";
import type { Cycle, Jurisdiction, Vote } from "../../../platform/data/schema";
import { createRouter, pageContext } from "../../../platform/http/app";
import { base, CYCLE, load } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { jurisdictionName } from "../../../platform/http/forms";
import { formatDate } from "../../../platform/i18n";
import { CyclePage } from "../../../platform/ui/cycle-layout";
import { Layout, PrintButton, Signature } from "../../../platform/ui/layout";
import { listMeetings } from "../../voting/attendance";
import { getResults } from "../../voting/counting";
import { ballotFigures } from "../../voting/pages/results";
import { assessedProjects, assessmentProblems, listAssessments } from "../assessment";
import { AssessmentTable, type RectifyInfo } from "./views";

export const assessmentPages = createRouter();

/** A closed assessment's results and the rectifications it opened (nothing personal in either). */
async function outcomeOf(c: Context<AppEnv>, vote: Vote) {
  const [{ vote: done, results }, problems] = await Promise.all([
    getResults(c.var.db, vote, c.var.now),
    assessmentProblems(c.var.db, vote.id),
  ]);
  const rows = assessedProjects(done, results);
  const rectify: RectifyInfo[] = problems.map((p) => ({
    candidateId: p.candidateId,
    deadline: p.deadline,
    status: p.status,
  }));
  return { vote: done, rows, rectify };
}

type Outcome = Awaited<ReturnType<typeof outcomeOf>>;

// ---- The cycle's results ----------------------------------------------------------------------------

function SatisfactionView(props: {
  c: Context<AppEnv>;
  j: Jurisdiction;
  cycle: Cycle;
  outcomes: Outcome[];
  staff: boolean;
}) {
  const { c, j, cycle, outcomes } = props;
  const ctx = pageContext(c);
  const { t } = ctx;
  const title = t("assess.public_title", { year: cycle.year });
  const path = base(j, cycle);
  return (
    <CyclePage c={c} j={j} cycle={cycle} title={title} wide>
      <p>{t("assess.public_intro")}</p>
      {props.staff ? (
        <p>
          <a href={`${path}/assessments`}>{t("assess.link")}</a>
        </p>
      ) : null}
      {outcomes.length === 0 ? <p>{t("assess.public_none")}</p> : null}
      {outcomes.map((o) => (
        <section>
          <h2>{o.vote.title}</h2>
          <p class="muted">
            {formatDate(ctx.locale, o.vote.closedAt ?? 0)} ·{" "}
            {t("meeting.headcount", { roster: o.vote.rosterSize ?? 0, present: o.vote.presentAtOpen ?? 0 })} ·{" "}
            {t("vote.valid")} {o.vote.validBallots ?? 0} · {t("vote.invalid")} {o.vote.invalidBallots ?? 0} ·{" "}
            <a href={`${path}/votes/${o.vote.id}/announcement`}>{t("assess.ann.link")}</a>
          </p>
          <AssessmentTable t={t} vote={o.vote} rows={o.rows} rectify={o.rectify} />
        </section>
      ))}
    </CyclePage>
  );
}

assessmentPages.get(`${CYCLE}/satisfaction`, async (c) => {
  const { j, cycle } = await load(c);
  const list = await listAssessments(c.var.db, cycle.id, true);
  const outcomes = await Promise.all(list.map((x) => outcomeOf(c, x)));
  const staff = can(c.var.actor, j, "vote.manage");
  return c.html(<SatisfactionView c={c} j={j} cycle={cycle} outcomes={outcomes} staff={staff} />);
});

// ---- The announcement -------------------------------------------------------------------------------

function AnnouncementView(props: {
  c: Context<AppEnv>;
  j: Jurisdiction;
  cycle: Cycle;
  outcome: Outcome;
  meeting: string | undefined;
}) {
  const { c, j, cycle, outcome: o } = props;
  const ctx = pageContext(c);
  const { t } = ctx;
  const v = o.vote;
  const name = jurisdictionName(c, j);
  const count = (g: string) => o.rows.filter((r) => r.grade === g).length;
  const deadline = o.rectify.map((p) => p.deadline).sort()[0];
  const closed = formatDate(ctx.locale, v.closedAt ?? 0);
  return (
    <Layout ctx={ctx} title={t("assess.ann.title")}>
      <article class="announcement print-doc">
        <p class="center">{props.meeting ?? ""}</p>
        <h1 class="center">{t("assess.ann.heading", { name, year: cycle.year })}</h1>
        {v.parentVoteId ? <p class="center">{t("assess.reassess")}</p> : null}
        <p class="prose">
          {t("assess.ann.body", {
            date: closed,
            meeting: props.meeting ?? name,
            year: cycle.year,
            title: v.title,
            ...ballotFigures(v),
          })}
        </p>
        <ol>
          {o.rows.map((r) => (
            <li>
              {r.name}：<strong>{t(`assess.grade.${r.grade}`)}</strong>（
              {t("assess.ann.counts", {
                satisfied: r.satisfied,
                basic: r.basic,
                unsatisfied: r.unsatisfied,
                abstain: r.abstain,
              })}
              ）
            </li>
          ))}
        </ol>
        <p>
          {t("assess.ann.summary", {
            satisfied: count("satisfied"),
            basic: count("basic"),
            unsatisfied: count("unsatisfied"),
          })}
        </p>
        {deadline ? <p>{t("assess.ann.rectify", { date: deadline })}</p> : null}
        <h2>{t("assess.result")}</h2>
        <AssessmentTable t={t} vote={v} rows={o.rows} />
        <Signature t={t} name={name} date={closed} />
        <PrintButton t={t} />
      </article>
    </Layout>
  );
}

/** 测评结果公告: the printable announcement of a closed assessment (served at the vote's address). */
export async function assessmentAnnouncementPage(
  c: Context<AppEnv>,
  j: Jurisdiction,
  cycle: Cycle,
  vote: Vote,
) {
  if (vote.kind !== "assessment" || vote.status !== "closed") throw new AppError("not_found");
  const [outcome, meetings] = await Promise.all([outcomeOf(c, vote), listMeetings(c.var.db, cycle.id)]);
  const meeting = meetings.find((m) => m.id === outcome.vote.meetingId)?.title;
  return c.html(<AnnouncementView c={c} j={j} cycle={cycle} outcome={outcome} meeting={meeting} />);
}

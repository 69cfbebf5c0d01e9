// 测评结果公告: the printable announcement of a closed 满意度测评, served at the vote's address
// (./announcement.tsx), and the outcome the assessment stage's result page also shows.
import type { Context } from "hono";
import type { Cycle, Jurisdiction, Vote } from "../../../platform/data/schema";
import { pageContext } from "../../../platform/http/app";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { jurisdictionName } from "../../../platform/http/forms";
import { formatDate } from "../../../platform/i18n";
import { Layout, PrintButton, Signature } from "../../../platform/ui/layout";
import { assessedProjects, assessmentProblems } from "../assessment";
import { listMeetings } from "../attendance";
import { getResults } from "../counting";
import { AssessmentTable, type RectifyInfo } from "./assessment-views";
import { ballotFigures } from "./results";

/** A closed assessment's results and the rectifications it opened (nothing personal in either). */
export async function assessmentOutcome(c: Context<AppEnv>, vote: Vote) {
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

export type AssessmentOutcome = Awaited<ReturnType<typeof assessmentOutcome>>;

// ---- The announcement -------------------------------------------------------------------------------

function AnnouncementView(props: {
  c: Context<AppEnv>;
  j: Jurisdiction;
  cycle: Cycle;
  outcome: AssessmentOutcome;
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
  const [outcome, meetings] = await Promise.all([
    assessmentOutcome(c, vote),
    listMeetings(c.var.db, cycle.id),
  ]);
  const meeting = meetings.find((m) => m.id === outcome.vote.meetingId)?.title;
  return c.html(<AnnouncementView c={c} j={j} cycle={cycle} outcome={outcome} meeting={meeting} />);
}

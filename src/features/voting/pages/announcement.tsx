// The announcement (主席团公告) and the big screen for the hall (public).

import type { Meeting } from "../../../platform/data/schema";
import { createRouter, pageContext } from "../../../platform/http/app";
import { CYCLE, load } from "../../../platform/http/cycle-page";
import { AppError } from "../../../platform/http/errors";
import { jurisdictionName } from "../../../platform/http/forms";
import { formatDate } from "../../../platform/i18n";
import { Layout, PrintButton, Signature } from "../../../platform/ui/layout";
import { assessedProjects } from "../assessment";
import { listMeetings } from "../attendance";
import { getResults, screenState } from "../counting";
import { getVote } from "../votes";
import { assessmentAnnouncementPage } from "./assessment-announcement";
import { AssessmentTable } from "./assessment-views";
import { ballotFigures, ResultsTable } from "./results";

export const announcementPages = createRouter();

// ---- Announcement and big screen (public) -------------------------------------------------------

announcementPages.get(`${CYCLE}/votes/:vid{[0-9]+}/announcement`, async (c) => {
  const { j, cycle } = await load(c);
  const vote = await getVote(c.var.db, cycle, Number(c.req.param("vid")));
  if (vote.status !== "closed") throw new AppError("not_found");
  // A 满意度测评 has its own announcement (测评结果公告).
  if (vote.kind === "assessment") return assessmentAnnouncementPage(c, j, cycle, vote);
  const ctx = pageContext(c);
  const { t } = ctx;
  const { vote: v, results } = await getResults(c.var.db, vote, c.var.now);
  const [meeting] = (await listMeetings(c.var.db, cycle.id)).filter((m: Meeting) => m.id === v.meetingId);
  const elected = results.filter((r) => r.elected);
  const name = jurisdictionName(c, j);
  return c.html(
    <Layout ctx={ctx} title={t("ann.title", { no: v.announcementNo ?? 0 })}>
      <article class="announcement print-doc">
        <p class="center">{meeting?.title ?? ""}</p>
        <h1 class="center">{t("ann.presidium")}</h1>
        <p class="center">
          <strong>{t("ann.title", { no: v.announcementNo ?? 0 })}</strong>
        </p>
        <p class="prose">
          {t("ann.body", {
            date: formatDate(ctx.locale, v.closedAt ?? 0),
            name,
            title: v.title,
            ...ballotFigures(v),
            elected: elected.length,
          })}
        </p>
        <ol>
          {elected.map((r) => (
            <li>
              {r.name}（{vote.form === "per_candidate" ? t("vote.for") : t("vote.ticks")} {r.support}）
            </li>
          ))}
        </ol>
        {v.placesTied ? <p>{t("ann.tie", { n: v.placesTied })}</p> : null}
        {v.shortfall ? <p>{t("ann.shortfall", { n: v.shortfall })}</p> : null}
        <h2>{t("vote.result")}</h2>
        <ResultsTable t={t} vote={v} results={results} />
        <Signature t={t} name={name} date={formatDate(ctx.locale, v.closedAt ?? 0)} />
        <PrintButton t={t} />
      </article>
    </Layout>,
  );
});

/** The big screen's counts (the script updates each `data-k` from the status API). */
const SCREEN_COUNTS = [
  ["rosterSize", "vote.roster"],
  ["present", "vote.present"],
  ["voted", "vote.voted"],
] as const;

announcementPages.get(`${CYCLE}/votes/:vid{[0-9]+}/screen`, async (c) => {
  const { j, cycle } = await load(c);
  const vote = await getVote(c.var.db, cycle, Number(c.req.param("vid")));
  const s = await screenState(c.var.db, cycle, vote, c.var.now);
  const ctx = pageContext(c);
  const { t } = ctx;
  const outcome = vote.status === "closed" ? await getResults(c.var.db, vote, c.var.now) : null;
  return c.html(
    <Layout ctx={ctx} title={vote.title} wide>
      <div
        class="screen"
        data-status-url={`/api/jurisdictions/${j.code}/cycles/${cycle.year}/votes/${vote.id}/status`}
        data-status={vote.status}
      >
        <h1>{vote.title}</h1>
        <p class={`screen-status status-${vote.status}`} aria-live="polite">
          {t(`vote.status.${vote.status}`)}
        </p>
        <div class="screen-counts">
          {SCREEN_COUNTS.map(([k, label]) => (
            <div class={k === "voted" ? "voted" : undefined}>
              <span class="label">{t(label)}</span>{" "}
              <span class="big-num" data-k={k}>
                {s[k]}
              </span>
            </div>
          ))}
        </div>
        <p class="screen-offline" hidden>
          {t("screen.offline")}
        </p>
        {outcome && vote.kind === "assessment" ? (
          <AssessmentTable t={t} vote={outcome.vote} rows={assessedProjects(outcome.vote, outcome.results)} />
        ) : outcome ? (
          <ResultsTable t={t} vote={outcome.vote} results={outcome.results} />
        ) : (
          <p class="sealed">{t("screen.sealed")}</p>
        )}
      </div>
    </Layout>,
  );
});

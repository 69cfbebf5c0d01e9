// Stage 5, public: the results of the cycle's 满意度测评. Each one's printable result announcement
// (测评结果公告) is the vote's (src/features/voting/pages/assessment-announcement.tsx); staff create
// assessments on ./assessments.tsx.
import type { Context } from "hono";
import { can } from "../../../platform/auth/permissions";
import type { Cycle, Jurisdiction } from "../../../platform/data/schema";
import { createRouter, pageContext } from "../../../platform/http/app";
import { base, CYCLE, load } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { formatDate } from "../../../platform/i18n";
import { CyclePage } from "../../../platform/ui/cycle-layout";
import { type AssessmentOutcome, assessmentOutcome } from "../../voting/pages/assessment-announcement";
import { AssessmentTable } from "../../voting/pages/assessment-views";
import { listAssessments } from "../assessment";

export const assessmentPages = createRouter();

// ---- The cycle's results ----------------------------------------------------------------------------

function SatisfactionView(props: {
  c: Context<AppEnv>;
  j: Jurisdiction;
  cycle: Cycle;
  outcomes: AssessmentOutcome[];
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
  const outcomes = await Promise.all(list.map((x) => assessmentOutcome(c, x)));
  const staff = can(c.var.actor, j, "vote.manage");
  return c.html(<SatisfactionView c={c} j={j} cycle={cycle} outcomes={outcomes} staff={staff} />);
});

// The console's confirm screen: a vote's step (freeze, open, close) asked once more, with the
// headcount it will be taken on.
import type { Context } from "hono";
import type { Cycle, Jurisdiction, Vote } from "../../../platform/data/schema";
import { pageContext } from "../../../platform/http/app";
import { base } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { CyclePage } from "../../../platform/ui/cycle-layout";
import { PostForm } from "../../../platform/ui/layout";
import { type Headcount, headcount } from "../attendance";
import { worded } from "./results";
import { isStep, type Step } from "./vote-console";

/** The step of `?step=` (any other is "not found") and the headcount of the vote's meeting. */
export async function loadConfirm(c: Context<AppEnv>, cycle: Cycle, vote: Vote) {
  const step = c.req.query("step");
  if (!isStep(step)) throw new AppError("not_found");
  return { vote, step, count: await headcount(c.var.db, cycle, vote.meetingId) };
}

export function ConfirmView(props: {
  c: Context<AppEnv>;
  j: Jurisdiction;
  cycle: Cycle;
  d: { vote: Vote; step: Step; count: Headcount };
}) {
  const { c, j, cycle } = props;
  const { vote, step, count } = props.d;
  const ctx = pageContext(c);
  const { t } = ctx;
  const path = `${base(j, cycle)}/votes/${vote.id}`;
  const title = t(worded(vote, `vote.step.${step}`));
  return (
    <CyclePage c={c} j={j} cycle={cycle} title={title} extra={[path, vote.title]}>
      <p>
        {t(worded(vote, `vote.confirm.${step}`), {
          roster: vote.rosterSize ?? count.rosterSize,
          present: count.present,
        })}
      </p>
      <PostForm ctx={ctx} action={`${path}/${step}`}>
        <button type="submit" class="danger">
          {title}
        </button>{" "}
        <a href={path}>{t("stage.advance.cancel")}</a>
      </PostForm>
    </CyclePage>
  );
}

// The hand-over: the government confirms the candidate list, with its report, and hands it to the
// congress; the page names the candidates that still lack a required field.
import type { Context } from "hono";
import type { Cycle, Jurisdiction } from "../../../platform/data/schema";
import { createRouter, pageContext } from "../../../platform/http/app";
import { base, CYCLE, cycleWith } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { type FormState, formFields, refusal } from "../../../platform/http/forms";
import { CyclePage } from "../../../platform/ui/cycle-layout";
import { bindForm, TextArea } from "../../../platform/ui/fields";
import { Notice, PostForm } from "../../../platform/ui/layout";
import { listCandidates, missingFields } from "../candidates";
import { handOver } from "../handover";
import { missingText } from "./candidate-table";

export const handoverPages = createRouter();

const editCycle = (c: Context<AppEnv>) => cycleWith(c, "candidate.edit");

/** How many candidates go, and which of them still lack what. */
async function loadHandover(c: Context<AppEnv>, at: { j: Jurisdiction; cycle: Cycle }) {
  const list = await listCandidates(c.var.db, at.cycle.id);
  const incomplete = list.flatMap((x) => {
    const missing = missingFields(x);
    return missing.length ? [{ id: x.id, name: x.name, missing }] : [];
  });
  return { ...at, count: list.length, incomplete };
}

function HandoverPage(props: {
  c: Context<AppEnv>;
  data: Awaited<ReturnType<typeof loadHandover>>;
  form?: FormState;
}) {
  const { c, form } = props;
  const { j, cycle, count, incomplete } = props.data;
  const ctx = pageContext(c);
  const { t } = ctx;
  const f = bindForm(form?.values ?? {}, form?.fields);
  return (
    <CyclePage c={c} j={j} cycle={cycle} title={t("handover.confirm_title")}>
      <p>{t("handover.confirm_text", { n: count })}</p>
      {form?.error || incomplete.length ? (
        // Which candidates still lack what, with a way to each: the hand-over needs them complete.
        <Notice kind={form?.error ? "error" : "info"}>
          <p>{form?.error ?? t("handover.reason.incomplete")}</p>
          {incomplete.length ? (
            <ul>
              {incomplete.map((x) => (
                <li>
                  <a href={`${base(j, cycle)}/candidates/${x.id}/edit`}>{x.name}</a>{" "}
                  {missingText(t, x.missing)}
                </li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}
      <PostForm ctx={ctx} action={`${base(j, cycle)}/handover`} class="card">
        <TextArea {...f("report")} label={t("handover.report")} required rows={8} />
        <button type="submit" class="danger">
          {t("handover.submit")}
        </button>{" "}
        <a href={`${base(j, cycle)}/candidates`}>{t("stage.advance.cancel")}</a>
      </PostForm>
    </CyclePage>
  );
}

handoverPages.get(`${CYCLE}/handover`, async (c) => {
  return c.html(<HandoverPage c={c} data={await loadHandover(c, await editCycle(c))} />);
});

handoverPages.post(`${CYCLE}/handover`, async (c) => {
  const { grant, ...at } = await editCycle(c);
  const values = await formFields(c);
  try {
    await handOver(c.var.db, grant, at.cycle, values, c.var.now);
  } catch (e) {
    const { status, ...form } = refusal(c, e, ["illegal_transition", "conflict"]);
    const again = { values: { report: values.report ?? "" }, ...form };
    return c.html(<HandoverPage c={c} data={await loadHandover(c, at)} form={again} />, status);
  }
  return c.redirect(`${base(at.j, at.cycle)}/candidates?done=handover`, 303);
});

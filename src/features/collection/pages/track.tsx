// The tracking page: where a proposal stands, by its tracking number, for anyone who has it —
// without the proposer's name or phone.
import type { Context } from "hono";
import { createRouter, pageContext } from "../../../platform/http/app";
import { Crumbs } from "../../../platform/http/cycle-page";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { formatDateTime, type MessageKey } from "../../../platform/i18n";
import { Fact, Layout, Notice as Note } from "../../../platform/ui/layout";
import { outcomeParts } from "../../../platform/ui/outcome";
import {
  candidateNames,
  getProposalByTracking,
  placeNames,
  placesOf,
  publicProposal,
  TRACKING_NO,
} from "../proposals";
import { Outcome } from "./parts";

export const trackPages = createRouter();

/** The proposal as the public sees it, with its cycle, the name of its place and of its candidate. */
async function loadTracked(c: Context<AppEnv>, trackingNo: string) {
  const { proposal, cycle, jurisdiction: j } = await getProposalByTracking(c.var.db, trackingNo);
  const [places, names] = await Promise.all([placesOf(c.var.db, j), candidateNames(c.var.db, cycle.id)]);
  const place = placeNames(places, c.var.locale === "en").get(proposal.locationCode);
  return { j, cycle, p: publicProposal(proposal), place, names };
}

function TrackPage(props: {
  c: Context<AppEnv>;
  data: Awaited<ReturnType<typeof loadTracked>>;
  /** Just submitted ("new"), or the same form again ("repeat"). */
  arrival: "new" | "repeat" | null;
}) {
  const { c, arrival } = props;
  const { j, cycle, p, place, names } = props.data;
  const ctx = pageContext(c);
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t("track.title", { no: p.trackingNo })}>
      <Crumbs c={c} j={j} cycle={cycle} />
      {arrival === "new" ? (
        <Note kind="ok">
          {t("propose.thanks")} <strong class="code">{p.trackingNo}</strong>
          <br />
          {t("propose.track_hint")}
        </Note>
      ) : arrival === "repeat" ? (
        <Note kind="info">
          {t("propose.repeat")} <strong class="code">{p.trackingNo}</strong>
        </Note>
      ) : null}
      <h1>{t("track.title", { no: p.trackingNo })}</h1>
      <dl class="facts">
        <Fact label={t("list.col.title")}>{p.title}</Fact>
        <Fact label={t("list.category")}>{t(`category.${p.category}` as MessageKey)}</Fact>
        <Fact label={t("list.col.place")}>
          {place ?? p.locationCode}
          {p.locationDetail ? ` · ${p.locationDetail}` : ""}
        </Fact>
        <Fact label={t("list.col.source")}>{t(`source.${p.source}`)}</Fact>
        <Fact label={t("list.col.submitted")}>{formatDateTime(ctx.locale, p.submittedAt)}</Fact>
        <Fact label={t("track.status")} class="outcome">
          <Outcome outcome={outcomeParts(t, p, names)} />
        </Fact>
      </dl>
      <h2>{t("propose.f.background")}</h2>
      <p class="prose">{p.background}</p>
      <h2>{t("propose.f.content")}</h2>
      <p class="prose">{p.content}</p>
    </Layout>
  );
}

trackPages.get("/p", (c) => {
  const no = (c.req.query("no") ?? "").trim().toUpperCase();
  if (TRACKING_NO.test(no)) return c.redirect(`/p/${no}`, 303);
  throw new AppError("not_found");
});

trackPages.get("/p/:no", async (c) => {
  const data = await loadTracked(c, c.req.param("no"));
  const arrival = c.req.query("new") ? "new" : c.req.query("repeat") ? "repeat" : null;
  return c.html(<TrackPage c={c} data={data} arrival={arrival} />);
});

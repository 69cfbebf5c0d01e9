// The candidate list as a table (on the list page, for editing, and on A4 for printing): each
// candidate's fields, its planned investment by funding source and the total.
import { FUNDING_SOURCES } from "../../../platform/data/schema";
import type { MessageKey, Translator } from "../../../platform/i18n";
import { yuanToWan } from "../../../platform/lib/money";
import { TableWrap } from "../../../platform/ui/layout";
import { type CandidateWithFunding, missingFields } from "../candidates";

function Money(props: { yuan: number | undefined }) {
  return <>{props.yuan ? yuanToWan(props.yuan) : ""}</>;
}

/** "缺少：完成时限、年度目标" for the fields a candidate still lacks (see `missingFields`). */
export function missingText(t: Translator, missing: string[]): string {
  return t("cand.missing", {
    fields: missing
      .map((m) => t(m === "funding" ? "cand.f.funding" : (`cand.f.${m}` as MessageKey)))
      .join("、"),
  });
}

/** The columns before the money, each spanning the header's two rows. */
const COLUMNS = [
  "cand.col.no",
  "cand.f.name",
  "cand.f.content",
  "cand.f.locationCode",
  "cand.f.responsibleUnit",
  "cand.f.deadline",
  "cand.f.annualTarget",
] as const;

export function CandidateTable(props: {
  t: Translator;
  list: CandidateWithFunding[];
  /** Where the rows' edit links go (the list's address), when the government may edit. */
  editBase?: string | undefined;
  places: Map<string, string>;
}) {
  const { t } = props;
  const total = props.list.reduce((a, x) => a + x.totalYuan, 0);
  return (
    <TableWrap label={t("cand.link")}>
      {/* On a phone each row becomes a card: the cells carry their column's name (data-label). */}
      <table class="candidates stack">
        <colgroup span={COLUMNS.length} />
        <colgroup span={FUNDING_SOURCES.length + 1} />
        {props.editBase ? <colgroup span={1} /> : null}
        <thead>
          <tr>
            {COLUMNS.map((key) => (
              <th scope="col" rowspan={2}>
                {t(key)}
              </th>
            ))}
            <th scope="colgroup" colspan={FUNDING_SOURCES.length + 1} class="group">
              {t("cand.f.funding")}
            </th>
            {props.editBase ? (
              <th scope="col" rowspan={2}>
                {t("jur.links")}
              </th>
            ) : null}
          </tr>
          <tr>
            {FUNDING_SOURCES.map((s) => (
              <th scope="col" class="num">
                {t(`fund.${s}`)}
              </th>
            ))}
            <th scope="col" class="num">
              {t("cand.total")}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.list.map((x) => {
            const missing = missingFields(x);
            return (
              <tr>
                <td data-label={t("cand.col.no")}>{x.position}</td>
                <th scope="row">
                  {x.name}
                  <br />
                  <span class="muted">{t("cand.proposals", { n: x.proposalCount })}</span>
                </th>
                <td data-label={t("cand.f.content")} class="prose">
                  {x.content}
                </td>
                <td data-label={t("cand.f.locationCode")}>
                  {props.places.get(x.locationCode) ?? x.locationCode}
                  {x.locationDetail ? ` · ${x.locationDetail}` : ""}
                </td>
                <td data-label={t("cand.f.responsibleUnit")}>{x.responsibleUnit}</td>
                <td data-label={t("cand.f.deadline")}>{x.deadline}</td>
                <td data-label={t("cand.f.annualTarget")}>{x.annualTarget}</td>
                {FUNDING_SOURCES.map((s) => (
                  <td data-label={t("cand.col.wan", { label: t(`fund.${s}`) })} class="num">
                    <Money yuan={x.funding[s]} />
                  </td>
                ))}
                <td data-label={t("cand.col.wan", { label: t("cand.total") })} class="num">
                  <strong>{yuanToWan(x.totalYuan)}</strong>
                </td>
                {props.editBase ? (
                  <td class="row-links">
                    <a
                      href={`${props.editBase}/${x.id}/edit`}
                      aria-label={t("cand.edit_row", { name: x.name })}
                    >
                      {t("cand.edit")}
                    </a>
                    <br />
                    {missing.length ? (
                      <span class="error">{missingText(t, missing)}</span>
                    ) : (
                      <span class="muted">{t("cand.complete")}</span>
                    )}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colspan={COLUMNS.length + FUNDING_SOURCES.length}>
              {t("cand.total")}
            </th>
            <td data-label={t("cand.col.wan", { label: t("cand.total") })} class="num">
              <strong>{yuanToWan(total)}</strong>
            </td>
            {props.editBase ? <td /> : null}
          </tr>
        </tfoot>
      </table>
    </TableWrap>
  );
}

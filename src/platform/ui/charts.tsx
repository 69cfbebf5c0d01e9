// Charts as plain HTML with small inline SVG bars: no script, no inline style (the CSP forbids it;
// an SVG rect's width attribute is not a style), readable on a phone. Every bar has its number as
// text beside it, and every chart names the table that says the same in words (text equivalent);
// the SVG itself is hidden from screen readers. Colours (app.css) keep 3:1 against the track and
// the page (WCAG 2.1 AA, 1.4.11), and no bar relies on colour alone: each row says what it is.
import type { Child } from "hono/jsx";

/** Share of `max` in percent, with one decimal, for an SVG width (0 when max is 0). */
function share(value: number, max: number): number {
  if (max <= 0 || value <= 0) return 0;
  return Math.min(100, Math.round((value * 1000) / max) / 10);
}

/** A horizontal bar 0–100, decorative: the caller prints the value as text next to it. */
function Bar(props: { percent: number; kind?: "planned" | "spent" | "done" }) {
  const w = Math.max(0, Math.min(100, props.percent));
  return (
    <svg
      class="bar"
      viewBox="0 0 100 10"
      preserveAspectRatio="none"
      aria-hidden="true"
      focusable="false"
      width="100%"
      height="12"
    >
      <rect class="bar-track" x="0" y="0" width="100" height="10" />
      <rect class={`bar-fill ${props.kind ?? "done"}`} x="0" y="0" width={String(w)} height="10" />
    </svg>
  );
}

/** A project's progress: the bar, "60%", and the same as the bar's accessible name. */
export function ProgressBar(props: { percent: number; label: string }) {
  return (
    <span class="progressbar" role="img" aria-label={props.label}>
      <Bar percent={props.percent} kind="done" />
      <span class="progress-num" aria-hidden="true">
        {props.percent}%
      </span>
    </span>
  );
}

export interface MoneyRow {
  label: string;
  planned: number;
  spent: number;
  /** The amounts as text (万元), printed beside the bars. */
  plannedText: string;
  spentText: string;
}

/**
 * Money planned against money disbursed, one pair of bars per row (by funding source, or by
 * jurisdiction), scaled to the largest amount. `tableId` names the table with the same figures.
 */
export function MoneyChart(props: {
  title: string;
  rows: MoneyRow[];
  plannedLabel: string;
  spentLabel: string;
  tableId: string;
  note?: Child;
}) {
  const max = Math.max(0, ...props.rows.map((r) => Math.max(r.planned, r.spent)));
  return (
    <figure class="chart" aria-describedby={props.tableId}>
      <figcaption>{props.title}</figcaption>
      <ul class="chart-legend" aria-hidden="true">
        <li>
          <span class="key planned" /> {props.plannedLabel}
        </li>
        <li>
          <span class="key spent" /> {props.spentLabel}
        </li>
      </ul>
      <dl class="chart-rows">
        {props.rows.map((r) => (
          <div class="chart-row">
            <dt>{r.label}</dt>
            <dd>
              <span class="chart-line">
                <span class="chart-what">{props.plannedLabel}</span>
                <Bar percent={share(r.planned, max)} kind="planned" />
                <span class="chart-num">{r.plannedText}</span>
              </span>
              <span class="chart-line">
                <span class="chart-what">{props.spentLabel}</span>
                <Bar percent={share(r.spent, max)} kind="spent" />
                <span class="chart-num">{r.spentText}</span>
              </span>
            </dd>
          </div>
        ))}
      </dl>
      {props.note ? <p class="muted">{props.note}</p> : null}
    </figure>
  );
}

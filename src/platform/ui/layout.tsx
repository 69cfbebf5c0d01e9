// The page frame: skip link, header with navigation and language switch, main, footer; and the
// small pieces of a page: the POST form, notices, tables, facts, button links, print, signature.
// No inline script or style anywhere (the CSP forbids both); one stylesheet, one small script.
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { Actor } from "../auth/actor";
import type { Locale, Translator } from "../i18n";

export interface PageContext {
  t: Translator;
  locale: Locale;
  actor: Actor | null;
  csrfToken: string;
  /** Path and query of the current page, for the language switch's way back. */
  path: string;
}

export function Layout(props: { ctx: PageContext; title: string; children: Child; wide?: boolean }) {
  const { t, locale, actor, path } = props.ctx;
  const other = locale === "en" ? "zh-CN" : "en";
  // The doctype keeps every browser, old office ones included, out of quirks mode.
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang={locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="csrf-token" content={props.ctx.csrfToken} />
          <title>{`${props.title} · ${t("app.name")}`}</title>
          <link rel="stylesheet" href="/static/app.css" />
          <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
          <script src="/static/app.js" defer />
        </head>
        <body>
          <a class="skip" href="#main">
            {t("nav.skip")}
          </a>
          <header class="site">
            <a class="brand" href="/">
              {t("app.name")}
            </a>
            <nav aria-label={t("nav.main")}>
              <ul>
                <li>
                  <a href="/">{t("nav.home")}</a>
                </li>
                {actor ? (
                  <>
                    <li>
                      <a href="/me">{t("nav.me")}</a>
                    </li>
                    <li>
                      <form method="post" action="/logout" class="inline">
                        <input type="hidden" name="_csrf" value={props.ctx.csrfToken} />
                        <button type="submit" class="link">
                          {t("nav.logout")}
                        </button>
                      </form>
                    </li>
                  </>
                ) : (
                  <li>
                    <a href="/login">{t("nav.login")}</a>
                  </li>
                )}
                <li>
                  <a
                    href={`/lang?to=${other}&back=${encodeURIComponent(path)}`}
                    lang={other}
                    hreflang={other}
                  >
                    {t("nav.language")}
                  </a>
                </li>
              </ul>
            </nav>
          </header>
          <main id="main" class={props.wide ? "wide" : undefined}>
            {props.children}
          </main>
          <footer class="site">
            <p>{t("footer.text")}</p>
          </footer>
        </body>
      </html>
    </>
  );
}

/** A POST form with the CSRF field. */
export function PostForm(props: {
  ctx: PageContext;
  action: string;
  children: Child;
  multipart?: boolean;
  class?: string;
}) {
  return (
    <form
      method="post"
      action={props.action}
      enctype={props.multipart ? "multipart/form-data" : undefined}
      class={props.class}
      novalidate
    >
      <input type="hidden" name="_csrf" value={props.ctx.csrfToken} />
      {props.children}
    </form>
  );
}

/** A labelled input with its field-level error, tied together for screen readers. */
export function Notice(props: { kind: "ok" | "error" | "info"; children: Child }) {
  return (
    <div class={`notice ${props.kind}`} role={props.kind === "error" ? "alert" : "status"}>
      {props.children}
    </div>
  );
}

/**
 * A table that scrolls sideways when the screen is narrower than the table. The scrolling box is a
 * labelled region that takes keyboard focus, so people without a mouse or touch can scroll it too.
 */
export function TableWrap(props: { label: string; children: Child }) {
  return (
    <section class="table-wrap" aria-label={props.label} tabindex={0}>
      {props.children}
    </section>
  );
}

/** A column of a table's head: its label, or `[label, "num"]` for a column of figures. */
type Col = string | [string, "num"];

/** The head of a column of figures, where a list of columns is built. */
export const numCol = (label: string): Col => [label, "num"];

/** A table's head: one column heading per label; a `[label, "num"]` column holds figures. */
export function Heads(props: { cols: Col[] }) {
  return (
    <thead>
      <tr>
        {props.cols.map((col) =>
          typeof col === "string" ? (
            <th scope="col">{col}</th>
          ) : (
            <th scope="col" class={col[1]}>
              {col[0]}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}

/**
 * A table in its scrolling box (TableWrap): the column heads, `children` as the rows of its body and
 * `foot` as its foot. On a phone a table of class "stack" shows each row as a card, whose cells carry
 * their column's name (data-label).
 */
export function DataTable(props: {
  label: string;
  cols: Col[];
  id?: string;
  class?: string;
  /** A caption for screen readers only. */
  caption?: string;
  foot?: Child;
  children: Child;
}) {
  return (
    <TableWrap label={props.label}>
      <table id={props.id} class={props.class}>
        {props.caption ? <caption class="visually-hidden">{props.caption}</caption> : null}
        <Heads cols={props.cols} />
        <tbody>{props.children}</tbody>
        {props.foot ? <tfoot>{props.foot}</tfoot> : null}
      </table>
    </TableWrap>
  );
}

/** A figure in a table's row; `label` names its column where a phone shows the row as a card. */
export function NumCell(props: { label: string; children: Child }) {
  return (
    <td class="num" data-label={props.label}>
      {props.children}
    </td>
  );
}

/** One fact of a list of facts (`<dl>`): its name, then what it is (`class`: of the value). */
export function Fact(props: { label: string; class?: string; children: Child }) {
  return (
    <>
      <dt>{props.label}</dt>
      <dd class={props.class}>{props.children}</dd>
    </>
  );
}

/** A link that looks like a button, on a line of its own. */
export function ButtonLink(props: { href: string; children: Child }) {
  return (
    <p>
      <a class="button" href={props.href}>
        {props.children}
      </a>
    </p>
  );
}

/** Prints the document: hidden until web/public/static/app.js shows it, and left out of the printout. */
export function PrintButton(props: { t: (key: "cred.slips.print") => string }) {
  return (
    <p class="no-print">
      <button type="button" class="js-print" hidden>
        {props.t("cred.slips.print")}
      </button>
    </p>
  );
}

/** The presidium's signature under an announcement: who, and when. */
export function Signature(props: {
  t: (key: "ann.signature", vars: { name: string }) => string;
  name: string;
  date: string;
}) {
  return (
    <p class="right">
      {props.t("ann.signature", { name: props.name })}
      <br />
      {props.date}
    </p>
  );
}

// A page of one jurisdiction's cycle: the page frame, the trail back to the cycle, and the heading.
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { Cycle, Jurisdiction } from "../data/schema";
import { pageContext } from "../http/app";
import { Crumbs } from "../http/cycle-page";
import type { AppEnv } from "../http/env";
import { Layout } from "./layout";

/**
 * The frame of a page under /j/:code/:year: `title` in the window and in the h1 ("title：subject"
 * with a `subject`, or `heading` instead), the crumbs (jurisdiction › year, then `extra` or
 * `trail`), then the page's content.
 */
export function CyclePage(props: {
  c: Context<AppEnv>;
  j: Jurisdiction;
  cycle: Cycle;
  title: string;
  /** What the page is on (a project, say), after the title in the h1. */
  subject?: string;
  /** What the h1 says when it is not the title. */
  heading?: Child;
  wide?: boolean;
  extra?: [string, string];
  trail?: [string, string][];
  children: Child;
}) {
  const { c, j, cycle } = props;
  return (
    <Layout ctx={pageContext(c)} title={props.title} wide={props.wide}>
      <Crumbs c={c} j={j} cycle={cycle} extra={props.extra} trail={props.trail} />
      <h1>
        {props.subject === undefined ? (props.heading ?? props.title) : `${props.title}：${props.subject}`}
      </h1>
      {props.children}
    </Layout>
  );
}

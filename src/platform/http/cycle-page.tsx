// What the pages under one jurisdiction's cycle (/j/:code/:year/…) share: the route prefix, the
// cycle of the address (with or without a role check), its base URL and the breadcrumb trail.
import type { Context } from "hono";
import { type Permission, requireAccess } from "../auth/permissions";
import { getCycle } from "../cycle/cycles";
import { getJurisdiction } from "../cycle/jurisdictions";
import type { Cycle, Jurisdiction } from "../data/schema";
import type { AppEnv } from "./env";
import { jurisdictionName } from "./forms";

export const CYCLE = "/j/:code/:year{[0-9]{4}}";

export const base = (j: Jurisdiction, cycle: Cycle) => `/j/${j.code}/${cycle.year}`;

/** The jurisdiction and cycle of the address, for pages anyone may read. */
export async function load(c: Context<AppEnv>) {
  const j = await getJurisdiction(c.var.db, c.req.param("code") as string);
  const cycle = await getCycle(c.var.db, j.code, Number(c.req.param("year")));
  return { j, cycle };
}

/** The role check first (a visitor signs in, another jurisdiction is "not found"), then the cycle. */
export async function cycleWith<P extends Permission>(c: Context<AppEnv>, permission: P) {
  const grant = await requireAccess(c.var.db, c.var.actor, c.req.param("code") as string, permission);
  const { jurisdiction: j, actor } = grant;
  const cycle = await getCycle(c.var.db, j.code, Number(c.req.param("year")));
  return { j, cycle, actor, grant };
}

/** Jurisdiction › year, then the steps of `trail` ([href, label] each; `extra` is a one-step trail). */
export function Crumbs(props: {
  c: Context<AppEnv>;
  j: Jurisdiction;
  cycle: Cycle;
  extra?: [string, string];
  trail?: [string, string][];
}) {
  const { t } = props.c.var;
  const steps = props.trail ?? (props.extra ? [props.extra] : []);
  return (
    <p class="crumbs">
      <a href={`/j/${props.j.code}`}>{jurisdictionName(props.c, props.j)}</a> ›{" "}
      <a href={base(props.j, props.cycle)}>{t("jur.year", { year: props.cycle.year })}</a>
      {steps.map(([href, label]) => (
        <>
          {" "}
          › <a href={href}>{label}</a>
        </>
      ))}
    </p>
  );
}

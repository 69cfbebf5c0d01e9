// What the pages under one jurisdiction's cycle (/j/:code/:year/…) share: the route prefix, the
// cycle of the address (with or without a role check), its base URL and the breadcrumb trail.
import type { Context } from "hono";
import type { Cycle, Jurisdiction } from "../../src/data/schema";
import { getCycle } from "../../src/domain/cycles";
import { getJurisdiction } from "../../src/domain/jurisdictions";
import { type Permission, requireAccess } from "../../src/domain/permissions";
import type { AppEnv } from "../../src/env";
import { jurisdictionName } from "./util";

export const CYCLE = "/j/:code/:year{[0-9]{4}}";

export const base = (j: Jurisdiction, cycle: Cycle) => `/j/${j.code}/${cycle.year}`;

/** The jurisdiction and cycle of the address, for pages anyone may read. */
export async function load(c: Context<AppEnv>) {
  const j = await getJurisdiction(c.var.db, c.req.param("code") as string);
  const cycle = await getCycle(c.var.db, j.code, Number(c.req.param("year")));
  return { j, cycle };
}

/** The role check first (a visitor signs in, another jurisdiction is "not found"), then the cycle. */
export async function cycleWith(c: Context<AppEnv>, permission: Permission) {
  const { jurisdiction: j, actor } = await requireAccess(
    c.var.db,
    c.var.actor,
    c.req.param("code") as string,
    permission,
  );
  const cycle = await getCycle(c.var.db, j.code, Number(c.req.param("year")));
  return { j, cycle, actor };
}

/** Jurisdiction › year, and an optional last step. */
export function Crumbs(props: {
  c: Context<AppEnv>;
  j: Jurisdiction;
  cycle: Cycle;
  extra?: [string, string];
}) {
  const { t } = props.c.var;
  return (
    <p class="crumbs">
      <a href={`/j/${props.j.code}`}>{jurisdictionName(props.c, props.j)}</a> ›{" "}
      <a href={base(props.j, props.cycle)}>{t("jur.year", { year: props.cycle.year })}</a>
      {props.extra ? (
        <>
          {" "}
          › <a href={props.extra[0]}>{props.extra[1]}</a>
        </>
      ) : null}
    </p>
  );
}

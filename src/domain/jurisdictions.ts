import { asc, eq, like } from "drizzle-orm";
import type { Db } from "../data/db";
import { type Jurisdiction, jurisdictions } from "../data/schema";
import { AppError } from "../errors";
import { type Actor, canSeeJurisdiction } from "./actor";

/** Jurisdictions are public facts: anyone may read one by code. */
export async function getJurisdiction(db: Db, code: string): Promise<Jurisdiction> {
  const [row] = await db.select().from(jurisdictions).where(eq(jurisdictions.code, code));
  if (!row) throw new AppError("not_found");
  return row;
}

/** A jurisdiction whose non-public data the actor may see; anything else is "not found". */
export async function getVisibleJurisdiction(
  db: Db,
  actor: Actor | null,
  code: string,
): Promise<Jurisdiction> {
  const row = await getJurisdiction(db, code);
  if (!canSeeJurisdiction(actor, row)) throw new AppError("not_found");
  return row;
}

export function listChildren(db: Db, parentCode: string) {
  return db
    .select()
    .from(jurisdictions)
    .where(eq(jurisdictions.parentCode, parentCode))
    .orderBy(asc(jurisdictions.code));
}

export function listSubtree(db: Db, root: Jurisdiction) {
  return db
    .select()
    .from(jurisdictions)
    .where(like(jurisdictions.path, `${root.path}%`))
    .orderBy(asc(jurisdictions.path));
}

/** All jurisdictions, tree order. Small (a province has ~1,300); used by the public home page. */
export function listAll(db: Db) {
  return db.select().from(jurisdictions).orderBy(asc(jurisdictions.path));
}

export function jurisdictionPath(parent: Jurisdiction | null, code: string): string {
  return `${parent ? parent.path : "/"}${code}/`;
}

import { asc, eq } from "drizzle-orm";
import { type Db, firstOrNotFound } from "../data/db";
import { type Jurisdiction, jurisdictions } from "../data/schema";

/** Jurisdictions are public facts: anyone may read one by code. */
export async function getJurisdiction(db: Db, code: string): Promise<Jurisdiction> {
  return firstOrNotFound(db.select().from(jurisdictions).where(eq(jurisdictions.code, code)));
}

export function listChildren(db: Db, parentCode: string) {
  return db
    .select()
    .from(jurisdictions)
    .where(eq(jurisdictions.parentCode, parentCode))
    .orderBy(asc(jurisdictions.code));
}

/** All jurisdictions, tree order. Small (a province has ~1,300); used by the public home page. */
export function listAll(db: Db) {
  return db.select().from(jurisdictions).orderBy(asc(jurisdictions.path));
}

export function jurisdictionPath(parent: Jurisdiction | null, code: string): string {
  return `${parent ? parent.path : "/"}${code}/`;
}

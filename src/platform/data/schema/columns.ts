// Column builders the tables share. Each call returns a new builder, so no two tables share one.
import { type AnySQLiteColumn, integer } from "drizzle-orm/sqlite-core";

/** The surrogate key of a table: an integer the database assigns in increasing order. */
export const id = () => integer("id").primaryKey({ autoIncrement: true });

/** A required reference to the integer key of another table. */
export const ref = <TName extends string>(name: TName, target: () => AnySQLiteColumn) =>
  integer(name).notNull().references(target);

/** A reference that is also the primary key: at most one row per row of the target. */
export const primaryRef = <TName extends string>(name: TName, target: () => AnySQLiteColumn) =>
  integer(name).primaryKey().references(target);

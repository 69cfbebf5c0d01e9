// A record that a doubled submit (a double click, a retry, the back button) stores once.
import { desc, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { type AuditInput, commitWithAudit } from "../../platform/audit/audit";
import type { Db } from "../../platform/data/db";
import type { inspections, problems } from "../../platform/data/schema";
import { AppError } from "../../platform/http/errors";

/**
 * Inserts a row unless one matching `same` is there already: `statements` (the INSERT … SELECT
 * carrying `guard`, and what goes with it) and the audit entry are one batch guarded by "no such row
 * yet". Returns the matching row's id and whether this call wrote it.
 */
export async function insertOnce(
  db: Db,
  table: typeof inspections | typeof problems,
  same: SQL | undefined,
  audit: AuditInput,
  statements: (guard: SQL) => BatchItem<"sqlite">[],
): Promise<{ id: number; created: boolean }> {
  const guard = sql`NOT EXISTS (SELECT 1 FROM ${table} WHERE ${same})`;
  const { written } = await commitWithAudit(db, audit, () => statements(guard), guard);
  const [row] = await db.select({ id: table.id }).from(table).where(same).orderBy(desc(table.id));
  if (!row) throw new AppError("internal");
  return { id: row.id, created: written };
}

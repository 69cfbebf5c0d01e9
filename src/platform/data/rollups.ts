// Read models of stage 5: project_state (one row per project) and year_totals (one row per
// jurisdiction and year). Every write that changes what they summarise appends these statements
// to its own D1 batch, so the summaries are never stale and the public list, the city view and the
// open data read as many rows as they show, whatever the size of the history behind them.
//
// Both are rebuilt from the source tables (a DELETE and an INSERT … SELECT, in the caller's batch):
// no arithmetic on deltas that a lost or doubled write could skew. Columns of the SELECTs follow
// the tables' column order in src/platform/data/schema.ts. Only the cycle's elected candidates are projects.
import { eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "./db";
import { projectState, yearTotals } from "./schema";

/** The statements that rebuild one project's row (no row is written for a candidate not elected). */
export function refreshProject(db: Db, candidateId: number, now: number) {
  return [
    db.delete(projectState).where(eq(projectState.candidateId, candidateId)),
    db.insert(projectState).select(projectStateSql(sql`${candidateId}`, now)),
  ] as const;
}

/** Rebuilds every project row of a cycle (after a vote closes, or in the demo seed). */
export function refreshCycleProjects(db: Db, cycleId: number, now: number) {
  const elected = sql`(SELECT c2.id FROM candidates c2 WHERE c2.cycle_id = ${cycleId} AND ${electedSql(sql`c2.id`)})`;
  return [
    db.delete(projectState).where(eq(projectState.cycleId, cycleId)),
    db.insert(projectState).select(projectStateSql(elected, now, true)),
  ] as const;
}

/**
 * The statements that rebuild the totals of a cycle's jurisdiction and year from project_state;
 * append them after the project statements in the same batch.
 */
export function refreshYear(db: Db, cycleId: number, now: number) {
  const cycle = sql`(SELECT jurisdiction_code FROM cycles WHERE id = ${cycleId})`;
  return [
    db
      .delete(yearTotals)
      .where(
        sql`${yearTotals.jurisdictionCode} = ${cycle} AND ${yearTotals.year} = (SELECT year FROM cycles WHERE id = ${cycleId})`,
      ),
    db.insert(yearTotals).select(sql`
    SELECT y.jurisdiction_code, y.year, COUNT(p.candidate_id), COALESCE(SUM(p.planned_yuan), 0),
      COALESCE(SUM(p.disbursed_yuan), 0),
      COALESCE(SUM(p.status = 'completed'), 0), COALESCE(SUM(p.status = 'stopped'), 0),
      COALESCE(SUM(p.status = 'carried_over'), 0), COALESCE(SUM(p.open_problems), 0),
      COALESCE(SUM(p.grade IS NOT NULL), 0), COALESCE(SUM(p.grade = 'unsatisfied'), 0),
      COALESCE(SUM(p.satisfied_or_basic), 0), COALESCE(SUM(p.assessed_valid), 0), ${now}
    FROM cycles y LEFT JOIN project_state p ON p.cycle_id = y.id
    WHERE y.id = ${cycleId}
    GROUP BY y.id`),
  ] as const;
}

/** A candidate is a project when a closed vote of its cycle elected it. */
function electedSql(candidateId: SQL): SQL {
  return sql`EXISTS (SELECT 1 FROM vote_results r JOIN votes v ON v.id = r.vote_id
    WHERE r.candidate_id = ${candidateId} AND r.elected = 1 AND v.status = 'closed'
      AND v.kind IN ('project', 'runoff'))`;
}

function projectStateSql(ids: SQL, now: number, many = false): SQL {
  const which = many ? sql`c.id IN ${ids}` : sql`c.id = ${ids}`;
  return sql`
    SELECT c.id, c.cycle_id, y.jurisdiction_code, y.year, c.position, c.name,
      COALESCE(pl.responsible_unit, c.responsible_unit),
      CASE
        WHEN ch.kind = 'stop' THEN 'stopped'
        WHEN ch.kind = 'carry_over' THEN 'carried_over'
        WHEN r.percent >= 100 THEN 'completed'
        WHEN ch.kind = 'postpone' THEN 'postponed'
        WHEN r.id IS NOT NULL THEN 'in_progress'
        ELSE 'planned'
      END,
      (SELECT COALESCE(SUM(f.amount_yuan), 0) FROM candidate_funding f WHERE f.candidate_id = c.id),
      COALESCE(r.percent, 0), COALESCE(r.disbursed_yuan, 0), r.id, r.reported_on,
      (SELECT COUNT(*) FROM problems pr WHERE pr.candidate_id = c.id AND pr.status <> 'closed'),
      a.grade, a.support + a.basic, av.valid_ballots, ${now}
    FROM candidates c
    JOIN cycles y ON y.id = c.cycle_id
    LEFT JOIN plans pl ON pl.candidate_id = c.id
    LEFT JOIN progress_reports r ON r.id =
      (SELECT MAX(r2.id) FROM progress_reports r2 WHERE r2.candidate_id = c.id)
    LEFT JOIN project_changes ch ON ch.id =
      (SELECT MAX(c3.id) FROM project_changes c3 WHERE c3.candidate_id = c.id)
    LEFT JOIN vote_results a ON a.candidate_id = c.id AND a.vote_id =
      (SELECT MAX(v4.id) FROM vote_results r4 JOIN votes v4 ON v4.id = r4.vote_id
        WHERE r4.candidate_id = c.id AND v4.kind = 'assessment' AND v4.status = 'closed')
    LEFT JOIN votes av ON av.id = a.vote_id
    WHERE ${which} AND ${electedSql(sql`c.id`)}`;
}

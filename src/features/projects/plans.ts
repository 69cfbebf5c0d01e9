// A project's implementation plan (实施方案): the responsible unit, the year's target and the
// milestones, written and published by the government once the vote has decided the projects.
import { and, eq, isNull } from "drizzle-orm";
import * as v from "valibot";
import { writer } from "../../platform/auth/writer";
import { milestones, plans } from "../../platform/data/schema";
import { parse, requiredText } from "../../platform/lib/validate";
import { assertProjectStage, commitProjectWrite, getProject } from "./projects";

/** Milestones as staff write them: one per line, "YYYY-MM-DD 标题". */
const milestoneLines = v.pipe(
  v.optional(v.string(), ""),
  v.transform((s) =>
    s
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean),
  ),
  v.check(
    (lines) => lines.length <= 30 && lines.every((l) => /^\d{4}-\d{2}-\d{2}\s+\S/.test(l)),
    "field.milestones",
  ),
  v.transform((lines) =>
    lines.map((l) => ({ dueOn: l.slice(0, 10), title: l.slice(10).trim().slice(0, 100) })),
  ),
);

const PlanInput = v.object({
  responsibleUnit: requiredText(60),
  annualTarget: requiredText(500),
  milestones: milestoneLines,
});

/** The government writes (and publishes) a project's implementation plan. */
export const savePlan = writer(
  "plan.edit",
  async ({ db, cycle, now, auditEntry }, id: number, input: unknown, publish: boolean) => {
    const p = parse(PlanInput, input);
    assertProjectStage(cycle);
    const project = await getProject(db, cycle, id, now);
    const publishedAt = project.plan?.publishedAt ?? (publish ? now : null);
    const row = {
      responsibleUnit: p.responsibleUnit,
      annualTarget: p.annualTarget,
      publishedAt,
      updatedAt: now,
    };
    const action = publish ? "plan.publish" : "plan.save";
    // The responsible unit may change: the read models follow in the same batch.
    await commitProjectWrite(
      { db, cycle, now, auditEntry },
      { id, action, detail: { milestones: p.milestones.length } },
      () => [
        db
          .insert(plans)
          .values({ candidateId: id, ...row })
          .onConflictDoUpdate({ target: plans.candidateId, set: row }),
        // Milestones already reached stay; the open ones are replaced by the new list.
        db.delete(milestones).where(and(eq(milestones.candidateId, id), isNull(milestones.doneOn))),
        ...(p.milestones.length
          ? [
              db
                .insert(milestones)
                .values(p.milestones.map((m) => ({ candidateId: id, title: m.title, dueOn: m.dueOn }))),
            ]
          : []),
      ],
    );
  },
);

// Progress reports (进度报送) by the responsible unit, on its own projects: percent complete, money
// disbursed to date by source, milestones reached, and photos (./photos.ts).
import { inArray } from "drizzle-orm";
import * as v from "valibot";
import { assertOwnProject } from "../../platform/auth/permissions";
import { type Writing, writer } from "../../platform/auth/writer";
import { FUNDING_SOURCES, milestones, progressReports } from "../../platform/data/schema";
import { AppError } from "../../platform/http/errors";
import { pastDateField } from "../../platform/lib/dates";
import { optionalWan } from "../../platform/lib/money";
import { intField, requiredText } from "../../platform/lib/validate";
import { discardPhotos, type PhotoUpload, photoRowsInsert, storePhotos } from "./photos";
import { assertProjectStage, commitProjectWrite, getProject, latestChangeKind } from "./projects";

/** A progress report is made as of a day that has come in Beijing, like inspections and decisions. */
export const ReportInput = (now: number) =>
  v.object({
    reportedOn: pastDateField(now),
    percent: intField(0, 100),
    body: requiredText(4000),
    ...Object.fromEntries(FUNDING_SOURCES.map((s) => [`disbursed_${s}`, optionalWan])),
    done: v.optional(v.array(v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number))), []),
  }) as unknown as v.GenericSchema<
    Record<string, unknown>,
    {
      reportedOn: string;
      percent: number;
      body: string;
      done: number[];
      [k: `disbursed_${string}`]: number | undefined;
    }
  >;

/** The photos sent with a report, and the bucket they are stored in. */
type Photos = { bucket: R2Bucket; uploads: PhotoUpload[] };

/**
 * The responsible unit reports progress on its own project only: percent complete, money
 * disbursed to date by source (exact yuan), milestones reached, and up to 4 photos (checked by
 * `checkPhotos` in src/features/projects/photos.ts). The photos go to R2 only after every check has passed,
 * and are removed again if the D1 batch that records them fails.
 */
export const reportProgress = writer(
  "progress.report",
  ReportInput,
  async (
    { db, actor, cycle, now, auditEntry, options: photos }: Writing<"progress.report", Photos | null>,
    r,
    id: number,
  ) => {
    assertProjectStage(cycle);
    const project = await getProject(db, cycle, id, now);
    assertOwnProject(actor, cycle, project);
    // A project stopped by decision (src/features/supervision/changes.ts) takes no further reports.
    if ((await latestChangeKind(db, id)) === "stop")
      throw new AppError("illegal_transition", { reason: "sup.reason.stopped" });
    if (!project.plan?.publishedAt)
      throw new AppError("illegal_transition", { reason: "project.reason.no_plan" });
    const disbursed: Record<string, number> = {};
    for (const s of FUNDING_SOURCES) {
      const x = r[`disbursed_${s}`];
      if (typeof x === "number" && x > 0) disbursed[s] = x;
    }
    const disbursedYuan = Object.values(disbursed).reduce((a, b) => a + b, 0);
    const done = r.done.filter((m) => project.milestones.some((x) => x.id === m && !x.doneOn));
    const stored = photos?.uploads.length ? await storePhotos(photos.bucket, photos.uploads) : [];
    try {
      const detail = { percent: r.percent, disbursedYuan, photos: stored.length };
      await commitProjectWrite(
        { db, cycle, now, auditEntry },
        { id, action: "progress.report", detail },
        () => [
          db.insert(progressReports).values({
            candidateId: id,
            reportedOn: r.reportedOn,
            percent: r.percent,
            body: r.body,
            disbursed: JSON.stringify(disbursed),
            disbursedYuan,
            userId: actor.id,
            createdAt: now,
          }),
          ...(done.length
            ? [db.update(milestones).set({ doneOn: r.reportedOn }).where(inArray(milestones.id, done))]
            : []),
          ...(stored.length ? [photoRowsInsert(db, id, stored, now)] : []),
        ],
      );
    } catch (e) {
      if (photos)
        await discardPhotos(
          photos.bucket,
          stored.map((s) => s.key),
        );
      throw e;
    }
  },
);

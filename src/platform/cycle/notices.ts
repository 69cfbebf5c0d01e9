// 征集公告: written and published by the government for a cycle in 项目征集. Once published it is a
// public page (with a QR code to the proposal form); proposals are taken only inside its dates.
import { eq } from "drizzle-orm";
import * as v from "valibot";
import { commitWithAudit } from "../audit/audit";
import { writer } from "../auth/writer";
import type { Db } from "../data/db";
import { type Cycle, type Notice, notices } from "../data/schema";
import { AppError } from "../http/errors";
import { dateField, dayEnd, dayStart } from "../lib/dates";
import { parse, requiredText } from "../lib/validate";

const NoticeInput = v.pipe(
  v.object({
    title: requiredText(100),
    scope: requiredText(4000),
    exclusions: requiredText(4000),
    channels: requiredText(2000),
    opensOn: dateField,
    closesOn: dateField,
  }),
  v.forward(
    v.check((n) => (dayStart(n.opensOn) ?? 0) <= (dayStart(n.closesOn) ?? 0), "field.close_before_open"),
    ["closesOn"],
  ),
);

export async function getNotice(db: Db, cycleId: number): Promise<Notice | null> {
  const [row] = await db.select().from(notices).where(eq(notices.cycleId, cycleId));
  return row ?? null;
}

/** Public view of a notice: only once published. */
export async function getPublishedNotice(db: Db, cycleId: number): Promise<Notice | null> {
  const n = await getNotice(db, cycleId);
  return n?.publishedAt ? n : null;
}

function assertCollecting(cycle: Cycle) {
  if (cycle.stage !== "collect")
    throw new AppError("illegal_transition", { reason: "notice.reason.not_collecting" });
}

/**
 * Saves the notice (a draft until published; a published notice can still be corrected). Returns
 * whether this save published it: true only the first time.
 */
export const saveNotice = writer(
  "notice.edit",
  async ({ db, cycle, now, auditEntry }, input: unknown, publish: boolean) => {
    assertCollecting(cycle);
    const n = parse(NoticeInput, input);
    const existing = await getNotice(db, cycle.id);
    const values = {
      ...n,
      opensAt: dayStart(n.opensOn) as number,
      closesAt: dayEnd(n.closesOn) as number,
      updatedAt: now,
      publishedAt: existing?.publishedAt ?? (publish ? now : null),
    };
    const firstPublish = publish && !existing?.publishedAt;
    await commitWithAudit(
      db,
      auditEntry(firstPublish ? "notice.publish" : "notice.save", `cycle:${cycle.year}`, {
        opensOn: n.opensOn,
        closesOn: n.closesOn,
      }),
      () => [
        db
          .insert(notices)
          .values({ cycleId: cycle.id, ...values })
          .onConflictDoUpdate({ target: notices.cycleId, set: values }),
      ],
    );
    return firstPublish;
  },
);

export type CollectionState = "no_notice" | "not_yet" | "open" | "closed" | "over";

/** Whether proposals are taken now: a published notice, inside its dates, while the cycle collects. */
export function collectionState(cycle: Cycle, notice: Notice | null, now: number): CollectionState {
  if (!notice?.publishedAt) return "no_notice";
  if (cycle.stage !== "collect") return "over";
  if (now < notice.opensAt) return "not_yet";
  if (now > notice.closesAt) return "closed";
  return "open";
}

// Deputies' personal sign-in credentials. Congress staff issue them (one slip per deputy, with a QR
// code and the same code to type), reprint them (a new code; the old one stops working) and revoke
// them. Only a hash of the code is kept, so a code is shown once: on the slip printed at issue.
import { and, eq, gt, inArray, isNull } from "drizzle-orm";
import * as v from "valibot";
import { commitWithAudit } from "../audit/audit";
import type { Db } from "../data/db";
import { deputies, deputyCredentials } from "../data/schema";
import { AppError } from "../http/errors";
import { chunks } from "../lib/chunks";
import { randomCode, sha256Hex } from "../lib/crypto";
import { intField, parse } from "../lib/validate";
import { activeDeputyIds, currentTerm, getDeputy } from "../roster/roster";
import { authorize, type Grant } from "./permissions";
import { endDeputySessions } from "./sessions";

const IssueInput = v.object({
  /** How long the slip stays valid, in days (a session lasts days, not months). */
  days: v.optional(intField(1, 90), "14"),
});

export interface Slip {
  deputyId: number;
  name: string;
  delegation: string;
  number: string;
  code: string;
  expiresAt: number;
}

/**
 * Issues a new credential to each listed deputy of the jurisdiction, revoking any earlier one
 * (this is also "reprint"). Returns the slips; the codes exist nowhere else.
 */
export async function issueCredentials(
  db: Db,
  grant: Grant<"credential.manage">,
  jurisdictionCode: string,
  deputyIds: number[],
  input: unknown,
  now: number,
): Promise<Slip[]> {
  const actor = authorize(grant, "credential.manage", { jurisdictionCode });
  const { days } = parse(IssueInput, input);
  if (deputyIds.length === 0 || deputyIds.length > 400)
    throw new AppError("invalid_input", { fields: { deputies: "field.required" } });
  const rows = (
    await Promise.all(
      chunks(deputyIds).map((ids) =>
        db
          .select()
          .from(deputies)
          .where(
            and(
              eq(deputies.jurisdictionCode, jurisdictionCode),
              inArray(deputies.id, ids),
              eq(deputies.status, "active"),
            ),
          ),
      ),
    )
  ).flat();
  if (rows.length !== new Set(deputyIds).size) throw new AppError("not_found");
  const expiresAt = now + days * 24 * 60 * 60_000;
  const slips: Slip[] = rows.map((d) => ({
    deputyId: d.id,
    name: d.name,
    delegation: d.delegation,
    number: d.number,
    code: randomCode(),
    expiresAt,
  }));
  const hashes = await Promise.all(slips.map((s) => sha256Hex(s.code)));
  const ids = rows.map((d) => d.id);
  await commitWithAudit(
    db,
    {
      jurisdictionCode,
      at: now,
      actor,
      action: "credential.issue",
      target: ids.length === 1 ? `deputy:${ids[0]}` : `deputies:${ids.length}`,
      detail: { deputies: ids, days },
    },
    () => [
      ...chunks(ids).flatMap((part) => [
        db
          .update(deputyCredentials)
          .set({ revokedAt: now })
          .where(and(inArray(deputyCredentials.deputyId, part), isNull(deputyCredentials.revokedAt))),
        endDeputySessions(db, part),
      ]),
      ...slips.map((s, i) =>
        db.insert(deputyCredentials).values({
          deputyId: s.deputyId,
          codeHash: hashes[i] as string,
          issuedAt: now,
          issuedBy: actor.id,
          expiresAt,
        }),
      ),
    ],
  );
  return slips;
}

/** Revokes a deputy's credential and ends the deputy's sessions at once. */
export async function revokeCredential(
  db: Db,
  grant: Grant<"credential.manage">,
  jurisdictionCode: string,
  deputyId: number,
  now: number,
) {
  const actor = authorize(grant, "credential.manage", { jurisdictionCode });
  await getDeputy(db, jurisdictionCode, deputyId);
  await commitWithAudit(
    db,
    { jurisdictionCode, at: now, actor, action: "credential.revoke", target: `deputy:${deputyId}` },
    () => [
      db
        .update(deputyCredentials)
        .set({ revokedAt: now })
        .where(and(eq(deputyCredentials.deputyId, deputyId), isNull(deputyCredentials.revokedAt))),
      endDeputySessions(db, [deputyId]),
    ],
  );
}

/** Which of the given deputies hold a credential that is valid now. */
export async function validCredentialHolders(db: Db, deputyIds: number[], now: number): Promise<Set<number>> {
  const parts = await Promise.all(
    chunks(deputyIds).map((ids) =>
      db
        .select({ deputyId: deputyCredentials.deputyId })
        .from(deputyCredentials)
        .where(
          and(
            inArray(deputyCredentials.deputyId, ids),
            isNull(deputyCredentials.revokedAt),
            gt(deputyCredentials.expiresAt, now),
          ),
        ),
    ),
  );
  return new Set(parts.flat().map((r) => r.deputyId));
}

/** The serving deputies of the current term who hold no valid credential now (for "issue to all"). */
export async function deputiesWithoutCredential(
  db: Db,
  jurisdictionCode: string,
  now: number,
): Promise<number[]> {
  const term = await currentTerm(db, jurisdictionCode);
  const ids = term === null ? [] : await activeDeputyIds(db, jurisdictionCode, term);
  const holders = await validCredentialHolders(db, ids, now);
  return ids.filter((id) => !holders.has(id));
}

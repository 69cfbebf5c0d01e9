// Supervision groups (监督小组): one group of deputies per project, set by congress staff — a name,
// its members (the jurisdiction's serving deputies) and a leader among them.
import { asc, eq } from "drizzle-orm";
import * as v from "valibot";
import { commitWithAudit } from "../../platform/audit/audit";
import { assertSupervising } from "../../platform/auth/permissions";
import { writer } from "../../platform/auth/writer";
import type { Db } from "../../platform/data/db";
import { deputies, supervisionGroups, supervisionMembers } from "../../platform/data/schema";
import { AppError } from "../../platform/http/errors";
import { chunks } from "../../platform/lib/chunks";
import { requiredText } from "../../platform/lib/validate";
import { getProject } from "../projects/projects";
import { servingDeputies } from "../voting/attendance";

export interface GroupMember {
  id: number;
  name: string;
  number: string;
  delegation: string;
}

export interface GroupView {
  candidateId: number;
  name: string;
  leaderDeputyId: number | null;
  members: GroupMember[];
}

/** Roster order: by delegation, then number (UTF-16 order, as SQLite orders the texts a roster holds). */
function byDelegation(a: GroupMember, b: GroupMember) {
  const order = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return order(a.delegation, b.delegation) || order(a.number, b.number);
}

/** The deputies a group may take: the jurisdiction's serving deputies (current term, in office). */
export async function eligibleDeputies(db: Db, jurisdictionCode: string): Promise<GroupMember[]> {
  return (await servingDeputies(db, jurisdictionCode)).sort(byDelegation);
}

export async function getGroup(db: Db, candidateId: number): Promise<GroupView | null> {
  const [group] = await db
    .select()
    .from(supervisionGroups)
    .where(eq(supervisionGroups.candidateId, candidateId));
  if (!group) return null;
  const members = await db
    .select({
      id: deputies.id,
      name: deputies.name,
      number: deputies.number,
      delegation: deputies.delegation,
    })
    .from(supervisionMembers)
    .innerJoin(deputies, eq(deputies.id, supervisionMembers.deputyId))
    .where(eq(supervisionMembers.candidateId, candidateId))
    .orderBy(asc(deputies.delegation), asc(deputies.number));
  return { candidateId, name: group.name, leaderDeputyId: group.leaderDeputyId, members };
}

const idList = v.pipe(
  v.optional(v.union([v.string(), v.array(v.string())]), []),
  v.transform((x) => (Array.isArray(x) ? x : [x]).filter((s) => s !== "")),
  v.check((xs) => xs.every((s) => /^\d{1,9}$/.test(s)), "field.invalid"),
  v.transform((xs) => [...new Set(xs.map(Number))]),
);

const GroupInput = v.pipe(
  v.object({
    name: requiredText(60),
    members: v.pipe(
      idList,
      v.check((xs) => xs.length > 0, "field.sup.members"),
      v.check((xs) => xs.length <= 50, "field.sup.members_max"),
    ),
    leader: v.pipe(
      v.string("field.sup.leader"),
      v.regex(/^\d{1,9}$/, "field.sup.leader"),
      v.transform(Number),
    ),
  }),
  v.forward(
    v.check((g) => g.members.includes(g.leader), "field.sup.leader_member"),
    ["leader"],
  ),
);

/** Staff set (or replace) a project's supervision group: a name, its members and a leader among them. */
export const saveGroup = writer(
  "supervision.manage",
  GroupInput,
  async ({ db, cycle, now, auditEntry }, g, candidateId: number) => {
    assertSupervising(cycle);
    await getProject(db, cycle, candidateId, now);
    const eligible = new Set((await eligibleDeputies(db, cycle.jurisdictionCode)).map((d) => d.id));
    if (!g.members.every((id) => eligible.has(id)))
      throw new AppError("invalid_input", { fields: { members: "field.sup.members_term" } });
    await commitWithAudit(
      db,
      auditEntry("supervision.group", `project:${candidateId}`, {
        members: g.members.length,
        leader: g.leader,
      }),
      () => [
        db
          .insert(supervisionGroups)
          .values({ candidateId, name: g.name, leaderDeputyId: g.leader, createdAt: now })
          .onConflictDoUpdate({
            target: supervisionGroups.candidateId,
            set: { name: g.name, leaderDeputyId: g.leader },
          }),
        db.delete(supervisionMembers).where(eq(supervisionMembers.candidateId, candidateId)),
        ...chunks(g.members, 45).map((part) =>
          db.insert(supervisionMembers).values(part.map((deputyId) => ({ candidateId, deputyId }))),
        ),
      ],
    );
  },
);

// Staff accounts and the jurisdiction tree, kept by administrators. An administrator works in
// the subtree of their own jurisdiction; the very first administrator comes from the one-time
// setup (see `setupFirstAdmin`), which works only while the database has no account at all.
import { asc, count, eq, like } from "drizzle-orm";
import * as v from "valibot";
import { commitWithAudit } from "../../platform/audit/audit";
import { type Actor, STAFF_ROLES } from "../../platform/auth/actor";
import { ownWriter } from "../../platform/auth/writer";
import { jurisdictionPath } from "../../platform/cycle/jurisdictions";
import type { Db } from "../../platform/data/db";
import { type Jurisdiction, jurisdictions, sessions, users } from "../../platform/data/schema";
import { AppError } from "../../platform/http/errors";
import { hashPassword } from "../../platform/lib/crypto";
import { optionalText, parse, requiredText } from "../../platform/lib/validate";

const password = v.pipe(
  v.string("field.required"),
  v.nonEmpty("field.required"),
  v.minLength(10, "field.password_short"),
  v.maxLength(256, "field.too_long"),
);

const username = v.pipe(
  v.string("field.required"),
  v.trim(),
  v.nonEmpty("field.required"),
  v.toLowerCase(),
  v.regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, "field.username_format"),
);

const code = v.pipe(
  v.string("field.required"),
  v.trim(),
  v.nonEmpty("field.required"),
  v.regex(/^(\d{6}|\d{9})$/, "field.jurisdiction_code"),
);

const CreateAccountInput = v.object({
  username,
  displayName: requiredText(60),
  role: v.picklist(STAFF_ROLES, "field.invalid"),
  jurisdiction: code,
  unitName: optionalText(60),
  password,
});

const PasswordInput = v.object({ password });

const CreateJurisdictionInput = v.object({
  code,
  name: requiredText(40),
  nameEn: requiredText(80),
  parent: code,
});

const SetupInput = v.object({
  code,
  name: requiredText(40),
  nameEn: requiredText(80),
  level: v.picklist(["city", "county", "township"], "field.invalid"),
  username,
  displayName: requiredText(60),
  password,
});

/** The jurisdictions in the administrator's subtree, tree order. */
export function subtreeOf(db: Db, actor: Actor) {
  return db
    .select()
    .from(jurisdictions)
    .where(like(jurisdictions.path, `${actor.jurisdictionPath}%`))
    .orderBy(asc(jurisdictions.path));
}

export function accountsIn(db: Db, actor: Actor) {
  return db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      jurisdictionCode: users.jurisdictionCode,
      unitName: users.unitName,
      active: users.active,
    })
    .from(users)
    .innerJoin(jurisdictions, eq(jurisdictions.code, users.jurisdictionCode))
    .where(like(jurisdictions.path, `${actor.jurisdictionPath}%`))
    .orderBy(asc(jurisdictions.path), asc(users.username));
}

async function jurisdictionInSubtree(
  db: Db,
  actor: Actor,
  jcode: string,
  field: string,
): Promise<Jurisdiction> {
  const [j] = await db.select().from(jurisdictions).where(eq(jurisdictions.code, jcode));
  if (!j?.path.startsWith(actor.jurisdictionPath))
    throw new AppError("invalid_input", { fields: { [field]: "field.jurisdiction_unknown" } });
  return j;
}

// The writers below take an admin.manage grant issued for the administrator's own jurisdiction
// (`ownWriter`): the root of the subtree they keep, which every one of them stays in.

export const createAccount = ownWriter("admin.manage", CreateAccountInput, async ({ db, actor, now }, a) => {
  const j = await jurisdictionInSubtree(db, actor, a.jurisdiction, "jurisdiction");
  const [dup] = await db.select({ id: users.id }).from(users).where(eq(users.username, a.username));
  if (dup) throw new AppError("invalid_input", { fields: { username: "field.username_taken" } });
  if (a.role === "unit" && !a.unitName)
    throw new AppError("invalid_input", { fields: { unitName: "field.required" } });
  const passwordHash = await hashPassword(a.password);
  await commitWithAudit(
    db,
    {
      jurisdictionCode: j.code,
      at: now,
      actor,
      action: "account.create",
      target: `user:${a.username}`,
      detail: { role: a.role },
    },
    () => [
      db.insert(users).values({
        username: a.username,
        displayName: a.displayName,
        passwordHash,
        role: a.role,
        jurisdictionCode: j.code,
        unitName: a.role === "unit" ? (a.unitName ?? null) : null,
        createdAt: now,
      }),
    ],
  );
});

async function accountInSubtree(db: Db, actor: Actor, id: number) {
  const [row] = await db
    .select({ user: users, path: jurisdictions.path })
    .from(users)
    .innerJoin(jurisdictions, eq(jurisdictions.code, users.jurisdictionCode))
    .where(eq(users.id, id));
  if (!row?.path.startsWith(actor.jurisdictionPath)) throw new AppError("not_found");
  return row.user;
}

export async function getAccount(db: Db, actor: Actor, id: number) {
  return accountInSubtree(db, actor, id);
}

/** Deactivates an account and ends its sessions. An administrator cannot lock themself out. */
export const deactivateAccount = ownWriter("admin.manage", async ({ db, actor, now }, id: number) => {
  const user = await accountInSubtree(db, actor, id);
  if (actor.kind === "user" && user.id === actor.id) throw new AppError("forbidden");
  await commitWithAudit(
    db,
    {
      jurisdictionCode: user.jurisdictionCode,
      at: now,
      actor,
      action: "account.deactivate",
      target: `user:${user.username}`,
    },
    () => [
      db.update(users).set({ active: false }).where(eq(users.id, user.id)),
      db.delete(sessions).where(eq(sessions.userId, user.id)),
    ],
  );
});

/** Sets a new password (an administrator resetting a forgotten one) and ends the account's sessions. */
export const resetPassword = ownWriter(
  "admin.manage",
  PasswordInput,
  async ({ db, actor, now }, { password: pw }, id: number) => {
    const user = await accountInSubtree(db, actor, id);
    const passwordHash = await hashPassword(pw);
    await commitWithAudit(
      db,
      {
        jurisdictionCode: user.jurisdictionCode,
        at: now,
        actor,
        action: "account.password",
        target: `user:${user.username}`,
      },
      () => [
        db.update(users).set({ passwordHash, active: true }).where(eq(users.id, user.id)),
        db.delete(sessions).where(eq(sessions.userId, user.id)),
      ],
    );
  },
);

const CHILD_LEVEL = { city: "county", county: "township", township: null } as const;

export const createJurisdiction = ownWriter(
  "admin.manage",
  CreateJurisdictionInput,
  async ({ db, actor, now }, j) => {
    const parent = await jurisdictionInSubtree(db, actor, j.parent, "parent");
    const level = CHILD_LEVEL[parent.level];
    if (!level) throw new AppError("invalid_input", { fields: { parent: "field.no_children" } });
    if ((level === "township") !== (j.code.length === 9))
      throw new AppError("invalid_input", { fields: { code: "field.jurisdiction_code" } });
    const [dup] = await db
      .select({ c: jurisdictions.code })
      .from(jurisdictions)
      .where(eq(jurisdictions.code, j.code));
    if (dup) throw new AppError("invalid_input", { fields: { code: "field.jurisdiction_taken" } });
    await commitWithAudit(
      db,
      {
        jurisdictionCode: parent.code,
        at: now,
        actor,
        action: "jurisdiction.create",
        target: `jurisdiction:${j.code}`,
      },
      () => [
        db.insert(jurisdictions).values({
          code: j.code,
          parentCode: parent.code,
          level,
          name: j.name,
          nameEn: j.nameEn,
          path: jurisdictionPath(parent, j.code),
        }),
      ],
    );
  },
);

export async function hasAnyAccount(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users);
  return (row?.n ?? 0) > 0;
}

/**
 * The one-time setup of a new deployment: creates the top jurisdiction and its first administrator.
 * Allowed only while no account exists and only with the deployment's SETUP_TOKEN secret.
 */
export async function setupFirstAdmin(db: Db, input: unknown, now: number): Promise<void> {
  const s = parse(SetupInput, input);
  if (await hasAnyAccount(db)) throw new AppError("not_found");
  if ((s.level === "township") !== (s.code.length === 9))
    throw new AppError("invalid_input", { fields: { code: "field.jurisdiction_code" } });
  const passwordHash = await hashPassword(s.password);
  const [existing] = await db.select().from(jurisdictions).where(eq(jurisdictions.code, s.code));
  await commitWithAudit(
    db,
    {
      jurisdictionCode: s.code,
      at: now,
      actor: null,
      action: "setup.first_admin",
      target: `user:${s.username}`,
    },
    () => [
      ...(existing
        ? []
        : [
            db.insert(jurisdictions).values({
              code: s.code,
              parentCode: null,
              level: s.level,
              name: s.name,
              nameEn: s.nameEn,
              path: `/${s.code}/`,
            }),
          ]),
      db.insert(users).values({
        username: s.username,
        displayName: s.displayName,
        passwordHash,
        role: "admin",
        jurisdictionCode: s.code,
        createdAt: now,
      }),
    ],
  );
}

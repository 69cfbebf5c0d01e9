// Sign-in for staff (password) and deputies (personal code from a printed slip), and sessions.
import { eq, inArray, lte, or } from "drizzle-orm";
import * as v from "valibot";
import type { Db } from "../data/db";
import { deputies, deputyCredentials, jurisdictions, sessions, users } from "../data/schema";
import { AppError } from "../http/errors";
import { DUMMY_PASSWORD_HASH, normalizeCode, randomToken, sha256Hex, verifyPassword } from "../lib/crypto";
import { parse, requiredText } from "../lib/validate";
import type { Actor } from "./actor";
import { countEvent, isLimited, LIMITS } from "./rate-limit";

const STAFF_SESSION_MS = 12 * 60 * 60_000;
const DEPUTY_SESSION_MS = 24 * 60 * 60_000;

const StaffLoginInput = v.object({
  username: requiredText(64),
  password: v.pipe(
    v.string("field.required"),
    v.nonEmpty("field.required"),
    v.maxLength(256, "field.too_long"),
  ),
});

const DeputyLoginInput = v.object({
  code: v.pipe(
    v.string("field.required"),
    v.trim(),
    v.nonEmpty("field.required"),
    v.maxLength(40, "field.too_long"),
    v.transform(normalizeCode),
    v.regex(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/, "field.code_format"),
  ),
});

export interface NewSession {
  token: string;
  expiresAt: number;
}

async function newSession(): Promise<NewSession & { tokenHash: string }> {
  const token = randomToken(32);
  return { token, tokenHash: await sha256Hex(token), expiresAt: 0 };
}

/** Staff sign-in. Failures count against the account and the address; both limits are checked first. */
export async function loginStaff(db: Db, input: unknown, address: string, now: number): Promise<NewSession> {
  const { username, password } = parse(StaffLoginInput, input);
  const accountKey = `login:acct:${username.toLowerCase()}`;
  const addressKey = `login:addr:${address}`;
  if (
    (await isLimited(db, accountKey, LIMITS.account, now)) ||
    (await isLimited(db, addressKey, LIMITS.staffAddress, now))
  ) {
    throw new AppError("rate_limited");
  }
  const [user] = await db.select().from(users).where(eq(users.username, username));
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!user || !ok || !user.active) {
    await db.batch([
      countEvent(db, accountKey, LIMITS.account, now),
      countEvent(db, addressKey, LIMITS.staffAddress, now),
    ]);
    throw new AppError("bad_credentials");
  }
  const s = await newSession();
  s.expiresAt = now + STAFF_SESSION_MS;
  await db
    .insert(sessions)
    .values({ tokenHash: s.tokenHash, userId: user.id, createdAt: now, expiresAt: s.expiresAt });
  return { token: s.token, expiresAt: s.expiresAt };
}

/**
 * Deputy sign-in with the code from the slip. A credential holds one device at a time: signing in
 * again ends the deputy's earlier sessions. Expired and revoked codes get their own message.
 */
export async function loginDeputy(db: Db, input: unknown, address: string, now: number): Promise<NewSession> {
  const { code } = parse(DeputyLoginInput, input);
  const addressKey = `login:deputy-addr:${address}`;
  if (await isLimited(db, addressKey, LIMITS.deputyAddress, now)) throw new AppError("rate_limited");
  const codeHash = await sha256Hex(code);
  const [row] = await db
    .select({ cred: deputyCredentials, deputy: deputies })
    .from(deputyCredentials)
    .innerJoin(deputies, eq(deputies.id, deputyCredentials.deputyId))
    .where(eq(deputyCredentials.codeHash, codeHash));
  const refuse = async (code: "bad_code" | "credential_expired" | "credential_revoked") => {
    await countEvent(db, addressKey, LIMITS.deputyAddress, now);
    throw new AppError(code);
  };
  if (!row) return refuse("bad_code");
  if (row.cred.revokedAt !== null) return refuse("credential_revoked");
  if (row.cred.expiresAt <= now) return refuse("credential_expired");
  if (row.deputy.status !== "active") return refuse("credential_revoked");
  const s = await newSession();
  s.expiresAt = Math.min(now + DEPUTY_SESSION_MS, row.cred.expiresAt);
  await db.batch([
    db.delete(sessions).where(eq(sessions.deputyId, row.deputy.id)),
    db.insert(sessions).values({
      tokenHash: s.tokenHash,
      deputyId: row.deputy.id,
      credentialId: row.cred.id,
      createdAt: now,
      expiresAt: s.expiresAt,
    }),
  ]);
  return { token: s.token, expiresAt: s.expiresAt };
}

/** Resolves a session cookie to an actor, or null when absent, expired or revoked. One query. */
export async function actorFromToken(db: Db, token: string, now: number): Promise<Actor | null> {
  if (!token || token.length > 100) return null;
  const tokenHash = await sha256Hex(token);
  const [row] = await db
    .select({
      session: sessions,
      user: users,
      deputy: deputies,
      cred: deputyCredentials,
      path: jurisdictions.path,
    })
    .from(sessions)
    .leftJoin(users, eq(users.id, sessions.userId))
    .leftJoin(deputies, eq(deputies.id, sessions.deputyId))
    .leftJoin(deputyCredentials, eq(deputyCredentials.id, sessions.credentialId))
    .innerJoin(
      jurisdictions,
      or(eq(jurisdictions.code, users.jurisdictionCode), eq(jurisdictions.code, deputies.jurisdictionCode)),
    )
    .where(eq(sessions.tokenHash, tokenHash));
  if (!row || row.session.expiresAt <= now) return null;
  if (row.user) {
    if (!row.user.active) return null;
    return {
      kind: "user",
      id: row.user.id,
      role: row.user.role,
      name: row.user.displayName,
      jurisdictionCode: row.user.jurisdictionCode,
      jurisdictionPath: row.path,
      unitName: row.user.unitName,
    };
  }
  if (row.deputy && row.cred) {
    if (row.cred.revokedAt !== null || row.cred.expiresAt <= now || row.deputy.status !== "active")
      return null;
    return {
      kind: "deputy",
      role: "deputy",
      id: row.deputy.id,
      name: row.deputy.name,
      jurisdictionCode: row.deputy.jurisdictionCode,
      jurisdictionPath: row.path,
      term: row.deputy.term,
      delegation: row.deputy.delegation,
    };
  }
  return null;
}

export async function logout(db: Db, token: string): Promise<void> {
  if (!token || token.length > 100) return;
  await db.delete(sessions).where(eq(sessions.tokenHash, await sha256Hex(token)));
}

/** Ends every session of the given deputies (used when a credential is revoked or reissued). */
export function endDeputySessions(db: Db, deputyIds: number[]) {
  return db.delete(sessions).where(inArray(sessions.deputyId, deputyIds));
}

/** Removes the sessions that have expired: expiresAt <= now, the same rule as actorFromToken's. */
export function pruneSessions(db: Db, now: number) {
  return db.delete(sessions).where(lte(sessions.expiresAt, now));
}

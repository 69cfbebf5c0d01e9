// The jurisdictions, accounts, deputies and their sign-in, cycles and the audit log.
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { id, ref } from "./columns";

export const jurisdictions = sqliteTable(
  "jurisdictions",
  {
    /** GB/T 2260 code: 6 digits for city and county level, 9 for townships. */
    code: text("code").primaryKey(),
    parentCode: text("parent_code"),
    level: text("level", { enum: ["city", "county", "township"] }).notNull(),
    name: text("name").notNull(),
    nameEn: text("name_en").notNull(),
    /** Materialised path "/city/county/township/" for subtree queries with a prefix match. */
    path: text("path").notNull(),
  },
  (t) => [index("jurisdictions_parent_idx").on(t.parentCode), index("jurisdictions_path_idx").on(t.path)],
);

/** The jurisdiction a row belongs to. */
const jurisdictionRef = () =>
  text("jurisdiction_code")
    .notNull()
    .references(() => jurisdictions.code);

/** Staff accounts: every role but the deputy signs in with a username and password. */
export const users = sqliteTable(
  "users",
  {
    id: id(),
    username: text("username").notNull(),
    displayName: text("display_name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ["admin", "staff", "gov", "unit", "city"] }).notNull(),
    jurisdictionCode: jurisdictionRef(),
    /** For the role "unit": the responsible unit's name (责任单位). */
    unitName: text("unit_name"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("users_username_uq").on(t.username),
    index("users_jurisdiction_idx").on(t.jurisdictionCode),
  ],
);

/** The deputy roster (代表名册) per jurisdiction and term (届). */
export const deputies = sqliteTable(
  "deputies",
  {
    id: id(),
    jurisdictionCode: jurisdictionRef(),
    term: integer("term").notNull(),
    /** 代表证号 or 序号 as staff keep it; unique within jurisdiction and term. */
    number: text("number").notNull(),
    name: text("name").notNull(),
    gender: text("gender"),
    ethnicity: text("ethnicity"),
    /** 代表团 / 代表小组. */
    delegation: text("delegation").notNull(),
    /** 工作单位及职务. */
    workplace: text("workplace"),
    status: text("status", { enum: ["active", "suspended", "ended"] })
      .notNull()
      .default("active"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("deputies_number_uq").on(t.jurisdictionCode, t.term, t.number),
    index("deputies_delegation_idx").on(t.jurisdictionCode, t.term, t.delegation),
  ],
);

/** A deputy's personal sign-in credential, printed on a slip (QR code + typed code). */
export const deputyCredentials = sqliteTable(
  "deputy_credentials",
  {
    id: id(),
    deputyId: ref("deputy_id", () => deputies.id),
    /** SHA-256 of the code; the code itself is shown once, on the slip. */
    codeHash: text("code_hash").notNull(),
    issuedAt: integer("issued_at").notNull(),
    issuedBy: integer("issued_by").notNull(),
    expiresAt: integer("expires_at").notNull(),
    revokedAt: integer("revoked_at"),
  },
  (t) => [
    uniqueIndex("deputy_credentials_hash_uq").on(t.codeHash),
    index("deputy_credentials_deputy_idx").on(t.deputyId),
  ],
);

/** Sign-in sessions. Only the SHA-256 of the cookie token is stored. */
export const sessions = sqliteTable(
  "sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: integer("user_id").references(() => users.id),
    deputyId: integer("deputy_id").references(() => deputies.id),
    credentialId: integer("credential_id").references(() => deputyCredentials.id),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_deputy_idx").on(t.deputyId)],
);

/** Fixed-window counters for rate limits (sign-in failures per account and per address). */
export const rateLimits = sqliteTable(
  "rate_limits",
  {
    key: text("key").notNull(),
    windowStart: integer("window_start").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);

/** 年度票决: one cycle per jurisdiction and year. */
export const cycles = sqliteTable(
  "cycles",
  {
    id: id(),
    jurisdictionCode: jurisdictionRef(),
    year: integer("year").notNull(),
    stage: text("stage", { enum: ["collect", "screen", "deliberate", "vote", "supervise"] }).notNull(),
    stageSince: integer("stage_since").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("cycles_jurisdiction_year_uq").on(t.jurisdictionCode, t.year)],
);

/**
 * The audit log: append-only (triggers refuse UPDATE and DELETE) and hash-chained per
 * jurisdiction. Each entry is written in the same D1 batch as the change it records.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    jurisdictionCode: text("jurisdiction_code").notNull(),
    seq: integer("seq").notNull(),
    at: integer("at").notNull(),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    target: text("target").notNull(),
    detail: text("detail").notNull().default(sql`'{}'`),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionCode, t.seq] })],
);

export type Jurisdiction = typeof jurisdictions.$inferSelect;
export type User = typeof users.$inferSelect;
export type Deputy = typeof deputies.$inferSelect;
export type Cycle = typeof cycles.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;

// Demo data for local mode and tests: a fictional city (青山市) with two banners and four
// townships, realistic rosters, demo accounts for every role, and the cycles ./calendar.ts plans
// for the moment of seeding: the banners' years on the calendar of the practice (with plans,
// progress and supervision in 青山旗, see ./supervision.ts), and in the townships one cycle in each
// of the first four stages, placed around today. Codes follow GB/T 2260's shape but belong to no
// real place.
import { and, count, eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { commitWithAudit } from "../platform/audit/audit";
import type { Db } from "../platform/data/db";
import { cycles, deputies, deputyCredentials, jurisdictions, users } from "../platform/data/schema";
import { hashPassword, PBKDF2_ITERATIONS, sha256Hex } from "../platform/lib/crypto";
import { demoPlan, type PlannedCycle } from "./calendar";
import { type Place, seedCollection } from "./collection";
import { ETHNICITIES, GIVEN, MONGOLIAN, pick, rng, SURNAMES, WORKPLACES } from "./names";
import { seedSupervision } from "./supervision";
import { seedVoting } from "./voting";

export const DEMO_PASSWORD = "minsheng-demo";
/** The demo deputy's sign-in code (青山旗, first on the roster). Printed on the sign-in page in local mode. */
export const DEMO_DEPUTY_CODE = "DEPU-TY27-2026";

type Level = "city" | "county" | "township";
const J: { code: string; parent: string | null; level: Level; name: string; nameEn: string }[] = [
  { code: "159900", parent: null, level: "city", name: "青山市", nameEn: "Qingshan City" },
  { code: "159921", parent: "159900", level: "county", name: "青山旗", nameEn: "Qingshan Banner" },
  { code: "159922", parent: "159900", level: "county", name: "白云旗", nameEn: "Baiyun Banner" },
  { code: "159921101", parent: "159921", level: "township", name: "乌兰苏木", nameEn: "Wulan Sumu" },
  { code: "159921102", parent: "159921", level: "township", name: "红泉镇", nameEn: "Hongquan Town" },
  { code: "159922101", parent: "159922", level: "township", name: "柳林乡", nameEn: "Liulin Township" },
  { code: "159922102", parent: "159922", level: "township", name: "松岭镇", nameEn: "Songling Town" },
];

export const DEMO_ACCOUNTS = [
  { username: "admin", role: "admin", jurisdiction: "159900", name: "系统管理员（青山市）" },
  { username: "city", role: "city", jurisdiction: "159900", name: "青山市人大常委会" },
  { username: "staff", role: "staff", jurisdiction: "159921", name: "青山旗人大常委会办公室" },
  { username: "gov", role: "gov", jurisdiction: "159921", name: "青山旗发展和改革委员会" },
  { username: "unit", role: "unit", jurisdiction: "159921", name: "青山旗水利局", unit: "青山旗水利局" },
  { username: "staff-by", role: "staff", jurisdiction: "159922", name: "白云旗人大常委会办公室" },
  { username: "gov-by", role: "gov", jurisdiction: "159922", name: "白云旗发展和改革委员会" },
  { username: "staff-wl", role: "staff", jurisdiction: "159921101", name: "乌兰苏木人大主席团办公室" },
  { username: "gov-wl", role: "gov", jurisdiction: "159921101", name: "乌兰苏木人民政府" },
] as const;

const ROSTER_SIZE: Record<Level, number> = { city: 0, county: 200, township: 50 };
const TERM: Record<Level, number> = { city: 0, county: 17, township: 18 };

function rosterFor(code: string, level: Level, townships: string[], now: number) {
  const r = rng(Number(code));
  const groups =
    level === "county"
      ? [...townships, "旗直机关"].map((t) => `${t}代表团`)
      : ["第一代表小组", "第二代表小组", "第三代表小组", "第四代表小组"];
  return Array.from({ length: ROSTER_SIZE[level] }, (_, i) => {
    const mongolian = r() < 0.3;
    const name = mongolian ? pick(r, MONGOLIAN) : pick(r, SURNAMES) + pick(r, GIVEN);
    return {
      jurisdictionCode: code,
      term: TERM[level],
      number: String(i + 1).padStart(3, "0"),
      name,
      gender: r() < 0.38 ? "女" : "男",
      ethnicity: mongolian ? "蒙古族" : pick(r, ETHNICITIES),
      delegation: groups[i % groups.length] as string,
      workplace: pick(r, WORKPLACES),
      status: (i === ROSTER_SIZE[level] - 1 ? "ended" : "active") as "active" | "ended",
      createdAt: now,
    };
  });
}

function placeOf(code: string): Place {
  const j = J.find((x) => x.code === code);
  return {
    code,
    name: j?.name ?? "",
    term: TERM[j?.level ?? "city"],
    places: [code, ...J.filter((x) => x.parent === code).map((x) => x.code)],
  };
}

/**
 * Opens the planned cycles and moves them through their stages by the same audited path as in real
 * use, each move at its moment, in the order they happened; then writes what happened in each.
 */
async function seedCycles(db: Db, planned: PlannedCycle[]): Promise<void> {
  const moves = planned
    .flatMap((c) => c.moves.map((m, i) => ({ c, ...m, from: i > 0 ? c.moves[i - 1]?.stage : undefined })))
    .sort((a, b) => a.at - b.at);
  for (const { c, stage, at, from } of moves) {
    const audit = { jurisdictionCode: c.code, actor: null, at, target: `cycle:${c.year}` };
    await commitWithAudit(
      db,
      from === undefined
        ? { ...audit, action: "cycle.create" }
        : { ...audit, action: "cycle.advance", detail: { from, to: stage, demo: true } },
      () => [
        from === undefined
          ? db
              .insert(cycles)
              .values({ jurisdictionCode: c.code, year: c.year, stage, stageSince: at, createdAt: at })
          : db
              .update(cycles)
              .set({ stage, stageSince: at })
              .where(and(eq(cycles.jurisdictionCode, c.code), eq(cycles.year, c.year))),
      ],
    );
  }
  const rows = await db.select().from(cycles);
  for (const c of planned) {
    const cycle = rows.find((x) => x.jurisdictionCode === c.code && x.year === c.year);
    if (!cycle) continue;
    await seedCollection(db, cycle, c, placeOf(c.code));
    await seedVoting(db, cycle, c, placeOf(c.code));
  }
}

/**
 * Adds one more planned cycle of stages 1–4 (e.g. `cycleAroundToday` of ./calendar.ts) to a seeded
 * demo, as the demo's own are written: for tests that need, say, a collection open now in 青山旗.
 */
export function seedPlannedCycle(db: Db, planned: PlannedCycle): Promise<void> {
  return seedCycles(db, [planned]);
}

/**
 * Fills an empty database with the demo city as it stands at `now` (./calendar.ts). Does nothing if
 * any jurisdiction exists. The same moment gives the same data.
 */
export async function seedDemo(db: Db, opts: { now: number; iterations?: number }): Promise<void> {
  const [row] = await db.select({ n: count() }).from(jurisdictions);
  if ((row?.n ?? 0) > 0) return;
  const { now } = opts;
  const plan = demoPlan(now);
  const pathOf = (code: string): string => {
    const j = J.find((x) => x.code === code);
    return j?.parent ? `${pathOf(j.parent)}${code}/` : `/${code}/`;
  };
  const passwordHash = await hashPassword(DEMO_PASSWORD, opts.iterations ?? PBKDF2_ITERATIONS);
  const batch: BatchItem<"sqlite">[] = [
    ...J.map((j) =>
      db.insert(jurisdictions).values({
        code: j.code,
        parentCode: j.parent,
        level: j.level,
        name: j.name,
        nameEn: j.nameEn,
        path: pathOf(j.code),
      }),
    ),
    ...DEMO_ACCOUNTS.map((a) =>
      db.insert(users).values({
        username: a.username,
        displayName: a.name,
        passwordHash,
        role: a.role,
        jurisdictionCode: a.jurisdiction,
        unitName: "unit" in a ? a.unit : null,
        createdAt: now,
      }),
    ),
  ];
  for (const j of J) {
    if (j.level === "city") continue;
    const townships = J.filter((x) => x.parent === j.code).map((x) => x.name);
    const roster = rosterFor(j.code, j.level, townships, now);
    // Ten rows per statement keeps each insert under D1's 100 bound parameters.
    for (let i = 0; i < roster.length; i += 10)
      batch.push(db.insert(deputies).values(roster.slice(i, i + 10)));
  }
  await db.batch(batch as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);

  // The demo deputy's credential: the first deputy of 青山旗, valid for a year.
  const [first] = await db.select({ id: deputies.id }).from(deputies).limit(1);
  const [staff] = await db.select({ id: users.id }).from(users).where(eq(users.username, "staff"));
  if (first && staff) {
    await db.insert(deputyCredentials).values({
      deputyId: first.id,
      codeHash: await sha256Hex(DEMO_DEPUTY_CODE),
      issuedAt: now,
      issuedBy: staff.id,
      expiresAt: now + 365 * 24 * 60 * 60_000,
    });
  }

  await seedCycles(db, plan.cycles);
  await seedSupervision(db, plan, placeOf);
}

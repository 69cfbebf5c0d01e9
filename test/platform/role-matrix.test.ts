// Every route × every role × own/other jurisdiction gives the expected status, in one table.
// "own" is 青山旗 (159921): the banner of staff, gov, unit and the demo deputy, and inside the
// subtree of the city viewer and the admin (青山市). "other" is a banner of another city, created
// here, which every signed-in role must see as "not found".
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { projectIds } from "../../src/features/projects/projects";
import type { Permission } from "../../src/platform/auth/permissions";
import { cycles, deputies, jurisdictions, notices, problems, users } from "../../src/platform/data/schema";
import { Client, testNow } from "../worker/client";
import { collecting, OPEN_YEAR, SUPERVISED } from "../worker/fixtures";

type Who = "public" | "deputy" | "staff" | "gov" | "unit" | "city" | "admin";
const WHO: Who[] = ["public", "deputy", "staff", "gov", "unit", "city", "admin"];
const OWN = "159921";
const OTHER = "159821";
const YEAR = OPEN_YEAR; // the demo's cycle in 项目征集

interface Route {
  method: "GET" | "POST";
  path: (j: string, deputyId: number, userId: number) => string;
  /** The route acts on the actor's own jurisdiction whatever the target (administration). */
  self?: boolean;
  /** null: a public route. */
  permission: Permission | "signed-in" | null;
  api?: boolean;
  /** The body sent: invalid on purpose for writes, so a 400 proves authorization passed and nothing changes. */
  body?: Record<string, unknown>;
  /** Status when allowed. */
  ok: number;
}

const ROUTES: Route[] = [
  { method: "GET", path: () => "/", permission: null, ok: 200 },
  { method: "GET", path: (j) => `/j/${j}`, permission: null, ok: 200 },
  { method: "GET", path: (j) => `/j/${j}/${YEAR}`, permission: null, ok: 200 },
  { method: "GET", path: () => "/login", permission: null, ok: 200 },
  { method: "GET", path: () => "/login/deputy", permission: null, ok: 200 },
  { method: "GET", path: () => "/lang?to=en&back=/", permission: null, ok: 303 },
  { method: "GET", path: () => "/me", permission: "signed-in", ok: 200 },
  { method: "GET", path: (j) => `/j/${j}/roster`, permission: "roster.read", ok: 200 },
  {
    method: "POST",
    path: (j) => `/j/${j}/roster/import`,
    permission: "roster.write",
    body: { term: "x" },
    ok: 400,
  },
  {
    method: "POST",
    path: (j, _d) => `/j/${j}/credentials`,
    permission: "credential.manage",
    body: { deputy: "D", days: "0" },
    ok: 400,
  },
  { method: "GET", path: (j, d) => `/j/${j}/deputies/${d}/revoke`, permission: "credential.manage", ok: 200 },
  {
    method: "POST",
    path: (j, d) => `/j/${j}/deputies/${d}/revoke`,
    permission: "credential.manage",
    ok: 200,
  },
  { method: "GET", path: (j) => `/j/${j}/audit`, permission: "audit.read", ok: 200 },
  {
    method: "POST",
    path: (j) => `/j/${j}/cycles`,
    permission: "cycle.create",
    body: { year: "abc" },
    ok: 400,
  },
  { method: "GET", path: (j) => `/j/${j}/${YEAR}/advance?to=screen`, permission: "cycle.advance", ok: 200 },
  {
    method: "POST",
    path: (j) => `/j/${j}/${YEAR}/advance`,
    permission: "cycle.advance",
    body: { from: "bogus", to: "screen" },
    ok: 400,
  },

  { method: "GET", path: () => "/admin", permission: "admin.manage", self: true, ok: 200 },
  {
    method: "POST",
    path: () => "/admin/accounts",
    permission: "admin.manage",
    self: true,
    body: { username: "" },
    ok: 400,
  },
  {
    method: "POST",
    path: () => "/admin/jurisdictions",
    permission: "admin.manage",
    self: true,
    body: { code: "" },
    ok: 400,
  },
  { method: "GET", path: (_j, _d, u) => `/admin/accounts/${u}`, permission: "admin.manage", ok: 200 },
  {
    method: "POST",
    path: (_j, _d, u) => `/admin/accounts/${u}/password`,
    permission: "admin.manage",
    body: { password: "short" },
    ok: 400,
  },
  {
    method: "POST",
    path: (_j, _d, u) => `/admin/accounts/${u}/deactivate`,
    permission: "admin.manage",
    body: { confirm: "1" },
    ok: 303,
  },
  { method: "GET", path: () => "/setup", permission: null, ok: 404 },

  { method: "GET", path: (j) => `/j/${j}/${YEAR}/notice`, permission: null, ok: 200 },
  { method: "GET", path: (j) => `/j/${j}/${YEAR}/notice/edit`, permission: "notice.edit", ok: 200 },
  {
    method: "POST",
    path: (j) => `/j/${j}/${YEAR}/notice`,
    permission: "notice.edit",
    body: { title: "" },
    ok: 400,
  },
  { method: "GET", path: (j) => `/j/${j}/${YEAR}/propose`, permission: null, ok: 200 },
  { method: "POST", path: (j) => `/j/${j}/${YEAR}/propose`, permission: null, body: { title: "" }, ok: 400 },
  { method: "GET", path: (j) => `/j/${j}/${YEAR}/proposals`, permission: null, ok: 200 },
  { method: "GET", path: (j) => `/j/${j}/${YEAR}/exports/proposals.csv`, permission: null, ok: 200 },
  { method: "GET", path: (j) => `/j/${j}/${YEAR}/screening`, permission: "proposal.screen", ok: 200 },
  {
    method: "POST",
    path: (j) => `/j/${j}/${YEAR}/screening`,
    permission: "proposal.screen",
    body: { action: "bogus" },
    ok: 400,
  },
  { method: "GET", path: (j) => `/j/${j}/${YEAR}/candidates`, permission: null, ok: 200 },
  { method: "GET", path: (j) => `/j/${j}/${YEAR}/candidates/new`, permission: "candidate.edit", ok: 200 },
  {
    method: "POST",
    path: (j) => `/j/${j}/${YEAR}/candidates`,
    permission: "candidate.edit",
    body: { name: "" },
    ok: 400,
  },
  { method: "GET", path: (j) => `/j/${j}/${YEAR}/handover`, permission: "candidate.edit", ok: 200 },
  {
    method: "POST",
    path: (j) => `/j/${j}/${YEAR}/handover`,
    permission: "candidate.edit",
    body: { report: "" },
    ok: 400,
  },
  {
    method: "POST",
    path: (j) => `/j/${j}/${YEAR}/return`,
    permission: "handover.return",
    body: { reason: "" },
    ok: 400,
  },
  {
    method: "GET",
    path: (j) => `/api/jurisdictions/${j}/cycles/${YEAR}/notice`,
    permission: null,
    api: true,
    ok: 200,
  },
  {
    method: "GET",
    path: (j) => `/api/jurisdictions/${j}/cycles/${YEAR}/proposals`,
    permission: null,
    api: true,
    ok: 200,
  },
  {
    method: "POST",
    path: (j) => `/api/jurisdictions/${j}/cycles/${YEAR}/proposals`,
    permission: null,
    api: true,
    body: {},
    ok: 400,
  },
  {
    method: "GET",
    path: (j) => `/api/jurisdictions/${j}/cycles/${YEAR}/candidates`,
    permission: null,
    api: true,
    ok: 200,
  },

  { method: "GET", path: (j) => `/j/${j}/${YEAR}/meetings`, permission: "vote.manage", ok: 200 },
  {
    method: "POST",
    path: (j) => `/j/${j}/${YEAR}/meetings`,
    permission: "vote.manage",
    body: { title: "" },
    ok: 400,
  },
  { method: "GET", path: (j) => `/j/${j}/${YEAR}/votes`, permission: "vote.manage", ok: 200 },
  // Creating a vote while the cycle still collects is refused after the role check.
  {
    method: "POST",
    path: (j) => `/j/${j}/${YEAR}/votes`,
    permission: "vote.manage",
    body: { title: "" },
    ok: 409,
  },
  { method: "GET", path: (j) => `/j/${j}/${YEAR}/deliberation/opinions`, permission: "vote.manage", ok: 200 },
  {
    method: "GET",
    path: (j) => `/j/${j}/${YEAR}/deliberation/opinions.csv`,
    permission: "vote.manage",
    ok: 200,
  },
  { method: "GET", path: (j) => `/j/${j}/${YEAR}/projects`, permission: null, ok: 200 },
  // The public site and open data (src/features/projects/pages/projects.tsx, src/features/open-data/pages/city.tsx, src/features/open-data/api/open-data.ts).
  { method: "GET", path: (j) => `/j/${j}/${YEAR}/projects.csv`, permission: null, ok: 200 },
  { method: "GET", path: (j) => `/j/${j}/${YEAR}/overview`, permission: null, ok: 200 },
  { method: "GET", path: () => "/open-data", permission: null, ok: 200 },
  {
    method: "GET",
    path: (j) => `/api/open/jurisdictions/${j}/years/${YEAR}/projects`,
    permission: null,
    api: true,
    ok: 200,
  },
  { method: "GET", path: () => "/api/me", permission: "signed-in", api: true, ok: 200 },
  { method: "GET", path: (j) => `/api/jurisdictions/${j}`, permission: null, api: true, ok: 200 },
  {
    method: "GET",
    path: (j) => `/api/jurisdictions/${j}/cycles/${YEAR}`,
    permission: null,
    api: true,
    ok: 200,
  },
  {
    method: "POST",
    path: (j) => `/api/jurisdictions/${j}/cycles`,
    permission: "cycle.create",
    api: true,
    body: { year: "abc" },
    ok: 400,
  },
  {
    method: "POST",
    path: (j) => `/api/jurisdictions/${j}/cycles/${YEAR}/advance`,
    permission: "cycle.advance",
    api: true,
    body: { from: "bogus", to: "screen" },
    ok: 400,
  },
  {
    method: "GET",
    path: (j) => `/api/jurisdictions/${j}/roster`,
    permission: "roster.read",
    api: true,
    ok: 200,
  },
  {
    method: "POST",
    path: (j) => `/api/jurisdictions/${j}/roster/import`,
    permission: "roster.write",
    api: true,
    body: {},
    ok: 400,
  },
  {
    method: "POST",
    path: (j) => `/api/jurisdictions/${j}/credentials`,
    permission: "credential.manage",
    api: true,
    body: { deputies: [] },
    ok: 400,
  },
  {
    method: "POST",
    path: (j, d) => `/api/jurisdictions/${j}/deputies/${d}/revoke`,
    permission: "credential.manage",
    api: true,
    ok: 200,
  },
  {
    method: "GET",
    path: (j) => `/api/jurisdictions/${j}/audit`,
    permission: "audit.read",
    api: true,
    ok: 200,
  },
  {
    method: "GET",
    path: (j) => `/api/jurisdictions/${j}/audit/verify`,
    permission: "audit.read",
    api: true,
    ok: 200,
  },

  // Supervision (src/features/supervision/pages/supervision.tsx), on the own banner's cycle in 监督评估 and one of its projects.
  {
    method: "GET",
    path: (j) => `/j/${j}/${SUP_YEAR}/supervision`,
    permission: "supervision.overview",
    ok: 200,
  },
  {
    method: "GET",
    path: (j) => `/j/${j}/${SUP_YEAR}/supervision/half-year`,
    permission: "supervision.overview",
    ok: 200,
  },
  { method: "GET", path: () => "/me/supervision", permission: "signed-in", ok: 200 },
  { method: "GET", path: (j) => `${supervised(j)}/supervision`, permission: "supervision.read", ok: 200 },
  {
    method: "GET",
    path: (j) => `${supervised(j)}/supervision/group`,
    permission: "supervision.manage",
    ok: 200,
  },
  {
    method: "POST",
    path: (j) => `${supervised(j)}/supervision/group`,
    permission: "supervision.manage",
    body: { name: "" },
    ok: 400,
  },
  {
    method: "POST",
    path: (j) => `${supervised(j)}/supervision/inspections`,
    permission: "supervision.record",
    body: { inspectedOn: "x" },
    ok: 400,
  },
  {
    method: "POST",
    path: (j) => `${supervised(j)}/supervision/problems`,
    permission: "supervision.record",
    body: { description: "" },
    ok: 400,
  },
  {
    method: "POST",
    path: (j) => `${supervised(j)}/supervision/problems/${problemId}/rectify`,
    permission: "problem.rectify",
    body: { rectification: "" },
    ok: 400,
  },
  // The problem is open, not yet rectified: closing it is refused after the role check.
  {
    method: "POST",
    path: (j) => `${supervised(j)}/supervision/problems/${problemId}/close`,
    permission: "supervision.manage",
    ok: 409,
  },
  {
    method: "POST",
    path: (j) => `${supervised(j)}/supervision/problems/${problemId}/reopen`,
    permission: "supervision.manage",
    body: { reason: "" },
    ok: 400,
  },
  { method: "GET", path: (j) => `${supervised(j)}/changes/new`, permission: "supervision.manage", ok: 200 },
  {
    method: "POST",
    path: (j) => `${supervised(j)}/changes`,
    permission: "supervision.manage",
    body: { kind: "bogus" },
    ok: 400,
  },

  // 满意度测评 (src/features/assessment/pages/assessment.tsx): staff create it in 监督评估; the results are public.
  { method: "GET", path: (j) => `/j/${j}/${SUP_YEAR}/assessments`, permission: "vote.manage", ok: 200 },
  {
    method: "POST",
    path: (j) => `/j/${j}/${SUP_YEAR}/assessments`,
    permission: "vote.manage",
    body: { title: "" },
    ok: 400,
  },
  { method: "GET", path: (j) => `/j/${j}/${YEAR}/satisfaction`, permission: null, ok: 200 },
];

/** The own banner's current-year cycle is in 监督评估 with elected projects; "other" has no such cycle. */
const SUP_YEAR = SUPERVISED;
let supervisedId = 0;
let problemId = 0;
const supervised = (j: string) => `/j/${j}/${SUP_YEAR}/projects/${supervisedId}`;

beforeAll(async () => {
  const db = await collecting();
  const [cycle] = await db
    .select()
    .from(cycles)
    .where(and(eq(cycles.jurisdictionCode, OWN), eq(cycles.year, SUP_YEAR)));
  supervisedId = (await projectIds(db, cycle?.id ?? 0))[0] ?? 0;
  const [problem] = await db
    .insert(problems)
    .values({
      candidateId: supervisedId,
      source: "report",
      foundOn: "2020-01-01",
      description: "矩阵测试问题",
      responsibleUnit: "青山旗水利局",
      deadline: "2099-12-31",
      status: "open",
      createdBy: 0,
      createdAt: testNow(),
    })
    .returning();
  problemId = problem?.id ?? 0;
});

/** The expected role table, written out independently of src/platform/auth/permissions.ts. */
const ALLOWED: Record<Permission, Who[]> = {
  "roster.read": ["staff", "city", "admin"],
  "roster.write": ["staff"],
  "credential.manage": ["staff"],
  "audit.read": ["staff", "city", "admin"],
  "cycle.create": ["staff", "gov"],
  "cycle.advance": ["staff", "gov"],
  "admin.manage": ["admin"],
  "notice.edit": ["gov"],
  "proposal.screen": ["gov"],
  "proposal.private": ["gov"],
  "candidate.edit": ["gov"],
  "handover.return": ["staff"],
  "vote.manage": ["staff"],
  "plan.edit": ["gov"],
  "progress.report": ["unit"],
  "project.flags": ["gov", "staff", "city", "admin"],
  "supervision.read": ["staff", "gov", "unit", "deputy", "city", "admin"],
  "supervision.overview": ["staff", "gov", "city", "admin"],
  "supervision.manage": ["staff"],
  "supervision.record": ["staff", "deputy"],
  "problem.rectify": ["unit", "gov"],
};

function expected(route: Route, who: Who, target: "own" | "other"): number {
  if (route.permission === null) return route.ok;
  if (who === "public") return route.api ? 401 : 303;
  if (route.permission === "signed-in") return route.ok;
  const allowed = ALLOWED[route.permission].includes(who);
  // Administration answers "forbidden" to non-administrators before it looks at any target.
  if (route.permission === "admin.manage" && !allowed) return 403;
  if (target === "other" && !route.self) return 404;
  return allowed ? route.ok : 403;
}

const clients = {} as Record<Who, Client>;
const deputyOf = {} as Record<"own" | "other", number>;
const userOf = {} as Record<"own" | "other", number>;

beforeAll(async () => {
  const db = await collecting();
  await db.insert(jurisdictions).values([
    { code: "159800", parentCode: null, level: "city", name: "远山市", nameEn: "Yuanshan", path: "/159800/" },
    {
      code: OTHER,
      parentCode: "159800",
      level: "county",
      name: "远山旗",
      nameEn: "Yuanshan Banner",
      path: "/159800/159821/",
    },
  ]);
  const now = testNow();
  const [otherCycle] = await db
    .insert(cycles)
    .values({ jurisdictionCode: OTHER, year: YEAR, stage: "collect", stageSince: now, createdAt: now })
    .returning();
  await db.insert(notices).values({
    cycleId: otherCycle?.id ?? 0,
    title: "远山旗征集公告",
    scope: "s",
    exclusions: "e",
    channels: "c",
    opensOn: "2020-01-01",
    closesOn: "2099-12-31",
    opensAt: 0,
    closesAt: Date.UTC(2099, 11, 31),
    publishedAt: 1,
    updatedAt: now,
  });
  await db.insert(deputies).values({
    jurisdictionCode: OTHER,
    term: 1,
    number: "001",
    name: "外地代表",
    delegation: "一组",
    createdAt: now,
  });
  const [own] = await db
    .select()
    .from(deputies)
    .where(and(eq(deputies.jurisdictionCode, OWN), eq(deputies.number, "002")));
  const [other] = await db.select().from(deputies).where(eq(deputies.jurisdictionCode, OTHER));
  const passwordHash = "pbkdf2-sha256$1000$00$00";
  await db.insert(users).values([
    {
      username: "victim",
      displayName: "被停用者",
      passwordHash,
      role: "gov",
      jurisdictionCode: OWN,
      createdAt: now,
    },
    {
      username: "faraway",
      displayName: "外地账号",
      passwordHash,
      role: "gov",
      jurisdictionCode: OTHER,
      createdAt: now,
    },
  ]);
  const [victim] = await db.select().from(users).where(eq(users.username, "victim"));
  const [faraway] = await db.select().from(users).where(eq(users.username, "faraway"));
  userOf.own = victim?.id ?? 0;
  userOf.other = faraway?.id ?? 0;
  deputyOf.own = own?.id ?? 0;
  deputyOf.other = other?.id ?? 0;
  for (const who of WHO) {
    const c = new Client(`198.51.100.${WHO.indexOf(who) + 1}`);
    if (who === "deputy") await c.loginDeputy();
    else if (who !== "public") await c.loginStaff(who);
    else await c.get("/login");
    clients[who] = c;
  }
});

describe("role matrix", () => {
  const cases = ROUTES.flatMap((r) =>
    WHO.flatMap((who) =>
      (["own", "other"] as const).map((target) => ({
        r,
        who,
        target,
        name: `${r.method} ${r.path(target, 0, 0)}`,
      })),
    ),
  );
  it.each(cases)("$name as $who on $target", async ({ r, who, target }) => {
    const c = clients[who];
    const j = target === "own" ? OWN : OTHER;
    const d = deputyOf[target];
    const path = r.path(j, d, userOf[target]);
    let res: Response;
    if (r.method === "GET") res = await c.get(path);
    else if (r.api) res = await c.json(path, "POST", r.body ?? {});
    else {
      const fields = Object.fromEntries(
        Object.entries(r.body ?? {}).map(([k, v]) => [k, v === "D" ? String(d) : String(v)]),
      );
      res = await c.post(path, fields);
    }
    expect(res.status, `${r.method} ${path} as ${who}`).toBe(expected(r, who, target));
    if (r.api && res.status >= 400) {
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toMatch(/^[a-z_]+$/);
      expect(body.error.message.length).toBeGreaterThan(0);
    }
    // Every page, error pages included, is a standards-mode document.
    if ((res.headers.get("content-type") ?? "").startsWith("text/html"))
      expect((await res.text()).slice(0, 15), `${r.method} ${path} as ${who}`).toBe("<!DOCTYPE html>");
  });
});

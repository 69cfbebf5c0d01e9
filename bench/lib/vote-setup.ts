// Setup of bench/vote.ts, all through HTTP as staff and government would do it (JSON API or the
// pages' forms, with their CSRF token), and of the minimal worker (its D1 seeded directly); the
// requests of setup are checked and sent again on a 503 or a dropped connection: not measured.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEMO_PASSWORD } from "../../src/demo/seed";
import { beijingDate, nodeNow } from "../../test/support/clock";
import type { DevServer } from "../../test/support/dev-server";
import { envNumber } from "./bench";
import { Client, type Reply } from "./client";

export const CODE = "159921";
export const DEPUTIES = Math.round(envNumber("BENCH_VOTE_DEPUTIES", 500));
export const CANDIDATES = 20;
export const PLACES = 10;
/** The roster's term: the demo's 青山旗 roster is term 17, so this one becomes the current term. */
const TERM = 18;
/** Concurrent sign-ins while preparing (setup, not measured). */
const SETUP_CONCURRENCY = 25;

const root = path.resolve(import.meta.dirname, "../..");
const wrangler = path.join(root, "node_modules/.bin/wrangler");
export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

// ---------------------------------------------------------------------------------------------
// Requests during setup: checked for their status, sent again on a 503 (wrangler dev restarting
// the worker) or a dropped connection — setup steps are not measured.

export async function call(
  client: Client,
  method: "GET" | "POST",
  p: string,
  expect: number,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Reply> {
  let last = "";
  for (let attempt = 1; attempt <= 4; attempt++) {
    try {
      const reply = await client.send(method, p, headers, body);
      if (reply.status === expect) return reply;
      last = `status ${reply.status}: ${reply.body.slice(0, 300)}`;
      // wrangler dev restarting the worker (503), or its proxy losing the connection to it (a 500
      // "Network connection lost", sent again only for a GET, which changes nothing).
      const lost = method === "GET" && reply.status === 500 && reply.body.includes("Network connection lost");
      if (reply.status !== 503 && !lost) break;
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
      if (method !== "GET") break;
    }
    await sleep(1000);
  }
  throw new Error(`${method} ${p}: expected ${expect}, got ${last}`);
}

const csrf = (c: Client) => ({ "x-csrf-token": c.cookie("ms_csrf") ?? "" });
const jsonHeaders = (c: Client) => ({ ...csrf(c), "content-type": "application/json" });
const formHeaders = (c: Client) => ({ ...csrf(c), "content-type": "application/x-www-form-urlencoded" });

export async function getJson<T>(c: Client, p: string): Promise<T> {
  return JSON.parse((await call(c, "GET", p, 200)).body) as T;
}

async function postJson<T>(c: Client, p: string, body: unknown, expect = 200): Promise<T> {
  return JSON.parse((await call(c, "POST", p, expect, jsonHeaders(c), JSON.stringify(body))).body) as T;
}

/** A form POST as the page sends it; answers 303, and the Location is returned. */
export async function postForm(c: Client, p: string, fields: [string, string][]): Promise<string> {
  const reply = await call(c, "POST", p, 303, formHeaders(c), new URLSearchParams(fields).toString());
  return String(reply.headers.location ?? "");
}

/** A client with its CSRF cookie (from any GET: the middleware sets it on the first request). */
async function freshClient(url: string): Promise<Client> {
  const c = new Client(url);
  await call(c, "GET", `/api/jurisdictions/${CODE}`, 200);
  if (!c.cookie("ms_csrf")) throw new Error("no ms_csrf cookie");
  return c;
}

async function signInStaff(url: string, username: string): Promise<Client> {
  const c = await freshClient(url);
  await postJson(c, "/api/auth/login", { username, password: DEMO_PASSWORD });
  if (!c.cookie("ms_session")) throw new Error(`${username}: no session cookie`);
  return c;
}

/** Runs `fn` over `items` with at most `n` at a time. */
export async function pool<T, R>(items: T[], n: number, fn: (x: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      for (;;) {
        const i = next++;
        if (i >= items.length) return;
        out[i] = await fn(items[i] as T, i);
      }
    }),
  );
  return out;
}

// ---------------------------------------------------------------------------------------------
// Setup of our worker. Its dates are Beijing days on the worker's clock (beijingDate).

function rosterCsv(): string {
  const delegations = ["乌兰苏木代表团", "巴彦镇代表团", "旗直机关代表团", "农牧代表团", "社区代表团"];
  const lines = ["代表证号,姓名,性别,民族,代表团,工作单位及职务"];
  for (let i = 0; i < DEPUTIES; i++) {
    lines.push(
      [
        `B18-${String(i + 1).padStart(4, "0")}`,
        `基准代表${i + 1}`,
        i % 2 ? "女" : "男",
        i % 3 ? "汉族" : "蒙古族",
        delegations[i % delegations.length],
        `青山旗第${(i % 40) + 1}单位职员`,
      ].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}

function multipart(fields: Record<string, string>, file: { name: string; filename: string; text: string }) {
  const boundary = `----bench${Math.random().toString(36).slice(2)}`;
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  parts.push(
    `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\n` +
      `Content-Type: text/csv\r\n\r\n${file.text}\r\n`,
  );
  return { type: `multipart/form-data; boundary=${boundary}`, body: `${parts.join("")}--${boundary}--\r\n` };
}

export interface Deputy {
  id: number;
  session: string;
  csrf: string;
}

interface Prepared {
  deputies: Deputy[];
  candidateIds: number[];
  /** Vote ids for the JSON API's casts: [warm-up, round 1, …]. */
  voteIds: number[];
  /** The same for the ballot page's casts. */
  pageVoteIds: number[];
  staff: Client;
  steps: [string, number][];
}

export async function prepareOurs(url: string, year: number, votesNeeded: number): Promise<Prepared> {
  const steps: [string, number][] = [];
  let t = performance.now();
  const step = (label: string) => {
    const now = performance.now();
    steps.push([label, (now - t) / 1000]);
    console.log(`  ${label} (${((now - t) / 1000).toFixed(1)} s)`);
    t = now;
  };
  const cyc = `/j/${CODE}/${year}`;
  const api = `/api/jurisdictions/${CODE}`;
  const [staff, gov] = await Promise.all([signInStaff(url, "staff"), signInStaff(url, "gov")]);
  step("staff and government signed in");

  // The roster: one CSV of DEPUTIES rows for term 18, through the import endpoint.
  const upload = multipart(
    { term: String(TERM) },
    { name: "file", filename: "roster.csv", text: rosterCsv() },
  );
  const report = JSON.parse(
    (
      await call(
        staff,
        "POST",
        `${api}/roster/import`,
        200,
        { ...csrf(staff), "content-type": upload.type },
        upload.body,
      )
    ).body,
  ) as { imported: number; refused: unknown[] };
  if (report.imported !== DEPUTIES || report.refused.length > 0)
    throw new Error(`roster import: ${JSON.stringify(report).slice(0, 300)}`);
  const ids: number[] = [];
  for (let page = 1; ; page++) {
    const r = await getJson<{ term: number; deputies: { id: number; status: string }[] }>(
      staff,
      `${api}/roster?page=${page}`,
    );
    if (r.term !== TERM) throw new Error(`current term is ${r.term}, expected ${TERM}`);
    if (r.deputies.length === 0) break;
    ids.push(...r.deputies.filter((d) => d.status === "active").map((d) => d.id));
  }
  if (ids.length !== DEPUTIES) throw new Error(`roster lists ${ids.length} deputies, expected ${DEPUTIES}`);
  step(`roster of ${DEPUTIES} imported for term ${TERM} (now the current term)`);

  const slips: { deputyId: number; code: string }[] = [];
  for (let i = 0; i < ids.length; i += 400) {
    const r = await postJson<{ slips: { deputyId: number; code: string }[] }>(staff, `${api}/credentials`, {
      deputies: ids.slice(i, i + 400),
    });
    slips.push(...r.slips);
  }
  if (slips.length !== DEPUTIES) throw new Error(`${slips.length} slips issued`);
  step(`${DEPUTIES} credentials issued`);

  // The cycle opens with its collection notice, already closed (yesterday), and screening starts.
  await postJson(gov, `${api}/cycles`, { year }, 201);
  await postForm(gov, `${cyc}/notice`, [
    ["title", `关于征集${year}年度民生实事项目的公告（基准测试）`],
    ["scope", "群众关心的民生领域。"],
    ["exclusions", "仅惠及个别单位或个人的。"],
    ["channels", "网上提交。"],
    ["opensOn", beijingDate(-30)],
    ["closesOn", beijingDate(-1)],
    ["publish", "1"],
  ]);
  await postJson(gov, `${api}/cycles/${year}/advance`, { from: "collect", to: "screen" });
  for (let i = 1; i <= CANDIDATES; i++) {
    await postForm(gov, `${cyc}/candidates`, [
      ["name", `基准候选项目${i}`],
      ["content", `第${i}个候选项目的建设内容。`],
      ["responsibleUnit", "旗住建局"],
      ["deadline", "年底前"],
      ["annualTarget", "全部完工"],
      ["locationCode", CODE],
      ["locationDetail", ""],
      ["funding_county", String(10 * i)],
    ]);
  }
  await postForm(gov, `${cyc}/handover`, [["report", "关于民生实事候选项目形成情况的报告（基准测试）。"]]);
  const list = await getJson<{ handedOver: boolean; candidates: { id: number; position: number }[] }>(
    gov,
    `${api}/cycles/${year}/candidates`,
  );
  const candidateIds = list.candidates.sort((a, b) => a.position - b.position).map((x) => x.id);
  if (!list.handedOver || candidateIds.length !== CANDIDATES)
    throw new Error(`hand-over: ${candidateIds.length} candidates`);
  step(`cycle ${year} opened, its notice closed, ${CANDIDATES} candidates created and handed over`);

  // The meeting, everyone present, one frozen vote per round, and the cycle in 审议票决.
  const meetingAt = await postForm(staff, `${cyc}/meetings`, [
    ["title", "青山旗第十八届人民代表大会第一次会议（基准测试）"],
    ["heldOn", beijingDate()],
  ]);
  const meetingId = Number(/\/meetings\/(\d+)/.exec(meetingAt)?.[1]);
  if (!meetingId) throw new Error(`meeting: redirected to ${meetingAt}`);
  await postForm(staff, `${cyc}/meetings/${meetingId}/attendance`, [
    ...ids.map((id): [string, string] => ["present", String(id)]),
    ...ids.map((id): [string, string] => ["shown", String(id)]),
  ]);
  const voteIds: number[] = [];
  const pageVoteIds: number[] = [];
  for (let v = 0; v < 2 * votesNeeded; v++) {
    const k = v % votesNeeded;
    const at = await postForm(staff, `${cyc}/votes`, [
      ["title", `民生实事项目票决（${k === 0 ? "预热" : `第${k}轮`}${v < votesNeeded ? "" : "，选票页面"}）`],
      ["places", String(PLACES)],
      ["form", "per_candidate"],
      ["maxTicks", String(PLACES)],
      ["base", "all"],
      ["thresholdNumerator", "1"],
      ["thresholdDenominator", "2"],
      ["quorumNumerator", "2"],
      ["quorumDenominator", "3"],
      ["meetingId", String(meetingId)],
      ...candidateIds.map((id): [string, string] => ["candidates", String(id)]),
    ]);
    const voteId = Number(/\/votes\/(\d+)/.exec(at)?.[1]);
    if (!voteId) throw new Error(`vote: redirected to ${at}`);
    await postForm(staff, `${cyc}/votes/${voteId}/freeze`, []);
    (v < votesNeeded ? voteIds : pageVoteIds).push(voteId);
  }
  await postJson(staff, `${api}/cycles/${year}/advance`, { from: "deliberate", to: "vote" });
  step(
    `meeting with ${DEPUTIES} present; ${votesNeeded} votes for the API and ${votesNeeded} for the page ` +
      "created and frozen; cycle in 审议票决",
  );

  // Each deputy signs in on its own client; the session and CSRF cookies are kept for the casts.
  const deputies = await pool(slips, SETUP_CONCURRENCY, async (s) => {
    const c = await freshClient(url);
    try {
      await postJson(c, "/api/auth/deputy-login", { code: s.code });
      const session = c.cookie("ms_session");
      if (!session) throw new Error("deputy sign-in: no session cookie");
      return { id: s.deputyId, session, csrf: c.cookie("ms_csrf") as string };
    } finally {
      c.close();
    }
  });
  step(`${DEPUTIES} deputies signed in (${SETUP_CONCURRENCY} at a time)`);
  gov.close();
  return { deputies, candidateIds, voteIds, pageVoteIds, staff, steps };
}

// ---------------------------------------------------------------------------------------------
// The minimal worker: its own wrangler dev, its D1 seeded directly.

function exec(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(wrangler, args, {
      cwd: root,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", CI: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr = (stderr + d).slice(-4000);
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

export async function d1(
  server: DevServer,
  config: string,
  what: ["--file" | "--command", string],
  json = false,
) {
  const r = await exec([
    "d1",
    "execute",
    "DB",
    "--local",
    "--config",
    config,
    "--persist-to",
    server.persistDir,
    ...what,
    "--yes",
    ...(json ? ["--json"] : []),
  ]);
  if (r.code !== 0) throw new Error(`wrangler d1 execute failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Ids 1…n of votes and deputies, all votes open, the rows their foreign keys point to (dated as ours). */
export async function seedMinimal(server: DevServer, config: string, votes: number, year: number) {
  const now = nodeNow();
  const lines = [
    `INSERT INTO jurisdictions (code, parent_code, level, name, name_en, path) VALUES ('${CODE}', NULL, 'county', '青山旗', 'Qingshan Banner', '/${CODE}/');`,
    `INSERT INTO cycles (id, jurisdiction_code, year, stage, stage_since, created_at) VALUES (1, '${CODE}', ${year}, 'vote', ${now}, ${now});`,
    `INSERT INTO meetings (id, cycle_id, title, held_on, created_at) VALUES (1, 1, '基准测试会议', '${beijingDate()}', ${now});`,
  ];
  for (let v = 1; v <= votes; v++) {
    lines.push(
      "INSERT INTO votes (id, cycle_id, meeting_id, title, kind, status, places, form, max_ticks, base, " +
        "threshold_numerator, threshold_denominator, quorum_numerator, quorum_denominator, roster_size, " +
        `present_at_open, created_at) VALUES (${v}, 1, 1, '基准票决${v}', 'project', 'open', ${PLACES}, ` +
        `'per_candidate', ${PLACES}, 'all', 1, 2, 2, 3, ${DEPUTIES}, ${DEPUTIES}, ${now});`,
    );
  }
  for (let i = 0; i < DEPUTIES; i += 100) {
    const rows = [];
    for (let k = i; k < Math.min(DEPUTIES, i + 100); k++)
      rows.push(`(${k + 1}, '${CODE}', ${TERM}, 'B18-${k + 1}', '代表${k + 1}', '代表团', ${now})`);
    lines.push(
      `INSERT INTO deputies (id, jurisdiction_code, term, number, name, delegation, created_at) VALUES ${rows.join(", ")};`,
    );
  }
  const dir = mkdtempSync(path.join(tmpdir(), "minsheng-bench-"));
  try {
    const file = path.join(dir, "seed.sql");
    writeFileSync(file, `${lines.join("\n")}\n`);
    await d1(server, config, ["--file", file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

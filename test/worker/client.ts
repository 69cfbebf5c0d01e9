// A tiny browser stand-in for worker tests: keeps cookies, sends the CSRF token the way a form
// does, and follows nothing automatically (tests look at redirects themselves).
import { createExecutionContext, env, SELF, waitOnExecutionContext } from "cloudflare:test";
import { eq } from "drizzle-orm";
import worker from "../../src";
import { DEMO_DEPUTY_CODE, DEMO_PASSWORD, seedDemo } from "../../src/demo/seed";
import type { Actor } from "../../src/platform/auth/actor";
import { createDb } from "../../src/platform/data/db";
import { jurisdictions, users } from "../../src/platform/data/schema";
import { clockNow } from "../../src/platform/lib/clock";

export const BASE = "https://minsheng.test";

/** The moment the suite runs at: the worker's own clock (env.MINSHENG_NOW, set by vitest.config.ts). */
export function testNow(): number {
  return clockNow(env);
}

export async function seeded() {
  const db = createDb(env.DB);
  await seedDemo(db, { now: testNow(), iterations: 1000 });
  return db;
}

export class Client {
  cookies = new Map<string, string>();
  address: string;
  /** The moment this client's requests happen at (ISO 8601); unset, the suite's moment. */
  at: string | undefined;

  constructor(address = "203.0.113.9", opts: { at?: string } = {}) {
    this.address = address;
    this.at = opts.at;
  }

  /** Moves this client's clock: its next requests happen at `at` (ISO 8601 with offset). */
  setMoment(at: string | undefined) {
    this.at = at;
    return this;
  }

  get csrf(): string {
    return this.cookies.get("ms_csrf") ?? "";
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    headers.set("cf-connecting-ip", this.address);
    const res = this.at
      ? await this.fetchAt(this.at, path, { ...init, headers })
      : await SELF.fetch(`${BASE}${path}`, { ...init, headers, redirect: "manual" });
    for (const line of res.headers.getAll("set-cookie")) {
      const [pair] = line.split(";");
      const [k, ...v] = (pair ?? "").split("=");
      if (!k) continue;
      const value = v.join("=");
      if (value === "" || /max-age=0/i.test(line)) this.cookies.delete(k.trim());
      else this.cookies.set(k.trim(), value);
    }
    return res;
  }

  /** The worker itself, with the clock set to `at` (static files are not served on this path). */
  private async fetchAt(at: string, path: string, init: RequestInit): Promise<Response> {
    const ctx = createExecutionContext();
    const res = await worker.fetch(
      new Request(`${BASE}${path}`, { ...init, redirect: "manual" }),
      { ...env, MINSHENG_NOW: at },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    return res;
  }

  get(path: string) {
    return this.fetch(path);
  }

  /** Posts a form as a browser would, with the CSRF token (fetched first if this client has none). */
  async post(path: string, fields: Record<string, string> = {}, opts: { csrf?: string | null } = {}) {
    if (!this.csrf && opts.csrf === undefined) await this.get("/login");
    const body = new URLSearchParams(fields);
    const token = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (token !== null) body.set("_csrf", token);
    return this.fetch(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });
  }

  async postMultipart(path: string, form: FormData) {
    if (!this.csrf) await this.get("/login");
    form.set("_csrf", this.csrf);
    return this.fetch(path, { method: "POST", body: form });
  }

  async json(path: string, method: string, body?: unknown) {
    if (!this.csrf) await this.get("/login");
    return this.fetch(path, {
      method,
      headers: { "content-type": "application/json", "x-csrf-token": this.csrf },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  async loginStaff(username: string, password = DEMO_PASSWORD) {
    const res = await this.post("/login", { username, password });
    if (res.status !== 303) throw new Error(`login ${username} failed: ${res.status}`);
    return this;
  }

  async loginDeputy(code = DEMO_DEPUTY_CODE) {
    const res = await this.post("/login/deputy", { code });
    if (res.status !== 303) throw new Error(`deputy login failed: ${res.status}`);
    return this;
  }
}

/** The demo account `username` as an actor, for calling domain functions directly. */
export async function actorOf(username: string): Promise<Actor> {
  const db = await seeded();
  const [row] = await db
    .select({ user: users, path: jurisdictions.path })
    .from(users)
    .innerJoin(jurisdictions, eq(jurisdictions.code, users.jurisdictionCode))
    .where(eq(users.username, username));
  if (!row) throw new Error(`no account ${username}`);
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

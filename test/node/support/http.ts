// A small HTTP client for the browser tests' set-up and their crowds of deputies: a browser without
// JavaScript (own cookies, the pages' CSRF token), plus helpers both acceptance tests use. Dates come
// from the clock the started worker runs on (test/support/clock.ts: beijingDate, beijingYear).
import { expect } from "vitest";
import { serverUrl } from "./browser";

/** Runs `fn` over `items`, `width` at a time. */
export async function inBatches<T, R>(
  items: T[],
  width: number,
  fn: (x: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += width)
    out.push(...(await Promise.all(items.slice(i, i + width).map((x, k) => fn(x, i + k)))));
  return out;
}

/** A receipt code as the app makes them: four groups of four letters or digits. */
export function receipt(): string {
  const abc = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
  const s = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => abc[b % abc.length]).join("");
  return s.match(/.{4}/g)?.join("-") ?? "";
}

/** One device: its own cookies (session, CSRF), like a browser profile. */
export class Http {
  private readonly jar = new Map<string, string>();
  /** The CSRF token the last page carried (`<meta name="csrf-token">`), for scripts' requests. */
  token = "";

  async send(
    method: string,
    path: string,
    body?: { form?: [string, string][]; json?: unknown },
  ): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.jar.size) headers.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    let payload: string | undefined;
    if (body?.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      payload = new URLSearchParams(body.form).toString();
    } else if (body && "json" in body) {
      headers["content-type"] = "application/json";
      headers["x-csrf-token"] = this.token;
      payload = JSON.stringify(body.json);
    }
    const res = await fetch(serverUrl() + path, { method, headers, body: payload, redirect: "manual" });
    // Node's fetch (undici) has getSetCookie; the Workers types in tsconfig describe other Headers.
    for (const c of (res.headers as unknown as { getSetCookie(): string[] }).getSetCookie()) {
      const pair = c.split(";")[0] ?? "";
      const i = pair.indexOf("=");
      if (/max-age=0\b/i.test(c)) this.jar.delete(pair.slice(0, i));
      else this.jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  }

  /** GETs a page, expects 200, keeps its CSRF token. */
  async page(path: string): Promise<string> {
    const res = await this.send("GET", path);
    const html = await res.text();
    expect(res.status, path).toBe(200);
    this.token = /<meta name="csrf-token" content="([^"]+)"/.exec(html)?.[1] ?? "";
    expect(this.token, `CSRF token on ${path}`).not.toBe("");
    return html;
  }

  /**
   * Sends a form of a page as its submit button would: loads the page, checks the form is there,
   * posts the fields with the page's CSRF token; expects the redirect that follows success (303).
   */
  async submit(pagePath: string, action: string, fields: [string, string][]): Promise<string> {
    const html = await this.page(pagePath);
    expect(html, `a form to ${action} on ${pagePath}`).toContain(`action="${action}"`);
    const res = await this.send("POST", action, { form: [["_csrf", this.token], ...fields] });
    if (res.status !== 303)
      throw new Error(`POST ${action}: ${res.status}\n${(await res.text()).slice(0, 3000)}`);
    return res.headers.get("location") ?? "";
  }

  /**
   * A JSON request as a phone's script sends it: when no answer comes back (here: the local dev
   * proxy's 503 "Your worker restarted mid-request" on a loaded machine), it sends the very same
   * request again — safe for a ballot, whose receipt makes a retry count once.
   */
  async json<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T; retries: number }> {
    for (let retries = 0; ; retries++) {
      const res = await this.send(method, path, body === undefined ? undefined : { json: body });
      const text = await res.text();
      if (res.status === 503 && /restarted mid-request/.test(text) && retries < 3) {
        await new Promise((r) => setTimeout(r, 300 * (retries + 1)));
        continue;
      }
      try {
        return { status: res.status, body: JSON.parse(text) as T, retries };
      } catch {
        throw new Error(`${method} ${path}: ${res.status}, not JSON: ${text.slice(0, 500)}`);
      }
    }
  }
}

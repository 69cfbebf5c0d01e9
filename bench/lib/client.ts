// A benchmark client that behaves like one browser: its own keep-alive connection and its own
// cookie jar (so its own CSRF token), unlike autocannon's connections, which all send one request.
import http from "node:http";

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Milliseconds from sending the request to the end of the response body. */
  ms: number;
}

export class Client {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private readonly jar = new Map<string, string>();

  constructor(private readonly base: string) {}

  cookie(name: string): string | undefined {
    return this.jar.get(name);
  }

  /** Puts a cookie in the jar, e.g. one another client was given (a session carried to a new connection). */
  setCookie(name: string, value: string) {
    this.jar.set(name, value);
  }

  /** One request; rejects on a network error (connection reset, refused, timed out). */
  send(method: "GET" | "POST", path: string, headers: Record<string, string> = {}, body?: string) {
    const h: Record<string, string> = { ...headers };
    if (this.jar.size > 0) h.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    if (body !== undefined) h["content-length"] = String(Buffer.byteLength(body));
    const started = performance.now();
    return new Promise<Reply>((resolve, reject) => {
      const req = http.request(this.base + path, { method, headers: h, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          for (const c of res.headers["set-cookie"] ?? []) {
            const [pair = ""] = c.split(";");
            const eq = pair.indexOf("=");
            if (eq > 0) this.jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
          }
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8"),
            ms: performance.now() - started,
          });
        });
      });
      req.setTimeout(60_000, () => req.destroy(new Error("timed out after 60 s")));
      req.on("error", reject);
      req.end(body);
    });
  }

  close() {
    this.agent.destroy();
  }
}

/** Nearest-rank percentile (p in 0–100) of unsorted samples. */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] as number;
}

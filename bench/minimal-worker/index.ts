// The baseline of bench/vote.ts: a worker that does only what casting a ballot has to do in D1 —
// the register row and the ballot, two INSERT … SELECT statements guarded by "the vote is open", in
// one batch (as src/features/voting/ballot-box.ts writeBallot, whose guard checks the session, the
// deputy and attendance too), into the same schema (the project's migrations) — and nothing else:
// no framework, no session, no CSRF, no checks before the batch. It reads the same request body as
// the real endpoint, because the values it writes come from it (the ballot as JSON, the receipt's
// hash, a random ballot key). The deputy comes in a header, since there is no session to ask.
//
// POST /api/votes/:vid/ballot  (x-deputy-id: N) {ballot, receipt} → 201 {status: "recorded"}
// GET /                        → 200, for the dev server's readiness check
//
// Two configurations start it (see bench/vote.ts): wrangler.toml deploys it as the project deploys
// ours, with the same static assets in front and the API run first; bare.toml without assets.

interface Env {
  DB: D1Database;
}

const OPEN = `WHERE EXISTS (SELECT 1 FROM votes WHERE id = ? AND status = 'open')`;
const REGISTER = `insert into "vote_voters" ("vote_id", "deputy_id") SELECT ?, ? ${OPEN}`;
const BALLOT = `insert into "ballots" ("id", "vote_id", "body", "receipt_hash") SELECT ?, ?, ?, ? ${OPEN}`;

const hex = (bytes: ArrayBuffer | Uint8Array) =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

const json = (body: unknown, status: number) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (request.method === "GET" && url.pathname === "/") return new Response("ok");
    const m = /^\/api\/votes\/(\d+)\/ballot$/.exec(url.pathname);
    if (request.method !== "POST" || !m) return json({ error: "not_found" }, 404);
    const voteId = Number(m[1]);
    const deputyId = Number(request.headers.get("x-deputy-id"));
    let body: { ballot?: unknown; receipt?: unknown };
    try {
      body = await request.json();
    } catch {
      return json({ error: "invalid_input" }, 400);
    }
    const receiptHash = hex(
      await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`receipt:${String(body.receipt)}`)),
    );
    const id = hex(crypto.getRandomValues(new Uint8Array(16)));
    try {
      const [register] = await env.DB.batch([
        env.DB.prepare(REGISTER).bind(voteId, deputyId, voteId),
        env.DB.prepare(BALLOT).bind(id, voteId, JSON.stringify(body.ballot), receiptHash, voteId),
      ]);
      if (!register?.meta.changes) return json({ error: "not_open" }, 409);
      return json({ status: "recorded" }, 201);
    } catch (e) {
      // The register's primary key refused a second ballot from this deputy (as castBallot does:
      // this very ballot, a retry, or another one).
      if (!/UNIQUE|PRIMARY KEY/i.test(String(e))) throw e;
      const mine = await env.DB.prepare("SELECT id FROM ballots WHERE vote_id = ? AND receipt_hash = ?")
        .bind(voteId, receiptHash)
        .first();
      return json({ status: mine ? "already_recorded" : "already_voted" }, 200);
    }
  },
} satisfies ExportedHandler<Env>;

// The worker: one Hono app serving the pages (web/pages) and the JSON API (src/routes).
import { adminPages } from "../web/pages/admin";
import { assessmentPages } from "../web/pages/assessment";
import { auditPages } from "../web/pages/audit";
import { authPages } from "../web/pages/auth";
import { cityPages } from "../web/pages/city";
import { collectionPages } from "../web/pages/collection";
import { cyclePages } from "../web/pages/cycles";
import { exportPages } from "../web/pages/exports";
import { projectPages } from "../web/pages/projects";
import { rosterPages } from "../web/pages/roster";
import { screeningPages } from "../web/pages/screening";
import { supervisionPages } from "../web/pages/supervision";
import { votePages } from "../web/pages/votes";
import { createApp } from "./app";
import { createDb } from "./data/db";
import { housekeep } from "./domain/housekeeping";
import type { Bindings } from "./env";
import { clockNow } from "./lib/clock";
import { api } from "./routes";

const app = createApp();
app.route("/api", api);
app.route("/", authPages);
app.route("/", rosterPages);
app.route("/", auditPages);
app.route("/", adminPages);
app.route("/", collectionPages);
app.route("/", screeningPages);
app.route("/", exportPages);
app.route("/", votePages);
app.route("/", assessmentPages);
app.route("/", supervisionPages);
app.route("/", projectPages);
app.route("/", cityPages);
app.route("/", cyclePages);

export default {
  fetch: app.fetch,
  /** The Cron Trigger (wrangler.toml `[triggers]`): housekeeping, on the one clock. */
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(
      housekeep(createDb(env.DB), clockNow(env)).then((n) =>
        console.log(
          `housekeeping: ${n.sessions} expired sessions, ${n.counters} ended sign-in counters removed`,
        ),
      ),
    );
  },
} satisfies ExportedHandler<Bindings>;

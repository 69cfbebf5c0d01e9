// The worker: one Hono app. It mounts each feature (src/features/<stage>) on the shared platform
// (src/platform): the pages at /, the JSON API (src/api.ts) at /api.

import { api } from "./api";
import { adminPages } from "./features/admin/pages/admin";
import { auditPages } from "./features/admin/pages/audit";
import { authPages } from "./features/admin/pages/auth";
import { credentialPages } from "./features/admin/pages/credentials";
import { rosterPages } from "./features/admin/pages/roster";
import { setupPages } from "./features/admin/pages/setup";
import { assessmentPages } from "./features/assessment/pages/assessment";
import { staffAssessmentPages } from "./features/assessment/pages/assessments";
import { collectionPages } from "./features/collection/pages/collection";
import { cyclePages } from "./features/cycle/pages/cycles";
import { deliberationPages } from "./features/deliberation/pages/deliberation";
import { cityPages } from "./features/open-data/pages/city";
import { projectDetailPages } from "./features/open-data/pages/project";
import { projectPages } from "./features/projects/pages/projects";
import { PHOTO_FORM_MAX_BYTES, PHOTO_UPLOAD_PATH } from "./features/projects/photos";
import { exportPages } from "./features/screening/pages/exports";
import { screeningPages } from "./features/screening/pages/screening";
import { supervisionPages } from "./features/supervision/pages/supervision";
import { announcementPages } from "./features/voting/pages/announcement";
import { ballotPages } from "./features/voting/pages/ballot";
import { consolePages } from "./features/voting/pages/console";
import { meetingPages } from "./features/voting/pages/meetings";
import { MESSAGES } from "./messages";
import { housekeep } from "./platform/auth/housekeeping";
import { createDb } from "./platform/data/db";
import { createApp } from "./platform/http/app";
import type { Bindings } from "./platform/http/env";
import { clockNow } from "./platform/lib/clock";

// A progress report may carry 4 photos of up to 5 MB (src/features/projects/photos.ts): its own limit.
const app = createApp(MESSAGES, [{ path: PHOTO_UPLOAD_PATH, maxBytes: PHOTO_FORM_MAX_BYTES }]);
app.route("/api", api);
app.route("/", authPages);
app.route("/", rosterPages);
app.route("/", credentialPages);
app.route("/", auditPages);
app.route("/", adminPages);
app.route("/", setupPages);
app.route("/", collectionPages);
app.route("/", screeningPages);
app.route("/", exportPages);
app.route("/", deliberationPages);
app.route("/", meetingPages);
app.route("/", consolePages);
app.route("/", ballotPages);
app.route("/", announcementPages);
app.route("/", staffAssessmentPages);
app.route("/", assessmentPages);
app.route("/", supervisionPages);
app.route("/", projectPages);
app.route("/", projectDetailPages);
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

// The JSON API, mounted at /api. Every handler calls the same domain functions as the pages.

import { auditApi } from "./features/admin/api/audit";
import { authApi } from "./features/admin/api/auth";
import { rosterApi } from "./features/admin/api/roster";
import { collectionApi } from "./features/collection/api/collection";
import { jurisdictionApi } from "./features/cycle/api/jurisdictions";
import { openDataApi } from "./features/open-data/api/open-data";
import { screeningApi } from "./features/screening/api/screening";
import { voteApi } from "./features/voting/api/votes";
import { createRouter } from "./platform/http/app";

export const api = createRouter();
api.route("/", authApi);
api.route("/", jurisdictionApi);
api.route("/", rosterApi);
api.route("/", auditApi);
api.route("/", collectionApi);
api.route("/", screeningApi);
api.route("/", voteApi);
api.route("/", openDataApi);

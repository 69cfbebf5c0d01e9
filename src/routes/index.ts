// The JSON API, mounted at /api. Every handler calls the same domain functions as the pages.
import { createRouter } from "../app";
import { auditApi } from "./audit";
import { authApi } from "./auth";
import { collectionApi } from "./collection";
import { jurisdictionApi } from "./jurisdictions";
import { openDataApi } from "./open-data";
import { rosterApi } from "./roster";
import { voteApi } from "./votes";

export const api = createRouter();
api.route("/", authApi);
api.route("/", jurisdictionApi);
api.route("/", rosterApi);
api.route("/", auditApi);
api.route("/", collectionApi);
api.route("/", voteApi);
api.route("/", openDataApi);

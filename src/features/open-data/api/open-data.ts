// Open data: a read-only JSON API under /api/open (no sign-in, CORS open, short public caching) for
// the projects of a jurisdiction and year, one project with its progress, a project's reports, a
// city's overview and a closed vote's result, with its OpenAPI 3.1 description at
// /api/open/openapi.json.
//
// Never any personal data: no user or deputy ids, no names of people, no phones; only offices
// (responsible units), projects, dates, counts and money (integer yuan). Each answer is parsed
// through its schema (schemas.ts), which drops every key it does not name.
import { createRouter } from "../../../platform/http/app";
import { openApiDocument, openGet } from "./openapi";
import { projectOperations } from "./projects";
import { resultOperations } from "./results";

/** Every operation of the open API, in the order of its description. */
export const OPEN_OPERATIONS = [...projectOperations, ...resultOperations];

export const openDataApi = createRouter();

// Open to every origin, cacheable for a minute, and the same for everyone: no cookie is set on it.
openDataApi.use("/open/*", async (c, next) => {
  await next();
  c.header("Access-Control-Allow-Origin", "*");
  if (c.res.status === 200 && !c.res.headers.get("Cache-Control"))
    c.header("Cache-Control", "public, max-age=60");
  c.res.headers.delete("Set-Cookie");
});

for (const op of OPEN_OPERATIONS) openGet(openDataApi, op);

openDataApi.get("/open/openapi.json", openApiDocument(openDataApi));

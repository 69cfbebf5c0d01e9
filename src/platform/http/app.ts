// The app factory: one place that sets the middleware chain, error shape and not-found for every
// router. Routers are made with `createRouter()` so they share the env type.
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { type Catalogues, translateLoose } from "../i18n";
import { ErrorPage } from "../ui/error-page";
import type { PageContext } from "../ui/layout";
import { readableForms } from "./body";
import { requestContext } from "./context";
import { csrf } from "./csrf";
import { demoData } from "./demo";
import type { AppEnv } from "./env";
import { AppError, isAppError } from "./errors";
import { securityHeaders } from "./security";

export function createRouter() {
  return new Hono<AppEnv>();
}

export function pageContext(c: Context<AppEnv>): PageContext {
  const url = new URL(c.req.url);
  return {
    t: c.var.t,
    locale: c.var.locale,
    actor: c.var.actor,
    csrfToken: c.var.csrfToken,
    path: url.pathname + url.search,
  };
}

/** The one error shape: `{ error: { code, message, reason?, fields? } }`, messages in the user's language. */
function errorBody(c: Context<AppEnv>, err: AppError) {
  const t = c.var.t;
  const fields = err.fields
    ? Object.fromEntries(
        Object.entries(err.fields).map(([k, key]) => [k, translateLoose(t, key, "field.invalid")]),
      )
    : undefined;
  return {
    error: {
      code: err.code,
      message: t(`error.${err.code}`),
      ...(err.reason ? { reason: translateLoose(t, err.reason, "error.invalid_input") } : {}),
      ...(fields ? { fields } : {}),
    },
  };
}

const wantsJson = (c: Context) => new URL(c.req.url).pathname.startsWith("/api/");

/** Renders an error as JSON under /api and as a page everywhere else. */
function respondError(c: Context<AppEnv>, err: AppError) {
  if (!c.var.t) return c.json({ error: { code: err.code, message: err.code } }, err.status);
  if (wantsJson(c)) return c.json(errorBody(c, err), err.status);
  if (err.code === "unauthenticated") {
    // A page that needs a session sends the visitor to sign in, and back here afterwards.
    const url = new URL(c.req.url);
    const next = c.req.method === "GET" ? `?next=${encodeURIComponent(url.pathname + url.search)}` : "";
    return c.redirect(`/login${next}`, 303);
  }
  const reason = err.reason ? translateLoose(c.var.t, err.reason, "error.invalid_input") : undefined;
  return c.html(
    ErrorPage({ ctx: pageContext(c), message: c.var.t(`error.${err.code}`), reason }),
    err.status,
  );
}

/** A larger body limit for the POSTs to the paths that take one (e.g. a progress report with photos). */
export interface BodyLimit {
  path: RegExp;
  maxBytes: number;
}

/** The app, with every language's texts (src/messages.ts). */
export function createApp(messages: Catalogues, larger: BodyLimit[] = []) {
  const app = createRouter();
  app.use(securityHeaders);
  const tooLarge = () => {
    throw new AppError("payload_too_large");
  };
  const generalLimit = bodyLimit({ maxSize: 3 * 1024 * 1024, onError: tooLarge });
  const limits = larger.map((l) => ({
    path: l.path,
    limit: bodyLimit({ maxSize: l.maxBytes, onError: tooLarge }),
  }));
  app.use((c, next) => {
    const own = c.req.method === "POST" ? limits.find((l) => l.path.test(c.req.path)) : undefined;
    return (own?.limit ?? generalLimit)(c, next);
  });
  app.use(requestContext(messages));
  app.use(demoData);
  app.use(readableForms);
  app.use(csrf);

  app.onError((err, c) => {
    // Unknown errors are logged by name and message only: never the request body or the user's input.
    if (!isAppError(err))
      console.error("unhandled", err instanceof Error ? `${err.name}: ${err.message}` : "unknown");
    return respondError(c, isAppError(err) ? err : new AppError("internal"));
  });
  app.notFound((c) => respondError(c, new AppError("not_found")));
  return app;
}

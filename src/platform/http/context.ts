// Per-request context: database handle, language, and the signed-in actor (one query, and none
// at all when there is no session cookie). The texts are the app's catalogues (src/messages.ts).
import { createMiddleware } from "hono/factory";
import { actorFromToken } from "../auth/sessions";
import { createDb } from "../data/db";
import { createMeter, METER_REQUEST_HEADER, meteredD1, meterHeaders } from "../data/metered";
import { type Catalogues, type Locale, pickLocale, type Translator, translator } from "../i18n";
import { clockNow } from "../lib/clock";
import { LANG_COOKIE, readCookie, SESSION_COOKIE } from "./cookies";
import type { AppEnv } from "./env";

/** The JSON API route that casts a ballot, and the ballot's pages (src/features/voting/). */
const BALLOT_PATH =
  /^(\/api\/jurisdictions\/[^/]+\/cycles\/\d{4}\/votes\/\d+\/ballot|\/j\/[^/]+\/\d{4}\/votes\/\d+\/ballot(\/review|\/cast)?)$/;

export function requestContext(messages: Catalogues) {
  const translators: Record<Locale, Translator> = {
    "zh-CN": translator(messages["zh-CN"]),
    en: translator(messages.en),
  };
  return createMiddleware<AppEnv>(async (c, next) => {
    // The request's one moment: every domain function below gets it from here.
    const now = clockNow(c.env);
    c.set("now", now);
    // Benchmarks (bench/) meter D1 rows read per request; local mode only, and only when asked.
    const meter =
      c.env.ENVIRONMENT === "local" && c.req.header(METER_REQUEST_HEADER) === "1" ? createMeter() : null;
    const db = createDb(meter ? meteredD1(c.env.DB, meter) : c.env.DB);
    c.set("db", db);
    const locale = pickLocale(readCookie(c, LANG_COOKIE), c.req.header("accept-language"));
    c.set("locale", locale);
    c.set("t", translators[locale]);
    const token = readCookie(c, SESSION_COOKIE);
    // Casting a ballot authenticates inside its single write (src/features/voting/ballot-box.ts), and the
    // ballot's pages read the session with the ballot: one D1 round trip per request in the hall.
    const deferred = BALLOT_PATH.test(c.req.path);
    c.set("actor", token && !deferred ? await actorFromToken(db, token, now) : null);
    await next();
    if (meter) for (const [name, value] of meterHeaders(meter)) c.header(name, value);
  });
}

import type { Actor } from "../auth/actor";
import type { Db } from "../data/db";
import type { Locale, Translator } from "../i18n";

export interface Bindings {
  DB: D1Database;
  /** Progress photos (R2; local runs and tests use wrangler's local R2). */
  PHOTOS: R2Bucket;
  /** "production" when deployed; "local" under `npm start` (demo data, demo accounts shown); "test" in tests. */
  ENVIRONMENT: string;
  /** Secret for the one-time setup page of a new deployment (`wrangler secret put SETUP_TOKEN`). */
  SETUP_TOKEN?: string;
  /** Public proposals allowed per address and hour (default 30); benchmarks raise it locally. */
  PUBLIC_PROPOSALS_PER_HOUR?: string;
  /** Key of the keyed hashes behind the public rating's one-per-day rule (`wrangler secret put RATING_SECRET`). */
  RATING_SECRET?: string;
  /** Local mode and tests only: the moment the clock shows (ISO 8601 with offset); see src/platform/lib/clock.ts. */
  MINSHENG_NOW?: string;
  /** The real time (ms) at which MINSHENG_NOW was set; from then on the clock runs. Absent: it stands still. */
  MINSHENG_NOW_FROM?: string;
}

interface Variables {
  db: Db;
  actor: Actor | null;
  locale: Locale;
  t: Translator;
  csrfToken: string;
  /** The moment of this request (ms), from the one clock (src/platform/lib/clock.ts). */
  now: number;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: Variables;
}

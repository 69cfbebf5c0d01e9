// In local mode (`npm start`), an empty database is filled with the demo city on first request.
import { createMiddleware } from "hono/factory";
import { seedDemo } from "../../demo/seed";
import type { AppEnv } from "./env";

let seeding: Promise<void> | null = null;

export const demoData = createMiddleware<AppEnv>(async (c, next) => {
  if (c.env.ENVIRONMENT === "local") {
    seeding ??= seedDemo(c.var.db, { now: c.var.now }).catch((e) => {
      seeding = null;
      throw e;
    });
    await seeding;
  }
  await next();
});

// Applies migrations/ to the test D1 before each test file (idempotent), as wrangler does.
import { applyD1Migrations, env } from "cloudflare:test";

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

// drizzle-kit only generates SQL from src/platform/data/schema/; wrangler applies it.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./src/platform/data/schema/index.ts",
  out: "./migrations",
});

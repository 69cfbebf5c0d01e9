// drizzle-kit only generates SQL from src/data/schema.ts; wrangler applies it.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./src/data/schema.ts",
  out: "./migrations",
});

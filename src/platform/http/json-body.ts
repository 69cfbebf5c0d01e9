import type { Context } from "hono";
import type { AppEnv } from "./env";
import { AppError } from "./errors";

/** The JSON body of a request, or an invalid-input error (never the parser's message). */
export async function jsonBody(c: Context<AppEnv>): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new AppError("invalid_input", { fields: { _: "field.invalid" } });
  }
}

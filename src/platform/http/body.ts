// Request bodies are read here, and a body the worker cannot read is a 400 (`invalid_input` with a
// reason that says why), never a server error.
//
// Forms: `readableForms`, in the middleware chain before CSRF looks for `_csrf`, parses every
// state-changing form body (urlencoded or multipart) once. Hono keeps the parsed form, so CSRF,
// `formFields`, `formFile` and every `c.req.parseBody()` of a page read that copy and cannot fail.
// JSON: `jsonBody`, the one reader of JSON bodies, wants `application/json` and valid JSON.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { MessageKey } from "../i18n";
import type { AppEnv } from "./env";
import { AppError } from "./errors";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);
const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

/** The media type of a request (lower case, no parameters) and its charset parameter, if any. */
function contentType(c: Context<AppEnv>): { type: string; charset: string | undefined } {
  const [type = "", ...params] = (c.req.header("content-type") ?? "").split(";");
  let charset: string | undefined;
  for (const p of params) {
    const [name, value] = p.split("=", 2);
    if (name?.trim().toLowerCase() === "charset")
      charset = (value ?? "")
        .trim()
        .replace(/^"(.*)"$/, "$1")
        .toLowerCase();
  }
  return { type: type.trim().toLowerCase(), charset };
}

// A charset other than UTF-8 is refused, not decoded. Every page we serve is UTF-8, so a browser
// sends its forms in UTF-8 (and labels an urlencoded body with no charset at all: the format is
// UTF-8 by definition, WHATWG URL standard); JSON is UTF-8 by definition too (RFC 8259). A body
// that says otherwise was made by hand, and decoding it as what it claims would store text no form
// of ours produced, or mojibake when the claim is wrong. The sender can resend it in UTF-8.
const isUtf8 = (charset: string | undefined) =>
  charset === undefined || charset === "utf-8" || charset === "utf8";

const unreadable = (reason: Extract<MessageKey, `body.${string}`>) =>
  new AppError("invalid_input", { reason });

/** Parses a state-changing form body once, up front; an unreadable one ends the request with a 400. */
export const readableForms = createMiddleware<AppEnv>(async (c, next) => {
  if (!SAFE.has(c.req.method)) {
    const { type, charset } = contentType(c);
    if (FORM_TYPES.has(type)) {
      if (!isUtf8(charset)) throw unreadable("body.charset");
      try {
        // A multipart body without its boundary, with another one, or cut short fails here.
        await c.req.parseBody();
      } catch (e) {
        if (e instanceof AppError) throw e;
        throw unreadable("body.form");
      }
    }
  }
  await next();
});

/** The JSON body of a request, or an invalid-input error (never the parser's message). */
export async function jsonBody(c: Context<AppEnv>): Promise<unknown> {
  const { type, charset } = contentType(c);
  if (type !== "application/json") throw unreadable("body.json_type");
  if (!isUtf8(charset)) throw unreadable("body.charset");
  try {
    return await c.req.json();
  } catch {
    throw unreadable("body.json");
  }
}

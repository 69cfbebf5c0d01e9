// One error type with a closed list of codes, each mapped to one HTTP status in one place.
// The message a user sees comes from the i18n catalogues (key `error.<code>`), never from here.

export const ERROR_STATUS = {
  invalid_input: 400,
  unauthenticated: 401,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  illegal_transition: 409,
  payload_too_large: 413,
  rate_limited: 429,
  bad_credentials: 401,
  bad_code: 401,
  credential_expired: 401,
  credential_revoked: 401,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Field path → i18n message key, for field-level errors on forms and JSON input. */
export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldErrors | undefined;
  /** Extra i18n key that explains the error more precisely (e.g. which exit condition failed). */
  readonly reason: string | undefined;

  constructor(code: ErrorCode, options: { fields?: FieldErrors; reason?: string } = {}) {
    super(code);
    this.name = "AppError";
    this.code = code;
    this.fields = options.fields;
    this.reason = options.reason;
  }

  get status(): (typeof ERROR_STATUS)[ErrorCode] {
    return ERROR_STATUS[this.code];
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/**
 * Typed errors. Every failure a user can cause carries a stable `code` and
 * structured `details`; the API maps codes to HTTP status in one place and the
 * CLI prints the message. Nothing here knows about transport.
 */
export type ErrorCode =
  | "CONFIG_INVALID"
  | "PII_KEY_MISSING"
  | "INPUT_UNREADABLE"
  | "INPUT_INVALID"
  | "NOT_FOUND"
  | "CONFLICT"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED"
  | "UNAVAILABLE"
  | "INTERNAL";

export class NudgeError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "NudgeError";
    this.code = code;
    this.details = details;
  }
}

/** True when `error` is a NudgeError, optionally of one code. */
export function isNudgeError(error: unknown, code?: ErrorCode): error is NudgeError {
  return error instanceof NudgeError && (code === undefined || error.code === code);
}

/** A short human message for any thrown value. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

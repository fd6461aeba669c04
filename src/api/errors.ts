/**
 * The one place where failures become HTTP: NudgeError codes map to status
 * codes, validation and body errors to 4xx, and every error body is JSON
 * `{error: {code, message, details?}}`. Unexpected errors are logged with the
 * request id and answered 500 without internals.
 */
import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { type ErrorCode, isNudgeError } from "../core/index.js";

const STATUS: Record<ErrorCode, number> = {
  CONFIG_INVALID: 500,
  PII_KEY_MISSING: 422,
  INPUT_UNREADABLE: 400,
  INPUT_INVALID: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED: 415,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** The JSON body of every error answer. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isNudgeError(error)) {
      const status = STATUS[error.code];
      if (status >= 500) request.log.error({ err: error }, "request failed");
      return reply
        .status(status)
        .send({ error: { code: error.code, message: error.message, details: error.details } });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((v) => ({ path: v.instancePath || "/", message: v.message }));
      const first = details[0];
      return reply.status(400).send({
        error: {
          code: "INPUT_INVALID",
          message: `request ${error.validationContext ?? "body"}${first ? ` ${first.path}: ${first.message}` : " is invalid"}`,
          details,
        },
      });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code =
        error.code === "FST_ERR_CTP_BODY_TOO_LARGE"
          ? "PAYLOAD_TOO_LARGE"
          : error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE"
            ? "UNSUPPORTED"
            : "INPUT_INVALID";
      return reply.status(status).send({ error: { code, message: error.message } });
    }
    request.log.error({ err: error }, "request failed");
    return reply
      .status(500)
      .send({ error: { code: "INTERNAL", message: "internal error; see the server log" } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send({ error: { code: "NOT_FOUND", message: `no route ${request.method} ${request.url}` } }),
  );
}

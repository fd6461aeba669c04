/**
 * HTTP plumbing the webhook, SMS and WeCom channels share: one request with a deadline, failures before
 * an answer turned into retryable ChannelErrors, and the status rules (which answers are worth another
 * attempt, and how long the receiver asked us to wait).
 */
import { ChannelError } from "../channel.js";

/** How long one HTTP request may take unless a channel is configured otherwise. */
export const DEFAULT_HTTP_TIMEOUT_MS = 5000;
/** How much of an error answer's body goes into the error message. */
const ERROR_BODY_CHARS = 200;
/** Statuses that say "not now" rather than "never": timeout, too early, too many requests. */
const RETRYABLE_CLIENT_STATUSES = new Set([408, 425, 429]);

/** A complete HTTP answer, body read. */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** True for 2xx. */
export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/** True when trying the same request later can get a different answer. */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_CLIENT_STATUSES.has(status) || status >= 500;
}

/** A `Retry-After` header (delay in seconds, or an HTTP date) as milliseconds from `nowMs`. */
export function retryAfterMs(header: string | null, nowMs: number = Date.now()): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** The ChannelError for a non-2xx answer: status, the start of the body, retryable by status. */
export function statusError(what: string, answer: HttpAnswer): ChannelError {
  const retryable = isRetryableStatus(answer.status);
  const body = answer.text.slice(0, ERROR_BODY_CHARS);
  return new ChannelError(`${what} answered HTTP ${answer.status}${body ? `: ${body}` : ""}`, {
    retryable,
    retryAfterMs: retryable ? retryAfterMs(answer.headers.get("retry-after")) : undefined,
  });
}

/** Why a request ended without an answer, in words; never the URL, which may carry credentials. */
function failureReason(error: unknown, timeout: AbortSignal, timeoutMs: number, caller: AbortSignal): string {
  if (timeout.aborted) return `no answer within ${timeoutMs} ms`;
  if (caller.aborted) return "cancelled";
  // fetch wraps socket errors as TypeError("fetch failed") with the useful part in `cause`.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown } | null)?.code;
  const message = cause instanceof Error ? cause.message : String(cause);
  return typeof code === "string" && !message.includes(code) ? `${code} ${message}` : message;
}

/**
 * Makes one request and reads the whole answer within `timeoutMs` (and the caller's signal). Any
 * failure before the answer is complete — refused connection, reset, timeout, cancellation — is a
 * retryable ChannelError: the receiver may not have seen the request, and receivers deduplicate.
 * Redirects are not followed: a redirected POST would carry signatures and tokens to another host.
 */
export async function exchange(
  what: string,
  url: string,
  init: RequestInit,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<HttpAnswer> {
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, {
      ...init,
      redirect: "manual",
      signal: AbortSignal.any([signal, timeout]),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    throw new ChannelError(`${what}: ${failureReason(error, timeout, timeoutMs, signal)}`, {
      retryable: true,
      cause: error,
    });
  }
}

/** Sends `body` as JSON with one request; see `exchange`. */
export function postJson(
  what: string,
  url: string,
  body: unknown,
  headers: Record<string, string>,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<HttpAnswer> {
  const init = { method: "POST", headers: { "Content-Type": "application/json", ...headers } };
  return exchange(what, url, { ...init, body: JSON.stringify(body) }, signal, timeoutMs);
}

/** Parses an answer's body as JSON, or undefined when it is not JSON. */
export function jsonOf(answer: HttpAnswer): unknown {
  try {
    return JSON.parse(answer.text);
  } catch {
    return undefined;
  }
}

/**
 * A bank's own recognition server over HTTP: the utterance is POSTed as a 16 kHz mono 16-bit WAV
 * (`Content-Type: audio/wav`), with `Authorization: Bearer <token>` when a token is configured and a
 * `lang` query parameter when the language is known. The server answers 2xx with JSON
 * `{ "text": string, "lang"?: string, "confidence"?: number }`. Anything else — refused connection,
 * timeout, non-2xx status, a body that is not that JSON — is UNAVAILABLE with a `reason`.
 */
import { errorMessage, NudgeError } from "../../../core/index.js";
import { type Audio, encodeWav } from "../audio/index.js";
import type { Recognition, RecognitionHint, SpeechRecognizer } from "./port.js";

/** A request, body included, that takes longer is abandoned. */
export const HTTP_RECOGNIZER_TIMEOUT_MS = 15_000;
/** Characters of an error response quoted in the error. */
const BODY_EXCERPT_CHARS = 200;

/** Where the server is and how to reach it. */
export interface HttpRecognizerOptions {
  /** http(s) URL of the recognition endpoint. */
  url: string;
  /** Bearer token; never logged nor put in errors. */
  token?: string;
  timeoutMs?: number;
}

function unavailable(
  reason: string,
  message: string,
  details: Record<string, unknown> = {},
  cause?: unknown,
) {
  return new NudgeError(
    "UNAVAILABLE",
    `recognition server: ${message}`,
    { engine: "http", reason, ...details },
    { cause },
  );
}

/** The answer's fields, or null when it is not `{ text: string, … }`. */
function answerOf(body: unknown): { text: string; lang?: string; confidence?: number } | null {
  if (typeof body !== "object" || body === null || typeof (body as { text?: unknown }).text !== "string")
    return null;
  const { text, lang, confidence } = body as { text: string; lang?: unknown; confidence?: unknown };
  return {
    text,
    ...(typeof lang === "string" ? { lang } : {}),
    ...(typeof confidence === "number" && confidence >= 0 && confidence <= 1 ? { confidence } : {}),
  };
}

/** Recognition by POSTing WAV bytes to a configured server. */
export class HttpRecognizer implements SpeechRecognizer {
  readonly name = "http";
  private readonly url: URL;
  /** Origin and path only: query strings can carry keys. */
  private readonly where: string;

  constructor(private readonly options: HttpRecognizerOptions) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new NudgeError("INPUT_INVALID", "recognition server url is not a URL", { field: "url" });
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      throw new NudgeError("INPUT_INVALID", `recognition server url must be http(s), not ${url.protocol}`, {
        field: "url",
      });
    this.url = url;
    this.where = `${url.origin}${url.pathname}`;
  }

  async recognize(audio: Audio, hint: RecognitionHint = {}): Promise<Recognition> {
    const started = performance.now();
    const url = new URL(this.url);
    if (hint.lang) url.searchParams.set("lang", hint.lang);
    const timeoutMs = this.options.timeoutMs ?? HTTP_RECOGNIZER_TIMEOUT_MS;
    const headers: Record<string, string> = { "content-type": "audio/wav", accept: "application/json" };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    let status: number;
    let body: string;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers,
        body: encodeWav(audio),
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      body = await response.text();
    } catch (error) {
      if (error instanceof Error && error.name === "TimeoutError")
        throw unavailable(
          "timeout",
          `${this.where} gave no answer within ${timeoutMs} ms`,
          { url: this.where },
          error,
        );
      const cause = error instanceof Error && error.cause ? errorMessage(error.cause) : errorMessage(error);
      throw unavailable("unreachable", `${this.where} unreachable: ${cause}`, { url: this.where }, error);
    }
    if (status < 200 || status > 299)
      throw unavailable("status", `${this.where} answered ${status}: ${body.slice(0, BODY_EXCERPT_CHARS)}`, {
        url: this.where,
        status,
      });
    let answer: ReturnType<typeof answerOf> = null;
    try {
      answer = answerOf(JSON.parse(body));
    } catch {
      // not JSON: reported below like JSON of the wrong shape
    }
    if (!answer)
      throw unavailable(
        "bad-response",
        `${this.where} did not answer JSON with a text field: ${body.slice(0, BODY_EXCERPT_CHARS)}`,
        {
          url: this.where,
        },
      );
    const lang = answer.lang ?? hint.lang;
    return {
      text: answer.text.trim(),
      ...(lang === undefined ? {} : { lang }),
      ...(answer.confidence === undefined ? {} : { confidence: answer.confidence }),
      engine: this.name,
      elapsedMs: performance.now() - started,
    };
  }
}

/**
 * SMS channel for a template-SMS gateway (the shape Chinese carriers' aggregators share): the provider
 * holds approved templates, Nudge sends the template id and its parameters, never free text.
 *
 * Nudge never stores phone numbers in clear, so `to` is the customer id: the bank's SMS gateway (which
 * owns the number directory) resolves it to a number. `out_id` is the idempotency key, the same for
 * every attempt of one delivery, so the gateway can drop a repeat.
 *
 * API: `POST <url>` with `Authorization: Bearer <token>` and
 * `{to, template_id, sign_name?, params, out_id}`; the answer is `{code: "OK", message_id}` on success,
 * `{code: "THROTTLED"}` when sending too fast, or another code with a `message`.
 */
import { z } from "zod";
import { type Channel, ChannelError, type OutboundMessage, type SendResult } from "../channel.js";
import {
  DEFAULT_HTTP_TIMEOUT_MS,
  type HttpAnswer,
  isSuccess,
  jsonOf,
  postJson,
  retryAfterMs,
  statusError,
} from "./http.js";

export interface SmsChannelOptions {
  url: string;
  /** Bearer token of the gateway. */
  token: string;
  /** The provider's id of the approved template. */
  templateId: string;
  /** The approved sender signature (签名), when the provider asks for one. */
  signName?: string;
  timeoutMs?: number;
  name?: string;
}

/** The gateway's JSON answer; other fields are ignored. */
const SmsAnswerSchema = z.object({
  code: z.string(),
  message_id: z.string().optional(),
  message: z.string().optional(),
});

const SUCCESS_CODE = "OK";
/** The only refusal that means "later": every other code is a problem with the request itself. */
const THROTTLED_CODE = "THROTTLED";

function resultOf(name: string, answer: HttpAnswer): SendResult {
  const parsed = SmsAnswerSchema.safeParse(jsonOf(answer));
  if (!parsed.success) {
    // A proxy's error page or a truncated answer: the gateway may not have seen it, and out_id makes
    // a repeat harmless.
    throw new ChannelError(`${name}: unreadable gateway answer: ${answer.text.slice(0, 200)}`, {
      retryable: true,
    });
  }
  const { code, message_id: messageId, message } = parsed.data;
  if (code === SUCCESS_CODE) return messageId === undefined ? {} : { providerId: messageId };
  const retryable = code === THROTTLED_CODE;
  throw new ChannelError(`${name} gateway refused (${code})${message ? `: ${message}` : ""}`, {
    retryable,
    retryAfterMs: retryable ? retryAfterMs(answer.headers.get("retry-after")) : undefined,
  });
}

/** A channel that sends one template SMS per message to the customer id; see the file comment. */
export function smsChannel(options: SmsChannelOptions): Channel {
  const name = options.name ?? "sms";
  const timeoutMs = options.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
  const headers = { Authorization: `Bearer ${options.token}` };

  return {
    name,
    async send(message: OutboundMessage, signal: AbortSignal): Promise<SendResult> {
      const request = {
        to: message.recipient.customerId,
        template_id: options.templateId,
        sign_name: options.signName,
        params: message.params,
        out_id: message.idempotencyKey,
      };
      const answer = await postJson(name, options.url, request, headers, signal, timeoutMs);
      if (!isSuccess(answer.status)) throw statusError(name, answer);
      return resultOf(name, answer);
    },
  };
}

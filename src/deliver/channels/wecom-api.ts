/**
 * The parts of the WeCom (企业微信) server API the channel uses: every answer is HTTP 200 with
 * `{errcode, errmsg, ...}`, and the errcode says whether trying again can help.
 * See https://developer.work.weixin.qq.com/document/path/90313 for the codes.
 */
import { z } from "zod";
import { ChannelError } from "../channel.js";
import { type HttpAnswer, isSuccess, jsonOf, statusError } from "./http.js";

/** WeCom's public API host. */
export const WECOM_BASE_URL = "https://qyapi.weixin.qq.com";

/** The access token was invalid (40014), expired (42001) or missing (41001): fetch another. */
export const TOKEN_ERRCODES: ReadonlySet<number> = new Set([40014, 42001, 41001]);
/** System busy (-1) and API rate limit (45009): the same request can succeed later. */
const RETRYABLE_ERRCODES: ReadonlySet<number> = new Set([-1, 45009]);

const WecomAnswerSchema = z.looseObject({ errcode: z.number(), errmsg: z.string().optional() });
export type WecomAnswer = z.infer<typeof WecomAnswerSchema>;

/** An answer's JSON; a non-200 status or a body that is not WeCom's JSON becomes a ChannelError. */
export function readWecomAnswer(name: string, answer: HttpAnswer): WecomAnswer {
  if (!isSuccess(answer.status)) throw statusError(name, answer);
  const parsed = WecomAnswerSchema.safeParse(jsonOf(answer));
  if (!parsed.success) {
    throw new ChannelError(`${name}: unreadable WeCom answer: ${answer.text.slice(0, 200)}`, {
      retryable: true,
    });
  }
  return parsed.data;
}

/**
 * The ChannelError for a non-zero errcode. A token errcode that reaches here came back even with a
 * fresh token; it is retryable because the next attempt fetches yet another.
 */
export function wecomRefusal(name: string, answer: WecomAnswer): ChannelError {
  const retryable = RETRYABLE_ERRCODES.has(answer.errcode) || TOKEN_ERRCODES.has(answer.errcode);
  return new ChannelError(`${name}: WeCom refused (errcode ${answer.errcode}): ${answer.errmsg ?? ""}`, {
    retryable,
  });
}

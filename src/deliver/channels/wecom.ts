/**
 * WeCom (企业微信) channel: an application message from the bank's WeCom app to one member, usually a
 * relationship manager or a customer linked to the corp. The recipient is the customer's `chatUser`
 * (the `wecom_user` attribute), else the customer id as the WeCom user id.
 *
 * API: `GET {base}/cgi-bin/gettoken?corpid=&corpsecret=` → `{errcode: 0, access_token, expires_in}`
 * (cached, see wecom-token.ts), then `POST {base}/cgi-bin/message/send?access_token=T` with
 * `{touser, msgtype, agentid, text | textcard, enable_duplicate_check, duplicate_check_interval}` →
 * `{errcode: 0, msgid}`. A rejected token is replaced and the message sent again once, within the same
 * attempt. WeCom's duplicate check drops the same content to the same user within the interval, which
 * covers a retry after an answer that was lost.
 */
import { assertTemplateFields, type Clock, renderTemplate, systemClock } from "../../core/index.js";
import type { Channel, OutboundMessage, SendResult } from "../channel.js";
import { DEFAULT_HTTP_TIMEOUT_MS, postJson } from "./http.js";
import {
  readWecomAnswer,
  TOKEN_ERRCODES,
  WECOM_BASE_URL,
  type WecomAnswer,
  wecomRefusal,
} from "./wecom-api.js";
import { wecomTokens } from "./wecom-token.js";

/** Seconds within which WeCom drops a repeat of the same message to the same user (its maximum is 4 h). */
export const DUPLICATE_CHECK_SECONDS = 1800;
/** Fields a card link may use. */
const CARD_URL_FIELDS = ["offerId", "deliveryId", "customerId"];

export interface WecomChannelOptions {
  corpId: string;
  corpSecret: string;
  /** The id of the WeCom app that sends. */
  agentId: number;
  baseUrl?: string;
  /** For each request (token and send), not the whole attempt. */
  timeoutMs?: number;
  name?: string;
  /**
   * Sends a text card linking here instead of plain text; may use `{{offerId}}`, `{{deliveryId}}`,
   * `{{customerId}}` (URL-encoded).
   */
  cardUrl?: string;
  /** The card's button text; WeCom shows 详情 when absent. */
  cardButton?: string;
  /** For the token's expiry. */
  clock?: Clock;
}

function contentOf(message: OutboundMessage, options: WecomChannelOptions): Record<string, unknown> {
  if (options.cardUrl === undefined) {
    return { msgtype: "text", text: { content: `${message.title}\n${message.body}` } };
  }
  const link = renderTemplate(options.cardUrl, {
    offerId: encodeURIComponent(message.offerId ?? ""),
    deliveryId: encodeURIComponent(message.deliveryId),
    customerId: encodeURIComponent(message.recipient.customerId),
  });
  const textcard = { title: message.title, description: message.body, url: link, btntxt: options.cardButton };
  return { msgtype: "textcard", textcard };
}

/** A channel that sends WeCom application messages; see the file comment. */
export function wecomChannel(options: WecomChannelOptions): Channel {
  const name = options.name ?? "wecom";
  const baseUrl = (options.baseUrl ?? WECOM_BASE_URL).replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
  if (options.cardUrl !== undefined)
    assertTemplateFields(options.cardUrl, CARD_URL_FIELDS, `${name} cardUrl`);
  const tokens = wecomTokens({
    name,
    baseUrl,
    corpId: options.corpId,
    corpSecret: options.corpSecret,
    timeoutMs,
    clock: options.clock ?? systemClock,
  });

  async function post(request: unknown, token: string, signal: AbortSignal): Promise<WecomAnswer> {
    const url = `${baseUrl}/cgi-bin/message/send?access_token=${encodeURIComponent(token)}`;
    return readWecomAnswer(name, await postJson(name, url, request, {}, signal, timeoutMs));
  }

  return {
    name,
    async send(message: OutboundMessage, signal: AbortSignal): Promise<SendResult> {
      const request = {
        touser: message.recipient.chatUser ?? message.recipient.customerId,
        agentid: options.agentId,
        ...contentOf(message, options),
        enable_duplicate_check: 1,
        duplicate_check_interval: DUPLICATE_CHECK_SECONDS,
      };
      const token = await tokens.get(signal);
      let answer = await post(request, token, signal);
      if (TOKEN_ERRCODES.has(answer.errcode)) {
        tokens.invalidate(token);
        answer = await post(request, await tokens.get(signal), signal);
      }
      if (answer.errcode !== 0) throw wecomRefusal(name, answer);
      return typeof answer.msgid === "string" ? { providerId: answer.msgid } : {};
    },
  };
}

/** Outbound channels: webhook, e-mail over SMTP, template SMS and WeCom, and the file that configures them. */

/** `renderTemplate` fills `{{field}}` placeholders and throws on unknown ones; `templateFields` lists them. */
export { assertTemplateFields, renderTemplate, templateFields } from "../../core/index.js";
/** `ChannelsConfigSchema`, `loadChannelsConfig` (YAML/JSON, `env:` secrets), `buildChannels`. */
export {
  buildChannels,
  type ChannelsConfig,
  ChannelsConfigSchema,
  loadChannelsConfig,
  parseChannelsConfig,
} from "./config.js";
/** `smsChannel`: a template SMS per message through the bank's gateway, addressed by customer id. */
export { type SmsChannelOptions, smsChannel } from "./sms.js";
/** `smtpChannel`: a plain-text e-mail per message; `messageIdOf` is its stable Message-ID. */
export { messageIdOf, type SmtpChannelOptions, smtpChannel } from "./smtp.js";
/** `webhookChannel` POSTs signed JSON; receivers check it with `verifyWebhookSignature`. */
export {
  DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
  signWebhook,
  verifyWebhookSignature,
  type WebhookChannelOptions,
  type WebhookPayload,
  webhookChannel,
} from "./webhook.js";
/** `wecomChannel`: a WeCom application message per message, with a cached access token. */
export { type WecomChannelOptions, wecomChannel } from "./wecom.js";

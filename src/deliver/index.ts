/**
 * Delivery: the outbox dispatcher (leases, retries with backoff and jitter, dead letters), channels
 * behind one interface (inbox with its stream, agent screen, webhook, e-mail, SMS, enterprise chat).
 */
export { AgentHub, type AgentSocket, agentChannel } from "./agents.js";
export { type BackoffPolicy, DEFAULT_BACKOFF, retryDelay } from "./backoff.js";
export {
  type Channel,
  ChannelError,
  type OutboundMessage,
  type Recipient,
  type SendResult,
} from "./channel.js";
export * from "./channels/index.js";
export { Dispatcher, type DispatcherOptions, type RoundReport } from "./dispatcher.js";
export { followInbox, InboxHub, inboxChannel } from "./inbox.js";
export { type Delivery, type DeliveryOptions, startDelivery } from "./service.js";

/**
 * E-mail channel over SMTP (nodemailer, pooled connections by default). Subject is the message title,
 * the plain-text body its body. The Message-ID is derived from the idempotency key, so every attempt
 * of one delivery carries the same id and mail systems that deduplicate on it show one message.
 *
 * SMTP answers decide retries: 4xx (and 503, a session out of step) are "try later", 5xx are final;
 * a connection that fails or drops is retryable.
 */
import { createTransport, type NodemailerError, type SMTPTransportOptions } from "nodemailer";
import { assertTemplateFields, renderTemplate } from "../../core/index.js";
import { type Channel, ChannelError, type OutboundMessage, type SendResult } from "../channel.js";

/** How long one e-mail may take, connection included, unless configured otherwise. */
export const DEFAULT_SMTP_TIMEOUT_MS = 30_000;
/** Nodemailer codes of failures that ended the connection rather than refused the message. */
const CONNECTION_FAILURES = new Set([
  "ECONNECTION",
  "ETIMEDOUT",
  "ESOCKET",
  "EDNS",
  "ETLS",
  "EPROXY",
  "EABORT",
]);
/** Characters a Message-ID's left part may hold (RFC 5322 dot-atom text). */
const MESSAGE_ID_UNSAFE = /[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]/g;

export interface SmtpChannelOptions {
  /** `smtp://user:pass@host:587` or `smtps://…`; or give host/port/secure/auth. */
  url?: string;
  host?: string;
  port?: number;
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure?: boolean;
  auth?: { user: string; pass: string };
  /** The From address, e.g. `"Bank" <offers@bank.example>`. */
  from: string;
  /** For customers without an `email` attribute, e.g. `{{customerId}}@mail.bank.example`. */
  addressTemplate?: string;
  /** Keep connections open between messages (default true). */
  pool?: boolean;
  timeoutMs?: number;
  name?: string;
  /** Passed to nodemailer as they are (TLS settings, pool size, ignoreTLS for tests). */
  transport?: SMTPTransportOptions;
}

/** The Message-ID every attempt of one delivery carries. */
export function messageIdOf(idempotencyKey: string): string {
  return `<${idempotencyKey.replace(MESSAGE_ID_UNSAFE, "_")}@nudge>`;
}

function addressOf(message: OutboundMessage, options: SmtpChannelOptions, name: string): string {
  const { email, customerId } = message.recipient;
  if (email) return email;
  if (options.addressTemplate !== undefined) return renderTemplate(options.addressTemplate, { customerId });
  throw new ChannelError(`${name}: customer ${customerId} has no e-mail address`, { retryable: false });
}

function channelErrorOf(name: string, error: unknown): ChannelError {
  const failure = error as NodemailerError;
  const text = failure.response ?? failure.message;
  if (typeof failure.responseCode === "number") {
    // nodemailer marks 5xx but 503 permanent; fall back to the reply class when it does not say.
    const permanent = failure.permanent ?? failure.responseCode >= 500;
    return new ChannelError(`${name}: SMTP ${failure.responseCode}: ${text}`, {
      retryable: !permanent,
      cause: error,
    });
  }
  const retryable = typeof failure.code === "string" && CONNECTION_FAILURES.has(failure.code);
  return new ChannelError(`${name}: ${failure.code ?? "error"}: ${text}`, { retryable, cause: error });
}

/** A channel that sends one plain-text e-mail per message; see the file comment. */
export function smtpChannel(options: SmtpChannelOptions): Channel {
  const name = options.name ?? "email";
  const timeoutMs = options.timeoutMs ?? DEFAULT_SMTP_TIMEOUT_MS;
  if (options.url === undefined && options.host === undefined) throw new Error(`${name}: give url or host`);
  if (options.addressTemplate !== undefined) {
    assertTemplateFields(options.addressTemplate, ["customerId"], `${name} addressTemplate`);
  }
  // Only the keys given: an undefined host next to a url would hide the url's host.
  const given = {
    url: options.url,
    host: options.host,
    port: options.port,
    secure: options.secure,
    auth: options.auth,
  };
  const connection: SMTPTransportOptions = {
    ...Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)),
    ...options.transport,
  };
  const transporter =
    options.pool === false ? createTransport(connection) : createTransport({ ...connection, pool: true });

  return {
    name,
    async send(message: OutboundMessage, signal: AbortSignal): Promise<SendResult> {
      const to = addressOf(message, options, name);
      const timeout = AbortSignal.timeout(timeoutMs);
      try {
        const info = await transporter.sendMail({
          from: options.from,
          to,
          subject: message.title,
          text: message.body,
          messageId: messageIdOf(message.idempotencyKey),
          headers: { "X-Nudge-Delivery": message.deliveryId },
          signal: AbortSignal.any([signal, timeout]),
        });
        return { providerId: info.serverMessageId ?? info.messageId };
      } catch (error) {
        if (timeout.aborted) {
          throw new ChannelError(`${name}: not sent within ${timeoutMs} ms`, {
            retryable: true,
            cause: error,
          });
        }
        throw channelErrorOf(name, error);
      }
    },
    async close() {
      transporter.close();
    },
  };
}

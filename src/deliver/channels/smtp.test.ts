import type { AddressInfo } from "node:net";
import { createServer, type Server, type Socket } from "node:net";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";
import { afterEach, describe, expect, it } from "vitest";
import { type Channel, ChannelError } from "../channel.js";
import { messageIdOf, type SmtpChannelOptions, smtpChannel } from "./smtp.js";
import { closedPort, failureOf, sampleMessage } from "./test-support.js";

interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/** Mailboxes the loopback server refuses: a full one (try later) and a gone one (never). */
const REFUSALS: Record<string, [number, string]> = {
  "busy@bank.example": [452, "mailbox full, try later"],
  "gone@bank.example": [550, "no such user"],
};

let channel: Channel | undefined;
let closeServer: (() => Promise<void>) | undefined;
afterEach(async () => {
  await channel?.close?.();
  await closeServer?.();
  channel = undefined;
  closeServer = undefined;
});

/** A real SMTP server on a loopback port that keeps what it accepts. */
async function startSmtp(extra: SMTPServerOptions = {}) {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    closeTimeout: 100,
    onRcptTo(address, _session, callback) {
      const refusal = REFUSALS[address.address];
      if (!refusal) return callback();
      callback(Object.assign(new Error(refusal[1]), { responseCode: refusal[0] }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
    ...extra,
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closeServer = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { port: (server.server.address() as AddressInfo).port, received };
}

function open(port: number, options: Partial<SmtpChannelOptions> = {}): Channel {
  channel = smtpChannel({
    host: "127.0.0.1",
    port,
    from: "Bank <offers@bank.example>",
    transport: { ignoreTLS: true },
    ...options,
  });
  return channel;
}

function header(raw: string, name: string): string | undefined {
  return new RegExp(`^${name}: (.*)$`, "im").exec(raw)?.[1]?.trim();
}

const signal = () => new AbortController().signal;
const toAda = sampleMessage({
  channel: "email",
  recipient: { customerId: "C-001", email: "ada@bank.example" },
});

describe("smtpChannel", () => {
  it("sends the title as subject and the body as text", async () => {
    const { port, received } = await startSmtp();
    const result = await open(port).send(toAda, signal());

    expect(result.providerId).toBe("<idem-1@nudge>");
    expect(received).toHaveLength(1);
    const mail = received[0]!;
    expect(mail.from).toBe("offers@bank.example");
    expect(mail.to).toEqual(["ada@bank.example"]);
    expect(header(mail.raw, "Subject")).toBe("A card for your trip");
    expect(header(mail.raw, "Message-ID")).toBe("<idem-1@nudge>");
    expect(header(mail.raw, "X-Nudge-Delivery")).toBe("dlv-1");
    expect(mail.raw).toContain("No FX fees, Ada.");
  });

  it("gives every attempt of one delivery the same Message-ID", async () => {
    const { port, received } = await startSmtp();
    const email = open(port);
    await email.send({ ...toAda, attempt: 1 }, signal());
    await email.send({ ...toAda, attempt: 2 }, signal());
    await email.send({ ...toAda, idempotencyKey: "idem-2", deliveryId: "dlv-2" }, signal());
    const ids = received.map((m) => header(m.raw, "Message-ID"));
    expect(ids).toEqual(["<idem-1@nudge>", "<idem-1@nudge>", "<idem-2@nudge>"]);
  });

  it("makes any idempotency key a valid Message-ID", () => {
    expect(messageIdOf("a b<c>@d")).toBe("<a_b_c__d@nudge>");
  });

  it("addresses customers without an e-mail through the address template", async () => {
    const { port, received } = await startSmtp();
    const email = open(port, { addressTemplate: "{{customerId}}@customers.bank.example", pool: false });
    await email.send(sampleMessage(), signal());
    expect(received[0]!.to).toEqual(["C-001@customers.bank.example"]);
  });

  it("refuses for good a customer with no address and no template", async () => {
    const { port, received } = await startSmtp();
    const error = (await failureOf(open(port).send(sampleMessage(), signal()))) as ChannelError;
    expect(error).toBeInstanceOf(ChannelError);
    expect(error.retryable).toBe(false);
    expect(error.message).toBe("email: customer C-001 has no e-mail address");
    expect(received).toHaveLength(0);
  });

  it("rejects an address template with another field when built", () => {
    expect(() => smtpChannel({ host: "localhost", from: "a@b.c", addressTemplate: "{{id}}@x.test" })).toThrow(
      /not id/,
    );
  });

  it.each([
    ["busy@bank.example", 452, true],
    ["gone@bank.example", 550, false],
  ])("a %s refusal (%i) → retryable %s", async (address, code, retryable) => {
    const { port } = await startSmtp();
    const message = { ...toAda, recipient: { customerId: "C-9", email: address } };
    const error = (await failureOf(open(port).send(message, signal()))) as ChannelError;
    expect(error).toBeInstanceOf(ChannelError);
    expect(error.retryable).toBe(retryable);
    expect(error.message).toMatch(new RegExp(`SMTP ${code}`));
  });

  it("logs in with the credentials of a URL", async () => {
    const logins: string[] = [];
    const { port, received } = await startSmtp({
      authOptional: false,
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        logins.push(`${auth.username}:${auth.password}`);
        if (auth.password !== "s3cret") return callback(new Error("bad password"));
        callback(null, { user: auth.username });
      },
    });
    channel = smtpChannel({ url: `smtp://nudge:s3cret@127.0.0.1:${port}`, from: "offers@bank.example" });
    await channel.send(toAda, signal());
    expect(logins).toEqual(["nudge:s3cret"]);
    expect(received).toHaveLength(1);
  });

  it("refuses for good on wrong credentials", async () => {
    const { port } = await startSmtp({
      authOptional: false,
      allowInsecureAuth: true,
      onAuth: (_auth, _session, callback) => callback(new Error("bad password")),
    });
    const email = open(port, { auth: { user: "nudge", pass: "wrong" } });
    const error = (await failureOf(email.send(toAda, signal()))) as ChannelError;
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/SMTP 535/);
  });

  it("retries when the server cannot be reached", async () => {
    const port = await closedPort();
    const error = (await failureOf(open(port).send(toAda, signal()))) as ChannelError;
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/ECONNECTION|ESOCKET/);
  });

  it("times out on a server that never greets", async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    closeServer = () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        silent.close(() => resolve());
      });
    const port = (silent.address() as AddressInfo).port;

    const started = Date.now();
    const error = (await failureOf(open(port, { timeoutMs: 200 }).send(toAda, signal()))) as ChannelError;
    expect(Date.now() - started).toBeLessThan(1500);
    expect(error.retryable).toBe(true);
    expect(error.message).toBe("email: not sent within 200 ms");
  });
});

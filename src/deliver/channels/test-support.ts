/**
 * Test support: real HTTP servers on 127.0.0.1 (port 0) that record what the channels send, and a
 * sample message. Channels are tested over loopback sockets, never against mocked fetch.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { OutboundMessage } from "../channel.js";

export interface RecordedRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A handler that leaves the response open answers never (timeout tests). */
export type Handler = (request: RecordedRequest, response: ServerResponse) => void;

/** Starts an HTTP server on a free loopback port; `close` also drops open keep-alive connections. */
export async function startServer(handler: Handler): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const recorded = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(recorded);
      handler(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers with JSON. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { "Content-Type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

/** A free loopback port nobody listens on (connection refused). */
export async function closedPort(): Promise<number> {
  const server = await startServer(() => {});
  await server.close();
  return Number(new URL(server.url).port);
}

/** A message as the dispatcher hands it over. */
export function sampleMessage(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    deliveryId: "dlv-1",
    idempotencyKey: "idem-1",
    decisionId: "dec-1",
    channel: "webhook",
    recipient: { customerId: "C-001" },
    offerId: "travel-card",
    title: "A card for your trip",
    body: "No FX fees, Ada.",
    params: { name: "Ada" },
    attempt: 1,
    ...overrides,
  };
}

/** Runs `send` and returns what it threw (fails the test when it does not throw). */
export async function failureOf(send: Promise<unknown>): Promise<unknown> {
  try {
    await send;
  } catch (error) {
    return error;
  }
  throw new Error("expected the send to fail");
}

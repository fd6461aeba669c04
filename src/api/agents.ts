/**
 * The agent screen's WebSocket: `GET /v1/agents/{agent}/screen` upgrades (API key with the `read`
 * scope as `Authorization: Bearer` or, for browsers that cannot set headers, `?key=`). The screen
 * receives recommendations as JSON messages; it may send `{"type":"ack","deliveryId":…}`, which is
 * ignored for now beyond keeping the connection alive.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { FastifyInstance } from "fastify";
import { WebSocketServer } from "ws";
import type { AgentHub } from "../deliver/index.js";
import type { Store } from "../store/index.js";
import { allows, authenticate } from "./keys.js";

const PATH = /^\/v1\/agents\/([A-Za-z0-9_.:@-]{1,128})\/screen$/;
const BEARER = /^Bearer\s+(\S+)$/i;

export function installAgentScreens(app: FastifyInstance, store: Store, hub: AgentHub): void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const reject = (socket: Duplex, status: number, text: string) => {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };
  const onUpgrade = async (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const match = PATH.exec(url.pathname);
    if (!match) return reject(socket, 404, "Not Found");
    const token = BEARER.exec(request.headers.authorization ?? "")?.[1] ?? url.searchParams.get("key");
    const key = token ? await authenticate(store, token).catch(() => undefined) : undefined;
    if (!key) return reject(socket, 401, "Unauthorized");
    if (!allows(key.scopes, "read")) return reject(socket, 403, "Forbidden");
    wss.handleUpgrade(request, socket, head, (ws) => {
      const leave = hub.connect(match[1] as string, ws);
      ws.on("close", leave);
      ws.on("error", leave);
      ws.send(JSON.stringify({ type: "hello", agent: match[1] }));
    });
  };
  app.server.on("upgrade", (request, socket, head) => {
    void onUpgrade(request, socket, head);
  });
  // Screens are closed before the server waits for its connections to end (preClose), or it never would.
  app.addHook("preClose", async () => {
    for (const client of wss.clients) client.terminate();
  });
  app.addHook("onClose", async () => {
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  });
}

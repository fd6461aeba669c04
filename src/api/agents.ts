/**
 * The agent screen's WebSocket: `GET /v1/agents/{agent}/screen` upgrades (an API key with the `read`
 * scope; see upgrades.ts). The screen receives recommendations as JSON messages; it may send
 * `{"type":"ack","deliveryId":…}`, which is ignored for now beyond keeping the connection alive.
 */
import type { FastifyInstance } from "fastify";
import { WebSocketServer } from "ws";
import type { AgentHub } from "../deliver/index.js";
import type { SocketRoute } from "./upgrades.js";

const MAX_PAYLOAD = 64 * 1024;

/** The agent screens' socket route; its sockets close with the server. */
export function agentScreenRoute(app: FastifyInstance, hub: AgentHub): SocketRoute {
  const wss = socketServer(app, MAX_PAYLOAD);
  return {
    path: /^\/v1\/agents\/([A-Za-z0-9_.:@-]{1,128})\/screen$/,
    scopes: ["read"],
    accept(request, socket, head, match) {
      const agent = match[1] as string;
      wss.handleUpgrade(request, socket, head, (ws) => {
        const leave = hub.connect(agent, ws);
        ws.on("close", leave);
        ws.on("error", leave);
        ws.send(JSON.stringify({ type: "hello", agent }));
      });
    },
  };
}

/** A WebSocket server without a port of its own, whose clients end when the app closes. */
export function socketServer(app: FastifyInstance, maxPayload: number): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload });
  // Sockets are closed before the server waits for its connections to end (preClose), or it never would.
  app.addHook("preClose", async () => {
    for (const client of wss.clients) client.terminate();
  });
  app.addHook("onClose", async () => {
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  });
  return wss;
}

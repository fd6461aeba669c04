/**
 * WebSocket upgrades, routed in one place: each socket route names its path pattern and the scopes its
 * API key may hold (any one will do) (as `Authorization: Bearer` or, for browsers that cannot set headers, `?key=`); an
 * upgrade no route claims is refused with 404, a missing or wrong key with 401, a short scope with 403.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { FastifyInstance } from "fastify";
import type { Store } from "../store/index.js";
import { allows, authenticate, type Scope } from "./keys.js";

const BEARER = /^Bearer\s+(\S+)$/i;

/** One socket route: the upgrade is handed over once the key is checked. */
export interface SocketRoute {
  path: RegExp;
  /** The key needs one of these. */
  scopes: readonly Scope[];
  /** Takes over the socket; `match` is the path pattern's match, `scopes` the key's. */
  accept(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    match: RegExpExecArray,
    scopes: readonly Scope[],
  ): void;
}

export function installUpgrades(app: FastifyInstance, store: Store, routes: readonly SocketRoute[]): void {
  const reject = (socket: Duplex, status: number, text: string) => {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };
  const onUpgrade = async (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    for (const route of routes) {
      const match = route.path.exec(url.pathname);
      if (!match) continue;
      const token = BEARER.exec(request.headers.authorization ?? "")?.[1] ?? url.searchParams.get("key");
      const key = token ? await authenticate(store, token).catch(() => undefined) : undefined;
      if (!key) return reject(socket, 401, "Unauthorized");
      if (!route.scopes.some((scope) => allows(key.scopes, scope))) return reject(socket, 403, "Forbidden");
      return route.accept(request, socket, head, match, key.scopes);
    }
    reject(socket, 404, "Not Found");
  };
  app.server.on("upgrade", (request, socket, head) => {
    void onUpgrade(request, socket, head);
  });
}

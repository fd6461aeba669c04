/**
 * Bearer-key authentication with scopes. A route states the scope it needs in
 * its `config.scope`; a route without one (health) is public.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { isoNow, NudgeError } from "../core/index.js";
import type { Store } from "../store/index.js";
import { allows, authenticate, type Scope } from "./keys.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The scope a caller's key must grant; absent means public. */
    scope?: Scope;
  }
  interface FastifyRequest {
    /** The authenticated key, on protected routes. */
    apiKey?: { id: string; scopes: Scope[] };
  }
}

const BEARER = /^Bearer\s+(\S+)$/i;
/** Writing last_used_at on every request would turn reads into writes; once a minute is enough. */
const TOUCH_INTERVAL_MS = 60_000;

export function installAuth(app: FastifyInstance, store: Store): void {
  const touched = new Map<string, number>();
  app.addHook("onRequest", async (request: FastifyRequest) => {
    const scope = request.routeOptions.config?.scope;
    if (scope === undefined) return;
    const match = BEARER.exec(request.headers.authorization ?? "");
    if (!match) throw new NudgeError("UNAUTHORIZED", "missing API key: send Authorization: Bearer <key>");
    const key = await authenticate(store, match[1] as string);
    if (!key) throw new NudgeError("UNAUTHORIZED", "invalid or revoked API key");
    if (!allows(key.scopes, scope)) {
      throw new NudgeError("FORBIDDEN", `this key lacks the '${scope}' scope`, { scopes: key.scopes });
    }
    request.apiKey = key;
    const last = touched.get(key.id) ?? 0;
    if (Date.now() - last > TOUCH_INTERVAL_MS) {
      touched.set(key.id, Date.now());
      await store.apiKeys.touch(key.id, isoNow());
    }
  });
}

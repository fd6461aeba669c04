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
/**
 * How long a key's answer (valid with its scopes, or not) is reused. Hashing the key and reading its row
 * was a twentieth of a real-time decision's time; at 500 requests/s this reads it twice a second. A key
 * revoked with `nudge keys revoke` stops working on a running server within this time.
 */
export const KEY_CACHE_MS = 1_000;
/** Keys remembered at once; past this the memory starts over (many wrong keys cannot grow it). */
const KEY_CACHE_SIZE = 1_024;

export function installAuth(app: FastifyInstance, store: Store): void {
  const touched = new Map<string, number>();
  const known = new Map<string, { key: Awaited<ReturnType<typeof authenticate>>; at: number }>();
  const lookUp = async (presented: string) => {
    const now = Date.now();
    const hit = known.get(presented);
    if (hit && now - hit.at < KEY_CACHE_MS) return hit.key;
    const key = await authenticate(store, presented);
    if (known.size >= KEY_CACHE_SIZE) known.clear();
    known.set(presented, { key, at: now });
    return key;
  };
  app.addHook("onRequest", async (request: FastifyRequest) => {
    const scope = request.routeOptions.config?.scope;
    if (scope === undefined) return;
    const match = BEARER.exec(request.headers.authorization ?? "");
    if (!match) throw new NudgeError("UNAUTHORIZED", "missing API key: send Authorization: Bearer <key>");
    const key = await lookUp(match[1] as string);
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

/**
 * WeCom access tokens. A token serves every send of one app for `expires_in` seconds (7200) and the
 * gettoken endpoint is rate-limited, so the token is cached until shortly before it expires, and
 * sends that find no token share one in-flight request instead of each asking for one.
 */
import { z } from "zod";
import type { Clock } from "../../core/index.js";
import { ChannelError } from "../channel.js";
import { exchange } from "./http.js";
import { readWecomAnswer, wecomRefusal } from "./wecom-api.js";

/** A token is replaced this long before WeCom says it expires, so a send never carries a dying one. */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60 * 1000;

const TokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.number().positive() });

export interface WecomTokenOptions {
  name: string;
  baseUrl: string;
  corpId: string;
  corpSecret: string;
  timeoutMs: number;
  clock: Clock;
}

/** Hands out the current access token of one WeCom app. */
export interface WecomTokens {
  /** The cached token, or a new one; waits at most until `signal` aborts. */
  get(signal: AbortSignal): Promise<string>;
  /** Forgets `token` after WeCom rejected it, unless another send already replaced it. */
  invalidate(token: string): void;
}

interface CachedToken {
  value: string;
  /** Epoch ms after which the token is not handed out any more. */
  staleAt: number;
}

/** Waits for `promise`, giving up (retryably) when `signal` aborts first. */
function untilAborted<T>(name: string, promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new ChannelError(`${name}: cancelled`, { retryable: true }));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new ChannelError(`${name}: cancelled`, { retryable: true }));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

async function fetchToken(options: WecomTokenOptions): Promise<CachedToken> {
  const query = new URLSearchParams({ corpid: options.corpId, corpsecret: options.corpSecret });
  const url = `${options.baseUrl}/cgi-bin/gettoken?${query}`;
  // Not tied to any one send's signal: other sends may be waiting for this token too.
  const unbound = new AbortController().signal;
  const answer = await exchange(options.name, url, { method: "GET" }, unbound, options.timeoutMs);
  const json = readWecomAnswer(options.name, answer);
  if (json.errcode !== 0) throw wecomRefusal(options.name, json);
  const token = TokenSchema.safeParse(json);
  if (!token.success) {
    throw new ChannelError(`${options.name}: gettoken answered without a token`, { retryable: true });
  }
  const expiresAt = options.clock.now().getTime() + token.data.expires_in * 1000;
  return { value: token.data.access_token, staleAt: expiresAt - TOKEN_REFRESH_MARGIN_MS };
}

/** A token cache for one corp app; see the file comment. */
export function wecomTokens(options: WecomTokenOptions): WecomTokens {
  let cached: CachedToken | undefined;
  let pending: Promise<CachedToken> | undefined;

  function refresh(): Promise<CachedToken> {
    if (pending !== undefined) return pending;
    const request = fetchToken(options).then((token) => {
      cached = token;
      return token;
    });
    pending = request;
    // Cleared either way, so a failure is not cached. Handling the rejection here also keeps a
    // request that every waiting send gave up on from surfacing as an unhandled rejection.
    const clear = () => {
      pending = undefined;
    };
    request.then(clear, clear);
    return request;
  }

  return {
    async get(signal) {
      if (cached !== undefined && options.clock.now().getTime() < cached.staleAt) return cached.value;
      return (await untilAborted(options.name, refresh(), signal)).value;
    },
    invalidate(token) {
      if (cached?.value === token) cached = undefined;
    },
  };
}

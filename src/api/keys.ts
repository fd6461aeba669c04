/**
 * API keys: `nk_<id>_<secret>`, shown once at creation; only a SHA-256 hash
 * is stored. Scopes say what a key may do: `ingest` writes data, `read` reads
 * it, `decide` asks for next best offers (which records candidates), `admin` may do everything.
 */
import { createHash, randomBytes } from "node:crypto";
import { NudgeError, newId } from "../core/index.js";
import type { Store } from "../store/index.js";

export const SCOPES = ["ingest", "read", "decide", "admin"] as const;
export type Scope = (typeof SCOPES)[number];

const SECRET_BYTES = 24;

/** The stored form of a key. */
export function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** Parses and checks scope names. */
export function parseScopes(names: readonly string[]): Scope[] {
  const scopes = [
    ...new Set(
      names
        .flatMap((n) => n.split(","))
        .map((n) => n.trim())
        .filter(Boolean),
    ),
  ];
  const unknown = scopes.filter((s) => !SCOPES.includes(s as Scope));
  if (scopes.length === 0 || unknown.length > 0) {
    throw new NudgeError(
      "INPUT_INVALID",
      `${unknown.length > 0 ? `unknown scope ${unknown.join(", ")}` : "no scope given"}: use ${SCOPES.join(", ")}`,
    );
  }
  return scopes as Scope[];
}

/** Creates a key; the returned `key` is the only time the secret exists outside the caller. */
export async function createApiKey(
  store: Store,
  scopes: readonly Scope[],
  label: string | null,
  at: string,
): Promise<{ id: string; key: string; scopes: Scope[] }> {
  const id = newId("key");
  const key = `nk_${id.slice(4)}_${randomBytes(SECRET_BYTES).toString("base64url")}`;
  await store.apiKeys.insert({
    id,
    key_hash: hashKey(key),
    scopes: JSON.stringify(scopes),
    label,
    created_at: at,
    revoked_at: null,
    last_used_at: null,
  });
  await store.audit.record({
    id: newId("aud"),
    at,
    actor: "cli",
    action: "keys.create",
    target: id,
    details: JSON.stringify({ scopes, label }),
  });
  return { id, key, scopes: [...scopes] };
}

/** The key's id and scopes when the presented key is valid and not revoked. */
export async function authenticate(
  store: Store,
  presented: string,
): Promise<{ id: string; scopes: Scope[] } | null> {
  const row = await store.apiKeys.findActive(hashKey(presented));
  if (!row) return null;
  return { id: row.id, scopes: JSON.parse(row.scopes) as Scope[] };
}

/** Whether granted scopes allow a required one (admin allows all). */
export function allows(granted: readonly Scope[], required: Scope): boolean {
  return granted.includes("admin") || granted.includes(required);
}

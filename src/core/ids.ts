/** Identifiers: random ones for runs and keys, content hashes for idempotent rows. */
import { createHash, randomBytes } from "node:crypto";

/** Random bytes of one id (80 bits: unique, not a secret; API key secrets draw their own). */
const ID_BYTES = 10;
/** Bytes drawn from the system's generator at once: one call per 400 ids rather than one per id. */
const POOL_BYTES = ID_BYTES * 400;
let pool = Buffer.alloc(0);
let used = 0;

/** A random, URL-safe identifier with a readable prefix, e.g. `run_3f9a…`. */
export function newId(prefix: string): string {
  if (used + ID_BYTES > pool.length) {
    pool = randomBytes(POOL_BYTES);
    used = 0;
  }
  used += ID_BYTES;
  return `${prefix}_${pool.toString("hex", used - ID_BYTES, used)}`;
}

/** A stable identifier derived from content: the same parts give the same id. */
export function contentId(prefix: string, parts: readonly unknown[]): string {
  const hash = createHash("sha256");
  for (const part of parts) {
    hash.update(part === null || part === undefined ? "\u0000" : String(part));
    hash.update("\u001f");
  }
  return `${prefix}_${hash.digest("hex").slice(0, 24)}`;
}

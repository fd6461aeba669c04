/** Identifiers: random ones for runs and keys, content hashes for idempotent rows. */
import { createHash, randomBytes } from "node:crypto";

/** A random, URL-safe identifier with a readable prefix, e.g. `run_3f9a…`. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(10).toString("hex")}`;
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

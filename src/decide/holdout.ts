/**
 * Holdouts: customers kept out of pushes so uplift can be measured against them. Membership is a
 * keyed hash of the customer id, not a stored draw, so every process agrees without coordination
 * and a customer stays in (or out) across runs. The salt separates groups: the global holdout uses
 * "global", a campaign's control group its campaign id, and the two are independent draws.
 */
import { createHmac } from "node:crypto";
import { NudgeError } from "../core/index.js";

/** Salt of the standing holdout that no campaign reaches. */
export const GLOBAL_HOLDOUT_SALT = "global";

/** 48 bits of the digest: exact in a double and fine-grained far beyond any share we configure. */
const BUCKET_BYTES = 6;
const BUCKET_RANGE = 2 ** (8 * BUCKET_BYTES);

/** The customer's place in [0, 1) for `salt`: HMAC-SHA256(key, salt:customerId), first 48 bits. */
export function holdoutBucket(key: string | Buffer, customerId: string, salt = GLOBAL_HOLDOUT_SALT): number {
  if (key.length === 0) throw new NudgeError("CONFIG_INVALID", "holdout key is empty");
  const digest = createHmac("sha256", key).update(`${salt}:${customerId}`).digest();
  return digest.readUIntBE(0, BUCKET_BYTES) / BUCKET_RANGE;
}

/** True when the customer falls in the `share` (0 … 1) of customers held out under `salt`. */
export function inHoldout(
  key: string | Buffer,
  customerId: string,
  share: number,
  salt = GLOBAL_HOLDOUT_SALT,
): boolean {
  if (!(share >= 0 && share <= 1))
    throw new NudgeError("INPUT_INVALID", `holdout share ${share} is not in [0, 1]`);
  return share > 0 && holdoutBucket(key, customerId, salt) < share;
}

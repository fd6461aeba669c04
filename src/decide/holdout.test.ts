import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { holdoutBucket, inHoldout } from "./holdout.js";

const KEY = "holdout-test-key-0123456789";
const ids = Array.from({ length: 100_000 }, (_, i) => `cust-${i}`);
const bucketsBySalt = new Map<string, number[]>();

/** Every test customer's bucket under `salt`, computed once: 100k HMACs take a few hundred ms. */
function buckets(salt: string): number[] {
  let found = bucketsBySalt.get(salt);
  if (!found) {
    found = ids.map((id) => holdoutBucket(KEY, id, salt));
    bucketsBySalt.set(salt, found);
  }
  return found;
}

describe("holdoutBucket", () => {
  it("is HMAC-SHA256(key, salt:customerId), first 48 bits over 2^48", () => {
    const digest = createHmac("sha256", KEY).update("global:cust-42").digest();
    expect(holdoutBucket(KEY, "cust-42")).toBe(digest.readUIntBE(0, 6) / 2 ** 48);
    expect(holdoutBucket(Buffer.from(KEY), "cust-42", "global")).toBe(holdoutBucket(KEY, "cust-42"));
  });

  it("gives the same values in every run and process", () => {
    // Pinned: a change here reshuffles every holdout and control group already measured.
    expect(holdoutBucket(KEY, "cust-1")).toBe(0.22947748637606225);
    expect(holdoutBucket(KEY, "cust-1", "campaign-7")).toBe(0.3577175305505804);
    expect(holdoutBucket("another key", "cust-1")).toBe(0.8275340908498947);
  });

  it("stays in [0, 1)", () => {
    for (const id of ids.slice(0, 1000)) {
      const bucket = holdoutBucket(KEY, id);
      expect(bucket).toBeGreaterThanOrEqual(0);
      expect(bucket).toBeLessThan(1);
    }
  });

  it("refuses an empty key", () => {
    expect(() => holdoutBucket("", "cust-1")).toThrow(/holdout key is empty/);
  });
});

describe("inHoldout", () => {
  it("holds out 5% of 100k customers within half a percentage point", () => {
    const held = buckets("global").filter((bucket) => bucket < 0.05).length;
    expect(Math.abs(held / ids.length - 0.05)).toBeLessThan(0.005);
    const sample = ids.slice(0, 2000);
    expect(sample.filter((id) => inHoldout(KEY, id, 0.05))).toEqual(
      sample.filter((_, i) => buckets("global")[i]! < 0.05),
    );
  });

  it("draws independently for different salts", () => {
    const global = buckets("global");
    const campaign = buckets("campaign-7");
    // Both in a 5% group: 0.25% of customers if independent (250 ± 16 of 100k).
    const both = ids.filter((_, i) => global[i]! < 0.05 && campaign[i]! < 0.05).length;
    expect(both).toBeGreaterThan(250 - 80);
    expect(both).toBeLessThan(250 + 80);
    // And no linear relation between the two draws (standard error ≈ 0.003).
    expect(Math.abs(correlation(global, campaign))).toBeLessThan(0.015);
  });

  it.each([
    [0, false],
    [1, true],
  ])("share %d holds out %s", (share, held) => {
    expect(ids.slice(0, 100).every((id) => inHoldout(KEY, id, share) === held)).toBe(true);
  });

  it.each([-0.1, 1.5, Number.NaN])("rejects share %d", (share) => {
    expect(() => inHoldout(KEY, "cust-1", share)).toThrow(/holdout share/);
  });
});

function correlation(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / n;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

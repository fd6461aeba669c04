/**
 * A sparse social and payment graph with homophily: each new person links to
 * a few earlier ones, family within their region (mostly their own segment),
 * colleagues and referrals mostly within their segment, transfers anywhere.
 * Candidates come from bounded pools of recent people, so memory stays flat
 * however many people are generated.
 */
import { type Rng, roundTo } from "../core/index.js";
import type { Cell } from "./csv-writer.js";
import type { Person } from "./people.js";

export const RELATION_COLUMNS = ["src", "dst", "type", "weight"] as const;

/** People kept per pool as candidates for later links. */
const POOL_SIZE = 256;

interface LinkRule {
  type: "family" | "colleague" | "referral" | "transfer";
  /** Probability that a new person gets a link of this type. */
  chance: number;
  /** Probability that the other end is in the same segment (otherwise anyone suitable). */
  sameSegment: number;
  sameRegion: boolean;
  weight: (rng: Rng) => number;
}

const RULES: readonly LinkRule[] = [
  { type: "family", chance: 0.5, sameSegment: 0.75, sameRegion: true, weight: () => 1 },
  {
    type: "colleague",
    chance: 0.55,
    sameSegment: 0.8,
    sameRegion: false,
    weight: (r) => roundTo(0.4 + 0.3 * r.next(), 2),
  },
  { type: "referral", chance: 0.12, sameSegment: 0.85, sameRegion: false, weight: () => 0.7 },
  {
    type: "transfer",
    chance: 0.45,
    sameSegment: 0.6,
    sameRegion: false,
    weight: (r) => roundTo(0.1 + 0.9 * r.next(), 2),
  },
];

/** Bounded pools of recent people by segment, by region, by both, and overall. */
export class RelationGraph {
  readonly #pools = new Map<string, string[]>();

  #pool(key: string): string[] {
    let pool = this.#pools.get(key);
    if (!pool) {
      pool = [];
      this.#pools.set(key, pool);
    }
    return pool;
  }

  #remember(rng: Rng, key: string, id: string): void {
    const pool = this.#pool(key);
    if (pool.length < POOL_SIZE) pool.push(id);
    else pool[rng.int(0, POOL_SIZE - 1)] = id;
  }

  /** Links a new person to earlier ones (relations.csv rows, src = the new person), then remembers them. */
  connect(rng: Rng, p: Person, id: string): Cell[][] {
    const rows: Cell[][] = [];
    const segment = p.segment.name;
    const region = p.region.name;
    for (const rule of RULES) {
      if (!rng.chance(rule.chance)) continue;
      const same = rng.chance(rule.sameSegment);
      const key = rule.sameRegion
        ? same
          ? `sr:${segment}|${region}`
          : `r:${region}`
        : same
          ? `s:${segment}`
          : "all";
      const pool = this.#pool(key);
      if (pool.length === 0) continue;
      rows.push([id, rng.pick(pool), rule.type, rule.weight(rng)]);
    }
    this.#remember(rng, `sr:${segment}|${region}`, id);
    this.#remember(rng, `r:${region}`, id);
    this.#remember(rng, `s:${segment}`, id);
    this.#remember(rng, "all", id);
    return rows;
  }
}

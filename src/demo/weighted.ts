/** A fixed weighted choice with its cumulative weights computed once, for draws in hot loops. */
import type { Rng } from "../core/index.js";

export class WeightedChoice<T> {
  readonly #items: readonly T[];
  readonly #cumulative: Float64Array;

  constructor(items: readonly T[], weights: readonly number[]) {
    this.#items = items;
    this.#cumulative = new Float64Array(items.length);
    let total = 0;
    items.forEach((_, i) => {
      total += weights[i] ?? 0;
      this.#cumulative[i] = total;
    });
  }

  /** One item, each with probability proportional to its weight. */
  draw(rng: Rng): T {
    const c = this.#cumulative;
    const r = rng.next() * (c[c.length - 1] ?? 0);
    let i = 0;
    while (i < c.length - 1 && (c[i] as number) <= r) i++;
    return this.#items[i] as T;
  }
}

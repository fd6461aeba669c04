/**
 * Who is segmented and what is known of them: customers holding at least `minProducts` distinct products,
 * with their profile, typed attributes, holding summaries and portrait tags gathered column by column (a
 * million customers stay a few hundred megabytes), and their holdings as compact arrays for share weights.
 */
import type { Cell } from "../../ml/index.js";
import { PortraitFeatures } from "../../portrait/index.js";
import type { Store } from "../../store/index.js";

/** Customers and holdings read per query. */
const PAGE = 5000;
/**
 * Portrait tags that restate holdings or the profile, left out: clusters should group people by who they
 * are and how they behave, not by which products they already hold (that is what the share weights read).
 */
export const SEGMENT_EXCLUDED_TAGS = [
  "holdings",
  "product_preference",
  "age_band",
  "gender",
  "region",
  "risk_tolerance",
  "balance_band",
];
const MS_PER_DAY = 86_400_000;

/** Raw values by column, in population order; a column a customer lacks holds null there. */
export class ColumnCollector {
  readonly columns = new Map<string, Cell[]>();
  rows = 0;

  add(values: Readonly<Record<string, Cell | undefined>>): void {
    for (const [name, value] of Object.entries(values)) {
      let column = this.columns.get(name);
      if (!column) {
        column = new Array<Cell>(this.rows).fill(null);
        this.columns.set(name, column);
      }
      column.push(value ?? null);
    }
    this.rows++;
    for (const column of this.columns.values()) if (column.length < this.rows) column.push(null);
  }
}

export interface Population {
  /** Customer ids in row order. */
  ids: string[];
  columns: ColumnCollector;
  /** Product ids; holdings refer to them by index. */
  products: string[];
  /** Row r holds products[holdings[offsets[r]] … holdings[offsets[r + 1] − 1]]. */
  offsets: Int32Array;
  holdings: Int32Array;
}

/** Reads the population: customers with at least `minProducts` distinct products (sorted by id). */
export async function loadPopulation(
  store: Store,
  options: { minProducts: number; asOf: Date; onProgress?: (done: number) => void },
): Promise<Population> {
  const productIndex = new Map<string, number>();
  const products: string[] = [];
  const indexOf = (product: string) => {
    let i = productIndex.get(product);
    if (i === undefined) {
      i = products.length;
      products.push(product);
      productIndex.set(product, i);
    }
    return i;
  };

  // Pass 1: holdings, grouped by customer (they arrive in customer order).
  const summaries = new Map<string, { start: number; count: number; amount: number; since: number }>();
  let held: number[] = [];
  let current: { id: string; start: number; amount: number; since: number } | undefined;
  const close = () => {
    if (current && held.length - current.start >= options.minProducts)
      summaries.set(current.id, {
        start: current.start,
        count: held.length - current.start,
        amount: current.amount,
        since: current.since,
      });
    else if (current) held.length = current.start;
  };
  for await (const page of store.holdings.pages(PAGE)) {
    for (const row of page) {
      if (current?.id !== row.customer_id) {
        close();
        current = { id: row.customer_id, start: held.length, amount: 0, since: Number.POSITIVE_INFINITY };
      }
      held.push(indexOf(row.product_id));
      current.amount += row.amount ?? 0;
      const since = row.since ? Date.parse(row.since) : Number.NaN;
      if (since < current.since) current.since = since;
    }
  }
  close();
  const allHeld = Int32Array.from(held);
  held = [];

  // Pass 2: profiles, attributes and portrait tags of those customers.
  const features = await PortraitFeatures.load(store);
  const columns = new ColumnCollector();
  const ids: string[] = [];
  const offsets: number[] = [0];
  const asOf = options.asOf.getTime();
  for await (const page of store.customers.pages(PAGE)) {
    const chosen = page.filter((c) => summaries.has(c.id));
    if (chosen.length === 0) continue;
    const portraits = await store.portraits.many(chosen.map((c) => c.id));
    for (const customer of chosen) {
      const summary = summaries.get(customer.id) as NonNullable<ReturnType<typeof summaries.get>>;
      const record: Record<string, Cell> = await features.of(
        customer,
        portraits.get(customer.id),
        SEGMENT_EXCLUDED_TAGS,
      );
      for (const [name, value] of Object.entries(customer.attributes))
        if (typeof value === "boolean") record[`attr.${name}`] = value;
      record.products_held = summary.count;
      record.holdings_amount = summary.amount;
      record.tenure_days = Number.isFinite(summary.since)
        ? Math.max(0, Math.round((asOf - summary.since) / MS_PER_DAY))
        : null;
      columns.add(record);
      ids.push(customer.id);
      offsets.push((offsets[offsets.length - 1] as number) + summary.count);
    }
    options.onProgress?.(ids.length);
  }

  // Holdings in population order.
  const holdings = new Int32Array(offsets[offsets.length - 1] as number);
  ids.forEach((id, r) => {
    const { start, count } = summaries.get(id) as NonNullable<ReturnType<typeof summaries.get>>;
    holdings.set(allHeld.subarray(start, start + count), offsets[r] as number);
  });
  return { ids, columns, products, offsets: Int32Array.from(offsets), holdings };
}

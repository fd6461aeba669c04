/**
 * The propensity data set from the store: one row per customer with profile and portrait features and
 * one 0/1 column per product (does the customer hold it). Tags that restate holdings are left out, or
 * the model would learn the answer from the question.
 */
import { type Cell, Table } from "../../ml/index.js";
import { PortraitFeatures } from "../../portrait/index.js";
import type { Customer, Store } from "../../store/index.js";

/** Rule tags derived from holdings (or naming a held product): label leakage, never features. */
export const LEAKING_TAGS = ["holdings", "asset_band", "product_preference"];
/** A product needs this many holders (and as many non-holders) to be learned. */
export const MIN_HOLDERS = 10;
/** Customers read per page. */
const PAGE = 1000;
/** Target columns are named `offer:<product id>`. */
export const OFFER_PREFIX = "offer:";
export const ID_COLUMN = "customer_id";

export interface PropensityDataset {
  table: Table;
  /** Product ids learned, in target order. */
  products: string[];
  /** Products skipped for too few holders or non-holders. */
  skipped: string[];
}

type FeatureRecord = { row: number; values: Record<string, Cell> };

/**
 * Every customer's feature record (id column first), a page at a time; with `stride` k only every k-th
 * customer in id order.
 */
export async function* featurePages(store: Store, stride = 1): AsyncGenerator<FeatureRecord[]> {
  const features = await PortraitFeatures.load(store);
  let seen = 0;
  for await (const page of store.customers.pages(PAGE)) {
    const chosen: Customer[] = page.filter((_, i) => (seen + i) % stride === 0);
    seen += page.length;
    const portraits = await store.portraits.many(chosen.map((c) => c.id));
    const records: FeatureRecord[] = [];
    for (const customer of chosen) {
      const values = await features.of(customer, portraits.get(customer.id), LEAKING_TAGS);
      records.push({ row: records.length + 1, values: { [ID_COLUMN]: customer.id, ...values } });
    }
    yield records;
  }
}

/**
 * Reads customers with features and holdings into a table: all of them, or with `sample` every k-th in id
 * order so that about `sample` are read (holder counts are over everyone either way).
 */
export async function propensityDataset(
  store: Store,
  options: { sample?: number } = {},
): Promise<PropensityDataset> {
  const held = await store.holdings.productsByCustomer();
  const holders = new Map<string, number>();
  for (const set of held.values())
    for (const product of set) holders.set(product, (holders.get(product) ?? 0) + 1);
  const total = await store.customers.count();
  const products: string[] = [];
  const skipped: string[] = [];
  for (const product of (await store.products.list()).map((p) => p.id)) {
    const n = holders.get(product) ?? 0;
    if (n >= MIN_HOLDERS && total - n >= MIN_HOLDERS) products.push(product);
    else skipped.push(product);
  }
  const stride = options.sample ? Math.max(1, Math.floor(total / options.sample)) : 1;
  const records: FeatureRecord[] = [];
  const columns = new Set<string>([ID_COLUMN]);
  for await (const page of featurePages(store, stride)) {
    for (const record of page) {
      const mine = held.get(String(record.values[ID_COLUMN]));
      for (const product of products) record.values[`${OFFER_PREFIX}${product}`] = mine?.has(product) ? 1 : 0;
      for (const name of Object.keys(record.values)) columns.add(name);
      records.push({ row: records.length + 1, values: record.values });
    }
  }
  return { table: Table.fromRecords([...columns], records), products, skipped };
}

/**
 * Training the propensity model on the store: every customer with profile and portrait features, one
 * target per product. The trained model then writes predicted `demand.<category>` tags into portraits.
 */
import { type Clock, NudgeError } from "../../core/index.js";
import {
  type Classifier,
  type ClassifierReport,
  classifierArtifact,
  registerModel,
  type StoredModel,
  scoreClassifier,
  Table,
  type TrainOptions,
  trainClassifier,
} from "../../ml/index.js";
import { type ModelTag, setModelTags } from "../../portrait/index.js";
import type { Store } from "../../store/index.js";
import { featurePages, ID_COLUMN, MIN_HOLDERS, OFFER_PREFIX, propensityDataset } from "./dataset.js";

export const PROPENSITY_KIND = "propensity";

export interface PropensityTrainOptions {
  seed: number;
  /** Registry name (default "propensity"). */
  name?: string;
  train?: Partial<Omit<TrainOptions, "seed">>;
  /** Train on about this many customers (every k-th); all when absent. */
  sample?: number;
  /** Nets averaged (default: the classifier's). */
  members?: number;
  onEpoch?: TrainOptions["onEpoch"];
  clock?: Clock;
}

export interface PropensityTrainResult {
  model: StoredModel;
  report: ClassifierReport;
  features: number;
  products: string[];
  skipped: string[];
  /** Customers given predicted demand tags. */
  tagged: number;
}

/** Trains, registers, and writes predicted demand tags from the new model. */
export async function trainPropensityFromStore(
  store: Store,
  options: PropensityTrainOptions,
): Promise<PropensityTrainResult> {
  const { table, products, skipped } = await propensityDataset(store, { sample: options.sample });
  if (products.length === 0)
    throw new NudgeError(
      "INPUT_INVALID",
      `no product has ${MIN_HOLDERS} holders and ${MIN_HOLDERS} non-holders to learn from (${skipped.length} products, ${table.rows} customers)`,
    );
  const trained = trainClassifier(
    table,
    {
      targets: products.map((p) => `${OFFER_PREFIX}${p}`),
      id: ID_COLUMN,
      seed: options.seed,
      train: options.train,
      members: options.members,
    },
    options.onEpoch,
  );
  const model = await registerModel(
    store,
    classifierArtifact(trained, PROPENSITY_KIND, options.name ?? PROPENSITY_KIND),
    options.clock,
  );
  const tagged = await writeDemandTags(store, model, trained.classifier, products, options.clock);
  return {
    model,
    report: trained.report,
    features: trained.features.length,
    products,
    skipped,
    tagged,
  };
}

/**
 * Writes `demand.<category>` for every customer: the highest probability among the category's products
 * the customer does not hold yet. Answers the number of customers tagged.
 */
async function writeDemandTags(
  store: Store,
  model: StoredModel,
  classifier: Classifier,
  products: readonly string[],
  clock: Clock | undefined,
): Promise<number> {
  const category = new Map((await store.products.list()).map((p) => [p.id, p.category]));
  const names = classifier.encoder.columns.map((c) => c.name);
  const k = products.length;
  let tagged = 0;
  for await (const page of featurePages(store)) {
    const ids = page.map((r) => String(r.values[ID_COLUMN]));
    const held = await store.holdings.productsByCustomer(ids);
    const p = scoreClassifier(classifier, Table.fromRecords(names, page));
    const tags = new Map<string, ModelTag[]>();
    ids.forEach((customer, r) => {
      const demand = new Map<string, number>();
      products.forEach((product, j) => {
        if (held.get(customer)?.has(product)) return;
        const name = `demand.${category.get(product) ?? "other"}`;
        demand.set(name, Math.max(demand.get(name) ?? 0, p[r * k + j] as number));
      });
      // setModelTags stores numbers to four decimals.
      tags.set(
        customer,
        [...demand].map(([name, value]) => ({ name, value })),
      );
    });
    tagged += (await setModelTags(store, `model:${model.name}`, tags, { clock, model: model.id })).customers;
  }
  return tagged;
}

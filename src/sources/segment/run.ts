/**
 * One segment run over the store: the population (customers of at least two products), numericized and
 * cleaned, learned features, k-means (k by silhouette unless given), share weights per cluster, and the
 * top product pushed as candidates to the members who lack it. The run is registered as a `segment`
 * model: its report (what GET /v1/segments reads back), and the column plan, cleaning intervals, scaling,
 * feature extractor (autoencoder weights) and centroids that made the clusters.
 */
import { createHash } from "node:crypto";
import { type Clock, NudgeError, round4, systemClock, withDefaults } from "../../core/index.js";
import { registerModel, silhouette } from "../../ml/index.js";
import type { Store } from "../../store/index.js";
import { writeCandidates } from "./candidates.js";
import { clusterFeatures, SILHOUETTE_SAMPLE } from "./clusters.js";
import { type CentroidValue, describeCentroids, projection } from "./describe.js";
import { type Extractor, type ExtractorName, extractFeatures } from "./features.js";
import type { SegmentColumn } from "./numericize.js";
import {
  type CleaningReport,
  DEFAULT_OUTLIER_RULE,
  DEFAULT_REPLACEMENT,
  type OutlierRule,
  type Replacement,
  validateRule,
} from "./outliers.js";
import { loadPopulation } from "./population.js";
import { prepareMatrix } from "./prepare.js";
import {
  DEFAULT_PUSH_RULE,
  type ProductShare,
  type PushRule,
  productToPush,
  shareReason,
  shareWeights,
} from "./shares.js";

export const SEGMENT_KIND = "segment";

export interface SegmentOptions {
  /** Clusters; chosen by silhouette among K_CANDIDATES when absent. */
  k?: number;
  /** Source columns to cluster on (default: all); `exclude` leaves some out. */
  features?: string[];
  exclude?: string[];
  extractor?: ExtractorName;
  /** Feature dimensions (autoencoder code or principal components). */
  dimensions?: number;
  targetCorrelation?: number;
  epochs?: number;
  outliers?: OutlierRule;
  replacement?: Replacement;
  /** Customers need at least this many distinct products to be segmented. */
  minProducts?: number;
  push?: Partial<PushRule>;
  seed?: number;
  /** Model name (default "segment"). */
  name?: string;
  /** Days a pushed candidate stays open. */
  ttlDays?: number;
  /** k-means mode: "auto" (default) runs mini-batch above MINIBATCH_ABOVE rows, full Lloyd below. */
  mode?: "auto" | "full" | "minibatch";
  /** false: compute and report only, no model, no candidates. */
  write?: boolean;
  /** Adds every member's cluster to the report (`labels`). */
  withLabels?: boolean;
  clock?: Clock;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export const SEGMENT_DEFAULTS = {
  extractor: "autoencoder" as ExtractorName,
  targetCorrelation: 0.95,
  epochs: 200,
  minProducts: 2,
  seed: 42,
  name: "segment",
  ttlDays: 30,
};
/** Above this many rows k-means runs in mini-batch mode. */
const MINIBATCH_ABOVE = 2_000_000;
/** Products listed per cluster. */
const TOP_PRODUCTS = 5;

export interface ClusterReport {
  id: number;
  size: number;
  centroid: Record<string, CentroidValue>;
  topProducts: { productId: string; name: string; holders: number; share: number }[];
  push: {
    productId: string;
    name: string;
    holders: number;
    share: number;
    candidates: number;
    reason: string;
  } | null;
}

export interface SegmentReport {
  model: string | null;
  population: number;
  k: number;
  kScores: { k: number; silhouette: number }[];
  silhouette: number;
  inertia: number;
  iterations: number;
  features: {
    extractor: ExtractorName;
    inputs: number;
    dimensions: number;
    correlation?: number;
    reached?: boolean;
    explainedVariance?: number;
  };
  cleaning: CleaningReport[];
  skipped: { name: string; reason: string }[];
  clusters: ClusterReport[];
  candidates: number;
  projection: [number, number, number][];
  seed: number;
  seconds: number;
  /** Seconds per stage: population, prepare, features, clusters, shares, write. */
  stages: Record<string, number>;
  /** [customer id, cluster] of every member, when asked for. */
  labels?: [string, number][];
}

export async function runSegments(store: Store, options: SegmentOptions = {}): Promise<SegmentReport> {
  const started = performance.now();
  const o = withDefaults(SEGMENT_DEFAULTS, options);
  const clock = options.clock ?? systemClock;
  const asOf = clock.now();
  const rule = validateRule(options.outliers ?? DEFAULT_OUTLIER_RULE);
  const push: PushRule = { ...DEFAULT_PUSH_RULE, ...options.push };
  const progress = options.onProgress ?? (() => {});

  const stages: Record<string, number> = {};
  let mark = started;
  const stage = (name: string) => {
    const now = performance.now();
    stages[name] = round4((now - mark) / 1000);
    mark = now;
  };
  const population = await loadPopulation(store, {
    minProducts: o.minProducts,
    asOf,
    onProgress: (done) => progress("customers", done, done),
  });
  const rows = population.ids.length;
  if (options.k !== undefined && (!Number.isInteger(options.k) || options.k < 1))
    throw new NudgeError("INPUT_INVALID", `k must be a positive integer, got ${options.k}`);
  const minimum = Math.max(options.k ?? 2, 2) + 1;
  if (rows < minimum)
    throw new NudgeError(
      "INPUT_INVALID",
      `${rows} customers hold at least ${o.minProducts} products; segmenting needs at least ${minimum}`,
    );
  if (options.features)
    for (const name of options.features)
      if (!population.columns.columns.has(name))
        throw new NudgeError(
          "INPUT_INVALID",
          `no attribute '${name}' (attributes: ${[...population.columns.columns.keys()].join(", ")})`,
          { field: name },
        );

  stage("population");
  const prepared = prepareMatrix(population.columns.columns, rows, {
    only: options.features,
    exclude: options.exclude,
    rule,
    replacement: options.replacement ?? DEFAULT_REPLACEMENT,
    asOf,
  });
  const width = prepared.plan.columns.length;
  if (width === 0) throw new NudgeError("INPUT_INVALID", "no attribute varies across the population");

  stage("prepare");
  const features = extractFeatures(prepared.matrix, rows, width, {
    extractor: o.extractor,
    dimensions: options.dimensions,
    targetCorrelation: o.targetCorrelation,
    epochs: o.epochs,
    seed: o.seed,
    onEpoch: (epoch) => progress("features", epoch, o.epochs),
  });

  stage("features");
  const mode =
    (options.mode ?? "auto") === "auto" ? (rows > MINIBATCH_ABOVE ? "minibatch" : "full") : options.mode;
  const { result, scores } = clusterFeatures(features.x, rows, features.dims, {
    k: options.k,
    seed: o.seed,
    mode: mode as "full" | "minibatch",
    progress,
  });
  const labels = result.labels;
  const score =
    result.k > 1
      ? silhouette(features.x, rows, features.dims, labels, { sample: SILHOUETTE_SAMPLE, seed: o.seed })
      : 0;

  stage("clusters");
  const products = new Map((await store.products.list()).map((p) => [p.id, p]));
  const shares = shareWeights(
    labels,
    result.k,
    population.offsets,
    population.holdings,
    population.products.length,
  );
  const centroids = describeCentroids(prepared.plan.columns, prepared.values, labels, result.k);
  const clusters: ClusterReport[] = shares.map((list, id) => {
    const size = result.sizes[id] as number;
    const named = (s: ProductShare) => {
      const productId = population.products[s.product] as string;
      return {
        productId,
        name: products.get(productId)?.name ?? productId,
        holders: s.holders,
        share: round4(s.share),
      };
    };
    const chosen = productToPush(list, size, push);
    return {
      id,
      size,
      centroid: centroids[id] as Record<string, CentroidValue>,
      topProducts: list.slice(0, TOP_PRODUCTS).map(named),
      push: chosen
        ? { ...named(chosen), candidates: size - chosen.holders, reason: shareReason(chosen.share, size) }
        : null,
    };
  });

  const report: SegmentReport = {
    model: null,
    population: rows,
    k: result.k,
    kScores: scores,
    silhouette: round4(score),
    inertia: result.inertia,
    iterations: result.iterations,
    features: featureSummary(features.extractor, o.extractor, width, features.dims),
    cleaning: prepared.cleaning,
    skipped: prepared.plan.skipped,
    clusters,
    candidates: clusters.reduce((n, c) => n + (c.push?.candidates ?? 0), 0),
    projection: projection(features.x, rows, features.dims, labels, o.seed),
    seed: o.seed,
    seconds: 0,
    stages,
  };
  stage("shares");
  // The stored report carries the time up to here; the returned one adds the writing.
  report.seconds = round4((performance.now() - started) / 1000);
  if (options.write !== false) {
    const model = await registerModel(
      store,
      {
        kind: SEGMENT_KIND,
        name: o.name,
        features: prepared.plan.columns.map((c) => c.name),
        encoder: {
          columns: prepared.plan.columns,
          cleaning: prepared.cleaning,
          rule,
          replacement: options.replacement ?? DEFAULT_REPLACEMENT,
          scaling: prepared.scaling,
          extractor: features.extractor,
        },
        params: {
          ...report,
          centroids: [...result.centroids],
          products: population.products,
          push,
          minProducts: o.minProducts,
        },
        fingerprint: matrixFingerprint(population.ids, prepared.plan.columns, prepared.matrix),
        metrics: { silhouette: report.silhouette, inertia: result.inertia, kScores: scores },
        weights: features.weights,
      },
      clock,
    );
    report.model = model.id;
    await writeCandidates(store, {
      population,
      labels,
      clusters,
      products,
      modelId: model.id,
      asOf,
      ttlDays: o.ttlDays,
    });
  }
  if (options.withLabels) report.labels = population.ids.map((id, r) => [id, labels[r] as number]);
  stage("write");
  report.seconds = round4((performance.now() - started) / 1000);
  return report;
}

function featureSummary(
  extractor: Extractor,
  name: ExtractorName,
  inputs: number,
  dimensions: number,
): SegmentReport["features"] {
  const summary: SegmentReport["features"] = { extractor: name, inputs, dimensions };
  if (extractor.kind === "autoencoder") {
    summary.correlation = round4(extractor.correlation);
    summary.reached = extractor.reached;
  }
  if (extractor.kind === "pca")
    summary.explainedVariance = round4(extractor.explainedVarianceRatio.reduce((s, v) => s + v, 0));
  return summary;
}

/** sha256 over the members, the column plan and the standardized matrix: the same data, the same hash. */
function matrixFingerprint(
  ids: readonly string[],
  columns: readonly SegmentColumn[],
  matrix: Float32Array,
): string {
  const hash = createHash("sha256");
  hash.update(ids.join("\n"));
  hash.update(JSON.stringify(columns));
  hash.update(new Uint8Array(matrix.buffer, matrix.byteOffset, matrix.byteLength));
  return `sha256:${hash.digest("hex")}`;
}

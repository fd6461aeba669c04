/** Segment push: outlier cleaning → learned features → k-means → share weights g = b/a → candidates. */

/** Candidates of segment pushes carry this source. */
export { SEGMENT_SOURCE } from "./candidates.js";
/** k given, or chosen by silhouette among these. */
export { K_CANDIDATES } from "./clusters.js";
/** Autoencoder, PCA or none. */
export { EXTRACTORS, type ExtractorName } from "./features.js";
/** Numbers, dates and categories as columns of numbers. */
export { type ColumnPlan, MAX_LEVELS, numericize, planColumns, type SegmentColumn } from "./numericize.js";
/** The median-interval rule and its alternatives (IQR, z-score), per feature. */
export {
  type CleaningReport,
  cleanColumn,
  DEFAULT_OUTLIER_RULE,
  normalInterval,
  type OutlierRule,
  type Replacement,
} from "./outliers.js";
/** One run over the store: population, features, clusters, shares, candidates, registered model. */
export {
  type ClusterReport,
  runSegments,
  SEGMENT_DEFAULTS,
  SEGMENT_KIND,
  type SegmentOptions,
  type SegmentReport,
} from "./run.js";
/** g = b / a per product and cluster, and which product a cluster pushes. */
export {
  DEFAULT_PUSH_RULE,
  type ProductShare,
  type PushRule,
  productToPush,
  shareReason,
  shareWeights,
} from "./shares.js";
/** Read the latest run back (what GET /v1/segments shows). */
export { latestSegments, type SegmentsView } from "./view.js";

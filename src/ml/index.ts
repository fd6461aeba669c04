/**
 * Machine learning core: tables, encoders, seeded splits, metrics, the MLP, feature extraction
 * (autoencoder, PCA), k-means and the model registry.
 */
/** An autoencoder on the MLP: trained until reconstructions correlate with inputs; its code layer as features. */
export {
  type Autoencoder,
  type AutoencoderOptions,
  DEFAULT_AUTOENCODER,
  encodeWithAutoencoder,
  pearson,
  trainAutoencoder,
} from "./autoencoder.js";
export {
  type Classifier,
  type ClassifierReport,
  type ClassifierSpec,
  classifierArtifact,
  classifierOf,
  type FeatureEffect,
  featureColumns,
  type HeldOutReport,
  type RowScan,
  scanRow,
  scoreClassifier,
  type TrainedClassifier,
  topEffects,
  trainClassifier,
} from "./classifier.js";
/** Silhouette, adjusted Rand index, and k chosen by silhouette. */
export { adjustedRandIndex, chooseK, silhouette } from "./cluster-metrics.js";
export { type Encoder, encode, encodedNames, fitEncoder } from "./encoder.js";
export { fingerprintOf } from "./fingerprint.js";
/** The MLP's dense-layer kernels (float64, four rows at a time, zero inputs skipped): z = x·W + b and its gradients. */
export { denseBackward, denseForward } from "./kernels.js";
/** k-means: k-means++ seeding, exact bound-based Lloyd or mini-batch; nearest-centre assignment. */
export { assignClusters, type KMeansOptions, type KMeansResult, kmeans } from "./kmeans.js";
export { labelMatrix, type Target, targetOf } from "./labels.js";
export {
  accuracy,
  averagePrecision,
  type BinaryReport,
  binaryReport,
  calibrationTable,
  logLoss,
  macroF1,
  type RocCurve,
  rocAuc,
  rocCurve,
} from "./metrics.js";
export { type FloatArray, Mlp, type MlpOutput, type MlpShape } from "./mlp.js";
/** Principal components (covariance + Jacobi eigendecomposition). */
export { DEFAULT_PCA_VARIANCE, fitPca, type Pca, projectPca } from "./pca.js";
/** Batch prediction on a second thread (compiled package only). */
export { PredictorPool } from "./predictor-pool.js";
export {
  decodeWeights,
  encodeWeights,
  type ModelArtifact,
  ModelLoader,
  registerModel,
  type StoredModel,
} from "./registry.js";
export { DEFAULT_SPLIT, type Split, type SplitShares, stratifiedSplit } from "./split.js";
export { type Cell, isMissing, numberOf, Table } from "./table.js";
export { DEFAULT_TRAIN, type LogitLoss, type Matrix, type TrainOptions, trainMlp } from "./train.js";
/** Uplift metrics as scikit-uplift defines them: Qini and uplift curves, Qini coefficient, AUUC, uplift at k. */
export {
  auuc,
  perfectQiniCurve,
  perfectUpliftCurve,
  qiniCoefficient,
  qiniCurve,
  type UpliftCurve,
  type UpliftReport,
  upliftAtK,
  upliftCurve,
  upliftReport,
} from "./uplift-metrics.js";

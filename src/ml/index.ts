/** Machine learning core: tables, encoders, seeded splits, metrics, the MLP and the model registry. */
export {
  type Classifier,
  type ClassifierReport,
  type ClassifierSpec,
  classifierArtifact,
  classifierOf,
  explainRow,
  type FeatureEffect,
  featureColumns,
  scoreClassifier,
  type TrainedClassifier,
  trainClassifier,
} from "./classifier.js";
export { type Encoder, encode, encodedNames, fitEncoder } from "./encoder.js";
export { fingerprintOf } from "./fingerprint.js";
export { labelMatrix, type Target, targetOf } from "./labels.js";
export {
  accuracy,
  averagePrecision,
  type BinaryReport,
  binaryReport,
  calibrationTable,
  logLoss,
  macroF1,
  rocAuc,
} from "./metrics.js";
export { Mlp, type MlpShape } from "./mlp.js";
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
export { DEFAULT_TRAIN, type Matrix, type TrainOptions, trainMlp } from "./train.js";

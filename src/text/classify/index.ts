/** Text classifiers over sparse TF-IDF rows, and their selection by cross-validated macro-F1. */

/** Most probable class per row, multi-class accuracy and macro-F1 (scikit-learn's definitions). */
export { classAccuracy, classMacroF1, predictedClasses } from "./class-metrics.js";
/** The contract every classifier family fulfils, its JSON envelope and parameter types. */
export type {
  ClassifierKind,
  ClassifierParams,
  ClassifierParamsByKind,
  TextClassifier,
  TextClassifierJSON,
} from "./classifier.js";
/** Format tag and layout version of serialized classifiers. */
export { TEXT_CLASSIFIER_FORMAT, TEXT_CLASSIFIER_VERSION } from "./classifier.js";
/** Seeded stratified k-fold assignment. */
export { stratifiedFolds } from "./folds.js";
/** Random forest over chi-square-selected columns, its parameters and defaults. */
export { DEFAULT_FOREST, type ForestParams, RandomForestClassifier } from "./forest.js";
/** Cosine k-nearest-neighbours over an inverted index, its parameters and defaults. */
export { DEFAULT_KNN, KnnClassifier, type KnnParams, type KnnWeighting } from "./knn.js";
/** Softmax regression with L2 trained by L-BFGS, its parameters and defaults. */
export { DEFAULT_LOGISTIC, LogisticClassifier, type LogisticParams } from "./logistic.js";
/** Builds a classifier by kind and reads a fitted one back from JSON. */
export { type CandidateSpec, createTextClassifier, textClassifierFromJSON } from "./model.js";
/** Multinomial naive Bayes (scikit-learn's MultinomialNB), its parameters and defaults. */
export { DEFAULT_NAIVE_BAYES, MultinomialNaiveBayes, type NaiveBayesParams } from "./naive-bayes.js";
/** Cross-validated selection among candidate classifiers, with its defaults and result types. */
export {
  type CandidateScore,
  DEFAULT_CANDIDATES,
  DEFAULT_FOLDS,
  FOREST_WORK_BUDGET,
  MIN_FOREST_TREES,
  oneStandardError,
  type SelectionOptions,
  type SelectionProgress,
  type SkippedCandidate,
  selectTextClassifier,
  type TextClassifierSelection,
} from "./select.js";
/** The sparse row type and helpers to check, slice and build it. */
export { checkSparseRows, type SparseRows, selectLabels, selectRows, sparseFromDense } from "./sparse.js";

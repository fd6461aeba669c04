/** Uplift: whom an incentive persuades — the two-head likelihood, the model over the relations graph (or an MLP), meta-learner baselines. */

/** S-, T- and X-learner baselines on Nudge's encoder and MLP. */
export {
  type BaselineOptions,
  DEFAULT_BASELINE_EPOCHS,
  DEFAULT_BASELINE_HIDDEN,
  type FittedBaseline,
  fitBaseline,
  fitSLearner,
  fitTLearner,
  fitXLearner,
  META_LEARNERS,
  type MetaLearner,
} from "./baselines.js";
/** The two-head model over the relations graph: graph attention layers, full-batch, neighbour sampling on large graphs. */
export {
  adjacencyOf,
  DEFAULT_GRAPH_TWO_HEAD,
  type Edges,
  type GraphTwoHeadModel,
  type GraphTwoHeadOptions,
  type GraphTwoHeadScores,
  LARGE_GRAPH,
  neighbourSampleFor,
  scoreGraphTwoHead,
  trainGraphTwoHead,
} from "./graph.js";
/** The four observed cases' negative log-likelihood and its gradient, and the three classes from the heads. */
export {
  type ClassProbabilities,
  classProbabilities,
  type UpliftCase,
  upliftCase,
  upliftLoss,
} from "./loss.js";
/** From the store: a campaign's outcomes as a training table with its graph; incentive candidates by net value. */
export {
  type IncentiveOptions,
  type IncentiveResult,
  incentiveCandidates,
  RESPONSE_TAGS,
  STORE_COLUMNS,
  UPLIFT_SOURCE,
  upliftTableFromStore,
} from "./store.js";
/** From a table of randomized history: split, two-head model and baselines compared on held-out rows, registry artifact. */
export {
  flagsOf,
  type HeldOut,
  type IdEdges,
  type LoadedUplift,
  scoreUplift,
  type TrainedUplift,
  trainUplift,
  UPLIFT_KIND,
  UPLIFT_SPLIT,
  type UpliftNet,
  type UpliftTrainOptions,
  type UpliftTrainReport,
  upliftArtifact,
  upliftModelOf,
} from "./train.js";
/** The two-head model as an MLP (the no-graph form): trained on the uplift likelihood, scored to p1, p2, uplift. */
export {
  DEFAULT_TWO_HEAD,
  scoreTwoHead,
  TWO_HEAD_VALIDATION_SHARE,
  type TwoHeadModel,
  type TwoHeadOptions,
  type TwoHeadScores,
  trainTwoHead,
} from "./two-head.js";

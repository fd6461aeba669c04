/** Demo data: a seeded, realistic data set of a financial group, with planted structure for the models. */

/** Customers whose holdings follow planted rules over profile and behaviour (propensity checks). */
export { AFFINITY_PRODUCTS, type AffinityData, affinityData, outlookData } from "./affinities.js";
/** The coupon campaign in outcomes.csv and the latent classes behind its responses. */
export { COUPON_CAMPAIGN, respondsToIncentive, UPLIFT_CLASSES, type UpliftClass } from "./campaign.js";
/** A buffered CSV writer with RFC 4180 quoting, for files of any size. */
export { CsvWriter } from "./csv-writer.js";
/** Writes a large plain customers file (benchmarks). */
export { writeCustomersCsv } from "./customers-file.js";
/** Writes every demo file (CSV per ingest kind, truth.csv, manifest.json); options and manifest types. */
export {
  DEFAULT_CUSTOMERS,
  DEFAULT_REFERENCE_DATE,
  DEFAULT_SEED,
  type DemoManifest,
  type DemoOptions,
  type DemoTruth,
  generateDemoData,
  HISTORY_DAYS,
} from "./generate.js";
/** Marketing messages in Chinese and English, each with the product it promotes. */
export { type DemoMessage, MESSAGES } from "./messages.js";
/** Columns of customers.csv, in order. */
export { CUSTOMER_COLUMNS } from "./people.js";
/** A population with planted groups (lookalike checks, portrait benchmarks). */
export {
  PLANTED_CATEGORIES,
  type PlantedCustomer,
  type PlantedGroup,
  type PlantedOptions,
  plantedGroup,
  plantedPopulation,
} from "./planted.js";
/** The products of the demo group's bank, insurer and brokerage. */
export { type DemoProduct, PRODUCTS } from "./products.js";
/** A population with four planted clusters and planted favourite products (segment push checks). */
export {
  BASE_SHARE,
  COMMON_PRODUCTS,
  PLANTED_SEGMENTS,
  PLANTED_SHARE,
  type PlantedSegment,
  type SegmentPopulation,
  segmentPopulation,
} from "./segment-population.js";
/** The planted segments and the product each is most likely to hold. */
export { favouriteProduct, SEGMENTS, type Segment } from "./segments.js";

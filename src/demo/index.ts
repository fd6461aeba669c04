/** Demo data: a seeded, realistic data set of a financial group, with planted structure for the models. */

export { PRODUCTS, SEGMENTS } from "./catalog.js";
export {
  DEFAULT_CUSTOMERS,
  DEFAULT_SEED,
  type DemoManifest,
  type DemoOptions,
  generateDemoData,
  writeCustomersCsv,
} from "./generate.js";

/**
 * Key-information extraction from marketing messages (Chinese and English), the keyword dictionary of
 * product categories, and the message tags a matcher compares with customer portraits.
 */

/** A money amount (or grams of gold) found in a text, and a percentage rate. */
export type { Amount, Rate } from "./amounts.js";
/** An age range found in a text. */
export type { AgeRange } from "./audience.js";
/** Category tags: the table's types, its consumption thresholds, loading, and merging with fields. */
export {
  type CategoryTags,
  type CategoryTagTable,
  type ConsumptionLevel,
  consumptionLevel,
  DEFAULT_CATEGORY_TAGS,
  HIGH_CONSUMPTION_FROM,
  loadCategoryTags,
  MEDIUM_CONSUMPTION_FROM,
  type MessageTags,
  messageTags,
  validateCategoryTags,
} from "./category-tags.js";
/** The keyword → category dictionary: loading, compiling, and scoring a text. */
export {
  type CategoryDictionary,
  DEFAULT_DICTIONARY,
  type DictionaryVerdict,
  dictionaryCategory,
  indexDictionary,
  type KeywordIndex,
  loadDictionary,
  validateDictionary,
} from "./dictionary.js";
/** Amounts, rates, validity dates, term, age range and risk level of one message. */
export { type ExtractedFields, type ExtractOptions, extractFields } from "./fields.js";
/** Chinese and full-width numerals to numbers. */
export { parseHanInteger, parseNumber, toHalfWidth } from "./numerals.js";
/** A validity period and a product term found in a text. */
export type { DateRange, Term } from "./periods.js";

/**
 * Text: tokens of mixed Chinese/English messages (jieba + financial terms), TF-IDF, keywords, the text
 * classifier model (classifiers in classify/), and key-information extraction with the category → tag
 * table and the keyword dictionary (extract/).
 */

/** The financial terms jieba keeps whole, and the frequency they get. */
export { FINANCE_TERM_FREQUENCY, FINANCE_TERMS, financeDictionary } from "./finance-dict.js";
/** The n highest-weighted terms of one tokenized message. */
export { type Keyword, topKeywords } from "./keywords.js";
/** A text classifier as a registered model: tokenizer + TF-IDF + the family chosen by k-fold macro-F1. */
export {
  type ConfusionMatrix,
  confusionMatrix,
  predictText,
  TEXT_KIND,
  type TextModel,
  type TextReport,
  type TrainedText,
  textArtifact,
  textModelOf,
  trainTextModel,
} from "./model.js";
/** Chinese and English stop words. */
export { isStopWord, STOP_WORDS } from "./stopwords.js";
/** Vocabulary + smooth idf fitted on tokenized documents, and their L2-normalized sparse rows. */
export {
  fitTfidf,
  type SparseRows,
  TFIDF_DEFAULTS,
  type TfidfModel,
  type TfidfOptions,
  transformTfidf,
} from "./tfidf.js";
/** Tokens of a message: jieba words, whole numbers, lowercased Latin words, no punctuation or stop words. */
export { sharedJieba, type TokenizeOptions, tokenize } from "./tokenize.js";

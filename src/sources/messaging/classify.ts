/**
 * What a marketing message is about: the category from a trained text model when it is confident, else
 * from the keyword dictionary (the answer says which path decided); its top keywords by TF-IDF over the
 * message corpus; its key fields (amounts, rates, dates, term, age limits, risk level); and its tags, the
 * category's row of the category → tag table merged with those fields.
 */
import { NudgeError } from "../../core/index.js";
import { ModelLoader } from "../../ml/index.js";
import type { Store } from "../../store/index.js";
import {
  type CategoryTagTable,
  DEFAULT_CATEGORY_TAGS,
  dictionaryCategory,
  type ExtractedFields,
  extractFields,
  type MessageTags,
  messageTags,
} from "../../text/extract/index.js";
import {
  fitTfidf,
  type Keyword,
  predictText,
  type TextModel,
  type TfidfModel,
  textModelOf,
  tokenize,
  topKeywords,
} from "../../text/index.js";

/** Below this probability the classifier's category gives way to the dictionary's. */
export const DEFAULT_CONFIDENCE_THRESHOLD = 0.5;
/** Registry name of the text model that classifies marketing messages, when none is named. */
export const MESSAGE_MODEL_NAME = "messages";
const KEYWORDS = 5;

export type DecidingPath = "classifier" | "dictionary" | "none";

export interface MessageClassification {
  category: string | null;
  confidence: number;
  /** Which path decided: the classifier (confident), the dictionary (classifier unsure or absent), or none. */
  path: DecidingPath;
  /** The text model asked, when there is one, with its answer. */
  classifier: {
    model: string;
    label: string;
    confidence: number;
    probabilities: Record<string, number>;
  } | null;
  dictionary: { category: string | null; matched: string[] };
  keywords: Keyword[];
  fields: ExtractedFields;
  /** Null when no category was found. */
  tags: MessageTags | null;
}

export interface ClassifierOptions {
  /** A text model (id or name); default: the latest `messages` model when one is registered. */
  model?: string;
  threshold?: number;
  categoryTags?: CategoryTagTable;
}

export class MessageClassifier {
  private constructor(
    private readonly model: { id: string; model: TextModel } | null,
    private readonly corpus: TfidfModel | null,
    private readonly threshold: number,
    private readonly table: CategoryTagTable,
  ) {}

  /** The text model (if any) and the keyword weights of the stored message corpus. */
  static async load(store: Store, options: ClassifierOptions = {}): Promise<MessageClassifier> {
    const threshold = options.threshold ?? DEFAULT_CONFIDENCE_THRESHOLD;
    if (!(threshold >= 0 && threshold <= 1))
      throw new NudgeError(
        "INPUT_INVALID",
        `the confidence threshold must be between 0 and 1, got ${threshold}`,
      );
    const name = options.model ?? MESSAGE_MODEL_NAME;
    const known = await store.models.resolve(name);
    if (!known && options.model !== undefined)
      throw new NudgeError("NOT_FOUND", `no model '${options.model}'`);
    const model = known ? await new ModelLoader(store).load(known.id, textModelOf, "text") : null;
    const texts = (await store.messages.list()).map((m) => tokenize(m.text));
    const corpus = texts.some((t) => t.length > 0) ? fitTfidf(texts) : null;
    return new MessageClassifier(model, corpus, threshold, options.categoryTags ?? DEFAULT_CATEGORY_TAGS);
  }

  classify(text: string): MessageClassification {
    if (text.trim() === "")
      throw new NudgeError("INPUT_INVALID", "the message text is empty", { field: "text" });
    const predicted = this.model ? (predictText(this.model.model, [text])[0] ?? null) : null;
    const classifier =
      predicted && this.model
        ? {
            model: this.model.id,
            label: predicted.label,
            confidence: predicted.confidence,
            probabilities: predicted.probabilities,
          }
        : null;
    const dictionary = dictionaryCategory(text);
    const decided = decide(classifier, dictionary, this.threshold);
    const fields = extractFields(text);
    const known = decided.category !== null && this.table[decided.category] !== undefined;
    return {
      ...decided,
      classifier,
      dictionary: { category: dictionary.category, matched: dictionary.matched },
      keywords: this.corpus ? topKeywords(this.corpus, tokenize(text), KEYWORDS) : [],
      fields,
      tags: known ? messageTags(decided.category as string, fields, this.table) : null,
    };
  }
}

/** The classifier decides when confident; else the dictionary when it finds a category; else the classifier's guess. */
function decide(
  classifier: MessageClassification["classifier"],
  dictionary: { category: string | null; scores: Record<string, number> },
  threshold: number,
): Pick<MessageClassification, "category" | "confidence" | "path"> {
  if (classifier && classifier.confidence >= threshold)
    return { category: classifier.label, confidence: classifier.confidence, path: "classifier" };
  if (dictionary.category !== null) {
    const total = Object.values(dictionary.scores).reduce((s, v) => s + v, 0);
    const share = total > 0 ? (dictionary.scores[dictionary.category] ?? 0) / total : 0;
    return { category: dictionary.category, confidence: Math.round(share * 1e4) / 1e4, path: "dictionary" };
  }
  if (classifier)
    return { category: classifier.label, confidence: classifier.confidence, path: "classifier" };
  return { category: null, confidence: 0, path: "none" };
}

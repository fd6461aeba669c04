/**
 * The features the script model reads: the utterance's tokens; one token per context label (language,
 * scene, intent, emotion, product) and three crossed labels (language × scene × emotion, scene × product,
 * scene × intent), because which script fits depends on the labels together, which naive Bayes and kNN
 * cannot combine by themselves (crossed labels lifted held-out top-1 from about 0.46 to 0.65); and the
 * tokens of the previous utterance marked `prev_`, so that a word said now and a turn earlier stay apart.
 */
import { tokenize } from "../../../text/index.js";
import type { ScriptContext } from "./examples.js";

/** Previous utterances of the call whose tokens become `prev_` features. */
export const SCRIPT_CONTEXT_TURNS = 1;
/** Marks a token of an earlier utterance. */
export const PREVIOUS_PREFIX = "prev_";
/**
 * Times each context label token is repeated. TF-IDF gives labels shared by many utterances a low idf,
 * so that a rare word would outweigh the scene; repeating them lifts their weight (1 + ln 3 ≈ 2.1 with
 * sublinear tf).
 */
export const CONTEXT_REPEAT = 3;

/** What the features are, for the model registry. */
export const SCRIPT_FEATURES = [
  "text: utterance tokens (jieba + finance terms, stop words kept)",
  "lang_<zh|en>",
  "scene_<scene>",
  "intent_<intent>",
  "emotion_<emotion>",
  "product_<product|none>",
  "cell_<lang>_<scene>_<emotion>, sp_<scene>_<product|none>, si_<scene>_<intent>",
  `${PREVIOUS_PREFIX}<token>: tokens of the previous ${SCRIPT_CONTEXT_TURNS} utterance(s)`,
];

/** The feature tokens of an utterance in its context. */
export function scriptFeatures(
  text: string,
  context: ScriptContext,
  contextTurns = SCRIPT_CONTEXT_TURNS,
): string[] {
  const tokens = tokenize(text, { stopWords: false });
  const product = context.product ?? "none";
  const labels = [
    `lang_${context.lang}`,
    `scene_${context.scene}`,
    `intent_${context.intent}`,
    `emotion_${context.emotion}`,
    `product_${product}`,
    `cell_${context.lang}_${context.scene}_${context.emotion}`,
    `sp_${context.scene}_${product}`,
    `si_${context.scene}_${context.intent}`,
  ];
  for (let r = 0; r < CONTEXT_REPEAT; r++) tokens.push(...labels);
  const earlier = contextTurns > 0 ? context.previous.slice(-contextTurns) : [];
  for (const utterance of earlier)
    for (const token of tokenize(utterance, { stopWords: false })) tokens.push(`${PREVIOUS_PREFIX}${token}`);
  return tokens;
}

/**
 * One customer utterance understood, without storage or audio: scene and intent (with the earlier
 * utterances of the call as context), its relation to the previous utterance, the first emotion (the
 * lexicon), the second (the model over words and voice), their weighted combination, the product talked
 * about, and the top scripts for the agent — which skip scripts already shown in the call.
 */
import type { Voice } from "./audio/index.js";
import {
  type DialogueLanguage,
  type Intent,
  predictScene,
  relationOf,
  type Scene,
  type SentenceRelation,
} from "./dialogue/index.js";
import {
  type CombinedEmotion,
  combineEmotion,
  DEFAULT_EMOTION_WEIGHTS,
  detectLanguage,
  type EmotionWeights,
  lexiconEmotion,
  predictEmotion,
} from "./emotion/index.js";
import type { CallModels } from "./models.js";
import { type Product, productDiscussed, type RecommendedScript, recommendScripts } from "./scripts/index.js";

/** What the customer said: the words (recognized or given), and the voice when there was audio. */
export interface UtteranceInput {
  text: string;
  lang?: DialogueLanguage;
  voice?: Voice | null;
}

/** What the call already holds. */
export interface CallContext {
  /** The customer's earlier utterances, oldest first. */
  previous: readonly string[];
  /** Script ids already shown in the call. */
  alreadyShown: readonly string[];
  /** Weights of the first and second emotion (default 0.4 / 0.6). */
  weights?: EmotionWeights;
  /** Scripts to show (default 3). */
  top?: number;
}

export interface UtteranceAnalysis {
  text: string;
  lang: DialogueLanguage;
  relation: SentenceRelation;
  scene: Scene;
  sceneConfidence: number;
  intent: Intent;
  intentConfidence: number;
  emotion: CombinedEmotion;
  product: Product | null;
  voice: Voice | null;
  scripts: RecommendedScript[];
}

/** Analyses one customer utterance in the context of its call. */
export function analyzeUtterance(
  models: CallModels,
  input: UtteranceInput,
  context: CallContext,
): UtteranceAnalysis {
  const text = input.text.trim();
  const lang = input.lang ?? detectLanguage(text);
  const voice = input.voice ?? null;
  const scene = predictScene(models.scene, text, context.previous);
  const emotion = combineEmotion(
    lexiconEmotion(text, lang),
    predictEmotion(models.emotion, text, voice, lang),
    context.weights ?? DEFAULT_EMOTION_WEIGHTS,
  );
  const product = productDiscussed(text, context.previous);
  const scripts = recommendScripts(
    models.scripts,
    models.library,
    {
      text,
      lang,
      scene: scene.scene,
      intent: scene.intent,
      emotion: { label: emotion.label, intensity: emotion.intensity },
      previous: context.previous,
      alreadyShown: context.alreadyShown,
      product,
    },
    { top: context.top },
  );
  return {
    text,
    lang,
    relation: relationOf(context.previous.at(-1), text),
    ...scene,
    emotion,
    product,
    voice,
    scripts,
  };
}

/**
 * The scripts shown to the agent: candidates are the model's most probable scripts (MODEL_CANDIDATES, at
 * least MODEL_CANDIDATE_MIN_PROBABILITY) plus the library's scripts of the utterance's scene and language,
 * widened to the whole language when fewer than `top` unshown ones are left; each scores
 *
 *   MODEL_WEIGHT × p(script) + SCENE_MATCH_WEIGHT × [same scene]
 *   + TONE_FIT_WEIGHT × TONE_FIT[emotion][tone] × (INTENSITY_FLOOR + (1 − INTENSITY_FLOOR) × intensity)
 *   + INTENT_TONE_WEIGHT × [tone answers the intent] + PRODUCT_MATCH_WEIGHT × [same product]
 *   − PRODUCT_MISMATCH_PENALTY × [another product] − ALREADY_SHOWN_PENALTY × [shown earlier in the call]
 *
 * Another language is never a candidate. Ties go to the smaller id, so the answer is deterministic.
 */
import { NudgeError, round4 } from "../../../core/index.js";
import type { DialogueLanguage, Emotion, Intent, Scene } from "../dialogue/calls.js";
import type { Product, Script, Tone } from "./library.js";
import { type FittedScriptModel, scriptProbabilities } from "./model.js";

/** The moment to recommend for. */
export interface RankContext {
  text: string;
  lang: DialogueLanguage;
  scene: Scene;
  intent: Intent;
  /** Intensity in [0, 1] scales how much the tone matters. */
  emotion: { label: Emotion; intensity: number };
  /** The customer's earlier utterances in the call, oldest first. */
  previous: readonly string[];
  /** Script ids shown or said earlier in the call. */
  alreadyShown: readonly string[];
  product?: Product | null;
}

/** One script on the agent's screen, with why it is there. */
export interface RecommendedScript {
  id: string;
  text: string;
  scene: Scene;
  tone: Tone;
  product: Product | null;
  score: number;
  reasons: string[];
}

/** The model's probability counts fully: it is what past calls say worked. */
export const MODEL_WEIGHT = 1;
/** A script written for the utterance's scene. */
export const SCENE_MATCH_WEIGHT = 0.35;
/**
 * Tone fit, up to ±0.8: an irritated customer's respectful exit outscores a sales pitch by at least 0.8
 * even at intensity 0, so the policy holds unless the model is nearly certain otherwise.
 */
export const TONE_FIT_WEIGHT = 0.8;
/** Share of the tone weight that applies at intensity 0; the rest grows with intensity. */
export const INTENSITY_FLOOR = 0.5;
/** A tone that answers what the customer just did (a refusal, a callback request, an agreement …). */
export const INTENT_TONE_WEIGHT = 0.2;
/** A script about the product being discussed. */
export const PRODUCT_MATCH_WEIGHT = 0.25;
/** A script about another product than the one being discussed. */
export const PRODUCT_MISMATCH_PENALTY = 0.15;
/** Larger than every other term together: a repeated script comes last unless nothing else is left. */
export const ALREADY_SHOWN_PENALTY = 10;
/** How many of the model's most probable scripts become candidates. */
export const MODEL_CANDIDATES = 10;
/**
 * Below this probability a script of another scene is not a candidate: near-zero model scores would
 * otherwise let an off-topic script in on tone and product alone.
 */
export const MODEL_CANDIDATE_MIN_PROBABILITY = 0.02;
/** Scripts shown by default. */
export const DEFAULT_TOP = 3;
/** Below this probability the model is not given as a reason. */
export const MODEL_REASON_MIN_PROBABILITY = 0.1;
/** Tone fits at or above this are given as a reason. */
const TONE_REASON_MIN_FIT = 0.5;

/** How well each tone suits each emotion, in [−1, 1]: never a hard sell to an irritated customer. */
export const TONE_FIT: Readonly<Record<Emotion, Readonly<Record<Tone, number>>>> = {
  irritated: {
    respectful_exit: 1,
    apologetic: 1,
    empathetic: 0.3,
    reassuring: 0,
    warm: -0.5,
    informative: -0.5,
    closing: -1,
  },
  negative: {
    empathetic: 1,
    reassuring: 1,
    apologetic: 0.6,
    respectful_exit: 0.3,
    informative: 0.2,
    warm: 0,
    closing: -0.5,
  },
  neutral: {
    informative: 0.6,
    warm: 0.5,
    reassuring: 0.3,
    closing: 0.2,
    empathetic: 0.1,
    apologetic: 0,
    respectful_exit: 0,
  },
  positive: {
    closing: 1,
    informative: 0.6,
    warm: 0.6,
    reassuring: 0.2,
    empathetic: 0,
    apologetic: -0.3,
    respectful_exit: -0.3,
  },
};

/** Tones that answer an intent, and how the reason says so. */
export const INTENT_TONES: Readonly<Partial<Record<Intent, { tones: readonly Tone[]; reason: string }>>> = {
  refuse: { tones: ["respectful_exit"], reason: "respects the customer's no" },
  request_callback: { tones: ["respectful_exit", "closing"], reason: "answers the callback request" },
  agree: { tones: ["closing"], reason: "moves an agreeing customer to the next step" },
  complain: { tones: ["apologetic", "empathetic"], reason: "acknowledges the complaint" },
  hesitate: { tones: ["reassuring", "empathetic"], reason: "eases the hesitation" },
  ask_risk: { tones: ["informative", "reassuring"], reason: "answers the question about risk" },
  ask_rate: { tones: ["informative"], reason: "answers the question asked" },
  ask_term: { tones: ["informative"], reason: "answers the question asked" },
  ask_info: { tones: ["informative"], reason: "answers the question asked" },
};

const SCENE_REASON: Readonly<Record<Scene, string>> = {
  opening: "fits the opening of the call",
  needs_discovery: "fits needs discovery",
  product_introduction: "fits the product introduction",
  objection_price: "fits objection: price",
  objection_risk: "fits objection: risk",
  objection_liquidity: "fits objection: liquidity",
  objection_trust: "fits objection: trust",
  closing: "fits closing",
  complaint: "fits a complaint",
};
const TONE_WORD: Readonly<Record<Tone, string>> = {
  respectful_exit: "calm, no-pressure",
  apologetic: "apologetic",
  empathetic: "empathetic",
  reassuring: "reassuring",
  informative: "factual",
  warm: "warm",
  closing: "next-step",
};
const CUSTOMER: Readonly<Record<Emotion, string>> = {
  irritated: "an irritated customer",
  negative: "a worried customer",
  neutral: "a calm customer",
  positive: "an interested customer",
};

/** The top scripts (3 by default) for the moment, best first, each with its reasons. */
export function recommendScripts(
  model: FittedScriptModel,
  library: readonly Script[],
  context: RankContext,
  options: { top?: number } = {},
): RecommendedScript[] {
  const top = options.top ?? DEFAULT_TOP;
  if (!Number.isInteger(top) || top < 1)
    throw new NudgeError("INPUT_INVALID", `top must be a whole number ≥ 1, got ${top}`);
  const { intensity } = context.emotion;
  if (!(intensity >= 0 && intensity <= 1))
    throw new NudgeError("INPUT_INVALID", `emotion intensity must be in [0, 1], got ${intensity}`);
  const index = indexOf(library);
  const probabilities = scriptProbabilities(model, context.text, {
    ...context,
    emotion: context.emotion.label,
  });
  const probability = new Map(model.classes.map((id, c) => [id, probabilities[c] as number]));
  const shown = new Set(context.alreadyShown);
  const candidates = new Map<string, Script>();
  for (const id of mostProbable(model.classes, probabilities, MODEL_CANDIDATES)) {
    const script = index.byId.get(id);
    if (script?.lang === context.lang && (probability.get(id) as number) >= MODEL_CANDIDATE_MIN_PROBABILITY)
      candidates.set(id, script);
  }
  for (const script of index.byCell.get(cellKey(context.lang, context.scene)) ?? [])
    candidates.set(script.id, script);
  if ([...candidates.keys()].filter((id) => !shown.has(id)).length < top)
    for (const script of index.byLang.get(context.lang) ?? []) candidates.set(script.id, script);
  return [...candidates.values()]
    .map((script) => scored(script, probability.get(script.id) ?? 0, context, shown, model))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, top)
    .map((r) => ({ ...r, score: round4(r.score) }));
}

function scored(
  script: Script,
  p: number,
  context: RankContext,
  shown: ReadonlySet<string>,
  model: FittedScriptModel,
): RecommendedScript {
  const reasons: string[] = [];
  let score = MODEL_WEIGHT * p;
  if (script.scene === context.scene) {
    score += SCENE_MATCH_WEIGHT;
    reasons.push(SCENE_REASON[script.scene]);
  }
  const emotion = context.emotion.label;
  const fit = TONE_FIT[emotion][script.tone];
  score += TONE_FIT_WEIGHT * fit * (INTENSITY_FLOOR + (1 - INTENSITY_FLOOR) * context.emotion.intensity);
  if (fit >= TONE_REASON_MIN_FIT) reasons.push(`${TONE_WORD[script.tone]} tone for ${CUSTOMER[emotion]}`);
  const answers = INTENT_TONES[context.intent];
  if (answers?.tones.includes(script.tone)) {
    score += INTENT_TONE_WEIGHT;
    reasons.push(answers.reason);
  }
  if (context.product && script.product) {
    if (script.product === context.product) {
      score += PRODUCT_MATCH_WEIGHT;
      reasons.push(`about the product discussed (${script.product.replace("_", " ")})`);
    } else score -= PRODUCT_MISMATCH_PENALTY;
  }
  const calls = model.support[script.id] ?? 0;
  if (p >= MODEL_REASON_MIN_PROBABILITY && calls > 0)
    reasons.push(`model: worked in ${calls} similar call${calls === 1 ? "" : "s"}`);
  if (shown.has(script.id)) {
    score -= ALREADY_SHOWN_PENALTY;
    reasons.push("already shown in this call");
  }
  if (reasons.length === 0) reasons.push("closest remaining script in this language");
  const { id, text, scene, tone, product } = script;
  return { id, text, scene, tone, product, score, reasons };
}

/** Ids of the k most probable classes, ties to the smaller index. */
function mostProbable(classes: readonly string[], p: Float32Array, k: number): string[] {
  return classes
    .map((_, c) => c)
    .sort((a, b) => (p[b] as number) - (p[a] as number) || a - b)
    .slice(0, k)
    .map((c) => classes[c] as string);
}

interface LibraryIndex {
  byId: Map<string, Script>;
  byCell: Map<string, Script[]>;
  byLang: Map<string, Script[]>;
}

/** Built once per library array: a call ranks many times against the same library. */
const indexes = new WeakMap<readonly Script[], LibraryIndex>();

function indexOf(library: readonly Script[]): LibraryIndex {
  let index = indexes.get(library);
  if (index === undefined) {
    index = { byId: new Map(), byCell: new Map(), byLang: new Map() };
    for (const script of library) {
      index.byId.set(script.id, script);
      push(index.byCell, cellKey(script.lang, script.scene), script);
      push(index.byLang, script.lang, script);
    }
    indexes.set(library, index);
  }
  return index;
}

function push(map: Map<string, Script[]>, key: string, script: Script): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [script]);
  else list.push(script);
}

function cellKey(lang: string, scene: string): string {
  return `${lang}/${scene}`;
}

/**
 * Seed examples: there are no recorded calls with chosen scripts yet, so "the script that worked" for
 * each utterance of the labeled dialogue set is derived by a rule. The labels are only as good as the
 * rule; agents' ratings (examples.ts) are what retraining adds.
 *
 * The rule, for one customer utterance: take the library scripts of its language and scene; keep those
 * whose tone suits its emotion (SEED_TONES), or only the respectful exits when the customer refuses or
 * asks for a callback and the scene has one; if none is left, keep the whole scene. Among them, keep the
 * scripts about the product discussed so far in the call (productDiscussed), else the product-neutral
 * ones, else all. Pick one with a generator seeded by the seed and the utterance id, so the pick does not
 * depend on row order.
 */
import { NudgeError, Rng } from "../../../core/index.js";
import { type DialogueRow, type Emotion, type Intent, previousUtterances } from "../dialogue/calls.js";
import type { ScriptExample } from "./examples.js";
import type { Product, Script, Tone } from "./library.js";

/** Tones that suit each emotion (irritated: calm exits, not a sales pitch). */
export const SEED_TONES: Readonly<Record<Emotion, readonly Tone[]>> = {
  irritated: ["respectful_exit", "apologetic"],
  negative: ["empathetic", "reassuring", "apologetic"],
  neutral: ["informative", "warm"],
  positive: ["closing", "informative", "warm"],
};

/** Intents that ask the agent to stop or come back later: a respectful exit fits whatever the emotion. */
export const EXIT_INTENTS: ReadonlySet<Intent> = new Set(["refuse", "request_callback"]);

/** Default seed of the pick among suitable scripts. */
export const SEED_PICK_SEED = 20_240_610;

/**
 * Words that name a product, checked in this order (the first product an utterance names wins): credit
 * cards before loans ("比贷款还贵" about an instalment plan), insurance before loans (policy loans).
 */
const PRODUCT_WORDS: readonly [Product, RegExp][] = [
  ["credit_card", /信用卡|分[\d一二三四五六七八九十两]{0,3}期|年费|办卡|credit card|installment/i],
  [
    "insurance",
    /保险|保费|保单|重疾|医疗险|年金|终身寿|理赔|退保|核保|\binsurance\b|\bpolicy\b|premium|annuity|coverage/i,
  ],
  ["fund", /基金|定投|\bfunds\b|\b(?:money market|equity|index|bond|mutual|new) fund\b/i],
  [
    "wealth",
    /理财|私募|投顾|私人银行|两融|融资融券|佣金|积存金|逆回购|\bwealth\b|advisory|portfolio|structured note|\bira\b|401k|rollover|brokerage|treasury/i,
  ],
  [
    "deposit",
    /存单|定期|存款|活期|\bcds?\b|certificate of deposit|savings|term deposit|money market account/i,
  ],
  ["loan", /贷款|装修贷|房贷|\bloan\b|\bapr\b|mortgage|lender/i],
];

/** The product an utterance names, if any. */
export function productMentioned(text: string): Product | null {
  for (const [product, words] of PRODUCT_WORDS) if (words.test(text)) return product;
  return null;
}

/** The product discussed at an utterance: the one it names, else the latest its call named before it. */
export function productDiscussed(text: string, previous: readonly string[]): Product | null {
  const named = productMentioned(text);
  if (named !== null) return named;
  for (let i = previous.length - 1; i >= 0; i--) {
    const earlier = productMentioned(previous[i] as string);
    if (earlier !== null) return earlier;
  }
  return null;
}

/** One seed example per utterance of the rows, by the rule of the module comment. */
export function seedExamples(
  rows: readonly DialogueRow[],
  library: readonly Script[],
  seed = SEED_PICK_SEED,
): ScriptExample[] {
  const previous = previousUtterances(rows);
  return rows.map((row, i) => {
    const before = previous[i] ?? [];
    const product = productDiscussed(row.text, before);
    const scene = library.filter((s) => s.lang === row.lang && s.scene === row.scene);
    if (scene.length === 0)
      throw new NudgeError("NOT_FOUND", `no ${row.lang} script for the scene ${row.scene} (row ${row.id})`, {
        row: row.id,
      });
    const candidates = aboutProduct(suitableTones(scene, row.emotion, row.intent), product);
    const pick = new Rng(pickSeed(seed, row.id)).pick(candidates);
    return {
      text: row.text,
      context: {
        lang: row.lang,
        scene: row.scene,
        intent: row.intent,
        emotion: row.emotion,
        previous: before,
        product,
      },
      scriptId: pick.id,
      callId: row.callId,
    };
  });
}

/** The scene's scripts whose tone suits the emotion (or exits, for a refusal or callback request). */
function suitableTones(scene: readonly Script[], emotion: Emotion, intent: Intent): readonly Script[] {
  if (EXIT_INTENTS.has(intent)) {
    const exits = scene.filter((s) => s.tone === "respectful_exit");
    if (exits.length > 0) return exits;
  }
  const suited = scene.filter((s) => SEED_TONES[emotion].includes(s.tone));
  return suited.length > 0 ? suited : scene;
}

/** The scripts about the product, else the product-neutral ones, else all of them. */
function aboutProduct(scripts: readonly Script[], product: Product | null): readonly Script[] {
  const exact = product === null ? [] : scripts.filter((s) => s.product === product);
  if (exact.length > 0) return exact;
  const neutral = scripts.filter((s) => s.product === null);
  return neutral.length > 0 ? neutral : scripts;
}

/** FNV-1a of "seed:id": the pick of an utterance depends on nothing else. */
function pickSeed(seed: number, id: string): number {
  let hash = 0x811c9dc5;
  for (const char of `${seed}:${id}`) {
    hash ^= char.codePointAt(0) as number;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * Training examples of the script model: a customer utterance, its context, and the script that worked
 * there. Seed examples come from a rule over the labeled dialogue set (seed.ts); the real signal is what
 * agents rate: a shown script rated at least RATING_THRESHOLD becomes an example.
 */
import { NudgeError } from "../../../core/index.js";
import type { DialogueLanguage, Emotion, Intent, Scene } from "../dialogue/calls.js";
import type { Product } from "./library.js";

/** What is known about the moment a script is chosen for. */
export interface ScriptContext {
  lang: DialogueLanguage;
  scene: Scene;
  intent: Intent;
  emotion: Emotion;
  /** The customer's earlier utterances in the call, oldest first. */
  previous: readonly string[];
  /** The product being discussed, when known. */
  product?: Product | null;
}

/** One example: in this context, after this utterance, this script worked. */
export interface ScriptExample {
  text: string;
  context: ScriptContext;
  scriptId: string;
  /** The call it came from: held-out splits keep a call's examples together. */
  callId?: string;
}

/** An agent's 0–100 rating of a script shown after an utterance. */
export interface ScriptRating {
  score: number;
  scriptId: string;
  text: string;
  context: ScriptContext;
  callId?: string;
}

/** Ratings at or above this make a script "the one that worked" for its utterance. */
export const RATING_THRESHOLD = 80;

/** The examples agents' ratings give: those rated at least RATING_THRESHOLD. */
export function examplesFromRatings(ratings: readonly ScriptRating[]): ScriptExample[] {
  return ratings
    .filter((rating, i) => {
      if (!Number.isFinite(rating.score) || rating.score < 0 || rating.score > 100)
        throw new NudgeError("INPUT_INVALID", `rating ${i}: score must be in [0, 100], got ${rating.score}`, {
          row: i,
          field: "score",
        });
      return rating.score >= RATING_THRESHOLD;
    })
    .map(({ scriptId, text, context, callId }) => ({
      text,
      context,
      scriptId,
      ...(callId === undefined ? {} : { callId }),
    }));
}

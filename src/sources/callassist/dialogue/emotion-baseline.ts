/**
 * How the lexicon alone labels the emotion column of the dialogue set: the baseline that the combined
 * emotion model (words + voice) must beat.
 */
import { round4 } from "../../../core/index.js";
import { classAccuracy, classMacroF1 } from "../../../text/classify/index.js";
import { lexiconEmotion } from "../emotion/index.js";
import { type DialogueRow, EMOTIONS, type Emotion } from "./calls.js";

export interface EmotionBaseline {
  rows: number;
  accuracy: number;
  macroF1: number;
  /** confusion[truth][predicted] = rows. */
  confusion: Record<Emotion, Record<Emotion, number>>;
}

/** Accuracy, macro-F1 and confusion of `lexiconEmotion` against the rows' emotion labels. */
export function lexiconBaseline(rows: readonly DialogueRow[]): EmotionBaseline {
  const index = new Map<string, number>(EMOTIONS.map((e, i) => [e, i]));
  const predicted = rows.map((row) => lexiconEmotion(row.text, row.lang).label);
  const confusion = Object.fromEntries(
    EMOTIONS.map((truth) => [truth, Object.fromEntries(EMOTIONS.map((p) => [p, 0]))]),
  ) as Record<Emotion, Record<Emotion, number>>;
  rows.forEach((row, i) => {
    confusion[row.emotion][predicted[i] as Emotion]++;
  });
  const truth = Int32Array.from(rows, (row) => index.get(row.emotion) as number);
  const guess = Int32Array.from(predicted, (label) => index.get(label) as number);
  return {
    rows: rows.length,
    accuracy: round4(classAccuracy(truth, guess)),
    macroF1: round4(classMacroF1(truth, guess, EMOTIONS.length)),
    confusion,
  };
}

/**
 * How far a transcript is from the truth: word error rate for English (lowercased, punctuation stripped,
 * split on spaces) and character error rate for Chinese (punctuation and spaces stripped, one character a
 * unit). Both are the Levenshtein distance (substitutions + deletions + insertions) over the reference
 * length, so they can exceed 1 when the hypothesis is much longer than the reference. An empty reference
 * scores 0 against an empty hypothesis and 1 against anything else.
 */

/** Edit distance between two token sequences. */
export function levenshtein<T>(reference: readonly T[], hypothesis: readonly T[]): number {
  let previous = Array.from({ length: hypothesis.length + 1 }, (_, j) => j);
  for (let i = 1; i <= reference.length; i++) {
    const current = [i];
    for (let j = 1; j <= hypothesis.length; j++) {
      const substitution = previous[j - 1]! + (reference[i - 1] === hypothesis[j - 1] ? 0 : 1);
      current[j] = Math.min(substitution, previous[j]! + 1, current[j - 1]! + 1);
    }
    previous = current;
  }
  return previous[hypothesis.length]!;
}

/** Letters, digits and apostrophes inside words survive; everything else separates words. */
export function englishWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, " ")
    .replace(/(^|\s)'+|'+(?=\s|$)/g, " ")
    .split(" ")
    .filter(Boolean);
}

/** Characters other than punctuation, symbols and spaces. */
export function chineseCharacters(text: string): string[] {
  return [...text.replace(/[\p{P}\p{S}\p{Z}\s]/gu, "")];
}

function rate(reference: string[], hypothesis: string[]): number {
  if (reference.length === 0) return hypothesis.length === 0 ? 0 : 1;
  return levenshtein(reference, hypothesis) / reference.length;
}

/** Word error rate of `hypothesis` against `reference` (English). */
export function wordErrorRate(reference: string, hypothesis: string): number {
  return rate(englishWords(reference), englishWords(hypothesis));
}

/** Character error rate of `hypothesis` against `reference` (Chinese). */
export function characterErrorRate(reference: string, hypothesis: string): number {
  return rate(chineseCharacters(reference), chineseCharacters(hypothesis));
}

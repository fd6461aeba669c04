/**
 * Character n-grams of Chinese text, for TF-IDF next to the jieba words: a word the segmenter cut wrongly
 * or does not know (a name, a new term) still shares its characters and character pairs with the texts
 * that spell it, the usual remedy in Chinese text classification. The n-grams run over the characters of
 * adjacent all-Han tokens, so they cross word boundaries but not numbers, Latin words or dropped tokens
 * other than stop words.
 */

/** Prefix of character n-gram terms: the character 股 and the one-character word 股 stay two features. */
export const HAN_NGRAM_PREFIX = "字:";

/** A token made only of Han (Chinese) characters. */
const ALL_HAN = /^\p{Script=Han}+$/u;

/**
 * Appends to `out` every character n-gram, n = 1..longest, of each run of adjacent all-Han tokens of
 * `tokens`, each as HAN_NGRAM_PREFIX + characters; gives `out`.
 */
export function appendHanNgrams(tokens: readonly string[], longest: number, out: string[]): string[] {
  if (longest < 1) return out;
  let run: string[] = [];
  const flush = () => {
    for (let i = 0; i < run.length; i++) {
      let gram = HAN_NGRAM_PREFIX;
      for (let n = 0; n < longest && i + n < run.length; n++) {
        gram += run[i + n];
        out.push(gram);
      }
    }
    run = [];
  };
  for (const token of tokens) {
    if (ALL_HAN.test(token)) for (const character of token) run.push(character);
    else if (run.length > 0) flush();
  }
  if (run.length > 0) flush();
  return out;
}

/** Upper bound of the n-grams appendHanNgrams adds for `tokens`: one per character and length. */
export function hanNgramBound(tokens: readonly string[], longest: number): number {
  if (longest < 1) return 0;
  let units = 0;
  for (const token of tokens) units += token.length;
  return units * longest;
}

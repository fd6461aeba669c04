/**
 * Stop words: function words that carry no topic, dropped by `tokenize` unless asked to keep them. Compact
 * on purpose (particles, pronouns, conjunctions, prepositions, auxiliaries): a long list starts dropping
 * words a financial message means, such as 不 and not, 没有 and no, which stay.
 */

/** Chinese function words. */
const CHINESE_STOP_WORDS = `
  的 了 和 是 在 也 就 都 而 及 与 或 着 之 其 等 把 被 让 给 从 向 对 于 以 为 由 因 但 则 又 并 即
  吗 呢 吧 啊 呀 哦 嗯 哈 啦 么 嘛 哟 呵 诶
  我 你 他 她 它 我们 你们 他们 她们 它们 咱们 您 自己 这 那 这个 那个 这些 那些 这里 那里 这样 那样
  什么 怎么 哪 哪里 哪个
  一个 一些 一下 一种 一样 个 些 位 次
  因为 所以 如果 虽然 但是 而且 或者 并且 然后 以及 还是 就是 只是 不过 可以 可能 已经 还 再 很 太 更 最
  被 地 得 过 来 去 上 下 中 里 有 会 要 能 将 才 吧 当 跟 同 比 像
`;

/** English function words (lower case; tokens are lowercased before the check). */
const ENGLISH_STOP_WORDS = `
  a an the and or but if then than so as of at by for with about against between into through during
  before after above below to from up down in out on off over under again further once here there when
  where why how all any both each few more most other some such only own same too very
  i me my myself we our ours you your yours he him his she her hers it its they them their theirs
  what which who whom this that these those am is are was were be been being have has had having do does
  did doing will would shall should can could may might must s t d ll m re ve
`;

/** All stop words, Chinese and English. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `${CHINESE_STOP_WORDS} ${ENGLISH_STOP_WORDS}`.split(/\s+/).filter((word) => word.length > 0),
);

/** Whether a (lowercased) token is a stop word. */
export function isStopWord(token: string): boolean {
  return STOP_WORDS.has(token);
}

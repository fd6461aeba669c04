/**
 * How an utterance relates to the one before it (the agent's or the customer's), by rules: a question,
 * a follow-up question (it continues the topic: "那三年的呢？", "What about the fees?"), an answer to a
 * question, or a plain statement. Punctuation decides when the transcript ends its sentences (a question
 * mark or not); without it (raw speech recognition) sentence-final particles, A-not-A forms, question
 * words and English word order do.
 */

export type SentenceRelation = "question" | "answer" | "follow_up" | "statement";

/** 吗 anywhere at the end; 呢 at the end unless it marks an ongoing state ("我还在考虑呢", "忙着呢"). */
const ZH_FINAL_PARTICLE = /(?:吗|么)$/u;
const ZH_FINAL_NE = /呢$/u;
const ZH_ONGOING_NE = /(?:着|在\p{Script=Han}{0,6})呢$/u;
/** A-not-A ("是不是", "能不能") and question words that are questions wherever they stand. */
const ZH_QUESTION_FORM =
  /(\p{Script=Han})[不没]\1|多少|多久|多长时间|为什么|为啥|怎么办|怎么样(?!了)|如何|哪里|哪儿|哪个|哪些|哪家|什么时候|啥时候|几号|几年|几天|谁/u;
/** An English question starts with a question word or an auxiliary. */
const EN_QUESTION_START =
  /^(?:what|how|why|when|where|which|who|whose|whom|is|are|am|was|were|do|does|did|can|could|will|would|should|shall|may|might|have|has|had)\b/i;
/** Words before the question proper: "and is there…", "so what…", "okay, how…". */
const EN_LEAD_IN = /^(?:(?:and|so|but|also|then|plus|okay|ok|well|oh|um|uh)\b[,\s]*)+/i;
/** …unless the auxiliary is negated without inversion ("can't talk now" is a statement). */
const EN_NEGATED_AUXILIARY = /^\w+(?:n't|\s+not)\b/i;
/** A tag asking for confirmation: "…, right", "…, correct". */
const EN_TAG_QUESTION = /,\s*(?:right|correct|yes|no)$/i;
/** Openings that carry a question on from what was said before. */
const CONTINUATION =
  /^(?:那么?|还有|另外|再问|如果|要是|万一|and|also|so|then|plus|besides|what about|how about|what if|if)(?![a-z])/iu;
/** An elliptical 呢-question this short ("三年的呢") leans on the previous utterance for its topic. */
const ELLIPTICAL_MAX_CHARS = 8;
/** A text ending in a full stop or exclamation mark is punctuated: the missing question mark decides. */
const SENTENCE_END = /[。！!.…]["'”’)）\s]*$/u;
const TRAILING = /[\s,.!?;:，。！？；：、…"'”’)）]+$/u;

/** Whether the text asks something (see the module comment for the rules). */
export function isQuestion(text: string): boolean {
  const trimmed = text.normalize("NFKC").trim();
  if (trimmed.includes("?")) return true;
  if (SENTENCE_END.test(trimmed)) return false;
  const bare = trimmed.replace(TRAILING, "");
  if (ZH_FINAL_PARTICLE.test(bare) || (ZH_FINAL_NE.test(bare) && !ZH_ONGOING_NE.test(bare))) return true;
  if (ZH_QUESTION_FORM.test(bare)) return true;
  const clause = bare.replace(EN_LEAD_IN, "");
  return (EN_QUESTION_START.test(clause) && !EN_NEGATED_AUXILIARY.test(clause)) || EN_TAG_QUESTION.test(bare);
}

/** The relation of `text` to the utterance before it (none at the start of a call). */
export function relationOf(previous: string | undefined, text: string): SentenceRelation {
  const hasPrevious = previous !== undefined && previous.trim().length > 0;
  if (isQuestion(text)) return hasPrevious && continuesTopic(text) ? "follow_up" : "question";
  if (hasPrevious && isQuestion(previous)) return "answer";
  return "statement";
}

function continuesTopic(text: string): boolean {
  const bare = text.normalize("NFKC").trim();
  if (CONTINUATION.test(bare)) return true;
  const core = bare.replace(TRAILING, "");
  return ZH_FINAL_NE.test(core) && [...core].length <= ELLIPTICAL_MAX_CHARS;
}

/**
 * Stored messages through the pipeline: tag them (category, path, keywords, fields and tags written
 * back to the message) and match one to customers, whose top N become candidates.
 */
import { type Clock, NudgeError, systemClock } from "../../core/index.js";
import type { Store } from "../../store/index.js";
import type { MessageTags } from "../../text/extract/index.js";
import type { MessageClassification, MessageClassifier } from "./classify.js";
import { type MatchQuery, type MatchResult, matchCustomers, writeMessageCandidates } from "./match.js";

export interface TaggedMessage extends MessageClassification {
  id: string;
  text: string;
  channel: string | null;
}

/** Classifies stored messages (all, or these ids) and writes category and tags back; answers each. */
export async function tagMessages(
  store: Store,
  classifier: MessageClassifier,
  options: { ids?: readonly string[]; clock?: Clock } = {},
): Promise<TaggedMessage[]> {
  const at = (options.clock ?? systemClock).now().toISOString();
  const wanted = options.ids ? new Set(options.ids) : null;
  const messages = (await store.messages.list()).filter((m) => !wanted || wanted.has(m.id));
  const tagged: TaggedMessage[] = [];
  for (const message of messages) {
    const result = classifier.classify(message.text);
    const { category, ...rest } = result;
    await store.messages.setTags(message.id, category, JSON.stringify(rest), at);
    tagged.push({ id: message.id, text: message.text, channel: message.channel, ...result });
  }
  return tagged;
}

/** The portrait terms a message's tags ask for, and the constraints it carries. */
export function matchQuery(tags: MessageTags, channel: string | null): MatchQuery {
  return {
    terms: [
      { name: "interest", value: tags.interest },
      // Predicted near-term demand for the category, per group (demand.fund), when a model set it.
      { name: `demand.${tags.interest}` },
      { name: "spending_capacity", value: tags.consumption },
      ...(channel ? [{ name: "channel_preference", value: channel }] : []),
    ],
    ageRange: tags.ageMin !== null || tags.ageMax !== null ? { min: tags.ageMin, max: tags.ageMax } : null,
    riskLevel: tags.minRiskTolerance,
    channel,
  };
}

export interface MessageMatch extends MatchResult {
  messageId: string;
  category: string;
  path: string;
  query: MatchQuery;
  candidates: number;
}

/**
 * The customers a stored message suits best: its stored tags (or a fresh classification), the portrait
 * match under the hard constraints, and — unless `write` is false — the top N written as candidates.
 */
export async function matchMessage(
  store: Store,
  messageId: string,
  options: {
    top: number;
    optInChannels: readonly string[];
    classifier: MessageClassifier;
    write?: boolean;
    clock?: Clock;
    onProgress?: (scanned: number, total: number) => void;
  },
): Promise<MessageMatch> {
  const message = await store.messages.get(messageId);
  if (!message) throw new NudgeError("NOT_FOUND", `no message '${messageId}'`);
  const classification = options.classifier.classify(message.text);
  if (!classification.category || !classification.tags)
    throw new NudgeError(
      "INPUT_INVALID",
      `message '${messageId}' has no category: neither the classifier nor the dictionary recognized it`,
    );
  const query = matchQuery(classification.tags, message.channel);
  const result = await matchCustomers(store, query, {
    top: options.top,
    optInChannels: options.optInChannels,
    onProgress: options.onProgress,
  });
  const candidates =
    options.write === false
      ? 0
      : await writeMessageCandidates(store, messageId, result.matched, {
          clock: options.clock,
          modelId: classification.classifier?.model ?? null,
        });
  return {
    messageId,
    category: classification.category,
    path: classification.path,
    query,
    ...result,
    candidates,
  };
}

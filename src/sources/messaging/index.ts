/** Message tagging and matching: message → category (classifier or dictionary) → tags → matched customers. */

/** Category, confidence, deciding path, keywords, fields and tags of one message. */
export {
  type ClassifierOptions,
  DEFAULT_CONFIDENCE_THRESHOLD,
  type DecidingPath,
  MESSAGE_MODEL_NAME,
  type MessageClassification,
  MessageClassifier,
} from "./classify.js";
/** Portrait match under hard constraints (age, risk, consent), and message candidates. */
export {
  constraintRefusing,
  type MatchedCustomer,
  type MatchQuery,
  type MatchResult,
  MESSAGE_CANDIDATE_DAYS,
  MESSAGING_SOURCE,
  matchCustomers,
  writeMessageCandidates,
} from "./match.js";
/** Stored messages: tag them, match one. */
export { type MessageMatch, matchMessage, matchQuery, type TaggedMessage, tagMessages } from "./messages.js";

/**
 * The labeled dialogue set: customer utterances of phone sales calls (calls.csv), their label sets, the
 * CSV reader, each utterance's earlier utterances in its call, and the split of calls (never of
 * utterances: turns of one call share wording and topic, so splitting them would leak).
 */
import { readFileSync } from "node:fs";
import { NudgeError, Rng } from "../../../core/index.js";

/** Stage of the call an utterance belongs to. */
export const SCENES = [
  "opening",
  "needs_discovery",
  "product_introduction",
  "objection_price",
  "objection_risk",
  "objection_liquidity",
  "objection_trust",
  "closing",
  "complaint",
] as const;
/** What the customer does with the utterance. */
export const INTENTS = [
  "greeting",
  "provide_info",
  "ask_info",
  "ask_rate",
  "ask_risk",
  "ask_term",
  "express_interest",
  "hesitate",
  "refuse",
  "agree",
  "complain",
  "request_callback",
  "other",
] as const;
/** How the customer sounds. */
export const EMOTIONS = ["positive", "neutral", "negative", "irritated"] as const;
export const LANGUAGES = ["zh", "en"] as const;

export type Scene = (typeof SCENES)[number];
export type Intent = (typeof INTENTS)[number];
export type Emotion = (typeof EMOTIONS)[number];
export type DialogueLanguage = (typeof LANGUAGES)[number];

/** One customer utterance; `turn` counts the customer's utterances of the call from 1. */
export interface DialogueRow {
  id: string;
  lang: DialogueLanguage;
  callId: string;
  turn: number;
  text: string;
  scene: Scene;
  intent: Intent;
  emotion: Emotion;
}

const COLUMNS = ["id", "lang", "call_id", "turn", "text", "scene", "intent", "emotion"] as const;

/** The shipped set, next to this module in the source tree. */
export const SHIPPED_CALLS = new URL("./calls.csv", import.meta.url);

/** Reads and checks a dialogue CSV; the shipped calls.csv by default. */
export function readCalls(path: string | URL = SHIPPED_CALLS): DialogueRow[] {
  return parseCalls(readFileSync(path, "utf8"));
}

/** Rows of a dialogue CSV (header, RFC 4180 quoting); every label must be in its set. */
export function parseCalls(csv: string): DialogueRow[] {
  const [header, ...records] = csvRecords(csv);
  if (header === undefined || COLUMNS.some((c, i) => header[i] !== c))
    throw new NudgeError("INPUT_INVALID", `the dialogue CSV header must be ${COLUMNS.join(",")}`);
  return records.map((fields, r) => {
    const [id, lang, callId, turn, text, scene, intent, emotion] = fields as string[];
    const where = `dialogue row ${r + 1}`;
    return {
      id: id ?? "",
      lang: member(LANGUAGES, lang, `${where} lang`),
      callId: callId ?? "",
      turn: positiveInteger(turn, `${where} turn`),
      text: text ?? "",
      scene: member(SCENES, scene, `${where} scene`),
      intent: member(INTENTS, intent, `${where} intent`),
      emotion: member(EMOTIONS, emotion, `${where} emotion`),
    };
  });
}

/** For each row, the texts of the earlier turns of its call, oldest first. */
export function previousUtterances(rows: readonly DialogueRow[]): string[][] {
  const byCall = new Map<string, DialogueRow[]>();
  for (const row of rows) {
    const call = byCall.get(row.callId);
    if (call === undefined) byCall.set(row.callId, [row]);
    else call.push(row);
  }
  return rows.map((row) =>
    (byCall.get(row.callId) ?? [])
      .filter((other) => other.turn < row.turn)
      .sort((a, b) => a.turn - b.turn)
      .map((other) => other.text),
  );
}

/**
 * A seeded split of whole calls, per language so that both are in each part: round(testShare × calls)
 * of each language's calls go to test.
 */
export function splitByCall(
  rows: readonly DialogueRow[],
  seed: number,
  testShare = 0.3,
): { train: DialogueRow[]; test: DialogueRow[] } {
  const rng = new Rng(seed);
  const test = new Set<string>();
  for (const lang of LANGUAGES) {
    const calls = shuffledCalls(rows, lang, rng);
    for (const call of calls.slice(0, Math.round(calls.length * testShare))) test.add(call);
  }
  return {
    train: rows.filter((row) => !test.has(row.callId)),
    test: rows.filter((row) => test.has(row.callId)),
  };
}

/** A seeded fold (0 … folds − 1) for every call, dealt in turn per language after a shuffle. */
export function callFolds(rows: readonly DialogueRow[], folds: number, seed: number): Map<string, number> {
  const rng = new Rng(seed);
  const fold = new Map<string, number>();
  for (const lang of LANGUAGES)
    shuffledCalls(rows, lang, rng).forEach((call, i) => {
      fold.set(call, i % folds);
    });
  return fold;
}

/** The distinct calls of a language, in code-unit order, then shuffled (Fisher–Yates). */
function shuffledCalls(rows: readonly DialogueRow[], lang: DialogueLanguage, rng: Rng): string[] {
  const calls = [...new Set(rows.filter((r) => r.lang === lang).map((r) => r.callId))].sort();
  for (let i = calls.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [calls[i], calls[j]] = [calls[j] as string, calls[i] as string];
  }
  return calls;
}

function member<T extends string>(set: readonly T[], value: string | undefined, what: string): T {
  if (value === undefined || !(set as readonly string[]).includes(value))
    throw new NudgeError("INPUT_INVALID", `${what}: '${value}' is not one of ${set.join(", ")}`);
  return value as T;
}

function positiveInteger(value: string | undefined, what: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new NudgeError("INPUT_INVALID", `${what}: '${value}' is not a positive integer`);
  return n;
}

/** Records of a small CSV text: quoted fields may hold commas, newlines and doubled quotes. */
function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      fields.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      fields.push(field);
      if (fields.length > 1 || fields[0] !== "") records.push(fields);
      fields = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || fields.length > 0) records.push([...fields, field]);
  return records;
}

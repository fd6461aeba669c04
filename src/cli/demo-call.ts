/**
 * The demo's recorded call played into call assist: the customer's side of a sales call (src/demo/data/
 * demo-call.wav, cut into utterances by voice activity detection) with its transcript standing in for
 * recognition, utterance by utterance as on a live line — each stored with its voice, scene, intent,
 * emotion and the scripts the agent's screen showed; interest in a product becomes offer candidates for
 * the call's customer when one is named. The agent then rates the first script shown for the
 * last utterance 90, which makes it a training example of the script model.
 */

import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Clock } from "../core/index.js";
import {
  CallAssist,
  decodeAudio,
  encodeWav,
  speechSegments,
  type UtteranceResult,
} from "../sources/callassist/index.js";
import type { Store } from "../store/index.js";

/** The demo call's id, and the rating its agent gives. */
export const DEMO_CALL = { id: "demo-call", rating: 90 } as const;
/** Beside this module's source when run from src/, or in the shipped src/ when run compiled from dist/. */
const DATA = [new URL("../demo/data/", import.meta.url), new URL("../../src/demo/data/", import.meta.url)];

export interface CallTour {
  callId: string;
  utterances: UtteranceResult[];
  rated: { utteranceId: string; scriptId: string; rating: number; example: boolean; examples: number } | null;
}

export async function runCallTour(
  store: Store,
  options: { clock?: Clock; customerId?: string } = {},
): Promise<CallTour> {
  const folder = DATA.find((url) => existsSync(fileURLToPath(new URL("demo-call.wav", url)))) ?? DATA[0];
  const audio = decodeAudio(await readFile(new URL("demo-call.wav", folder)));
  const lines = (await readFile(new URL("demo-call.txt", folder), "utf8"))
    .split(/\r?\n/)
    .filter((l) => l.trim());
  const segments = speechSegments(audio);
  const assist = new CallAssist(store, { clock: options.clock });
  const utterances: UtteranceResult[] = [];
  for (const [i, text] of lines.entries()) {
    // Voice from the line's own stretch of audio when the detector found one per line.
    const segment = segments.length === lines.length ? segments[i] : undefined;
    utterances.push(
      await assist.utterance({
        callId: DEMO_CALL.id,
        text,
        lang: "en",
        // Named once, on the first line: the call's customer for the rest (interest becomes candidates).
        ...(i === 0 && options.customerId ? { customerId: options.customerId } : {}),
        ...(segment ? { audio: encodeWav({ samples: segment.samples }), format: "wav" as const } : {}),
      }),
    );
  }
  const last = utterances.at(-1);
  const script = last?.analysis?.scripts[0];
  const rated =
    last && script
      ? {
          utteranceId: last.utteranceId,
          scriptId: script.id,
          ...(await assist.rate({
            callId: DEMO_CALL.id,
            utteranceId: last.utteranceId,
            scriptId: script.id,
            rating: DEMO_CALL.rating,
            agent: "demo-agent",
          })),
        }
      : null;
  return { callId: DEMO_CALL.id, utterances, rated };
}

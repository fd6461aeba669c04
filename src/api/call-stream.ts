/**
 * A live call's stream: `GET /v1/calls/{id}/stream` upgrades (an API key with the `read` or the `decide`
 * scope; see upgrades.ts). The socket receives every utterance of the call as it is analysed — `{type:
 * "utterance", …}`, the same view `POST /v1/calls/{id}/utterances` answers — whoever sent it. With the
 * `decide` scope it may also send: binary frames of 16 kHz mono s16le PCM, cut into utterances by voice
 * activity detection and recognized; `{type: "utterance", text, lang?, speaker?, customerId?}`; and `{type: "end"}`
 * to flush the words still being spoken. Failures come back as `{type: "error", code, message}`.
 */
import type { FastifyInstance } from "fastify";
import type { WebSocket } from "ws";
import { errorMessage, isNudgeError } from "../core/index.js";
import {
  type CallAssist,
  encodeWav,
  UtteranceCutter,
  type UtteranceRequest,
  utteranceView,
} from "../sources/callassist/index.js";
import { socketServer } from "./agents.js";
import { allows } from "./keys.js";
import type { SocketRoute } from "./upgrades.js";

/** Largest frame: a second of PCM is 32 KB, so a quarter-minute fits. */
const MAX_PAYLOAD = 512 * 1024;

export function callStreamRoute(app: FastifyInstance, assist: CallAssist): SocketRoute {
  const wss = socketServer(app, MAX_PAYLOAD);
  return {
    path: /^\/v1\/calls\/([A-Za-z0-9_.:@-]{1,128})\/stream$/,
    scopes: ["read", "decide"],
    accept(request, socket, head, match, scopes) {
      const callId = match[1] as string;
      wss.handleUpgrade(request, socket, head, (ws) => {
        const send = (message: object) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
        };
        const leave = assist.listen(callId, (result) =>
          send({ type: "utterance", ...utteranceView(result) }),
        );
        ws.on("close", leave);
        ws.on("error", leave);
        send({ type: "hello", callId });
        if (allows(scopes, "decide")) speak(ws, callId, assist, send);
      });
    },
  };
}

/** What a client with the `decide` scope sends: audio frames and text utterances, in order. */
function speak(ws: WebSocket, callId: string, assist: CallAssist, send: (message: object) => void): void {
  let cutter: UtteranceCutter | undefined;
  let odd: number | undefined;
  // Utterances are analysed one after another, in the order they were said.
  let queue = Promise.resolve();
  const analyse = (request: Omit<UtteranceRequest, "callId">) => {
    queue = queue
      .then(() => assist.utterance({ callId, ...request }))
      .then(
        () => undefined,
        (error: unknown) =>
          send({
            type: "error",
            code: isNudgeError(error) ? error.code : "INTERNAL",
            message: errorMessage(error),
          }),
      );
  };
  const segments = (found: { samples: Float32Array }[]) => {
    for (const segment of found) analyse({ audio: encodeWav({ samples: segment.samples }), format: "wav" });
  };
  ws.on("message", (data, binary) => {
    if (binary) {
      const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
      // A sample may straddle two frames: keep its first byte for the next one.
      const all = odd === undefined ? bytes : Buffer.concat([Buffer.from([odd]), bytes]);
      const whole = all.length - (all.length % 2);
      odd = whole < all.length ? (all[whole] as number) : undefined;
      const samples = new Float32Array(whole / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = all.readInt16LE(2 * i) / 32768;
      cutter ??= new UtteranceCutter();
      segments(cutter.push(samples));
      return;
    }
    let message: {
      type?: string;
      text?: string;
      lang?: "zh" | "en";
      speaker?: "customer" | "agent";
      customerId?: string;
    };
    try {
      message = JSON.parse(String(data));
    } catch {
      return send({ type: "error", code: "INPUT_INVALID", message: "a text frame must be JSON" });
    }
    if (message.type === "utterance" && typeof message.text === "string")
      analyse({
        text: message.text,
        lang: message.lang,
        speaker: message.speaker,
        ...(typeof message.customerId === "string" ? { customerId: message.customerId } : {}),
      });
    else if (message.type === "end") segments(cutter?.flush() ?? []);
    else send({ type: "error", code: "INPUT_INVALID", message: `unknown message type '${message.type}'` });
  });
}

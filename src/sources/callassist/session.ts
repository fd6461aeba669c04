/**
 * Call assist over the store: an utterance of a live call arrives as text or audio; audio is decoded,
 * measured (voice features) and, without a transcript, recognized; a customer's utterance is analysed in
 * the context of the call's earlier turns and the scripts already shown; the utterance, what Nudge made
 * of it and the model versions are stored; listeners of the call (the agent's screen) get the result.
 * Agents rate shown scripts; a rating at or above the threshold (80) makes the (utterance, context,
 * script) an example of the script model's training set, which `retrain` learns from.
 */
import { type Clock, NudgeError, newId, roundTo, systemClock } from "../../core/index.js";
import type { Store } from "../../store/index.js";
import { analyzeUtterance, type CallContext, type UtteranceAnalysis } from "./analyze.js";
import type { Recognition, SpeechRecognizer } from "./asr/index.js";
import { type AudioFormat, decodeAudio, voiceFeatures } from "./audio/index.js";
import type { DialogueLanguage } from "./dialogue/index.js";
import type { EmotionWeights } from "./emotion/index.js";
import { type CallLead, proposeLeads } from "./leads.js";
import {
  CALL_MODELS,
  type CallModelOptions,
  type CallModels,
  loadCallModels,
  retrainScripts,
  type StoredContext,
} from "./models.js";
import { RATING_THRESHOLD, type RecommendedScript } from "./scripts/index.js";

/** Earlier customer utterances of a call the analysis reads as context. */
export const CONTEXT_UTTERANCES = 20;
const TURN_ATTEMPTS = 5;
/**
 * How often the models in use are compared with the registry's latest versions: a retrain by another
 * server process or by the schedule is picked up within this time.
 */
export const MODEL_CHECK_MS = 30_000;

export type Speaker = "customer" | "agent";

/** One utterance as it arrives: text, audio (WAV or 16 kHz s16le PCM), or audio with its transcript. */
export interface UtteranceRequest {
  callId: string;
  text?: string;
  audio?: Uint8Array;
  format?: AudioFormat;
  lang?: DialogueLanguage;
  speaker?: Speaker;
  /** The customer on the line (known to the agent's desk); named once, it holds for the rest of the call. */
  customerId?: string;
}

/** What is stored and shown for an utterance. */
export interface UtteranceResult {
  callId: string;
  utteranceId: string;
  turn: number;
  speaker: Speaker;
  text: string;
  recognition: Omit<Recognition, "text"> | null;
  /** Audio conversions made (resampled, mixed to mono…), when audio came. */
  converted: string[];
  /** The analysis of a customer's utterance; null for the agent's. */
  analysis: UtteranceAnalysis | null;
  models: CallModels["versions"];
  timings: { recognitionMs: number; analysisMs: number };
  createdAt: string;
  /** The call's customer, when an utterance named one. */
  customerId: string | null;
  /** Offer candidates this utterance's interest proposed (leads.ts); empty without a customer. */
  leads: CallLead[];
}

export interface CallAssistOptions extends CallModelOptions {
  /** Recognizes audio that comes without a transcript. */
  recognizer?: SpeechRecognizer;
  weights?: EmotionWeights;
  /** Ratings at or above this become training examples (default 80). */
  threshold?: number;
  /** How often to look for newer model versions (default MODEL_CHECK_MS). */
  modelCheckMs?: number;
}

type Listener = (result: UtteranceResult) => void;

export class CallAssist {
  private loading: Promise<CallModels> | undefined;
  private checkedAt = 0;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly clock: Clock;

  constructor(
    private readonly store: Store,
    private readonly options: CallAssistOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  /**
   * The models, loaded (or trained on first use) once, and loaded again when the registry has a newer
   * version of one of them (looked up at most every MODEL_CHECK_MS).
   */
  async models(): Promise<CallModels> {
    const now = this.clock.now().getTime();
    if (this.loading && now - this.checkedAt >= (this.options.modelCheckMs ?? MODEL_CHECK_MS)) {
      this.checkedAt = now;
      const loaded = await this.loading.catch(() => null);
      if (loaded && !(await this.latest(loaded.versions))) this.loading = undefined;
    }
    if (!this.loading) {
      this.checkedAt = now;
      this.loading = loadCallModels(this.store, this.options).catch((error) => {
        this.loading = undefined;
        throw error;
      });
    }
    return this.loading;
  }

  /** Whether every model in use is the latest registered version of its name. */
  private async latest(versions: CallModels["versions"]): Promise<boolean> {
    for (const part of ["scene", "emotion", "scripts"] as const)
      if ((await this.store.models.resolve(CALL_MODELS[part]))?.id !== versions[part]) return false;
    return true;
  }

  /** Calls `listener` with every utterance of the call from now on; answers the unsubscribe. */
  listen(callId: string, listener: Listener): () => void {
    const set = this.listeners.get(callId) ?? new Set();
    set.add(listener);
    this.listeners.set(callId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(callId);
    };
  }

  /** Understands, stores and publishes one utterance. */
  async utterance(request: UtteranceRequest): Promise<UtteranceResult> {
    checkCallId(request.callId);
    const speaker = request.speaker ?? "customer";
    if (request.text === undefined && request.audio === undefined)
      throw new NudgeError("INPUT_INVALID", "an utterance needs text or audio", { field: "text" });
    const customerId = await this.customerOf(request);
    const audio = request.audio ? decodeAudio(request.audio, { format: request.format }) : null;
    let text = request.text?.trim() ?? "";
    let recognition: UtteranceResult["recognition"] = null;
    const recognitionStart = performance.now();
    if (audio && request.text === undefined) {
      if (!this.options.recognizer)
        throw new NudgeError(
          "UNAVAILABLE",
          "no speech recognizer is configured: send the transcript with the audio, or configure one",
        );
      const { text: heard, ...rest } = await this.options.recognizer.recognize(
        audio,
        request.lang ? { lang: request.lang } : undefined,
      );
      text = heard.trim();
      recognition = rest;
    }
    const recognitionMs = performance.now() - recognitionStart;
    if (text === "")
      throw new NudgeError("INPUT_INVALID", "the utterance has no words", {
        field: audio ? "audio" : "text",
      });
    const analysisStart = performance.now();
    const models = await this.models();
    const earlier = await this.store.calls.utterances(request.callId, CONTEXT_UTTERANCES);
    const context: CallContext = {
      previous: earlier.filter((u) => u.speaker === "customer").map((u) => u.text),
      alreadyShown: earlier.flatMap((u) => shownScripts(JSON.parse(u.analysis))),
      weights: this.options.weights,
    };
    const analysis =
      speaker === "customer"
        ? analyzeUtterance(
            models,
            { text, lang: request.lang, voice: audio ? voiceFeatures(audio) : null },
            context,
          )
        : null;
    const analysisMs = performance.now() - analysisStart;
    const createdAt = this.clock.now().toISOString();
    const id = newId("utt");
    const turn = await this.insert(request.callId, (turn) => ({
      id,
      call_id: request.callId,
      turn,
      speaker,
      text,
      lang: analysis?.lang ?? request.lang ?? null,
      scene: analysis?.scene ?? null,
      intent: analysis?.intent ?? null,
      emotion: analysis?.emotion.label ?? null,
      intensity: analysis?.emotion.intensity ?? null,
      analysis: JSON.stringify({ ...(analysis ?? {}), recognition, converted: audio?.converted ?? [] }),
      model_id: analysis ? models.versions.scripts : null,
      created_at: createdAt,
      customer_id: customerId,
    }));
    const leads =
      analysis && customerId
        ? await proposeLeads(this.store, {
            customerId,
            callId: request.callId,
            utteranceId: id,
            analysis,
            modelId: models.versions.scene,
            now: new Date(createdAt),
          })
        : [];
    const result: UtteranceResult = {
      callId: request.callId,
      utteranceId: id,
      turn,
      speaker,
      text,
      recognition,
      converted: audio?.converted ?? [],
      analysis,
      models: models.versions,
      timings: { recognitionMs: roundTo(recognitionMs, 1), analysisMs: roundTo(analysisMs, 1) },
      createdAt,
      customerId,
      leads,
    };
    for (const listener of this.listeners.get(request.callId) ?? []) listener(result);
    return result;
  }

  /** The customer the utterance names (checked to exist), else the one an earlier utterance named. */
  private async customerOf(request: UtteranceRequest): Promise<string | null> {
    if (request.customerId === undefined) return this.store.calls.customerOf(request.callId);
    if (!(await this.store.customers.get(request.customerId)))
      throw new NudgeError("NOT_FOUND", `no customer '${request.customerId}'`, { field: "customerId" });
    return request.customerId;
  }

  /** A call's utterances with what was shown, oldest first. */
  async call(callId: string) {
    const utterances = await this.store.calls.utterances(callId);
    if (utterances.length === 0) throw new NudgeError("NOT_FOUND", `no call '${callId}'`);
    return {
      callId,
      utterances: utterances.map((u) => ({
        utteranceId: u.id,
        turn: u.turn,
        speaker: u.speaker,
        text: u.text,
        scene: u.scene,
        intent: u.intent,
        emotion: u.emotion,
        intensity: u.intensity,
        analysis: JSON.parse(u.analysis) as Record<string, unknown>,
        model: u.model_id,
        createdAt: u.created_at,
      })),
      ratings: await this.store.calls.ratings(callId),
    };
  }

  /**
   * Records an agent's 0–100 rating of a script shown for an utterance. At or above the threshold the
   * (utterance, context, script) becomes a training example; a later rating below it withdraws it.
   */
  async rate(input: {
    callId: string;
    utteranceId: string;
    scriptId: string;
    rating: number;
    agent?: string;
  }) {
    const { callId, utteranceId, scriptId, rating } = input;
    if (!(Number.isInteger(rating) && rating >= 0 && rating <= 100))
      throw new NudgeError("INPUT_INVALID", `rating must be a whole number from 0 to 100, got ${rating}`, {
        field: "rating",
      });
    const utterance = await this.store.calls.utterance(utteranceId);
    if (!utterance || utterance.call_id !== callId)
      throw new NudgeError("NOT_FOUND", `no utterance '${utteranceId}' in call '${callId}'`);
    const analysis = JSON.parse(utterance.analysis) as Partial<UtteranceAnalysis>;
    if (!shownScripts(analysis).includes(scriptId))
      throw new NudgeError(
        "INPUT_INVALID",
        `script '${scriptId}' was not shown for utterance '${utteranceId}'`,
        {
          field: "scriptId",
        },
      );
    const now = this.clock.now().toISOString();
    const stored = await this.store.calls.rate({
      id: newId("rate"),
      call_id: callId,
      utterance_id: utteranceId,
      script_id: scriptId,
      rating,
      agent: input.agent ?? null,
      created_at: now,
    });
    const threshold = this.options.threshold ?? RATING_THRESHOLD;
    const example = rating >= threshold;
    if (example) {
      const previous = (await this.store.calls.utterances(callId))
        .filter((u) => u.speaker === "customer" && u.turn < utterance.turn)
        .map((u) => u.text);
      const context: StoredContext = {
        lang: (analysis.lang ?? "en") as DialogueLanguage,
        scene: analysis.scene as StoredContext["scene"],
        intent: analysis.intent as StoredContext["intent"],
        emotion: (analysis.emotion?.label ?? "neutral") as StoredContext["emotion"],
        previous,
        product: analysis.product ?? null,
        callId,
      };
      await this.store.calls.addExample({
        id: newId("ex"),
        text: utterance.text,
        context: JSON.stringify(context),
        script_id: scriptId,
        origin: "feedback",
        rating,
        rating_id: stored.id,
        created_at: now,
      });
    } else await this.store.calls.dropExample(stored.id);
    return {
      ratingId: stored.id,
      rating,
      threshold,
      example,
      examples: await this.store.calls.countExamples(),
    };
  }

  /** Trains the next script model with the rated examples; later utterances use it. */
  async retrain() {
    const result = await retrainScripts(this.store, this.options);
    this.loading = undefined;
    return result;
  }

  /** Stores the row at the call's next turn, retrying when a concurrent utterance took it. */
  private async insert(
    callId: string,
    row: (turn: number) => Parameters<Store["calls"]["insertUtterance"]>[0],
  ): Promise<number> {
    for (let attempt = 0; attempt < TURN_ATTEMPTS; attempt++) {
      const turn = await this.store.calls.nextTurn(callId);
      if (await this.store.calls.insertUtterance(row(turn))) return turn;
    }
    throw new NudgeError("CONFLICT", `call '${callId}' is busy: could not take a turn`);
  }
}

/** The flat JSON an utterance is shown as: API answers and the call's stream. */
export function utteranceView(result: UtteranceResult) {
  const a = result.analysis;
  return {
    callId: result.callId,
    utteranceId: result.utteranceId,
    turn: result.turn,
    speaker: result.speaker,
    text: result.text,
    lang: a?.lang ?? null,
    relation: a?.relation ?? null,
    scene: a?.scene ?? null,
    sceneConfidence: a?.sceneConfidence ?? null,
    intent: a?.intent ?? null,
    intentConfidence: a?.intentConfidence ?? null,
    emotion: a?.emotion ?? null,
    product: a?.product ?? null,
    voice: a?.voice ?? null,
    scripts: a?.scripts ?? [],
    recognition: result.recognition,
    converted: result.converted,
    models: result.models,
    timings: result.timings,
    createdAt: result.createdAt,
    customerId: result.customerId,
    leads: result.leads,
  };
}

/** Script ids shown for a stored utterance (its parsed analysis). */
function shownScripts(analysis: { scripts?: readonly RecommendedScript[] }): string[] {
  return (analysis.scripts ?? []).map((s) => s.id);
}

const CALL_ID = /^[A-Za-z0-9_.:@-]{1,128}$/;

function checkCallId(callId: string): void {
  if (!CALL_ID.test(callId))
    throw new NudgeError("INPUT_INVALID", `call id must be 1–128 letters, digits or _.:@-, got '${callId}'`, {
      field: "callId",
    });
}

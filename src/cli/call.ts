/**
 * `nudge call analyze AUDIO [--transcript FILE]`: a recorded call's utterances with voice, emotion, scene,
 * intent and scripts; `call show`, `call rate` and `call retrain` for live calls recorded through the API.
 */
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { NudgeError } from "../core/index.js";
import {
  analyzeCallFile,
  CallAssist,
  type CallFileAnalysis,
  callAssistSettings,
  defaultRecognizer,
  loadCallModels,
} from "../sources/callassist/index.js";
import { configFor, type GlobalOptions, withStore } from "./context.js";
import { emit, type Io } from "./io.js";
import { countOption } from "./parse.js";

interface AnalyzeFlags {
  transcript?: string;
  lang?: string;
}

export function callCommand(program: Command, io: Io): void {
  const call = program.command("call").description("call assist: recorded and live sales calls");

  call
    .command("analyze")
    .description(
      "analyse a recorded call (WAV): per utterance voice, emotion, scene, intent and recommended scripts",
    )
    .argument("<audio>", "WAV file (any rate and channels; converted to 16 kHz mono)")
    .option(
      "--transcript <file>",
      "the utterances' words, one a line: they stand in for recognition (voice still comes from the audio)",
    )
    .option("--lang <lang>", "zh or en (default: detected from the words)")
    .action(async (file: string, flags: AnalyzeFlags, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const config = configFor(io, options);
      const lang = langOf(flags.lang);
      const bytes = await readBytes(file, "audio");
      const transcript = flags.transcript
        ? (await readBytes(flags.transcript, "transcript")).toString("utf8").split(/\r?\n/)
        : undefined;
      const result = await withStore(config, async (store) => {
        const settings = await callAssistSettings(config);
        // Without a transcript or a configured recognizer, the local English default.
        const recognizer = transcript ? undefined : (settings.recognizer ?? defaultRecognizer());
        const models = await loadCallModels(store);
        const analysis = await analyzeCallFile(models, bytes, { transcript, recognizer, lang });
        return { file, ...latest(analysis), ...analysis, models: models.versions };
      });
      emit(io, Boolean(options.json), result, () => analysisLines(result));
    });

  call
    .command("show")
    .description("a live call's utterances, what Nudge understood, the scripts shown and their ratings")
    .argument("<call>", "call id")
    .action(async (callId: string, _flags: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const result = await withStore(configFor(io, options), (store) => new CallAssist(store).call(callId));
      emit(io, Boolean(options.json), result, () =>
        result.utterances.map(
          (u) =>
            `${u.turn}. [${u.speaker}] ${u.text}${u.scene ? `  (${u.scene}, ${u.intent}, ${u.emotion} ${u.intensity})` : ""}`,
        ),
      );
    });

  call
    .command("rate")
    .description("rate a script shown for an utterance (0–100); ratings of 80 and more become training data")
    .argument("<call>", "call id")
    .argument("<utterance>", "utterance id")
    .argument("<script>", "script id")
    .argument("<rating>", "0–100", countOption("rating"))
    .option("--agent <agent>", "who rated")
    .action(
      async (
        callId: string,
        utteranceId: string,
        scriptId: string,
        rating: number,
        flags: { agent?: string },
        command: Command,
      ) => {
        const options = command.optsWithGlobals<GlobalOptions>();
        const result = await withStore(configFor(io, options), (store) =>
          new CallAssist(store).rate({ callId, utteranceId, scriptId, rating, agent: flags.agent }),
        );
        emit(io, Boolean(options.json), result, () => [
          `rated ${scriptId} ${rating}: ${result.example ? `a training example now (${result.examples} in all)` : `below ${result.threshold}, not a training example`}`,
        ]);
      },
    );

  call
    .command("retrain")
    .description("train the next script model on the seed examples and every rated example")
    .action(async (_flags: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const result = await withStore(configFor(io, options), (store) => new CallAssist(store).retrain());
      emit(io, Boolean(options.json), result, () => [
        `${result.model}: ${result.examples} examples (${result.rated} from agents' ratings)`,
      ]);
    });
}

/** What the agent would see now: the last utterance's emotion, scene, intent and scripts. */
function latest(analysis: CallFileAnalysis) {
  const last = analysis.utterances.at(-1);
  return {
    emotion: last?.emotion ?? null,
    scene: last?.scene ?? null,
    intent: last?.intent ?? null,
    scripts: last?.scripts ?? [],
  };
}

function analysisLines(result: CallFileAnalysis & { file: string }): string[] {
  const v = result.voice;
  return [
    `${result.file}: ${result.durationS} s, ${result.segments} speech segments, words from ${result.words}${result.converted.length ? `; converted: ${result.converted.join(", ")}` : ""}`,
    `voice: pitch ${fmt(v.pitchMeanHz)} Hz (range ${fmt(v.pitchRangeHz)}), energy ${fmt(v.energy)} dBFS, ${fmt(v.speechRate)} ${v.speechRateUnit}, ${v.pauses.count} pauses`,
    ...result.utterances.flatMap((u, i) => [
      `${i + 1}. "${u.text}"${u.startS !== null ? ` [${u.startS}–${u.endS} s]` : ""}`,
      `   scene ${u.scene} (${u.sceneConfidence}), intent ${u.intent}, ${u.relation}; emotion ${u.emotion.label} ${u.emotion.intensity} (lexicon ${u.emotion.first.label}, model ${u.emotion.second.label})`,
      ...u.scripts.map((s, k) => `   ${k + 1}) ${s.text}  — ${s.reasons.join("; ")}`),
    ]),
  ];
}

const fmt = (x: number | null) => (x === null ? "–" : String(Math.round(x * 10) / 10));

function langOf(lang: string | undefined): "zh" | "en" | undefined {
  if (lang === undefined) return undefined;
  if (lang === "zh" || lang === "en") return lang;
  throw new NudgeError("INPUT_INVALID", `--lang must be zh or en, got '${lang}'`, { field: "lang" });
}

async function readBytes(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new NudgeError("INPUT_UNREADABLE", `cannot read the ${what} ${path}: ${(error as Error).message}`, {
      path,
    });
  }
}

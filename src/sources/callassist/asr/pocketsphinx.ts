/**
 * CMU PocketSphinx through its command-line decoder, `pocketsphinx_continuous` (the 0.8/5prealpha CLI
 * that Debian and Ubuntu package, with the US English model of `pocketsphinx-en-us`). The utterance is
 * written to a temporary 16 kHz WAV, decoded, and the temporary folder removed. English only, and weak
 * on anything but clear speech; its merit is that it is free, local and packaged everywhere.
 */
import { spawn } from "node:child_process";
import { access, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NudgeError } from "../../../core/index.js";
import { type Audio, encodeWav } from "../audio/index.js";
import type { Recognition, RecognitionHint, SpeechRecognizer } from "./port.js";

/** Where `pocketsphinx-en-us` installs the US English model. */
export const POCKETSPHINX_MODEL_DIR = "/usr/share/pocketsphinx/model/en-us";
/** A decode that takes longer is stopped; the CLI decodes far faster than real time. */
export const POCKETSPHINX_TIMEOUT_MS = 60_000;
/** Stderr kept for error messages (the decoder logs a lot). */
const STDERR_TAIL_BYTES = 8192;

/** Paths of the decoder and its model; defaults are where the Debian packages put them. */
export interface PocketsphinxOptions {
  /** The decoder binary; default `pocketsphinx_continuous` on the PATH. */
  binary?: string;
  /** Acoustic model folder; default `<POCKETSPHINX_MODEL_DIR>/en-us`. */
  hmm?: string;
  /** Language model; default `<POCKETSPHINX_MODEL_DIR>/en-us.lm.bin`. */
  lm?: string;
  /** Pronunciation dictionary; default `<POCKETSPHINX_MODEL_DIR>/cmudict-en-us.dict`. */
  dict?: string;
  timeoutMs?: number;
  /**
   * Single-pass decoding (default false): the forward tree search only, without the flat-lexicon and
   * lattice passes (`-fwdflat no -bestpath no`). About 1.5× faster (real-time factor 0.28 against 0.43 on
   * the demo call), but more word errors on short utterances (`npm run bench -- call` measures both).
   */
  fast?: boolean;
}

/** The decoder flags of single-pass decoding. */
export const POCKETSPHINX_FAST_FLAGS = ["-fwdflat", "no", "-bestpath", "no"] as const;

interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
}

function unavailable(message: string, details: Record<string, unknown> = {}, cause?: unknown): NudgeError {
  return new NudgeError(
    "UNAVAILABLE",
    `pocketsphinx: ${message}`,
    { engine: "pocketsphinx", ...details },
    { cause },
  );
}

function run(binary: string, args: string[], timeoutMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(unavailable(`no result within ${timeoutMs} ms`, { reason: "timeout" }));
    }, timeoutMs);
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL_BYTES);
    });
    child.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const missing = error.code === "ENOENT";
      const message = missing ? `${binary} is not installed (apt-get install pocketsphinx)` : error.message;
      reject(unavailable(message, { reason: missing ? "binary-missing" : "spawn-failed", binary }, error));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
  });
}

/** US English recognition by the local pocketsphinx_continuous decoder. */
export class PocketsphinxRecognizer implements SpeechRecognizer {
  readonly name = "pocketsphinx";
  private readonly binary: string;
  private readonly model: { hmm: string; lm: string; dict: string };
  private readonly timeoutMs: number;
  private readonly fast: boolean;

  constructor(options: PocketsphinxOptions = {}) {
    this.fast = options.fast ?? false;
    this.binary = options.binary ?? "pocketsphinx_continuous";
    this.model = {
      hmm: options.hmm ?? join(POCKETSPHINX_MODEL_DIR, "en-us"),
      lm: options.lm ?? join(POCKETSPHINX_MODEL_DIR, "en-us.lm.bin"),
      dict: options.dict ?? join(POCKETSPHINX_MODEL_DIR, "cmudict-en-us.dict"),
    };
    this.timeoutMs = options.timeoutMs ?? POCKETSPHINX_TIMEOUT_MS;
  }

  async recognize(audio: Audio, hint: RecognitionHint = {}): Promise<Recognition> {
    if (hint.lang !== undefined && hint.lang !== "en")
      throw new NudgeError("UNSUPPORTED", `pocketsphinx has a US English model only, not ${hint.lang}`, {
        engine: this.name,
        lang: hint.lang,
      });
    const started = performance.now();
    await this.assertModel();
    const folder = await mkdtemp(join(tmpdir(), "nudge-pocketsphinx-"));
    try {
      const wav = join(folder, "utterance.wav");
      await writeFile(wav, encodeWav(audio));
      const { hmm, lm, dict } = this.model;
      const result = await run(
        this.binary,
        [
          ...["-infile", wav, "-hmm", hmm, "-lm", lm, "-dict", dict, "-samprate", String(audio.sampleRate)],
          ...(this.fast ? POCKETSPHINX_FAST_FLAGS : []),
        ],
        this.timeoutMs,
      );
      if (result.code !== 0) {
        const errors = result.stderr.split("\n").filter((line) => line.includes("ERROR"));
        const why = errors.at(-1) ?? result.stderr.trim().split("\n").at(-1) ?? "";
        throw unavailable(`exited with code ${result.code}: ${why}`, {
          reason: "failed",
          exitCode: result.code,
        });
      }
      // One hypothesis line per stretch of speech the decoder found on its own.
      const text = result.stdout
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean)
        .join(" ");
      return { text, lang: "en", engine: this.name, elapsedMs: performance.now() - started };
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  private async assertModel(): Promise<void> {
    const missing: string[] = [];
    for (const path of Object.values(this.model)) await access(path).catch(() => missing.push(path));
    if (missing.length > 0)
      throw unavailable(`model files missing: ${missing.join(", ")} (apt-get install pocketsphinx-en-us)`, {
        reason: "model-missing",
        missing,
      });
  }
}

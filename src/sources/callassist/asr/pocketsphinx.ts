/**
 * CMU PocketSphinx (0.8 / 5prealpha: Debian's `libpocketsphinx3`, with the US English model of
 * `pocketsphinx-en-us`) called in-process through koffi, a C FFI whose binaries ship in its npm package.
 * The decoder loads its model once (about 0.6 s) on first use and is kept: an utterance costs only its
 * decoding, which runs on libuv's thread pool so the event loop never waits. Utterances are decoded one at
 * a time in arrival order, as the command-line decoder reads a stream: the voice activity detector and
 * the live cepstral mean normalization carry from one utterance to the next, so a call's later utterances
 * are heard with the channel's levels already learned. English only, and weak on anything but clear
 * speech; its merit is that it is free, local and packaged everywhere.
 */
import { access } from "node:fs/promises";
import { join } from "node:path";
import koffi, { type LibraryHandle } from "koffi";
import { NudgeError } from "../../../core/index.js";
import { type Audio, toPcm16 } from "../audio/index.js";
import type { Recognition, RecognitionHint, SpeechRecognizer } from "./port.js";

/** Where `pocketsphinx-en-us` installs the US English model. */
export const POCKETSPHINX_MODEL_DIR = "/usr/share/pocketsphinx/model/en-us";
/** The shared libraries of Debian's `libpocketsphinx3` and `libsphinxbase3`, found on the loader's path. */
export const POCKETSPHINX_LIBRARIES = {
  pocketsphinx: "libpocketsphinx.so.3",
  sphinxbase: "libsphinxbase.so.3",
};
/** Samples handed to the decoder per call, as `pocketsphinx_continuous` reads a file. */
const CHUNK_SAMPLES = 2048;

/** Model paths, libraries and search mode; defaults are where the Debian packages put them. */
export interface PocketsphinxOptions {
  /** Acoustic model folder; default `<POCKETSPHINX_MODEL_DIR>/en-us`. */
  hmm?: string;
  /** Language model; default `<POCKETSPHINX_MODEL_DIR>/en-us.lm.bin`. */
  lm?: string;
  /** Pronunciation dictionary; default `<POCKETSPHINX_MODEL_DIR>/cmudict-en-us.dict`. */
  dict?: string;
  /** The two shared libraries (names on the loader's path, or absolute paths). */
  libraries?: { pocketsphinx: string; sphinxbase: string };
  /**
   * Single-pass decoding (default false): the forward tree search only, without the flat-lexicon and
   * lattice passes (`-fwdflat no -bestpath no`). Faster, but more word errors on short utterances
   * (`npm run bench -- call` measures both).
   */
  fast?: boolean;
}

/** The decoder flags of single-pass decoding. */
export const POCKETSPHINX_FAST_FLAGS = ["-fwdflat", "no", "-bestpath", "no"] as const;

/** The decoder's C functions (koffi's `func.async` runs them on the thread pool). */
interface Api {
  init: (configArgs: string[]) => Promise<unknown>;
  decode: (decoder: unknown, samples: Int16Array) => Promise<string>;
  free: (decoder: unknown) => void;
}

function unavailable(message: string, details: Record<string, unknown> = {}, cause?: unknown): NudgeError {
  return new NudgeError(
    "UNAVAILABLE",
    `pocketsphinx: ${message}`,
    { engine: "pocketsphinx", ...details },
    { cause },
  );
}

/** A C call on the thread pool (koffi's `async`: the arguments, then a Node-style callback) as a promise. */
function promised<T>(call: (...args: unknown[]) => void, ...args: unknown[]): Promise<T> {
  return new Promise((resolve, reject) =>
    call(...args, (error: unknown, result: T) => (error ? reject(error) : resolve(result))),
  );
}

/** Binds the C functions of the two libraries; UNAVAILABLE when they are not installed. */
function bind(libraries: { pocketsphinx: string; sphinxbase: string }): Api {
  let ps: LibraryHandle;
  let sb: LibraryHandle;
  try {
    ps = koffi.load(libraries.pocketsphinx);
    sb = koffi.load(libraries.sphinxbase);
  } catch (error) {
    throw unavailable(
      `${libraries.pocketsphinx} could not be loaded (apt-get install pocketsphinx): ${(error as Error).message}`,
      { reason: "library-missing", libraries },
      error,
    );
  }
  const psArgs = ps.func("void *ps_args()");
  const cmdLnInit = sb.func("void *cmd_ln_init(void *inout, void *defn, int strict, ...)");
  const psInit = ps.func("void *ps_init(void *config)");
  const startUtt = ps.func("int ps_start_utt(void *ps)");
  const processRaw = ps.func(
    "int ps_process_raw(void *ps, const int16_t *data, size_t n, int no_search, int full_utt)",
  );
  const endUtt = ps.func("int ps_end_utt(void *ps)");
  const getHyp = ps.func("const char *ps_get_hyp(void *ps, _Out_ int *score)");
  const psFree = ps.func("int ps_free(void *ps)");
  return {
    init: async (configArgs) => {
      // cmd_ln_init's variadic list is name, value, …, NULL; each value typed for koffi.
      const variadic = [...configArgs, null].flatMap((value) => ["str", value]);
      const config = cmdLnInit(null, psArgs(), 1, ...variadic);
      if (config === null) throw unavailable("the decoder refused its configuration", { reason: "config" });
      return promised(psInit.async, config);
    },
    decode: async (decoder, samples) => {
      await promised(startUtt.async, decoder);
      for (let at = 0; at < samples.length; at += CHUNK_SAMPLES) {
        const chunk = samples.subarray(at, Math.min(samples.length, at + CHUNK_SAMPLES));
        await promised(processRaw.async, decoder, chunk, chunk.length, 0, 0);
      }
      await promised(endUtt.async, decoder);
      return ((await promised(getHyp.async, decoder, [0])) as string | null) ?? "";
    },
    free: (decoder) => psFree(decoder),
  };
}

/** US English recognition by a resident pocketsphinx decoder. */
export class PocketsphinxRecognizer implements SpeechRecognizer {
  readonly name = "pocketsphinx";
  private readonly model: { hmm: string; lm: string; dict: string };
  private readonly libraries: { pocketsphinx: string; sphinxbase: string };
  private readonly fast: boolean;
  private decoder: Promise<{ api: Api; handle: unknown }> | null = null;
  /** The end of the queue of utterances: each decodes after the one before. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: PocketsphinxOptions = {}) {
    this.fast = options.fast ?? false;
    this.libraries = options.libraries ?? POCKETSPHINX_LIBRARIES;
    this.model = {
      hmm: options.hmm ?? join(POCKETSPHINX_MODEL_DIR, "en-us"),
      lm: options.lm ?? join(POCKETSPHINX_MODEL_DIR, "en-us.lm.bin"),
      dict: options.dict ?? join(POCKETSPHINX_MODEL_DIR, "cmudict-en-us.dict"),
    };
  }

  async recognize(audio: Audio, hint: RecognitionHint = {}): Promise<Recognition> {
    if (hint.lang !== undefined && hint.lang !== "en")
      throw new NudgeError("UNSUPPORTED", `pocketsphinx has a US English model only, not ${hint.lang}`, {
        engine: this.name,
        lang: hint.lang,
      });
    const samples = toPcm16(audio.samples);
    const run = this.queue.then(async () => {
      const started = performance.now();
      const { api, handle } = await this.loaded();
      const text = (await api.decode(handle, samples)).trim();
      return { text, lang: "en", engine: this.name, elapsedMs: performance.now() - started };
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Frees the decoder once the utterances in flight are decoded; the next `recognize` loads it again. */
  async close(): Promise<void> {
    await this.queue;
    const decoder = this.decoder;
    this.decoder = null;
    const loaded = await decoder?.catch(() => null);
    if (loaded) loaded.api.free(loaded.handle);
  }

  /** The decoder, loaded on first use; a failed load is forgotten so that a later call tries again. */
  private loaded(): Promise<{ api: Api; handle: unknown }> {
    this.decoder ??= this.load().catch((error: unknown) => {
      this.decoder = null;
      throw error;
    });
    return this.decoder;
  }

  private async load(): Promise<{ api: Api; handle: unknown }> {
    await this.assertModel();
    const api = bind(this.libraries);
    const { hmm, lm, dict } = this.model;
    const handle = await api.init([
      ...["-hmm", hmm, "-lm", lm, "-dict", dict, "-samprate", "16000", "-logfn", "/dev/null"],
      ...(this.fast ? POCKETSPHINX_FAST_FLAGS : []),
    ]);
    if (handle === null)
      throw unavailable("the decoder could not load its model", { reason: "model-invalid", ...this.model });
    return { api, handle };
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

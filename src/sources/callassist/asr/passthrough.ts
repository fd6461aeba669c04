/**
 * A recognizer that "recognises" a transcript it is given: for calls whose text arrives with the audio
 * (a vendor already transcribed them, a demo, a test), so the rest of the pipeline runs unchanged.
 */
import type { Audio } from "../audio/index.js";
import type { Recognition, RecognitionHint, SpeechRecognizer } from "./port.js";

/** The transcript to hand back. */
export interface PassthroughOptions {
  /** The transcript, or a function giving it for each utterance. */
  text: string | ((audio: Audio) => string);
  /** Language reported with it; default the hint's, when there is one. */
  lang?: string;
}

/** Returns the configured transcript for any audio; always available. */
export class PassthroughRecognizer implements SpeechRecognizer {
  readonly name = "passthrough";

  constructor(private readonly options: PassthroughOptions) {}

  async recognize(audio: Audio, hint: RecognitionHint = {}): Promise<Recognition> {
    const started = performance.now();
    const { text } = this.options;
    const lang = this.options.lang ?? hint.lang;
    return {
      text: (typeof text === "string" ? text : text(audio)).trim(),
      ...(lang === undefined ? {} : { lang }),
      engine: this.name,
      elapsedMs: performance.now() - started,
    };
  }
}

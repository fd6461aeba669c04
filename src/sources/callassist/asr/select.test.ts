import { describe, expect, it } from "vitest";
import { audioOf } from "../audio/index.js";
import { HttpRecognizer } from "./http.js";
import { PassthroughRecognizer } from "./passthrough.js";
import { PocketsphinxRecognizer } from "./pocketsphinx.js";
import { parseRecognizerConfig, recognizerFrom } from "./select.js";

const audio = audioOf(new Float32Array(1600));

describe("recognizerFrom", () => {
  it("builds the adapter the config names", () => {
    expect(recognizerFrom({ engine: "passthrough", text: "hi" })).toBeInstanceOf(PassthroughRecognizer);
    expect(recognizerFrom({ engine: "pocketsphinx" })).toBeInstanceOf(PocketsphinxRecognizer);
    expect(recognizerFrom({ engine: "http", url: "https://asr.bank.example/v1" })).toBeInstanceOf(
      HttpRecognizer,
    );
    expect(() => recognizerFrom({ engine: "sherpa", modelDir: "/nonexistent/model" })).toThrow(
      expect.objectContaining({ code: "INPUT_INVALID" }),
    );
  });

  it("passes a transcript through, trimmed, with the hinted language", async () => {
    const recognizer = recognizerFrom(parseRecognizerConfig({ engine: "passthrough", text: " 您好 " }));
    expect(await recognizer.recognize(audio, { lang: "zh" })).toMatchObject({
      text: "您好",
      lang: "zh",
      engine: "passthrough",
    });
    const computed = new PassthroughRecognizer({ text: (a) => `${a.durationS}s`, lang: "en" });
    expect((await computed.recognize(audio)).text).toBe("0.1s");
  });

  it.each([
    [{ engine: "whisper" }, /engine/],
    [{ engine: "http" }, /url/],
    [{ engine: "sherpa", modelDir: "/m", numThreads: 0 }, /numThreads/],
    [{ engine: "pocketsphinx", binaryPath: "/usr/bin/x" }, /binaryPath|unrecognized/i],
  ])("rejects the config %j", (input, message) => {
    expect(() => parseRecognizerConfig(input)).toThrow(message);
  });
});

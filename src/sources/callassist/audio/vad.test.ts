import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isNudgeError } from "../../../core/index.js";
import { SAMPLE_RATE } from "./audio.js";
import { loadSherpaOnnx } from "./sherpa-onnx.js";
import { fixtureAudio, manifest } from "./test-support/fixtures.js";
import { type SpeechSegment, speechSegments, UtteranceCutter } from "./vad.js";

const call = manifest.calls[0]!;
const audio = fixtureAudio(call.file);
/** Silero's segments start and end within this of the speech (measured: under 0.1 s). */
const EDGE_TOLERANCE_S = 0.15;

function spans(segments: SpeechSegment[]) {
  return segments.map((s) => ({ startS: s.startS, endS: s.endS }));
}

describe("speechSegments", () => {
  it("loads sherpa-onnx-node's native module", () => {
    expect(loadSherpaOnnx().version).toMatch(/^\d+\.\d+/);
  });

  it("finds each utterance of the call where the manifest puts it", () => {
    const segments = speechSegments(audio);
    expect(segments).toHaveLength(call.utterances.length);
    segments.forEach((segment, i) => {
      const expected = call.utterances[i]!;
      expect(Math.abs(segment.startS - expected.startS)).toBeLessThan(EDGE_TOLERANCE_S);
      // The last one is still open when the stream ends (0.55 s of silence follow it): flush closes it there.
      const end = i === segments.length - 1 ? audio.durationS : expected.endS;
      expect(Math.abs(segment.endS - end)).toBeLessThan(EDGE_TOLERANCE_S);
      expect(segment.samples.length).toBe(Math.round((segment.endS - segment.startS) * SAMPLE_RATE));
    });
  });

  it("cuts the same utterances from a stream of uneven chunks, each as soon as its silence is long enough", () => {
    const cutter = new UtteranceCutter();
    const streamed: SpeechSegment[] = [];
    const heardAt: number[] = [];
    const sizes = [160, 333, 512, 1024, 4000, 77];
    for (let at = 0, i = 0; at < audio.samples.length; i++) {
      const size = sizes[i % sizes.length]!;
      const done = cutter.push(audio.samples.subarray(at, at + size));
      at += size;
      for (const _ of done) heardAt.push(at / SAMPLE_RATE);
      streamed.push(...done);
    }
    streamed.push(...cutter.flush());
    expect(spans(streamed)).toEqual(spans(speechSegments(audio)));
    // The first two come out while the call is still going, not at the end.
    expect(heardAt.length).toBeGreaterThanOrEqual(2);
    expect(heardAt[0]!).toBeLessThan(call.utterances[1]!.startS);
  });

  it("keeps one timeline across flushes", () => {
    const cutter = new UtteranceCutter();
    const first = [...cutter.push(audio.samples), ...cutter.flush()];
    const second = [...cutter.push(audio.samples), ...cutter.flush()];
    expect(second).toHaveLength(first.length);
    expect(second[0]!.startS).toBeCloseTo(first[0]!.startS + audio.durationS, 1);
  });

  it("finds nothing in silence", () => {
    expect(speechSegments(new Float32Array(SAMPLE_RATE * 2))).toEqual([]);
  });

  it("says so when the model file is missing or not a model", () => {
    const folder = mkdtempSync(join(tmpdir(), "nudge-vad-"));
    writeFileSync(join(folder, "lfs.onnx"), "version https://git-lfs.github.com/spec/v1\n");
    for (const modelPath of [join(folder, "none.onnx"), join(folder, "lfs.onnx")]) {
      try {
        new UtteranceCutter({ modelPath });
        expect.unreachable();
      } catch (error) {
        expect(isNudgeError(error, "UNAVAILABLE")).toBe(true);
      }
    }
    expect(() => new UtteranceCutter({ threshold: 1.5 })).toThrow(/threshold/);
  });
});

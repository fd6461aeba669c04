import { describe, expect, it } from "vitest";
import { isNudgeError } from "../../../core/index.js";
import { dbfs, rms, SAMPLE_RATE } from "./audio.js";
import { yinPitch } from "./pitch.js";
import { resample } from "./resample.js";
import { sine, wavBytes } from "./test-support/wav-bytes.js";
import { decodeAudio, encodeWav } from "./wav.js";

function reason(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (isNudgeError(error, "INPUT_INVALID")) return String(error.details.reason);
    throw error;
  }
  return undefined;
}

const tone = sine(220, 0.5);

describe("decodeAudio", () => {
  it("round-trips 16 kHz mono 16-bit through encodeWav with nothing converted", () => {
    const audio = decodeAudio(encodeWav({ samples: tone }));
    expect(audio.sampleRate).toBe(SAMPLE_RATE);
    expect(audio.converted).toEqual([]);
    expect(audio.durationS).toBeCloseTo(0.5, 6);
    const worst = Math.max(...audio.samples.map((x, i) => Math.abs(x - tone[i]!)));
    expect(worst).toBeLessThan(1 / 30000);
  });

  it("mixes stereo 44.1 kHz down to 16 kHz mono and says so", () => {
    const left = sine(440, 1, 44100, 0.6);
    const silentRight = new Float32Array(left.length);
    const audio = decodeAudio(
      wavBytes([left, silentRight], { sampleRate: 44100, channels: 2, bitsPerSample: 16 }),
    );
    expect(audio.converted).toEqual([
      "mixed 2 channels to mono by averaging",
      "resampled 44100 Hz to 16000 Hz (windowed sinc)",
    ]);
    expect(audio.samples.length).toBe(16000);
    expect(rms(audio.samples, 1000, 15000)).toBeCloseTo(0.3 / Math.SQRT2, 2); // averaged with silence: half
    expect(yinPitch(audio.samples, 4000)).toBeCloseTo(440, 0);
  });

  it.each([
    { bitsPerSample: 8, float: false, tolerance: 1 / 60 },
    { bitsPerSample: 24, float: false, tolerance: 1e-6 },
    { bitsPerSample: 32, float: false, tolerance: 1e-8 },
    { bitsPerSample: 32, float: true, tolerance: 1e-7 },
    { bitsPerSample: 64, float: true, tolerance: 1e-7 },
  ] as const)("reads $bitsPerSample-bit (float: $float) samples", ({ bitsPerSample, float, tolerance }) => {
    const audio = decodeAudio(
      wavBytes([tone], { sampleRate: SAMPLE_RATE, channels: 1, bitsPerSample, float }),
    );
    expect(audio.converted).toEqual([]);
    const worst = Math.max(...audio.samples.map((x, i) => Math.abs(x - tone[i]!)));
    expect(worst).toBeLessThan(tolerance);
  });

  it("upsamples 8 kHz telephone audio", () => {
    const audio = decodeAudio(
      wavBytes([sine(300, 1, 8000)], { sampleRate: 8000, channels: 1, bitsPerSample: 16 }),
    );
    expect(audio.samples.length).toBe(16000);
    expect(audio.converted).toEqual(["resampled 8000 Hz to 16000 Hz (windowed sinc)"]);
    expect(yinPitch(audio.samples, 8000)).toBeCloseTo(300, 0);
  });

  it("keeps the whole frames of a data chunk cut short, and notes the cut", () => {
    const full = wavBytes([tone, tone], { sampleRate: SAMPLE_RATE, channels: 2, bitsPerSample: 16 });
    const audio = decodeAudio(full.subarray(0, full.length - 1001));
    expect(audio.samples.length).toBe(tone.length - 251); // 1001 bytes = 250 frames of 4 bytes and 1 byte
    expect(audio.converted[0]).toMatch(
      /^truncated: the data chunk declares 32000 bytes, 30999 are present; kept 7749 whole frames$/,
    );
  });

  it("clips float samples beyond full scale and notes it", () => {
    const loud = Float32Array.from(tone, (x) => x * 3);
    const audio = decodeAudio(
      wavBytes([loud], { sampleRate: SAMPLE_RATE, channels: 1, bitsPerSample: 32, float: true }),
    );
    expect(Math.max(...audio.samples)).toBe(1);
    expect(audio.converted[0]).toMatch(/^clipped \d+ float samples/);
  });

  it.each([
    ["empty", new Uint8Array(0)],
    ["truncated-header", encodeWav({ samples: tone }).subarray(0, 30)],
    ["not-wav", new TextEncoder().encode("ID3\u0004 this is an mp3 file, not a wave file at all")],
    [
      "unsupported-codec",
      wavBytes([tone], { sampleRate: SAMPLE_RATE, channels: 1, bitsPerSample: 16, formatTag: 2 }),
    ],
    [
      "unsupported-codec",
      wavBytes([tone], { sampleRate: SAMPLE_RATE, channels: 1, bitsPerSample: 16, formatTag: 0x55 }),
    ],
    ["empty", encodeWav({ samples: new Float32Array(0) })],
    ["bad-format", wavBytes([tone], { sampleRate: 1000, channels: 1, bitsPerSample: 16 })],
    ["bad-format", wavBytes([], { sampleRate: SAMPLE_RATE, channels: 0, bitsPerSample: 16 })],
    ["silent", encodeWav({ samples: new Float32Array(16000) })],
    ["silent", encodeWav({ samples: sine(200, 1, SAMPLE_RATE, 0.0005) })],
  ])("rejects with reason %s", (expected, bytes) => {
    expect(reason(() => decodeAudio(bytes))).toBe(expected);
  });

  it("names the codec it refuses", () => {
    const mp3 = wavBytes([tone], {
      sampleRate: SAMPLE_RATE,
      channels: 1,
      bitsPerSample: 16,
      formatTag: 0x55,
    });
    expect(() => decodeAudio(mp3)).toThrow(/MP3 is not supported/);
  });

  it("accepts silence when asked to", () => {
    const audio = decodeAudio(encodeWav({ samples: new Float32Array(1600) }), { allowSilence: true });
    expect(audio.durationS).toBeCloseTo(0.1, 6);
  });

  it("reads raw 16 kHz s16le and refuses an odd byte count", () => {
    const wav = encodeWav({ samples: tone });
    const audio = decodeAudio(wav.subarray(44), { format: "pcm16" });
    expect(audio.samples.length).toBe(tone.length);
    expect(reason(() => decodeAudio(wav.subarray(44, 44 + 999), { format: "pcm16" }))).toBe("odd-byte-count");
    expect(reason(() => decodeAudio(new Uint8Array(0), { format: "pcm16" }))).toBe("empty");
  });
});

describe("resample", () => {
  it("filters out what lies above the new Nyquist frequency instead of folding it back", () => {
    const high = resample(sine(12000, 1, 44100), 44100, 16000); // would alias to 4 kHz
    expect(dbfs(rms(high, 500, 15500))).toBeLessThan(-60);
    const kept = resample(sine(5000, 1, 44100), 44100, 16000);
    expect(dbfs(rms(kept, 500, 15500))).toBeCloseTo(dbfs(0.5 / Math.SQRT2), 0);
  });

  it.each([
    [44100, 16000],
    [22050, 16000],
    [48000, 16000],
    [8000, 16000],
    [44099, 16000], // no small common ratio: taps computed per sample
    [16000.5, 16000],
  ])("keeps a 440 Hz tone at 440 Hz from %d to %d Hz", (from, to) => {
    const out = resample(sine(440, 0.5, from), from, to);
    expect(out.length).toBe(Math.floor((Math.round(0.5 * from) * to) / from));
    expect(yinPitch(out, 2000, { sampleRate: to })).toBeCloseTo(440, 0);
    expect(dbfs(rms(out, 500, out.length - 500))).toBeCloseTo(dbfs(0.5 / Math.SQRT2), 1);
  });
});

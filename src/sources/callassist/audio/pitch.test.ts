import { describe, expect, it } from "vitest";
import { yinPitch } from "./pitch.js";
import { sawtooth, sine } from "./test-support/wav-bytes.js";

const F0S = [70, 110, 165, 220, 330, 440];

describe("yinPitch", () => {
  it.each(F0S)("finds a %d Hz sine within 2%", (hz) => {
    const signal = sine(hz, 0.2);
    for (const start of [0, 517, 1200])
      expect(Math.abs(yinPitch(signal, start)! / hz - 1)).toBeLessThan(0.02);
  });

  it.each(F0S)("finds a %d Hz sawtooth within 2%", (hz) => {
    const signal = sawtooth(hz, 0.2);
    for (const start of [0, 517, 1200])
      expect(Math.abs(yinPitch(signal, start)! / hz - 1)).toBeLessThan(0.02);
  });

  it("calls silence, noise and too-short frames unvoiced", () => {
    expect(yinPitch(new Float32Array(2000))).toBeNull();
    let seed = 7;
    const noise = Float32Array.from({ length: 2000 }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 30 - 1;
    });
    expect(yinPitch(noise)).toBeNull();
    expect(yinPitch(sine(200, 0.02))).toBeNull();
  });
});

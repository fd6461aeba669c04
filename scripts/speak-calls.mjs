#!/usr/bin/env node
/**
 * Speaks the call-assist test fixtures with espeak-ng and converts them with sox to 16 kHz mono 16-bit WAV:
 * a few lines of a sales call in English and Mandarin, each in a calm voice (slow, low, quiet) and an
 * agitated one (fast, high, loud), plus one short call of several lines joined by silences for the VAD.
 * Writes the WAV files and `manifest.json` into `src/sources/callassist/fixtures/` (or the folder given).
 *
 *   node scripts/speak-calls.mjs [outDir]
 *
 * Needs `espeak-ng` and `sox` on the PATH (Debian: apt-get install espeak-ng sox). The output depends on
 * the espeak-ng version; the committed fixtures were made with espeak-ng 1.51 and sox 14.4.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = resolve(process.argv[2] ?? join(ROOT, "src/sources/callassist/fixtures"));
const SAMPLE_RATE = 16000;
const VOICES = { en: "en-us", zh: "cmn" };
/** espeak-ng's Mandarin is slow at a given words-per-minute; this brings it near the English pace. */
const SPEED_FACTOR = { en: 1, zh: 1.3 };

/** espeak-ng settings: words per minute, pitch 0–99, amplitude 0–200 (100 is espeak's default). */
const STYLES = {
  calm: { speed: 130, pitch: 30, amplitude: 50 },
  agitated: { speed: 200, pitch: 75, amplitude: 140 },
};

/** Silence kept before and after each utterance once espeak-ng's own leading and trailing silence is cut. */
const MARGIN_S = 0.15;
/** sox effects: trim silence (below -50 dB) at the start, then at the end, then pad with the margin. */
const TRIM = [
  ...["silence", "1", "0.02", "-50d", "reverse", "silence", "1", "0.02", "-50d", "reverse"],
  ...["pad", String(MARGIN_S), String(MARGIN_S)],
];

/** What a customer says on a sales call; every line is spoken in every style. */
const LINES = [
  { id: "en-wait", lang: "en", text: "I have waited twenty minutes for this call." },
  { id: "en-rate", lang: "en", text: "What is the interest rate on this account?" },
  { id: "en-stop", lang: "en", text: "Please stop calling me about credit cards." },
  { id: "zh-wait", lang: "zh", text: "我等了二十分钟了。" },
  { id: "zh-rate", lang: "zh", text: "这个产品收益率是多少？" },
  { id: "zh-stop", lang: "zh", text: "别再给我打电话了。" },
];

/** A short call for the VAD: these utterances in turn, this much silence between them (plus their margins) and around them. */
const CALL = {
  file: "call-en.wav",
  parts: ["en-rate-agitated", "en-wait-calm", "en-stop-agitated"],
  silenceS: 0.8,
  edgeS: 0.4,
};

function run(command, args) {
  execFileSync(command, args, { stdio: ["ignore", "ignore", "pipe"] });
}

function durationS(file) {
  const header = 44;
  return (statSync(file).size - header) / (SAMPLE_RATE * 2);
}

function speak(scratch) {
  const utterances = [];
  for (const line of LINES) {
    for (const [style, base] of Object.entries(STYLES)) {
      const voice = { ...base, speed: Math.round(base.speed * SPEED_FACTOR[line.lang]) };
      const name = `${line.id}-${style}`;
      const raw = join(scratch, `${name}.raw.wav`);
      const file = `${name}.wav`;
      run("espeak-ng", [
        "-v",
        VOICES[line.lang],
        "-s",
        String(voice.speed),
        "-p",
        String(voice.pitch),
        "-a",
        String(voice.amplitude),
        "-w",
        raw,
        line.text,
      ]);
      // -D: no dither, so a re-run on the same espeak-ng gives the same bytes. espeak-ng's own leading and
      // trailing silence is trimmed and a short fixed margin put back, to keep the files small.
      run("sox", [raw, "-D", "-r", String(SAMPLE_RATE), "-c", "1", "-b", "16", join(OUT, file), ...TRIM]);
      utterances.push({
        id: name,
        line: line.id,
        file,
        text: line.text,
        lang: line.lang,
        style,
        espeak: { voice: VOICES[line.lang], ...voice },
        durationS: Number(durationS(join(OUT, file)).toFixed(3)),
      });
    }
  }
  return utterances;
}

function joinCall(utterances, scratch) {
  const parts = CALL.parts.map((id) => {
    const found = utterances.find((u) => u.id === id);
    if (!found) throw new Error(`call part ${id} is not an utterance`);
    return found;
  });
  // Each part padded after with the gap, then the whole padded before and after with the edge.
  const inputs = parts.map((part) => join(OUT, part.file));
  const padded = inputs.map((input, i) => {
    const out = join(scratch, `pad-${i}.wav`);
    const after = i < inputs.length - 1 ? CALL.silenceS : 0;
    run("sox", [input, "-D", out, "pad", "0", String(after)]);
    return out;
  });
  run("sox", [...padded, "-D", join(OUT, CALL.file), "pad", String(CALL.edgeS), String(CALL.edgeS)]);
  for (const file of padded) rmSync(file);
  let at = CALL.edgeS;
  const spans = parts.map((part) => {
    // Where the speech is: the part less the margin of silence each utterance file carries.
    const span = {
      id: part.id,
      text: part.text,
      startS: Number((at + MARGIN_S).toFixed(3)),
      endS: Number((at + part.durationS - MARGIN_S).toFixed(3)),
    };
    at += part.durationS + CALL.silenceS;
    return span;
  });
  return {
    file: CALL.file,
    lang: "en",
    silenceS: CALL.silenceS,
    utterances: spans,
    durationS: Number(durationS(join(OUT, CALL.file)).toFixed(3)),
  };
}

mkdirSync(OUT, { recursive: true });
const scratch = mkdtempSync(join(tmpdir(), "speak-calls-"));
try {
  const utterances = speak(scratch);
  const calls = [joinCall(utterances, scratch)];
  const manifest = {
    about: "Synthetic call-assist fixtures spoken by espeak-ng; regenerate with node scripts/speak-calls.mjs",
    sampleRate: SAMPLE_RATE,
    styles: STYLES,
    utterances,
    calls,
  };
  writeFileSync(join(OUT, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`${utterances.length} utterances and ${calls.length} call written to ${OUT}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

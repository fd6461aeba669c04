#!/usr/bin/env node
/**
 * Speaks every customer utterance of the dialogue set (`src/sources/callassist/dialogue/calls.csv`) with
 * espeak-ng and writes the voice features of each to `src/sources/callassist/emotion/voice.csv`: the
 * synthetic voice side of the emotion model's training and test data.
 *
 *   node scripts/speak-dialogue.mjs [--keep wavDir] [--out voice.csv]
 *
 * How an utterance is spoken is drawn (seeded) from its emotion label **with noise**, so that the voice
 * carries signal without giving the label away:
 *  1. Every call gets a speaker: a baseline pitch, speed and amplitude drawn from a normal range, and a
 *     temperament — steady (80%), excitable (12%: every turn one step more aroused) or flat (8%: every
 *     turn a third as aroused; the calm irritated customers).
 *  2. Every utterance draws a speaking style from its label (STYLE_ODDS): irritated → agitated 0.75;
 *     negative → raised 0.40; positive → lively 0.60; neutral → calm 0.85, but lively or agitated
 *     otherwise. A style is an arousal level (calm 0, lively 0.35, raised 0.55, agitated 1).
 *  3. arousal' = temperament(arousal) + N(0, 0.12); the espeak-ng settings are the speaker's baseline +
 *     arousal' × AROUSAL_SHIFT, each with its own jitter, clamped to espeak's ranges.
 * The WAV is trimmed as `speak-calls.mjs` does, decoded with `decodeAudio` and measured with
 * `voiceFeatures` (no word count, so the rate is syllables/s). The WAVs go to a scratch folder that is
 * deleted, unless `--keep` names a folder. Needs espeak-ng and sox (Debian: apt-get install espeak-ng
 * sox); the committed voice.csv was made with espeak-ng 1.51 and sox 14.4. Loads the TypeScript modules
 * through Vite's SSR loader (a dev dependency), so no build is needed.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createServer } from "vite";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SEED = 20240610;
const SAMPLE_RATE = 16000;
const VOICES = { en: "en-us", zh: "cmn" };
/** espeak-ng's Mandarin is slow at a given words-per-minute; this brings it near the English pace. */
const SPEED_FACTOR = { en: 1, zh: 1.3 };

/** Speaker baselines: mean and standard deviation, clamped to [min, max]. */
const SPEAKER = {
  pitch: { mean: 40, sd: 8, min: 20, max: 60 },
  speed: { mean: 150, sd: 12, min: 120, max: 180 },
  amplitude: { mean: 80, sd: 12, min: 50, max: 110 },
};
/** How far full arousal (agitated) moves each setting from the speaker's baseline. */
const AROUSAL_SHIFT = { pitch: 28, speed: 55, amplitude: 55 };
/** Per-utterance jitter (standard deviations) of the arousal and of each setting. */
const JITTER = { arousal: 0.12, pitch: 4, speed: 8, amplitude: 6 };
const AROUSAL = { calm: 0, lively: 0.35, raised: 0.55, agitated: 1 };
/** P(style | emotion label). */
const STYLE_ODDS = {
  irritated: { agitated: 0.75, raised: 0.1, calm: 0.15 },
  negative: { raised: 0.4, agitated: 0.1, calm: 0.5 },
  positive: { lively: 0.6, raised: 0.1, calm: 0.3 },
  neutral: { calm: 0.85, lively: 0.07, agitated: 0.08 },
};
/** Speaker temperaments: their odds and what they do to an utterance's arousal. */
const TEMPERAMENTS = [
  { name: "steady", p: 0.8, arousal: (a) => a },
  { name: "excitable", p: 0.12, arousal: (a) => a + 0.45 },
  { name: "flat", p: 0.08, arousal: (a) => a / 3 },
];
/** espeak-ng's ranges: pitch 0–99, amplitude 0–200; speeds outside 80–450 wpm are clamped by it. */
const LIMITS = { pitch: [0, 99], speed: [80, 450], amplitude: [0, 200] };

/** Silence kept before and after each utterance once espeak-ng's own leading and trailing silence is cut. */
const MARGIN_S = 0.15;
const TRIM = [
  ...["silence", "1", "0.02", "-50d", "reverse", "silence", "1", "0.02", "-50d", "reverse"],
  ...["pad", String(MARGIN_S), String(MARGIN_S)],
];

function argument(name) {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
}

const clamp = (x, [min, max]) => Math.min(max, Math.max(min, x));
const fixed = (x, digits) => (x === null ? "" : Number(x.toFixed(digits)).toString());

function drawSpeaker(rng) {
  const draw = ({ mean, sd, min, max }) => clamp(rng.normal(mean, sd), [min, max]);
  const temperament = rng.weighted(
    TEMPERAMENTS,
    TEMPERAMENTS.map((t) => t.p),
  );
  return {
    pitch: draw(SPEAKER.pitch),
    speed: draw(SPEAKER.speed),
    amplitude: draw(SPEAKER.amplitude),
    temperament,
  };
}

function drawSettings(rng, speaker, row) {
  const odds = STYLE_ODDS[row.emotion];
  const style = rng.weighted(Object.keys(odds), Object.values(odds));
  const arousal = speaker.temperament.arousal(AROUSAL[style]) + rng.normal(0, JITTER.arousal);
  const setting = (name) =>
    Math.round(
      clamp(speaker[name] + arousal * AROUSAL_SHIFT[name] + rng.normal(0, JITTER[name]), LIMITS[name]),
    );
  return {
    style,
    pitch: setting("pitch"),
    speed: Math.round(setting("speed") * SPEED_FACTOR[row.lang]),
    amplitude: setting("amplitude"),
  };
}

function speak(row, settings, scratch, wavDir) {
  const raw = join(scratch, `${row.id}.raw.wav`);
  const file = join(wavDir, `${row.id}.wav`);
  const args = ["-v", VOICES[row.lang], "-s", String(settings.speed), "-p", String(settings.pitch)];
  args.push("-a", String(settings.amplitude), "-w", raw, row.text);
  execFileSync("espeak-ng", args, { stdio: ["ignore", "ignore", "pipe"] });
  execFileSync("sox", [raw, "-D", "-r", String(SAMPLE_RATE), "-c", "1", "-b", "16", file, ...TRIM], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  rmSync(raw);
  return file;
}

function voiceRecord(id, v) {
  return [
    id,
    fixed(v.pitchMeanHz, 1),
    fixed(v.pitchRangeHz, 1),
    fixed(v.pitchSlope, 1),
    fixed(v.energy, 2),
    fixed(v.speechRate, 2),
    String(v.pauses.count),
    fixed(v.pauses.totalS, 2),
    fixed(v.voicedRatio, 3),
    fixed(v.durationS, 3),
  ].join(",");
}

const out = resolve(argument("--out") ?? join(ROOT, "src/sources/callassist/emotion/voice.csv"));
const keep = argument("--keep");
const scratch = mkdtempSync(join(tmpdir(), "speak-dialogue-"));
const wavDir = keep ? resolve(keep) : scratch;
mkdirSync(wavDir, { recursive: true });
const server = await createServer({
  root: ROOT,
  configFile: false,
  logLevel: "error",
  server: { middlewareMode: true, hmr: false },
  appType: "custom",
  optimizeDeps: { noDiscovery: true, include: [] },
});
try {
  const load = (path) => server.ssrLoadModule(join("/src", path));
  const { Rng } = await load("core/random.ts");
  const { decodeAudio } = await load("sources/callassist/audio/wav.ts");
  const { voiceFeatures } = await load("sources/callassist/audio/prosody.ts");
  const { readCalls } = await load("sources/callassist/dialogue/calls.ts");
  const { VOICE_CSV_COLUMNS } = await load("sources/callassist/emotion/voice-set.ts");
  const rows = readCalls();
  const rng = new Rng(SEED);
  const speakers = new Map();
  const tally = {};
  const records = [["id", ...VOICE_CSV_COLUMNS].join(",")];
  for (const row of rows) {
    if (!speakers.has(row.callId)) speakers.set(row.callId, drawSpeaker(rng));
    const speaker = speakers.get(row.callId);
    const settings = drawSettings(rng, speaker, row);
    const key = `${row.emotion}/${settings.style}`;
    tally[key] = (tally[key] ?? 0) + 1;
    const audio = decodeAudio(readFileSync(speak(row, settings, scratch, wavDir)));
    records.push(voiceRecord(row.id, voiceFeatures(audio)));
  }
  writeFileSync(out, `${records.join("\n")}\n`);
  const temperaments = {};
  for (const s of speakers.values())
    temperaments[s.temperament.name] = (temperaments[s.temperament.name] ?? 0) + 1;
  console.log(`${rows.length} utterances of ${speakers.size} calls measured into ${out}`);
  console.log("emotion/style:", JSON.stringify(Object.fromEntries(Object.entries(tally).sort())));
  console.log("temperaments:", JSON.stringify(temperaments));
} finally {
  await server.close();
  rmSync(scratch, { recursive: true, force: true });
}

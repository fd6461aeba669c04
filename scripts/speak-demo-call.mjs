#!/usr/bin/env node
/**
 * Speaks the demo's recorded sales call with espeak-ng and sox: a customer's side of an English call
 * about a wealth-management product, calm at first and agitated towards the end, each line followed by
 * a second of silence (the agent's turn). Writes src/demo/data/demo-call.wav (16 kHz mono 16-bit) and
 * demo-call.txt (the transcript, one utterance a line). Regenerate with: node scripts/speak-demo-call.mjs
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const OUT = join(dirname(fileURLToPath(import.meta.url)), "..", "src", "demo", "data");
const GAP_S = 1;
/** espeak-ng words per minute, pitch 0–99, amplitude 0–200. */
const STYLES = {
  calm: { speed: 140, pitch: 35, amplitude: 60 },
  warm: { speed: 155, pitch: 50, amplitude: 80 },
  agitated: { speed: 195, pitch: 72, amplitude: 140 },
};
const LINES = [
  ["calm", "Hello, yes, this is Wang speaking. Who is calling?"],
  ["calm", "I have some savings in a deposit that matures next month."],
  ["warm", "What return does this wealth product pay, and how long is the term?"],
  ["agitated", "That is too expensive, the fees eat all the interest."],
  ["agitated", "I told you already, I am not interested. Stop calling me."],
];
const run = (command, args) => execFileSync(command, args, { stdio: ["ignore", "ignore", "inherit"] });

const scratch = mkdtempSync(join(tmpdir(), "speak-demo-call-"));
try {
  const parts = LINES.map(([style, text], i) => {
    const s = STYLES[style];
    const raw = join(scratch, `${i}.raw.wav`);
    const part = join(scratch, `${i}.wav`);
    run("espeak-ng", [
      "-v",
      "en-us",
      "-s",
      String(s.speed),
      "-p",
      String(s.pitch),
      "-a",
      String(s.amplitude),
      "-w",
      raw,
      text,
    ]);
    run("sox", [
      raw,
      "-D",
      "-r",
      "16000",
      "-c",
      "1",
      "-b",
      "16",
      part,
      "pad",
      "0",
      String(i < LINES.length - 1 ? GAP_S : 0),
    ]);
    return part;
  });
  run("sox", [...parts, "-D", join(OUT, "demo-call.wav"), "pad", "0.3", "0.3"]);
  writeFileSync(join(OUT, "demo-call.txt"), `${LINES.map(([, text]) => text).join("\n")}\n`);
  console.log(`demo call of ${LINES.length} utterances written to ${OUT}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

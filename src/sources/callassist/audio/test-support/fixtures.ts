/** The espeak-ng fixtures in `callassist/fixtures/` (made by scripts/speak-calls.mjs), decoded. */
import { readFileSync } from "node:fs";
import type { Audio } from "../audio.js";
import { decodeAudio } from "../wav.js";

const FOLDER = new URL("../../fixtures/", import.meta.url);

export interface FixtureUtterance {
  id: string;
  /** The line spoken; its calm and agitated twins share it. */
  line: string;
  file: string;
  text: string;
  lang: "en" | "zh";
  style: "calm" | "agitated";
  durationS: number;
}

export interface FixtureCall {
  file: string;
  lang: string;
  silenceS: number;
  utterances: { id: string; text: string; startS: number; endS: number }[];
  durationS: number;
}

export interface FixtureManifest {
  utterances: FixtureUtterance[];
  calls: FixtureCall[];
}

/** manifest.json. */
export const manifest: FixtureManifest = JSON.parse(readFileSync(new URL("manifest.json", FOLDER), "utf8"));

/** The bytes of a fixture file. */
export function fixtureBytes(file: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(file, FOLDER)));
}

/** A fixture file decoded. */
export function fixtureAudio(file: string): Audio {
  return decodeAudio(fixtureBytes(file));
}

/**
 * The script library: what an agent can say next, one script per row, each tied to a language, a scene
 * of the call, a product (or none) and a tone. The bundled library.json is the default; a bank supplies
 * its own file of the same shape. Every row is checked with zod, and a refusal names the row, the field
 * and the reason, so a bank can fix its file.
 */
import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import { NudgeError } from "../../../core/index.js";
import { type DialogueLanguage, LANGUAGES, SCENES, type Scene } from "../dialogue/calls.js";

/** How a script sounds; the ranking matches it to the customer's emotion. */
export const TONES = [
  "warm",
  "informative",
  "reassuring",
  "empathetic",
  "apologetic",
  "closing",
  "respectful_exit",
] as const;

/** Products a script can be about (a product-neutral script has `null`). */
export const PRODUCTS = ["deposit", "wealth", "fund", "insurance", "loan", "credit_card"] as const;

export type Tone = (typeof TONES)[number];
export type Product = (typeof PRODUCTS)[number];

/** One script: what the agent says, and when it fits. */
export interface Script {
  /** Stable id, referenced by training examples and agents' ratings. */
  id: string;
  lang: DialogueLanguage;
  scene: Scene;
  product: Product | null;
  tone: Tone;
  text: string;
}

/** Longest script accepted: an agent reads it aloud within a turn, so a page of text is a mistake. */
export const MAX_SCRIPT_CHARS = 600;
/** Ids are short slugs, so they survive URLs, CSV exports and log lines unchanged. */
const SCRIPT_ID = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

const scriptSchema = z
  .object({
    id: z.string().regex(SCRIPT_ID, "must be a slug of lowercase letters, digits, '_', '.' or '-'"),
    lang: z.enum(LANGUAGES),
    scene: z.enum(SCENES),
    product: z.enum(PRODUCTS).nullable(),
    tone: z.enum(TONES),
    text: z.string().trim().min(1, "must not be empty").max(MAX_SCRIPT_CHARS),
  })
  .strict();

/**
 * The bundled library: beside this module when run from src/, or in the shipped src/ when run compiled
 * from dist/ (tsc copies no JSON it does not import).
 */
const BUNDLED_CANDIDATES = [
  new URL("./library.json", import.meta.url),
  new URL("../../../../src/sources/callassist/scripts/library.json", import.meta.url),
];

/** Reads and checks a library file; the bundled library.json (relative to this module) by default. */
export function loadLibrary(path?: string | URL): Script[] {
  const file = path ?? bundledLibrary();
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new NudgeError(
      "INPUT_UNREADABLE",
      `cannot read the script library ${String(file)}`,
      {},
      {
        cause: error,
      },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new NudgeError(
      "INPUT_INVALID",
      `the script library ${String(file)} is not JSON`,
      {},
      { cause: error },
    );
  }
  return parseLibrary(json);
}

/** Checks parsed JSON as a library: an array of scripts, every row valid, ids unique. */
export function parseLibrary(json: unknown): Script[] {
  if (!Array.isArray(json))
    throw new NudgeError("INPUT_INVALID", "the script library must be a JSON array of scripts");
  if (json.length === 0) throw new NudgeError("INPUT_INVALID", "the script library holds no scripts");
  const seen = new Map<string, number>();
  return json.map((row, index) => {
    const parsed = scriptSchema.safeParse(row);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.length ? issue.path.map(String).join(".") : "row";
      throw rowError(index, row, field, issue?.message ?? "invalid");
    }
    const earlier = seen.get(parsed.data.id);
    if (earlier !== undefined) throw rowError(index, row, "id", `duplicates the id of row ${earlier}`);
    seen.set(parsed.data.id, index);
    return parsed.data;
  });
}

function rowError(index: number, row: unknown, field: string, reason: string): NudgeError {
  const id =
    typeof (row as { id?: unknown } | null)?.id === "string" ? (row as { id: string }).id : undefined;
  const which = id === undefined ? `row ${index}` : `row ${index} ('${id}')`;
  return new NudgeError("INPUT_INVALID", `script library ${which}: ${field}: ${reason}`, {
    row: index,
    field,
    reason,
  });
}

/** The first place the bundled file exists; the first candidate when none does (the read then fails). */
function bundledLibrary(): URL {
  return BUNDLED_CANDIDATES.find((candidate) => existsSync(candidate)) ?? (BUNDLED_CANDIDATES[0] as URL);
}

/**
 * The emotion side of `nudge model train|score`: `train emotion --data FILE --text COL --label COL
 * [--id COL]` learns call assist's second emotion (words, plus voice when the file has the voice columns
 * of emotion/voice.csv, VOICE_CSV_COLUMNS) and reports it held out against the lexicon and the combination;
 * scoring writes the combined `label` and `p_<label>` per row. Labels are positive, neutral, negative,
 * irritated. With `--id` naming a call (or speaker) column, rows of one id stay on one side of the split.
 */
import { createHash } from "node:crypto";
import { rename, rm } from "node:fs/promises";
import { NudgeError } from "../core/index.js";
import { CsvWriter } from "../demo/index.js";
import { isMissing, ModelLoader, registerModel, type Table } from "../ml/index.js";
import { type DialogueRow, splitByCall } from "../sources/callassist/dialogue/index.js";
import {
  combineEmotion,
  detectLanguage,
  EMOTION_LABELS,
  type EmotionReport,
  type EmotionTrainingRow,
  emotionArtifact,
  emotionModelOf,
  evaluateHeldOut,
  lexiconEmotion,
  predictEmotion,
  trainEmotionModel,
  VOICE_CSV_COLUMNS,
  voiceFromColumns,
} from "../sources/callassist/emotion/index.js";
import type { Voice } from "../sources/callassist/index.js";
import type { Store } from "../store/index.js";
import { readTable } from "./data-file.js";
import { count } from "./io.js";

/** Rows of the table as emotion rows: text, language, voice when the file has it, label when asked. */
function emotionRowsOf(table: Table, textColumn: string, labelColumn: string | undefined, group?: string) {
  const withVoice = VOICE_CSV_COLUMNS.every((c) => table.has(c));
  const labels = new Set<string>(EMOTION_LABELS);
  return table.column(textColumn).map((cell, r): EmotionTrainingRow => {
    const row = table.rowNumbers[r] ?? r + 1;
    if (isMissing(cell))
      throw new NudgeError("INPUT_INVALID", `row ${row}: field '${textColumn}' is empty`, {
        row,
        field: textColumn,
      });
    const text = String(cell);
    let label = "neutral";
    if (labelColumn) {
      label = String(table.column(labelColumn)[r] ?? "").trim();
      if (!labels.has(label))
        throw new NudgeError(
          "INPUT_INVALID",
          `row ${row}: field '${labelColumn}' must be one of ${EMOTION_LABELS.join(", ")}, got '${label}'`,
          { row, field: labelColumn },
        );
    }
    return {
      text,
      lang: detectLanguage(text),
      voice: withVoice ? voiceOf(table, r, row) : null,
      label: label as EmotionTrainingRow["label"],
      callId: group ? String(table.column(group)[r] ?? `row-${row}`) : `row-${row}`,
    };
  });
}

function voiceOf(table: Table, r: number, row: number): Voice {
  return voiceFromColumns((column, optional) => {
    const cell = table.column(column)[r];
    if (isMissing(cell) && optional) return null;
    const n = Number(cell);
    if (isMissing(cell) || !Number.isFinite(n))
      throw new NudgeError("INPUT_INVALID", `row ${row}: field '${column}' must be a number`, {
        row,
        field: column,
      });
    return n;
  });
}

/** `model train emotion`: held-out report on 30% of the ids (or rows), then refitted on all and registered. */
export async function trainEmotionFromFile(
  store: Store,
  flags: { data: string; text?: string; label?: string; id?: string; seed: number; name?: string },
) {
  if (!flags.text || !flags.label)
    throw new NudgeError("INPUT_INVALID", "emotion models need --text COL and --label COL");
  const table = await readTable(flags.data);
  const rows = emotionRowsOf(table, flags.text, flags.label, flags.id);
  // splitByCall splits whole ids per language: give it the rows in its shape.
  const shaped = rows.map(
    (row, i): DialogueRow => ({
      id: String(i),
      lang: row.lang,
      callId: row.callId as string,
      turn: 1,
      text: row.text,
      scene: "opening",
      intent: "other",
      emotion: row.label,
    }),
  );
  const { train, test } = splitByCall(shaped, flags.seed);
  const pick = (part: readonly DialogueRow[]) => part.map((s) => rows[Number(s.id)] as EmotionTrainingRow);
  const split = `by ${flags.id ?? "row"}, seed ${flags.seed}: ${train.length} train / ${test.length} test rows`;
  const {
    model: _,
    split: __,
    ...heldOut
  } = evaluateHeldOut(pick(train), pick(test), { seed: flags.seed, split });
  const report: EmotionReport = {
    split: { by: "call", seed: flags.seed, testShare: 0.3, trainRows: train.length, testRows: test.length },
    heldOut,
  };
  const model = trainEmotionModel(rows, { seed: flags.seed });
  const hash = createHash("sha256");
  for (const row of rows) hash.update(`${row.text}\u001f${row.label}\u001e`);
  const stored = await registerModel(
    store,
    emotionArtifact({ model, report }, flags.name ?? "emotion", `sha256:${hash.digest("hex")}`),
  );
  return { model: stored, report: { ...report, voice: rows[0]?.voice !== null } };
}

/** What a person reads after training an emotion model. */
export function emotionReportLines(report: EmotionReport & { voice: boolean }): string[] {
  const h = report.heldOut;
  const line = (name: string, s: { macroF1: number; accuracy: number }) =>
    `  ${name.padEnd(14)} macro-F1 ${s.macroF1.toFixed(4)}, accuracy ${s.accuracy.toFixed(4)}`;
  return [
    `split (seed ${report.split.seed}): train ${count(report.split.trainRows)}, test ${count(report.split.testRows)} rows; ${report.voice ? "words and voice" : "words only (no voice columns)"}`,
    "held-out:",
    line("lexicon", h.lexicon),
    line("words only", h.wordsOnly),
    line("model", h.secondModel),
    line(`combined ${h.weights.first}/${h.weights.second}`, h.combined),
  ];
}

/** Scores a file: the id column (or `row`), the combined `label`, `p_<label>`, and the two parts' labels. */
export async function scoreEmotionFile(
  store: Store,
  name: string,
  flags: { data: string; out: string; text?: string; id?: string },
) {
  const { id, model } = await new ModelLoader(store).load(name, emotionModelOf, "emotion");
  const table = await readTable(flags.data);
  const textColumn = flags.text ?? (table.has("text") ? "text" : undefined);
  if (!textColumn)
    throw new NudgeError("INPUT_INVALID", `${flags.data} has no 'text' column; give --text COL`);
  const rows = emotionRowsOf(table, textColumn, undefined);
  const ids = flags.id ? table.column(flags.id).map((v) => String(v ?? "")) : null;
  const header = [flags.id ?? "row", "label", ...EMOTION_LABELS.map((l) => `p_${l}`), "first", "second"];
  const partial = `${flags.out}.partial-${process.pid}`;
  const writer = new CsvWriter(partial, header);
  try {
    rows.forEach((row, r) => {
      const first = lexiconEmotion(row.text, row.lang);
      const second = predictEmotion(model, row.text, row.voice, row.lang);
      const combined = combineEmotion(first, second);
      writer.row([
        ids ? (ids[r] as string) : (table.rowNumbers[r] ?? r + 1),
        combined.label,
        ...EMOTION_LABELS.map((l) => Number(combined.probabilities[l].toPrecision(6))),
        first.label,
        second.label,
      ]);
    });
    const written = await writer.close();
    await rename(partial, flags.out);
    return { model: id, rows: written, out: flags.out, columns: header };
  } catch (error) {
    writer.abort();
    await rm(partial, { force: true });
    throw error;
  }
}

/**
 * The text side of `nudge model train|score`: `train text --data FILE --text COL --label COL` and scoring a
 * file with a text model (`label,p_<class>` per row).
 */
import { createHash } from "node:crypto";
import { rename, rm } from "node:fs/promises";
import { NudgeError } from "../core/index.js";
import { CsvWriter } from "../demo/index.js";
import { isMissing, ModelLoader, registerModel, type Table } from "../ml/index.js";
import type { Store } from "../store/index.js";
import { predictText, type TextReport, textArtifact, textModelOf, trainTextModel } from "../text/index.js";
import { readTable } from "./data-file.js";
import { count } from "./io.js";

/** Texts and labels of a table; rows without either are refused, naming the row. */
function textColumns(table: Table, textColumn: string, labelColumn?: string) {
  const texts = table.column(textColumn);
  const labels = labelColumn ? table.column(labelColumn) : null;
  const out: { texts: string[]; labels: string[] } = { texts: [], labels: [] };
  texts.forEach((cell, r) => {
    const row = table.rowNumbers[r] ?? r + 1;
    if (isMissing(cell))
      throw new NudgeError("INPUT_INVALID", `row ${row}: field '${textColumn}' is empty`, {
        row,
        field: textColumn,
      });
    out.texts.push(String(cell));
    if (labels && labelColumn) {
      const label = labels[r];
      if (isMissing(label))
        throw new NudgeError("INPUT_INVALID", `row ${row}: field '${labelColumn}' is empty`, {
          row,
          field: labelColumn,
        });
      out.labels.push(String(label));
    }
  });
  return out;
}

/** `model train text`: trains, registers, and answers the report with the model. */
export async function trainTextFromFile(
  store: Store,
  flags: { data: string; text?: string; label?: string; seed: number; name?: string },
  onProgress?: (done: number, total: number) => void,
) {
  if (!flags.text || !flags.label)
    throw new NudgeError("INPUT_INVALID", "text models need --text COL and --label COL");
  const table = await readTable(flags.data);
  const { texts, labels } = textColumns(table, flags.text, flags.label);
  const trained = trainTextModel(texts, labels, { seed: flags.seed, onProgress });
  const fingerprint = `sha256:${hashOf(`${texts.join("\u001e")}\u001d${labels.join("\u001e")}`)}`;
  const model = await registerModel(store, textArtifact(trained, flags.name ?? "text", fingerprint));
  return { model, report: trained.report };
}

/** What a person reads after training a text model. */
export function textReportLines(report: TextReport): string[] {
  const { split, best, test } = report;
  return [
    `split (seed ${split.seed}): train ${count(split.train)}, test ${count(split.test)} texts; ${report.classes.length} classes, ${count(report.vocabulary)} terms`,
    `  selected ${best.kind} ${JSON.stringify(best.params)} by ${report.selection.length}-candidate k-fold macro-F1 ${best.cvMacroF1.toFixed(4)}`,
    `  test: accuracy ${test.accuracy.toFixed(4)}, macro-F1 ${test.macroF1.toFixed(4)}`,
  ];
}

/** Scores a file with a text model: the id column (or `row`), `label`, and `p_<class>` per class. */
export async function scoreTextFile(
  store: Store,
  name: string,
  flags: { data: string; out: string; text?: string; id?: string },
) {
  const { id, model } = await new ModelLoader(store).load(name, textModelOf, "text");
  const table = await readTable(flags.data);
  const textColumn = flags.text ?? (table.has("text") ? "text" : undefined);
  if (!textColumn)
    throw new NudgeError("INPUT_INVALID", `${flags.data} has no 'text' column; give --text COL`);
  const { texts } = textColumns(table, textColumn);
  const ids = flags.id ? table.column(flags.id).map((v) => String(v ?? "")) : null;
  const header = [flags.id ?? "row", "label", ...model.classes.map((c) => `p_${c}`)];
  const partial = `${flags.out}.partial-${process.pid}`;
  const writer = new CsvWriter(partial, header);
  try {
    const predictions = predictText(model, texts);
    predictions.forEach((p, r) => {
      writer.row([
        ids ? (ids[r] ?? "") : (table.rowNumbers[r] ?? r + 1),
        p.label,
        ...model.classes.map((c) => p.probabilities[c] ?? 0),
      ]);
    });
    const rows = await writer.close();
    await rename(partial, flags.out);
    return { model: id, rows, out: flags.out, columns: header };
  } catch (error) {
    writer.abort();
    await rm(partial, { force: true });
    throw error;
  }
}

function hashOf(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

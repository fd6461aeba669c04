/**
 * The uplift side of `nudge model train|score`: `train uplift --data FILE --treatment COL --outcome COL`
 * (held-out Qini and AUUC of the model and each baseline) and scoring a file (`uplift,p1,p2` per row).
 */
import { createHash } from "node:crypto";
import { rename, rm } from "node:fs/promises";
import { NudgeError } from "../core/index.js";
import { CsvWriter } from "../demo/index.js";
import { ModelLoader, registerModel } from "../ml/index.js";
import {
  type IdEdges,
  STORE_COLUMNS,
  scoreUplift,
  trainUplift,
  type UpliftTrainReport,
  upliftArtifact,
  upliftModelOf,
  upliftTableFromStore,
} from "../sources/uplift/index.js";
import type { Store } from "../store/index.js";
import { readTable } from "./data-file.js";
import { count } from "./io.js";

/** Relations from a file whose first two columns are the two customers' ids (e.g. `src,dst`). */
async function readEdges(path: string): Promise<IdEdges> {
  const table = await readTable(path);
  const [a, b] = table.columns;
  if (a === undefined || b === undefined)
    throw new NudgeError("INPUT_INVALID", `${path}: an edge file needs two id columns (e.g. src,dst)`);
  return {
    src: table.column(a).map((v) => String(v ?? "")),
    dst: table.column(b).map((v) => String(v ?? "")),
  };
}

/** `model train uplift`: trains, registers, and answers the report with the model. */
export async function trainUpliftFromFile(
  store: Store,
  flags: {
    data: string;
    treatment?: string;
    outcome?: string;
    id?: string;
    exclude?: string[];
    seed: number;
    name?: string;
    graph?: string;
  },
) {
  if (!flags.treatment || !flags.outcome)
    throw new NudgeError("INPUT_INVALID", "uplift models need --treatment COL and --outcome COL");
  const table = await readTable(flags.data);
  const trained = trainUplift(table, {
    treatment: flags.treatment,
    outcome: flags.outcome,
    id: flags.id,
    exclude: flags.exclude,
    seed: flags.seed,
    graph: flags.graph ? await readEdges(flags.graph) : undefined,
  });
  const hash = createHash("sha256");
  for (const column of table.columns) hash.update(`${column}\u001e${table.column(column).join("\u001f")}`);
  const model = await registerModel(
    store,
    upliftArtifact(trained, flags.name ?? "uplift", `sha256:${hash.digest("hex")}`),
  );
  return { model, report: trained.report };
}

/** `model train uplift --from-store [--campaign C]`: a campaign's outcomes, features and relations. */
export async function trainUpliftFromStore(
  store: Store,
  flags: { campaign?: string; seed: number; name?: string },
) {
  const { campaign, table, graph } = await upliftTableFromStore(store, { campaign: flags.campaign });
  const trained = trainUplift(table, {
    treatment: STORE_COLUMNS.treatment,
    outcome: STORE_COLUMNS.outcome,
    id: STORE_COLUMNS.id,
    seed: flags.seed,
    graph,
  });
  const model = await registerModel(
    store,
    upliftArtifact(trained, flags.name ?? `uplift-${campaign}`, `campaign:${campaign}:${table.rows}`),
  );
  return { model, report: trained.report };
}

/** What a person reads after training an uplift model. */
export function upliftReportLines(report: UpliftTrainReport): string[] {
  const { split } = report;
  const line = (name: string, r: UpliftTrainReport["test"]["twoHead"]) =>
    `  ${name.padEnd(10)} Qini ${r.qini.toFixed(4)}, AUUC ${r.auuc.toFixed(4)}, uplift at 10/20/30% ${[
      10, 20, 30,
    ]
      .map((k) => r.upliftAt[k as 10 | 20 | 30].toFixed(4))
      .join(" / ")}`;
  return [
    `${report.graph ? `over a graph of ${count(report.graph.edges)} edges; ` : ""}split (seed ${split.seed}): train ${count(split.train)}, validation ${count(split.validation)}, test ${count(split.test)} rows; ${Math.round(report.treatedShare * 100)}% treated; ${report.features} features`,
    "held-out:",
    line("two-head", report.test.twoHead),
    line("S-learner", report.test.sLearner),
    line("T-learner", report.test.tLearner),
    line("X-learner", report.test.xLearner),
  ];
}

/** Scores a file with an uplift model: the id column (or `row`), `uplift`, `p1`, `p2`. */
export async function scoreUpliftFile(
  store: Store,
  name: string,
  flags: { data: string; out: string; id?: string; graph?: string },
) {
  const { id, model } = await new ModelLoader(store).load(name, upliftModelOf, "uplift");
  const table = await readTable(flags.data);
  const missing = model.encoder.columns.map((c) => c.name).filter((c) => !table.has(c));
  if (missing.length > 0)
    throw new NudgeError(
      "INPUT_INVALID",
      `${flags.data} lacks feature column(s) the model was trained on: ${missing.join(", ")}`,
      {
        missing,
      },
    );
  const idColumn = flags.id ?? (model.id && table.has(model.id) ? model.id : null);
  const ids = idColumn ? table.column(idColumn) : null;
  const scores = scoreUplift(model, table, flags.graph ? await readEdges(flags.graph) : undefined);
  const header = [idColumn ?? "row", "uplift", "p1", "p2"];
  const partial = `${flags.out}.partial-${process.pid}`;
  const writer = new CsvWriter(partial, header);
  try {
    for (let r = 0; r < table.rows; r++)
      writer.row([
        ids ? String(ids[r] ?? "") : (table.rowNumbers[r] ?? r + 1),
        Number((scores.uplift[r] as number).toPrecision(6)),
        Number((scores.p1[r] as number).toPrecision(6)),
        Number((scores.p2[r] as number).toPrecision(6)),
      ]);
    const rows = await writer.close();
    await rename(partial, flags.out);
    return { model: id, rows, out: flags.out, columns: header };
  } catch (error) {
    writer.abort();
    await rm(partial, { force: true });
    throw error;
  }
}

/**
 * The worker side of PredictorPool: holds the nets of one classifier and answers row-major inputs with the
 * average of their probabilities. Runs only from the compiled package (dist/ml/predict-worker.js).
 */
import { parentPort, workerData } from "node:worker_threads";
import { averagePrediction } from "./classifier.js";
import { Mlp, type MlpShape } from "./mlp.js";

const { shape, weights } = workerData as { shape: MlpShape; weights: Float32Array[] };
const nets = weights.map((w) => Mlp.fromParameters(shape, w));

parentPort?.on("message", ({ id, x, rows }: { id: number; x: Float32Array; rows: number }) => {
  const p = averagePrediction(nets, x, rows);
  parentPort?.postMessage({ id, p });
});

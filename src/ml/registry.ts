/**
 * The model registry over the store's `models` table: each row holds kind, name, version, features,
 * encoder, parameters, training data fingerprint, metrics and float32 weights (base64). Loaded models
 * are cached by id, so scoring decodes a model once per process.
 */
import { type Clock, isNudgeError, NudgeError, systemClock } from "../core/index.js";
import type { ModelRow, Store } from "../store/index.js";

export interface ModelArtifact {
  kind: string;
  name: string;
  features: string[];
  encoder: unknown;
  params: unknown;
  fingerprint: string;
  metrics: unknown;
  weights: Float32Array;
}

/** A stored model, decoded. */
export interface StoredModel extends ModelArtifact {
  id: string;
  version: number;
  createdAt: string;
}

/** Attempts at a fresh version number when another process registered the same name meanwhile. */
const REGISTER_ATTEMPTS = 3;

/** Float32 weights as base64 of their little-endian bytes. */
export function encodeWeights(weights: Float32Array): string {
  const bytes = new Uint8Array(weights.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < weights.length; i++) view.setFloat32(i * 4, weights[i] as number, true);
  return Buffer.from(bytes).toString("base64");
}

/** The inverse of encodeWeights. */
export function decodeWeights(text: string): Float32Array {
  const bytes = Buffer.from(text, "base64");
  if (bytes.length % 4 !== 0) throw new NudgeError("INPUT_INVALID", "stored weights are truncated");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  return Float32Array.from({ length: bytes.length / 4 }, (_, i) => view.getFloat32(i * 4, true));
}

/** Stores a model as the next version of its name; its id is `<name>-v<version>`. */
export async function registerModel(
  store: Store,
  artifact: ModelArtifact,
  clock: Clock = systemClock,
): Promise<StoredModel> {
  for (let attempt = 1; ; attempt++) {
    const version = await store.models.nextVersion(artifact.name);
    const id = `${artifact.name}-v${version}`;
    const createdAt = clock.now().toISOString();
    try {
      await store.models.insert({
        id,
        kind: artifact.kind,
        name: artifact.name,
        version,
        features: JSON.stringify(artifact.features),
        encoder: JSON.stringify(artifact.encoder),
        params: JSON.stringify(artifact.params),
        fingerprint: artifact.fingerprint,
        metrics: JSON.stringify(artifact.metrics),
        weights: encodeWeights(artifact.weights),
        created_at: createdAt,
      });
      return { ...artifact, id, version, createdAt };
    } catch (error) {
      if (attempt >= REGISTER_ATTEMPTS || isNudgeError(error)) throw error;
      // Most likely a concurrent registration took this version: look again.
    }
  }
}

function decode(row: ModelRow): StoredModel {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    version: Number(row.version),
    features: JSON.parse(row.features),
    encoder: JSON.parse(row.encoder),
    params: JSON.parse(row.params),
    fingerprint: row.fingerprint,
    metrics: JSON.parse(row.metrics),
    weights: decodeWeights(row.weights),
    createdAt: row.created_at,
  };
}

function notFound(idOrName: string): NudgeError {
  return new NudgeError("NOT_FOUND", `no model '${idOrName}' (see nudge model list)`);
}

/** Loads models by id or name (latest version), decoding each id once. */
export class ModelLoader {
  private readonly cache = new Map<string, unknown>();

  constructor(private readonly store: Store) {}

  /** The stored model, or NOT_FOUND naming what was asked for. */
  async stored(idOrName: string, kind?: string): Promise<StoredModel> {
    return this.read((await this.resolve(idOrName, kind)).id);
  }

  /**
   * The model built by `build` from the stored row, cached by model id. A name is resolved to its latest
   * version each call (a small query); the row is read and decoded only for an id not built yet.
   */
  async load<T>(
    idOrName: string,
    build: (stored: StoredModel) => T,
    kind?: string,
  ): Promise<{ id: string; model: T }> {
    const { id } = await this.resolve(idOrName, kind);
    let model = this.cache.get(id) as T | undefined;
    if (model === undefined) {
      model = build(await this.read(id));
      this.cache.set(id, model);
    }
    return { id, model };
  }

  private async read(id: string): Promise<StoredModel> {
    const row = await this.store.models.get(id);
    if (!row) throw notFound(id);
    return decode(row);
  }

  private async resolve(idOrName: string, kind?: string): Promise<{ id: string; kind: string }> {
    const found = await this.store.models.resolve(idOrName);
    if (!found) throw notFound(idOrName);
    if (kind !== undefined && found.kind !== kind)
      throw new NudgeError("INPUT_INVALID", `model '${found.id}' is a ${found.kind} model, not ${kind}`);
    return found;
  }
}

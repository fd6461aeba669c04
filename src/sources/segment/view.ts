/** A stored segment run read back as its report: what `GET /v1/segments` and the console show. */
import { NudgeError } from "../../core/index.js";
import type { Store } from "../../store/index.js";
import { SEGMENT_KIND, type SegmentReport } from "./run.js";

export interface SegmentsView extends SegmentReport {
  model: string;
  createdAt: string;
}

/** The run registered as `idOrName` (a model id, or a name's latest version), else the latest segment run. */
export async function latestSegments(store: Store, idOrName?: string): Promise<SegmentsView | null> {
  const runs = idOrName ? [] : await store.models.list(SEGMENT_KIND);
  // Newest first; runs stamped in the same millisecond (a fixed clock) by version.
  runs.sort((a, b) =>
    a.created_at === b.created_at ? b.version - a.version : a.created_at < b.created_at ? 1 : -1,
  );
  const id = idOrName ?? runs[0]?.id;
  if (id === undefined) return null;
  const row = await store.models.get(id);
  if (!row) throw new NudgeError("NOT_FOUND", `no model '${id}'`);
  if (row.kind !== SEGMENT_KIND)
    throw new NudgeError("INPUT_INVALID", `model '${row.id}' is a ${row.kind} model, not a segment run`);
  const stored = JSON.parse(row.params) as SegmentReport & { centroids?: unknown; products?: unknown };
  const { centroids: _centroids, products: _products, ...report } = stored;
  return { ...report, model: row.id, createdAt: row.created_at };
}

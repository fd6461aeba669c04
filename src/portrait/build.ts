/**
 * Building portraits. A full build computes every customer's rule tags; an incremental build only
 * those of customers whose data arrived since the last finished build (new events, holdings,
 * profile rows, relations or responses). Customers are processed in chunks; each chunk's documents,
 * new terms and document-frequency changes commit in one transaction, with the build's cursor, so an
 * interrupted build leaves consistent portraits and a re-run finishes the job (a full build resumes
 * after its cursor; an incremental one starts again from the last finished build).
 * Models set predicted tags through `setModelTags`, which shares the same document bookkeeping.
 */
import { type Clock, NudgeError, newId, round4, systemClock } from "../core/index.js";
import type { Store } from "../store/index.js";
import { type ComputedTag, computeTags, eventHistoryDays, sourcesUsed } from "./compute.js";
import {
  bandOf,
  DEFAULT_DEFINITIONS,
  type TagDefinition,
  type TagDefinitions,
  validateDefinitions,
} from "./definitions.js";
import { LocalHours, loadFacts } from "./facts.js";
import { type GraphScores, scoreGraph } from "./graph.js";
import {
  type DocTag,
  type PortraitDoc,
  parseDoc,
  RULES_SOURCE,
  TermDictionary,
  termsOf,
  termValue,
} from "./terms.js";

const DEFAULT_CHUNK = 5_000;
const DAY_MS = 86_400_000;

export interface BuildOptions {
  /** Recompute every customer (the first build always does). */
  full?: boolean;
  /** Tag definitions; default: those of the last finished build, else the shipped ones. */
  definitions?: TagDefinitions;
  /** The time windows end here; default now. */
  asOf?: Date;
  clock?: Clock;
  chunkSize?: number;
  onProgress?: (done: number, total: number) => void;
  actor?: string;
}

export interface BuildReport {
  build: string;
  mode: "full" | "incremental";
  /** True when this run finished an interrupted full build. */
  resumed: boolean;
  customers: number;
  terms: number;
  asOf: string;
  graph: { nodes: number; edges: number } | null;
  seconds: number;
}

/** The definitions in force: those of the last finished build, else the shipped ones. */
export async function currentDefinitions(store: Store): Promise<TagDefinitions> {
  const last = await store.portraits.lastFinishedBuild();
  return last
    ? validateDefinitions(JSON.parse(last.definitions), `definitions of build ${last.id}`)
    : DEFAULT_DEFINITIONS;
}

function encode(
  dictionary: TermDictionary,
  tag: { name: string; value: string | number | boolean; measure: number; evidence: number },
): DocTag {
  const id = dictionary.id(tag.name, termValue(tag.value));
  const evidence = round4(tag.evidence);
  const measure = round4(typeof tag.value === "number" ? tag.value : tag.measure);
  return measure === evidence ? [id, evidence] : [id, evidence, measure];
}

interface DocChange {
  customerId: string;
  /** Term ids before the change. */
  before: Set<number>;
  doc: PortraitDoc;
  asOf: string;
}

/** Writes changed documents with their new terms and document-frequency deltas, in one transaction. */
async function commit(
  store: Store,
  dictionary: TermDictionary,
  changes: readonly DocChange[],
  now: string,
  extra?: (tx: Store) => Promise<void>,
): Promise<void> {
  const deltas = new Map<number, number>();
  const rows = changes.map((c) => {
    const after = termsOf(c.doc);
    for (const id of after) if (!c.before.has(id)) deltas.set(id, (deltas.get(id) ?? 0) + 1);
    for (const id of c.before) if (!after.has(id)) deltas.set(id, (deltas.get(id) ?? 0) - 1);
    return { customer_id: c.customerId, doc: JSON.stringify(c.doc), as_of: c.asOf, built_at: now };
  });
  const added = dictionary.takeAdded();
  await store.transaction(async (tx) => {
    if (added.length > 0) await tx.portraits.addTerms(added.map((t) => ({ ...t, df: 0 })));
    await tx.portraits.addDocumentFrequency(deltas);
    await tx.portraits.upsert(rows);
    await extra?.(tx);
  });
  dictionary.applyDocumentFrequency(deltas);
}

/** Full keyset pages of customer ids, or the given ids in slices. */
async function* chunks(
  store: Store,
  ids: string[] | null,
  after: string | null,
  size: number,
): AsyncGenerator<string[]> {
  if (ids) {
    for (let i = 0; i < ids.length; i += size) yield ids.slice(i, i + size);
    return;
  }
  let cursor = after;
  for (;;) {
    let query = store.db.selectFrom("customers").select("id").orderBy("id").limit(size);
    if (cursor !== null) query = query.where("id", ">", cursor);
    const page = (await query.execute()).map((r) => r.id);
    if (page.length === 0) return;
    yield page;
    cursor = page[page.length - 1] as string;
    if (page.length < size) return;
  }
}

export async function buildPortraits(store: Store, options: BuildOptions = {}): Promise<BuildReport> {
  const clock = options.clock ?? systemClock;
  const started = performance.now();
  const lastDone = await store.portraits.lastFinishedBuild();
  const last = await store.portraits.lastBuild();
  const definitions = options.definitions ?? (await currentDefinitions(store));
  const definitionsJson = JSON.stringify(definitions);
  if (!options.full && lastDone && lastDone.definitions !== definitionsJson) {
    throw new NudgeError(
      "CONFLICT",
      "the tag definitions differ from those of the last build; run a full build (--full) to apply them to every customer",
    );
  }
  const mode: BuildReport["mode"] = options.full || !lastDone ? "full" : "incremental";
  const resume =
    mode === "full" &&
    last?.status === "running" &&
    last.mode === "full" &&
    last.definitions === definitionsJson &&
    (options.asOf === undefined || options.asOf.toISOString() === last.as_of)
      ? last
      : undefined;
  const now = clock.now().toISOString();
  const asOf = resume?.as_of ?? (options.asOf ?? clock.now()).toISOString();
  const asOfMs = Date.parse(asOf);
  const buildId = resume?.id ?? newId("pb");
  if (!resume) {
    await store.portraits.startBuild({
      id: buildId,
      mode,
      status: "running",
      definitions: definitionsJson,
      as_of: asOf,
      started_at: now,
      finished_at: null,
      customers: 0,
      cursor: null,
    });
  }

  const sources = sourcesUsed(definitions);
  let dirty: string[] | null = null;
  let relationsChanged = true;
  if (mode === "incremental" && lastDone) {
    const changed = await store.portraits.changedSince(lastDone.started_at);
    dirty = changed.customers;
    relationsChanged = changed.relationsChanged;
  }
  // PageRank is global: computed when relations may have changed, else carried over per customer.
  let graph: GraphScores | null = null;
  if (sources.has("graph") && relationsChanged) graph = await scoreGraph(store);
  const graphNames = new Set(definitions.tags.filter((t) => t.rule?.from === "graph").map((t) => t.name));
  const carryGraph = sources.has("graph") && !relationsChanged;

  const dictionary = await TermDictionary.load(store);
  const history = eventHistoryDays(definitions);
  const factOptions = {
    sources,
    eventsSince: history === null ? null : new Date(asOfMs - history * DAY_MS).toISOString(),
    graph,
    hours: new LocalHours(),
  };
  const total = dirty ? dirty.length : await countCustomers(store);
  let done = resume?.customers ?? 0;
  options.onProgress?.(done, total);

  for await (const ids of chunks(store, dirty, resume?.cursor ?? null, options.chunkSize ?? DEFAULT_CHUNK)) {
    const [facts, stored] = await Promise.all([
      loadFacts(store, ids, factOptions),
      store.portraits.many(ids),
    ]);
    const changes: DocChange[] = facts.map((f) => {
      const doc = parseDoc(stored.get(f.id)?.doc);
      const before = termsOf(doc);
      const tags: DocTag[] = computeTags(definitions, f, asOfMs).map((t) => encode(dictionary, t));
      if (carryGraph) {
        for (const tag of doc[RULES_SOURCE]?.t ?? []) {
          const name = dictionary.term(tag[0])?.name;
          if (name !== undefined && graphNames.has(name)) tags.push(tag);
        }
      }
      doc[RULES_SOURCE] = { at: now, build: buildId, t: tags };
      return { customerId: f.id, before, doc, asOf };
    });
    done += ids.length;
    await commit(store, dictionary, changes, now, (tx) =>
      tx.portraits.updateBuild(buildId, { customers: done, cursor: ids[ids.length - 1] as string }),
    );
    options.onProgress?.(Math.min(done, total), total);
  }

  const finishedAt = clock.now().toISOString();
  await store.portraits.updateBuild(buildId, { status: "done", finished_at: finishedAt, customers: done });
  await store.audit.record({
    id: newId("aud"),
    at: finishedAt,
    actor: options.actor ?? "cli",
    action: "portrait.build",
    target: buildId,
    details: JSON.stringify({ mode, customers: done, asOf, resumed: Boolean(resume) }),
  });
  return {
    build: buildId,
    mode,
    resumed: Boolean(resume),
    customers: done,
    terms: (await store.portraits.terms()).length,
    asOf,
    graph: graph ? { nodes: graph.nodes, edges: graph.edges } : null,
    seconds: Math.round((performance.now() - started) / 10) / 100,
  };
}

async function countCustomers(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom("customers")
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A predicted tag value set by a model. */
export interface ModelTag {
  name: string;
  value: number | string | boolean;
}

/**
 * Sets the predicted tags a model gives customers, replacing what that model set before. `source`
 * names the model ("model:<name>"; `options.model` records its version). Each name must be a predicted tag of the definitions in force, or
 * one with a group after a dot (`demand.fund`).
 */
export async function setModelTags(
  store: Store,
  source: string,
  tags: ReadonlyMap<string, readonly ModelTag[]>,
  options: { clock?: Clock; definitions?: TagDefinitions; model?: string } = {},
): Promise<{ customers: number }> {
  if (source === RULES_SOURCE)
    throw new NudgeError("INPUT_INVALID", `'${RULES_SOURCE}' is reserved for rule tags`);
  const definitions = options.definitions ?? (await currentDefinitions(store));
  const predicted = new Map<string, TagDefinition>(
    definitions.tags.filter((t) => t.kind === "predicted").map((t) => [t.name, t]),
  );
  const now = (options.clock ?? systemClock).now().toISOString();
  const dictionary = await TermDictionary.load(store);
  const ids = [...tags.keys()].sort();
  for (let i = 0; i < ids.length; i += DEFAULT_CHUNK) {
    const slice = ids.slice(i, i + DEFAULT_CHUNK);
    const stored = await store.portraits.many(slice);
    const changes = slice.map((customerId) => {
      const doc = parseDoc(stored.get(customerId)?.doc);
      const before = termsOf(doc);
      const encoded = (tags.get(customerId) ?? []).flatMap((tag) => {
        // "demand.fund": a predicted tag may be set per group, as rule tags are by `by`.
        const definition = predicted.get(tag.name) ?? predicted.get(tag.name.split(".")[0] as string);
        if (!definition)
          throw new NudgeError(
            "INPUT_INVALID",
            `'${tag.name}' is not a predicted tag of the definitions in force`,
          );
        // A false flag is no tag, as with rule tags.
        const off = tag.value === false || tag.value === 0 || tag.value === "false";
        if (definition.type === "boolean" && off) return [];
        return [encode(dictionary, typedModelTag(definition, tag))];
      });
      if (encoded.length > 0)
        doc[source] = options.model ? { at: now, model: options.model, t: encoded } : { at: now, t: encoded };
      else delete doc[source];
      return { customerId, before, doc, asOf: stored.get(customerId)?.as_of ?? now };
    });
    await commit(store, dictionary, changes, now);
  }
  return { customers: ids.length };
}

function typedModelTag(definition: TagDefinition, tag: ModelTag): ComputedTag {
  const number = Number(tag.value);
  const wrong = () =>
    new NudgeError(
      "INPUT_INVALID",
      `predicted tag '${tag.name}' is a ${definition.type}; got ${JSON.stringify(tag.value)}`,
    );
  switch (definition.type) {
    case "number":
      if (!Number.isFinite(number)) throw wrong();
      return { name: tag.name, definition, value: number, measure: number, evidence: 1 };
    case "band":
      if (!Number.isFinite(number)) throw wrong();
      return { name: tag.name, definition, value: bandOf(definition, number), measure: number, evidence: 1 };
    case "boolean":
      return { name: tag.name, definition, value: true, measure: 1, evidence: 1 };
    case "category":
      return { name: tag.name, definition, value: String(tag.value), measure: 1, evidence: 1 };
  }
}

/**
 * The near-term outlook of each customer: churn (no activity at all in the next window) and spending
 * capacity (being among the top third of spenders in the next window). Learned from the store's own
 * history by moving the clock back: behaviour up to a cutoff one window before the last event gives the
 * features, what happened after the cutoff gives the labels. Scored as of the last event, the model writes
 * the predicted tags `churn_risk` and `spending_capacity` into portraits with its version.
 */
import { sql } from "kysely";
import { type Clock, NudgeError } from "../../core/index.js";
import {
  type Cell,
  type ClassifierReport,
  classifierArtifact,
  registerModel,
  type StoredModel,
  scoreClassifier,
  Table,
  trainClassifier,
} from "../../ml/index.js";
import { type ModelTag, profileFeatures, setModelTags } from "../../portrait/index.js";
import type { Store } from "../../store/index.js";
import { ID_COLUMN } from "./dataset.js";
import { PROPENSITY_KIND } from "./train.js";

const DAY_MS = 86_400_000;
/** The window ahead that churn and spending are about, and the history windows behind a cutoff. */
export const OUTLOOK_HORIZON_DAYS = 30;
const HISTORY_WINDOWS = [7, 30, 90] as const;
/** Event types used as features: the most frequent ones. */
const MAX_TYPES = 12;
/** Each outcome needs this many rows of either class to be learned. */
const MIN_CLASS_ROWS = 10;
/** A "high spender" is in this top share of customers by spend in the window. */
const HIGH_SPEND_SHARE = 1 / 3;
export const OUTLOOK_TARGETS = { churn: "churn", highSpend: "high_spend" } as const;
const PAGE = 1000;

interface Aggregate {
  customer_id: string;
  type: string;
  n7: number;
  n30: number;
  n90: number;
  last: string | null;
  value90: number;
  futureEvents: number;
  futureValue: number;
}

/** Per customer and event type: counts behind the cutoff in each window, the last time, value; and what followed. */
async function aggregates(store: Store, cutoff: Date, end: Date): Promise<Aggregate[]> {
  const c = cutoff.toISOString();
  const since = (days: number) => new Date(cutoff.getTime() - days * DAY_MS).toISOString();
  const rows = await store.db
    .selectFrom("events")
    .select([
      "customer_id",
      "type",
      sql<number>`sum(case when ts > ${since(7)} and ts <= ${c} then 1 else 0 end)`.as("n7"),
      sql<number>`sum(case when ts > ${since(30)} and ts <= ${c} then 1 else 0 end)`.as("n30"),
      sql<number>`sum(case when ts <= ${c} then 1 else 0 end)`.as("n90"),
      sql<string | null>`max(case when ts <= ${c} then ts end)`.as("last"),
      sql<number>`sum(case when ts <= ${c} then coalesce(value, 0) else 0 end)`.as("value90"),
      sql<number>`sum(case when ts > ${c} then 1 else 0 end)`.as("futureEvents"),
      sql<number>`sum(case when ts > ${c} then coalesce(value, 0) else 0 end)`.as("futureValue"),
    ])
    .where("ts", ">", since(HISTORY_WINDOWS[2]))
    .where("ts", "<=", end.toISOString())
    .groupBy(["customer_id", "type"])
    .execute();
  return rows.map((r) => ({
    ...r,
    n7: Number(r.n7),
    n30: Number(r.n30),
    n90: Number(r.n90),
    value90: Number(r.value90),
    futureEvents: Number(r.futureEvents),
    futureValue: Number(r.futureValue),
  }));
}

/** One feature record per customer from its aggregates and profile, as of `cutoff`. */
function behaviourRecords(
  aggregatesOf: Map<string, Aggregate[]>,
  profiles: Map<string, Record<string, Cell>>,
  types: readonly string[],
  cutoff: Date,
): { row: number; values: Record<string, Cell> }[] {
  const records: { row: number; values: Record<string, Cell> }[] = [];
  for (const [customerId, profile] of profiles) {
    const values: Record<string, Cell> = { [ID_COLUMN]: customerId, ...profile };
    let last: string | null = null;
    let value90 = 0;
    const mine = aggregatesOf.get(customerId) ?? [];
    for (const type of types) {
      const a = mine.find((x) => x.type === type);
      values[`n7.${type}`] = a?.n7 ?? 0;
      values[`n30.${type}`] = a?.n30 ?? 0;
      values[`n90.${type}`] = a?.n90 ?? 0;
      values[`days_since.${type}`] = a?.last ? daysBetween(a.last, cutoff) : null;
    }
    for (const a of mine) {
      if (a.last && (last === null || a.last > last)) last = a.last;
      value90 += a.value90;
    }
    values.days_since_any = last ? daysBetween(last, cutoff) : null;
    values.value90 = value90;
    records.push({ row: records.length + 1, values });
  }
  return records;
}

function daysBetween(iso: string, cutoff: Date): number {
  return Math.round(((cutoff.getTime() - Date.parse(iso)) / DAY_MS) * 10) / 10;
}

/** Profile features of every customer (standard fields and attributes, as portraits give them to models). */
async function profiles(store: Store): Promise<Map<string, Record<string, Cell>>> {
  const out = new Map<string, Record<string, Cell>>();
  for await (const page of store.customers.pages(PAGE))
    for (const c of page) out.set(c.id, profileFeatures(c));
  return out;
}

function byCustomer(rows: readonly Aggregate[]): Map<string, Aggregate[]> {
  const out = new Map<string, Aggregate[]>();
  for (const row of rows) {
    const list = out.get(row.customer_id);
    if (list) list.push(row);
    else out.set(row.customer_id, [row]);
  }
  return out;
}

export interface OutlookResult {
  model: StoredModel;
  report: ClassifierReport;
  /** The cutoff the model learned at, and the last event (the time it scored as of). */
  cutoff: string;
  asOf: string;
  targets: string[];
  tagged: number;
}

/** Trains the outlook model on the store's history and writes churn and spending tags. */
export async function trainOutlook(
  store: Store,
  options: { seed: number; name?: string; horizonDays?: number; clock?: Clock },
): Promise<OutlookResult> {
  const horizon = options.horizonDays ?? OUTLOOK_HORIZON_DAYS;
  const lastRow = await store.db
    .selectFrom("events")
    .select((eb) => eb.fn.max("ts").as("last"))
    .executeTakeFirst();
  if (!lastRow?.last)
    throw new NudgeError("INPUT_INVALID", "no events: the outlook model learns from behaviour");
  const end = new Date(lastRow.last);
  const cutoff = new Date(end.getTime() - horizon * DAY_MS);
  const history = await aggregates(store, cutoff, end);
  const typeCounts = new Map<string, number>();
  for (const a of history) typeCounts.set(a.type, (typeCounts.get(a.type) ?? 0) + a.n90);
  const types = [...typeCounts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_TYPES)
    .map(([t]) => t);
  const everyone = await profiles(store);
  const aggregatesOf = byCustomer(history);
  // Churn is about customers who were active before the cutoff.
  const active = new Map([...everyone].filter(([id]) => (aggregatesOf.get(id) ?? []).some((a) => a.n90 > 0)));
  const records = behaviourRecords(aggregatesOf, active, types, cutoff);
  const spend = (id: string) => (aggregatesOf.get(id) ?? []).reduce((s, a) => s + a.futureValue, 0);
  const spends = records.map((r) => spend(String(r.values[ID_COLUMN]))).sort((a, b) => b - a);
  const threshold = spends[Math.floor(spends.length * HIGH_SPEND_SHARE)] ?? 0;
  for (const record of records) {
    const id = String(record.values[ID_COLUMN]);
    const future = (aggregatesOf.get(id) ?? []).reduce((s, a) => s + a.futureEvents, 0);
    record.values[OUTLOOK_TARGETS.churn] = future === 0 ? 1 : 0;
    const s = spend(id);
    record.values[OUTLOOK_TARGETS.highSpend] = s > 0 && s >= threshold ? 1 : 0;
  }
  const targets = Object.values(OUTLOOK_TARGETS).filter((t) => {
    const positives = records.filter((r) => r.values[t] === 1).length;
    return positives >= MIN_CLASS_ROWS && records.length - positives >= MIN_CLASS_ROWS;
  });
  if (targets.length === 0)
    throw new NudgeError(
      "INPUT_INVALID",
      `not enough history to learn churn or spending: ${records.length} customers active in the 90 days before ${cutoff.toISOString()}`,
    );
  const columns = [...new Set(records.flatMap((r) => Object.keys(r.values)))];
  const table = Table.fromRecords(columns, records);
  const exclude = Object.values(OUTLOOK_TARGETS).filter((t) => !targets.includes(t));
  const trained = trainClassifier(table, { targets, id: ID_COLUMN, exclude, seed: options.seed });
  const model = await registerModel(
    store,
    classifierArtifact(trained, PROPENSITY_KIND, options.name ?? "outlook"),
    options.clock,
  );

  // Score everyone as of the last event: the same features, with the cutoff moved to the end.
  const now = await aggregates(store, end, end);
  const current = behaviourRecords(byCustomer(now), everyone, types, end);
  const p = scoreClassifier(
    trained.classifier,
    Table.fromRecords(
      trained.features.concat(ID_COLUMN),
      current.map((r) => ({ row: r.row, values: r.values })),
    ),
  );
  const k = targets.length;
  const tags = new Map<string, ModelTag[]>();
  current.forEach((record, r) => {
    const list: ModelTag[] = [];
    targets.forEach((target, j) => {
      const value = Math.round((p[r * k + j] as number) * 1e4) / 1e4;
      list.push({ name: target === OUTLOOK_TARGETS.churn ? "churn_risk" : "spending_capacity", value });
    });
    tags.set(String(record.values[ID_COLUMN]), list);
  });
  const { customers } = await setModelTags(store, `model:${model.name}`, tags, {
    clock: options.clock,
    model: model.id,
  });
  return {
    model,
    report: trained.report,
    cutoff: cutoff.toISOString(),
    asOf: end.toISOString(),
    targets,
    tagged: customers,
  };
}

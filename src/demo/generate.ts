/**
 * Writes the demo data set, one person at a time so a million customers take
 * no more memory than a thousand: each person's customer records (one per
 * subsidiary that knows them, all with the same name, ID number and phone),
 * holdings, events, relations to earlier people and campaign outcome, plus
 * the fixed products and messages, truth.csv (the planted segment and uplift
 * class of every record) and manifest.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { NudgeError, Rng } from "../core/index.js";
import { EVENT_COLUMNS, personEvents } from "./behaviour.js";
import { type HistoryWindow, historyWindow, isoDate } from "./calendar.js";
import {
  COUPON_CAMPAIGN,
  campaignOutcome,
  drawUpliftClass,
  OUTCOME_COLUMNS,
  UPLIFT_CLASSES,
} from "./campaign.js";
import { CsvWriter } from "./csv-writer.js";
import { drawHoldings, type Holding } from "./holdings.js";
import { MESSAGE_COLUMNS, MESSAGES, messageRow } from "./messages.js";
import { CUSTOMER_COLUMNS, customerRow, drawPerson, type Person, personId, population } from "./people.js";
import { PRODUCT_COLUMNS, PRODUCTS, productRow, type Subsidiary } from "./products.js";
import { REGIONS } from "./regions.js";
import { RELATION_COLUMNS, RelationGraph } from "./relations.js";
import { favouriteProduct, SEGMENTS } from "./segments.js";

export interface DemoOptions {
  /** Seed of every random choice (default 7): the same seed writes byte-identical files. */
  seed?: number;
  /** Rows of customers.csv (default 2,000); people known to several subsidiaries fill more than one. */
  customers?: number;
  /** Directory to write into (created when missing). */
  outDir: string;
  /** The day the history ends, YYYY-MM-DD (default 2026-10-31); fixed so output never depends on "now". */
  referenceDate?: string;
}

/** What was planted, for tests and model checks; none of it is in the ingested files. */
export interface DemoTruth {
  /** Path of truth.csv: customer_id, person_id, segment, uplift_class. */
  path: string;
  segments: Record<string, { people: number; favourite: string }>;
  upliftClasses: Record<string, number>;
  /** People with customer records in more than one subsidiary. */
  linkedPeople: number;
  campaign: string;
}

export interface DemoManifest {
  seed: number;
  referenceDate: string;
  /** By kind (products, customers, holdings, events, relations, outcomes, messages, truth). */
  files: Record<string, { path: string; rows: number }>;
  truth: DemoTruth;
}

export const DEFAULT_SEED = 7;
export const DEFAULT_CUSTOMERS = 2000;
export const DEFAULT_REFERENCE_DATE = "2026-10-31";
export const HISTORY_DAYS = 120;
/** Chance that a person holding another subsidiary's product is also that subsidiary's customer. */
const LINK_CHANCE = 0.12;
const SOURCE_PREFIX: Record<Subsidiary, string> = { bank: "BNK", insurance: "INS", securities: "SEC" };
const HOLDING_COLUMNS = ["customer_id", "product_id", "since", "amount"] as const;
const TRUTH_COLUMNS = ["customer_id", "person_id", "segment", "uplift_class"] as const;
/** People between two waits for the files to catch up (each wait costs a turn of the event loop). */
const DRAIN_EVERY = 64;

/** Customer records of a person: the first subsidiary's (id cNNNNNN), then others where they hold products. */
function customerRecords(rng: Rng, p: Person, holdings: readonly Holding[]): Map<Subsidiary, string> {
  const records = new Map<Subsidiary, string>([[p.primary, personId(p.index)]]);
  for (const h of holdings) {
    const sub = h.product.subsidiary;
    if (records.has(sub) || !rng.chance(LINK_CHANCE)) continue;
    records.set(sub, `${SOURCE_PREFIX[sub]}-${String(p.index + 1).padStart(6, "0")}`);
  }
  return records;
}

function checked(options: DemoOptions): { seed: number; count: number; referenceDate: string } {
  const seed = options.seed ?? DEFAULT_SEED;
  const count = options.customers ?? DEFAULT_CUSTOMERS;
  if (!Number.isSafeInteger(seed))
    throw new NudgeError("CONFIG_INVALID", `seed ${seed} is not a whole number`);
  if (!Number.isSafeInteger(count) || count < 1)
    throw new NudgeError("CONFIG_INVALID", `customers ${count} is not a whole number of at least 1`);
  return { seed, count, referenceDate: options.referenceDate ?? DEFAULT_REFERENCE_DATE };
}

type Writers = Record<
  "products" | "customers" | "holdings" | "events" | "relations" | "outcomes" | "messages" | "truth",
  CsvWriter
>;

function openWriters(dir: string): Writers {
  const open = (name: string, columns: readonly string[]) => new CsvWriter(join(dir, `${name}.csv`), columns);
  return {
    products: open("products", PRODUCT_COLUMNS),
    customers: open("customers", CUSTOMER_COLUMNS),
    holdings: open("holdings", HOLDING_COLUMNS),
    events: open("events", EVENT_COLUMNS),
    relations: open("relations", RELATION_COLUMNS),
    outcomes: open("outcomes", OUTCOME_COLUMNS),
    messages: open("messages", MESSAGE_COLUMNS),
    truth: open("truth", TRUTH_COLUMNS),
  };
}

/** Writes people until customers.csv has `count` rows; answers the planted truth's tallies. */
async function writePeople(
  out: Writers,
  rng: Rng,
  count: number,
  window: HistoryWindow,
): Promise<Omit<DemoTruth, "path" | "campaign">> {
  const people = population(window.end);
  const graph = new RelationGraph();
  const segments = Object.fromEntries(
    SEGMENTS.map((s) => [s.name, { people: 0, favourite: favouriteProduct(s) }]),
  );
  const upliftClasses: Record<string, number> = Object.fromEntries(UPLIFT_CLASSES.map((c) => [c, 0]));
  let linkedPeople = 0;
  for (let index = 0; out.customers.rows < count; index++) {
    const person = drawPerson(rng, index, people);
    const id = personId(index);
    const holdings = drawHoldings(rng, person, window);
    const records = [...customerRecords(rng, person, holdings)].slice(0, count - out.customers.rows);
    const upliftClass = drawUpliftClass(rng, person, holdings.length);
    for (const [subsidiary, recordId] of records) {
      out.customers.row(customerRow(person, recordId, subsidiary));
      out.truth.row([recordId, id, person.segment.name, upliftClass]);
    }
    // A holding sits with the subsidiary that sold it when it knows the person, else with the first.
    const recordOf = new Map(records);
    for (const h of holdings)
      out.holdings.row([recordOf.get(h.product.subsidiary) ?? id, h.product.id, isoDate(h.since), h.amount]);
    for (const row of personEvents(rng, person, id, holdings, window)) out.events.row(row);
    for (const row of graph.connect(rng, person, id)) out.relations.row(row);
    out.outcomes.row(campaignOutcome(rng, id, upliftClass, window.end));
    (segments[person.segment.name] as { people: number }).people++;
    upliftClasses[upliftClass] = (upliftClasses[upliftClass] ?? 0) + 1;
    if (records.length > 1) linkedPeople++;
    if (index % DRAIN_EVERY === 0) for (const writer of Object.values(out)) await writer.drain();
  }
  return { segments, upliftClasses, linkedPeople };
}

/** Generates the demo data set into `options.outDir` and answers its manifest (also written as manifest.json). */
export async function generateDemoData(options: DemoOptions): Promise<DemoManifest> {
  const { seed, count, referenceDate } = checked(options);
  const window = historyWindow(
    referenceDate,
    HISTORY_DAYS,
    REGIONS.map((r) => r.tz),
  );
  mkdirSync(options.outDir, { recursive: true });
  const out = openWriters(options.outDir);
  try {
    for (const p of PRODUCTS) out.products.row(productRow(p));
    for (const m of MESSAGES) out.messages.row(messageRow(m));
    const tallies = await writePeople(out, new Rng(seed), count, window);
    const files: DemoManifest["files"] = {};
    for (const [kind, writer] of Object.entries(out))
      files[kind] = { path: writer.path, rows: await writer.close() };
    const manifest: DemoManifest = {
      seed,
      referenceDate,
      files,
      truth: { path: out.truth.path, ...tallies, campaign: COUPON_CAMPAIGN },
    };
    writeManifest(options.outDir, manifest);
    return manifest;
  } catch (error) {
    for (const writer of Object.values(out)) writer.abort();
    throw error;
  }
}

/** manifest.json beside the files, with paths relative to it so the directory can move. */
function writeManifest(dir: string, manifest: DemoManifest): void {
  const relative = (path: string) => basename(path);
  const portable = {
    ...manifest,
    files: Object.fromEntries(
      Object.entries(manifest.files).map(([kind, f]) => [kind, { path: relative(f.path), rows: f.rows }]),
    ),
    truth: { ...manifest.truth, path: relative(manifest.truth.path) },
  };
  writeFileSync(join(dir, "manifest.json"), `${JSON.stringify(portable, null, 2)}\n`);
}

// A generated uplift population for the scale benchmark: customers with a latent class (always,
// persuadable, never) that shows weakly in their own features and runs in communities of the relations
// graph (homophily), a fair-coin treatment and responses that follow the class with some noise.
import { Rng } from "../../dist/core/index.js";
import { Table } from "../../dist/ml/index.js";

const CLASSES = ["always", "persuadable", "never"];
const CLASS_WEIGHTS = [0.3, 0.35, 0.35];
/** Members of a community, the share keeping its class, and the share of a node's links inside it. */
const COMMUNITY = { size: 50, keepsClass: 0.85, inside: 0.8 };
/** Feature shift towards the class's own column, and the number of pure-noise columns. */
const SIGNAL = 0.5;
const NOISE_COLUMNS = 4;
/** P(respond) by class and arm. */
const RESPONSE = {
  always: { treated: 0.8, control: 0.8 },
  persuadable: { treated: 0.8, control: 0.05 },
  never: { treated: 0.05, control: 0.05 },
};
const REGIONS = ["north", "south", "east", "west", "centre", "coast", "hills", "islands"];
const TIERS = ["mass", "affluent", "private"];

export const FEATURE_COLUMNS = [
  "f_always",
  "f_persuadable",
  "f_never",
  ...Array.from({ length: NOISE_COLUMNS }, (_, k) => `noise_${k}`),
  "region",
  "tier",
];

/**
 * `rows` customers (ids c0000001…) and about `edges` undirected relations, seeded. Returns the table
 * (customer_id, features, treated, responded), the edges by id, and who is truly persuadable.
 */
export function upliftPopulation(rows, edges, seed) {
  const rng = new Rng(seed);
  const communities = Math.ceil(rows / COMMUNITY.size);
  const communityClass = Array.from({ length: communities }, () => rng.weighted(CLASSES, CLASS_WEIGHTS));
  const ids = Array.from({ length: rows }, (_, r) => `c${String(r + 1).padStart(7, "0")}`);
  const persuadable = new Uint8Array(rows);
  const records = new Array(rows);
  for (let r = 0; r < rows; r++) {
    const community = Math.floor(r / COMMUNITY.size);
    const kind = rng.chance(COMMUNITY.keepsClass)
      ? communityClass[community]
      : rng.weighted(CLASSES, CLASS_WEIGHTS);
    const treated = rng.chance(0.5) ? 1 : 0;
    const rate = RESPONSE[kind][treated ? "treated" : "control"];
    const values = { customer_id: ids[r], treated, responded: rng.chance(rate) ? 1 : 0 };
    for (const c of CLASSES) values[`f_${c}`] = rng.normal() + (c === kind ? SIGNAL : 0);
    for (let k = 0; k < NOISE_COLUMNS; k++) values[`noise_${k}`] = rng.normal();
    values.region = REGIONS[rng.int(0, REGIONS.length - 1)];
    values.tier = TIERS[rng.int(0, TIERS.length - 1)];
    persuadable[r] = kind === "persuadable" ? 1 : 0;
    records[r] = { row: r + 2, values };
  }
  const src = new Array(edges);
  const dst = new Array(edges);
  for (let e = 0; e < edges; e++) {
    const a = rng.int(0, rows - 1);
    const community = Math.floor(a / COMMUNITY.size);
    const b = rng.chance(COMMUNITY.inside)
      ? Math.min(rows - 1, community * COMMUNITY.size + rng.int(0, COMMUNITY.size - 1))
      : rng.int(0, rows - 1);
    src[e] = ids[a];
    dst[e] = ids[b];
  }
  const columns = ["customer_id", ...FEATURE_COLUMNS, "treated", "responded"];
  return { table: Table.fromRecords(columns, records), graph: { src, dst }, persuadable };
}

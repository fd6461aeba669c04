// Where a process's CPU went, from a V8 CPU profile (node --cpu-prof), for bench/decide.js and
// bench/deliver.js: self time by where the code lives (nudge modules, kysely, better-sqlite3, undici,
// Fastify, zod, node internals, GC), the functions with the most self time, and the nudge functions with
// the most inclusive time (a sample counts once for every distinct nudge function on its stack), which
// is what names a slow step rather than the leaf it ends in.
// Usage: node decide-profile-worker.js PROFILE [TOP]. Prints {busySeconds, shareOfBusy, topSelf, topInclusive}.
import { readFileSync } from "node:fs";

const [file, topArg] = process.argv.slice(2);
const TOP = Number(topArg ?? 15);
const profile = JSON.parse(readFileSync(file, "utf8"));
const round = (x) => Math.round(x * 1000) / 1000;

function bucketOf({ url, functionName }) {
  if (functionName === "(idle)") return "idle";
  if (functionName === "(garbage collector)") return "garbage collection";
  if (functionName === "(program)") return "V8/native (program)";
  const nudge = /\/dist\/([^/]+)\//.exec(url);
  if (nudge && !url.includes("node_modules")) return `nudge ${nudge[1]}`;
  if (url.includes("/kysely/")) return "kysely";
  if (url.includes("better-sqlite3")) return "better-sqlite3 (JS side)";
  if (url.includes("/pg") || url.includes("postgres")) return "pg (node-postgres)";
  if (url.includes("undici") || url.includes("node:internal/deps/undici")) return "undici (fetch)";
  if (url.includes("/zod") || url.includes("fastify-type-provider-zod")) return "zod (validate, serialize)";
  if (url.includes("pino") || url.includes("sonic-boom")) return "logging (pino)";
  if (url.includes("fastify") || url.includes("find-my-way") || url.includes("avvio")) return "fastify";
  if (url.startsWith("node:")) return "node internals (http, net, streams, crypto)";
  if (url === "") return "native calls (sqlite, crypto, json…)";
  return "other";
}

const nameOf = (frame) =>
  `${frame.functionName || "(anonymous)"} ${frame.url.replace(/^.*\/(node_modules|dist)\//, "")}:${frame.lineNumber + 1}`;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);

const selfUs = new Map();
const inclusiveUs = new Map();
const buckets = new Map();
let busy = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  const us = profile.timeDeltas[i] ?? 0;
  const frame = byId.get(id).callFrame;
  const bucket = bucketOf(frame);
  buckets.set(bucket, (buckets.get(bucket) ?? 0) + us);
  if (bucket === "idle") continue;
  busy += us;
  const self = nameOf(frame);
  selfUs.set(self, (selfUs.get(self) ?? 0) + us);
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const f = byId.get(at).callFrame;
    if (!f.url.includes("/dist/") || f.url.includes("node_modules")) continue;
    const name = nameOf(f);
    if (seen.has(name)) continue;
    seen.add(name);
    inclusiveUs.set(name, (inclusiveUs.get(name) ?? 0) + us);
  }
}
const share = (us) => round(us / busy);
const top = (map) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP)
    .map(([name, us]) => ({ function: name, share: share(us) }));
process.stdout.write(
  JSON.stringify({
    busySeconds: Math.round(busy / 1e4) / 100,
    shareOfBusy: Object.fromEntries(
      [...buckets]
        .filter(([b]) => b !== "idle")
        .sort((a, b) => b[1] - a[1])
        .map(([b, us]) => [b, share(us)]),
    ),
    topSelf: top(selfUs),
    topInclusive: top(inclusiveUs),
  }),
);

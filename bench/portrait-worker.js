// The measured steps of bench/portrait.js, in one process: full build, 10,000 new events ingested and an
// incremental build, then a lookalike of a 10,000-customer seed (members of planted group 1, taken as
// every 8th customer from the second). Prints {full, incremental, lookalike, peakRssMB}.
import { fixedClock } from "../dist/core/index.js";
import { ingestObjects } from "../dist/ingest/index.js";
import { buildPortraits, lookalike } from "../dist/portrait/index.js";
import { openStore } from "../dist/store/index.js";

const GROUPS = 8;
const AS_OF = new Date("2026-10-31T23:59:59.999Z");
const store = await openStore(process.argv[2]);
const customers = Number(
  (
    await store.db
      .selectFrom("customers")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow()
  ).n,
);
const width = Math.max(7, String(customers).length);
const idOf = (i) => `c${String(i + 1).padStart(width, "0")}`;

const rssAfter = () => Math.round(process.resourceUsage().maxRSS / 1024);
const full = await buildPortraits(store, {
  full: true,
  asOf: AS_OF,
  clock: fixedClock("2026-11-02T00:00:00Z"),
});
const fullRss = rssAfter();

const fresh = Array.from({ length: 10_000 }, (_, k) => ({
  customer_id: idOf((k * 104_729) % customers),
  type: k % 3 === 0 ? "purchase" : "browse",
  category: "fund",
  item_id: "p_fund_1",
  ts: new Date(AS_OF.getTime() - (k % 50) * 3_600_000).toISOString(),
  value: k % 3 === 0 ? 100_000 : null,
}));
const ingest = await ingestObjects(store, "events", fresh, {
  source: "bench",
  clock: fixedClock("2026-11-03T00:00:00Z"),
});
const incremental = await buildPortraits(store, { asOf: AS_OF, clock: fixedClock("2026-11-04T00:00:00Z") });

const seeds = [];
for (let i = 1; i < customers && seeds.length < 10_000; i += GROUPS) seeds.push(idOf(i));
const seedSet = new Set(seeds);
const size = 10_000;
const found = await lookalike(store, { seeds, size, threshold: 0 });
const inGroup = found.candidates.filter((c) => (Number(c.customerId.slice(1)) - 1) % GROUPS === 1).length;
// Group 1 members that are not seeds: the most a perfect lookalike can return from the group.
const reachable = Math.min(size, Math.ceil((customers - 1) / GROUPS) - seedSet.size);
await store.close();

process.stdout.write(
  JSON.stringify({
    full: {
      seconds: full.seconds,
      customers: full.customers,
      terms: full.terms,
      graph: full.graph,
      peakRssMB: fullRss,
    },
    incremental: {
      newEvents: ingest.inserted,
      seconds: incremental.seconds,
      customers: incremental.customers,
    },
    lookalike: {
      seeds: seeds.length,
      size,
      seconds: found.seconds,
      scanned: found.scanned,
      precisionAtSize: reachable > 0 ? Math.round((inGroup / reachable) * 1000) / 1000 : null,
    },
    peakRssMB: rssAfter(),
  }),
);

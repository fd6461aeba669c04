// One measured load for bench/ingest.js: prints {rows, seconds, rowsPerSecond, peakRssMB, report}.
import { ingestFile } from "../dist/ingest/index.js";
import { openStore } from "../dist/store/index.js";

const [url, file] = process.argv.slice(2);
const store = await openStore(url);
const t0 = performance.now();
const report = await ingestFile(store, "customers", file, { piiKey: process.env.NUDGE_PII_KEY });
const seconds = (performance.now() - t0) / 1000;
await store.close();
const rows = report.inserted + report.updated + report.rejected;
process.stdout.write(
  JSON.stringify({
    database: url.split(":")[0],
    rows,
    inserted: report.inserted,
    rejected: report.rejected,
    seconds: Math.round(seconds * 100) / 100,
    rowsPerSecond: Math.round(rows / seconds),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);

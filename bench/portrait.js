// Portraits at scale (issue 4): a full build for 1,000,000 customers with 10,000,000 events (and
// 1,000,000 relations for influence), an incremental build after 10,000 new events, and a lookalike
// of a 10,000-customer seed over everyone. The population has planted groups (src/demo/planted.ts), so
// the lookalike's precision against the seed's group is reported too.
// Targets: full build < 120 s with peak RSS < 2 GB; incremental < 2 s; lookalike < 10 s.
// Data are written straight into SQLite (bench/portrait-data-worker.js), then one process (bench/portrait-worker.js)
// runs the three steps through the public API so its peak RSS is the portrait code's own.
// Options: --customers N (default 1,000,000), --events-per-customer N (10), --keep DIR (reuse/keep the data).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";

const TARGETS = {
  fullBuildSeconds: 120,
  fullBuildPeakRssMB: 2048,
  incrementalSeconds: 2,
  lookalikeSeconds: 10,
};
const here = new URL(".", import.meta.url).pathname;

function option(args, name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
}

export async function main(args) {
  const customers = Number(option(args, "--customers", 1_000_000));
  const perCustomer = Number(option(args, "--events-per-customer", 10));
  const keep = option(args, "--keep", null);
  const dir = keep ?? mkdtempSync(join(tmpdir(), "nudge-bench-portrait-"));
  mkdirSync(dir, { recursive: true });
  const data = join(dir, `planted-${customers}-${perCustomer}.db`);
  const work = join(dir, "work.db");
  try {
    let generated = null;
    if (!existsSync(data)) {
      const out = execFileSync(
        process.execPath,
        [join(here, "portrait-data-worker.js"), data, String(customers), String(perCustomer)],
        {
          maxBuffer: 1 << 26,
          stdio: ["ignore", "pipe", "inherit"],
        },
      );
      generated = JSON.parse(out.toString());
    }
    // Each run works on a copy, so --keep can reuse the generated data.
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${work}${suffix}`, { force: true });
    execFileSync("cp", [data, work]);
    const out = execFileSync(process.execPath, [join(here, "portrait-worker.js"), `sqlite:${work}`], {
      maxBuffer: 1 << 26,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const result = JSON.parse(out.toString());
    return {
      benchmark: "portrait",
      machine: { cpus: cpus().length, node: process.version },
      customers,
      events: customers * perCustomer,
      generated,
      targets: TARGETS,
      ...result,
      pass:
        result.full.seconds < TARGETS.fullBuildSeconds &&
        result.peakRssMB < TARGETS.fullBuildPeakRssMB &&
        result.incremental.seconds < TARGETS.incrementalSeconds &&
        result.lookalike.seconds < TARGETS.lookalikeSeconds,
    };
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
    else for (const suffix of ["", "-wal", "-shm"]) rmSync(`${work}${suffix}`, { force: true });
  }
}

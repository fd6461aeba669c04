#!/usr/bin/env node
// Copies the data files modules read next to themselves (CSV, JSON, TXT under src/, outside fixtures
// and test-support folders) into dist/, where the compiled modules look for them: tsc copies only the
// JSON files that are imported.
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const DATA = /\.(csv|json|txt)$/;
const SKIP = new Set(["fixtures", "test-support", "node_modules"]);
let copied = 0;
function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP.has(entry.name)) walk(path);
    } else if (DATA.test(entry.name)) {
      const target = join(root, "dist", relative(join(root, "src"), path));
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(path, target);
      copied++;
    }
  }
}
walk(join(root, "src"));
if (process.argv.includes("--verbose")) console.log(`copied ${copied} data files into dist/`);

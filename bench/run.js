#!/usr/bin/env node
// `npm run bench -- NAME [args]`: runs bench/NAME.js, which prints one JSON object.
// Benchmarks use the built package (dist/), so run `npm run build` first (npm ci does).
import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const names = readdirSync(here)
  .filter((f) => f.endsWith(".js") && !["run.js"].includes(f) && !f.includes("-worker"))
  .map((f) => f.slice(0, -3));
const [name, ...args] = process.argv.slice(2);
if (!name || !names.includes(name)) {
  process.stderr.write(`usage: npm run bench -- NAME   (NAME: ${names.join(", ")})\n`);
  process.exit(2);
}
if (!existsSync(new URL("../dist/cli/main.js", import.meta.url))) {
  process.stderr.write("bench: build first (npm run build)\n");
  process.exit(1);
}
const { main } = await import(`./${name}.js`);
const result = await main(args);
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);

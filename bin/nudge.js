#!/usr/bin/env node
// The `nudge` command. The TypeScript is compiled to dist/ by `npm install` (prepare) or `npm run build`.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const main = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
if (!existsSync(main)) {
  process.stderr.write("nudge: not built yet; run `npm install` or `npm run build` in the checkout first\n");
  process.exit(1);
}
const { runCli } = await import(main);
process.exitCode = await runCli(process.argv.slice(2));

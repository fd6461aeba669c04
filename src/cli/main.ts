/**
 * The `nudge` command line. Every command takes `--db URL` and `--json`;
 * errors print one line (or a JSON error object) and set a non-zero exit code.
 */
import { Command, CommanderError } from "commander";
import { DEFAULT_DB_URL, errorMessage, isNudgeError } from "../core/index.js";
import { callCommand } from "./call.js";
import { decideCommand } from "./decide.js";
import { demoCommand } from "./demo.js";
import { ingestCommand } from "./ingest.js";
import { type Io, processIo } from "./io.js";
import { keysCommand } from "./keys.js";
import { messageCommand } from "./message.js";
import { modelCommand } from "./model.js";
import { portraitCommand } from "./portrait.js";
import { segmentCommand } from "./segment.js";
import { serveCommand } from "./serve.js";
import { upliftCommand } from "./uplift.js";

/** Exit codes: 0 done, 1 failed (nothing usable done), 2 bad usage. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Runs the CLI with `argv` (without node and script) and answers the exit code. */
export async function runCli(argv: readonly string[], io: Io = processIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const setExit = (code: number) => {
    exitCode = code;
  };
  const program = new Command("nudge")
    .description("Nudge: precision push for financial groups")
    .option("--db <url>", `database URL (default ${DEFAULT_DB_URL}, env NUDGE_DB)`)
    .option("--json", "print one JSON object on stdout, nothing else")
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError();
  ingestCommand(program, io, setExit);
  keysCommand(program, io);
  portraitCommand(program, io);
  modelCommand(program, io);
  segmentCommand(program, io);
  messageCommand(program, io);
  upliftCommand(program, io);
  callCommand(program, io);
  decideCommand(program, io);
  serveCommand(program, io);
  demoCommand(program, io);
  const json = argv.includes("--json");
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const code = isNudgeError(error) ? error.code : "INTERNAL";
    if (json) io.out(`${JSON.stringify({ error: { code, message: errorMessage(error) } })}\n`);
    else io.err(`nudge: ${errorMessage(error)}\n`);
    if (!isNudgeError(error) && io.env.NUDGE_DEBUG) io.err(`${(error as Error).stack}\n`);
    return isNudgeError(error, "INPUT_INVALID") || isNudgeError(error, "CONFIG_INVALID")
      ? EXIT.usage
      : EXIT.failed;
  }
  return exitCode;
}

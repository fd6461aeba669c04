/** Runs CLI commands in-process with captured output, for tests. */
import { runCli } from "./main.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as the one JSON object of `--json`. */
  json: () => Record<string, unknown>;
}

export async function cli(argv: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    out: (t) => {
      stdout += t;
    },
    err: (t) => {
      stderr += t;
    },
    interactive: false,
    env,
  });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

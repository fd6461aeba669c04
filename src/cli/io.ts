/**
 * Output of CLI commands: one JSON object on stdout under `--json`, readable
 * text otherwise; a progress bar on stderr only when it is a terminal and not
 * under `--json`.
 */
import cliProgress from "cli-progress";

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** True when stderr is an interactive terminal. */
  interactive: boolean;
  env: Record<string, string | undefined>;
}

/** The process's own streams. */
export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  interactive: Boolean(process.stderr.isTTY),
  env: process.env,
};

/** Prints a command's result: the JSON object, or the human lines. */
export function emit(io: Io, json: boolean, result: unknown, human: () => string[]): void {
  if (json) io.out(`${JSON.stringify(result)}\n`);
  else io.out(`${human().join("\n")}\n`);
}

export interface Progress {
  update(done: number, total: number | null, label?: string): void;
  stop(): void;
}

const silent: Progress = { update: () => {}, stop: () => {} };

/** A progress bar on a terminal; nothing under --json or when stderr is not a terminal. */
export function progressBar(io: Io, json: boolean, unit: string): Progress {
  if (json || !io.interactive) return silent;
  const bar = new cliProgress.SingleBar(
    {
      format: ` {bar} {percentage}% | {label} | ${unit} {value}/{total}`,
      hideCursor: true,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, label = "") {
      if (!started) {
        bar.start(total ?? 0, 0, { label });
        started = true;
      }
      if (total !== null) bar.setTotal(total);
      bar.update(done, { label });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** 45211 → "45,211". */
export function count(n: number): string {
  return n.toLocaleString("en-US");
}

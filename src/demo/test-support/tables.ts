/** Reading generated files back in tests, with a real CSV parser (quoted cells included). */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";

export type Row = Record<string, string>;

/** The header of a CSV file. */
export function header(path: string): string[] {
  return (parse(readFileSync(path, "utf8"), { to_line: 1 }) as string[][])[0] ?? [];
}

/** Every data row of a CSV file as column → text. */
export function table(path: string): Row[] {
  return parse(readFileSync(path, "utf8"), { columns: true }) as Row[];
}

/** Temporary directories removed by `cleanup()` (call it in afterAll). */
export function scratch(): { dir: () => string; cleanup: () => void } {
  const dirs: string[] = [];
  return {
    dir: () => {
      const dir = mkdtempSync(join(tmpdir(), "nudge-demo-test-"));
      dirs.push(dir);
      return dir;
    },
    cleanup: () => {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

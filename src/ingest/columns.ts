/**
 * How the columns of an input map onto a kind: renamed by `--map src=field`
 * (or a mapping file), matched to canonical names case-insensitively, extras
 * kept as attributes where the kind has them and reported as ignored otherwise.
 */
import { NudgeError } from "../core/index.js";
import { attributeNameProblem } from "./attributes.js";
import type { KindSpec } from "./kind.js";

/** The pseudo-column holding the input row number (`--map @row=id` for files without ids). */
export const ROW_NUMBER_COLUMN = "@row";

export type ColumnRole = "standard" | "attribute" | "ignored";

export interface ColumnPlan {
  /** source column → target field and role */
  columns: { source: string; target: string; role: ColumnRole; why?: string }[];
  /** True when the row number feeds a field. */
  usesRowNumber: boolean;
}

/** Parses `src=field` pairs. */
export function parseMapping(pairs: readonly string[]): Map<string, string> {
  const mapping = new Map<string, string>();
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    const source = pair.slice(0, at).trim();
    const target = pair.slice(at + 1).trim();
    if (at <= 0 || !source || !target) {
      throw new NudgeError("INPUT_INVALID", `--map '${pair}' must look like source_column=field`);
    }
    mapping.set(source, target);
  }
  return mapping;
}

/** Plans how the given source columns feed the kind. */
export function planColumns(
  spec: KindSpec<unknown>,
  sourceColumns: readonly string[],
  mapping: ReadonlyMap<string, string>,
): ColumnPlan {
  const canonical = new Map(spec.row.columns.map((c) => [c.toLowerCase(), c]));
  const columns: ColumnPlan["columns"] = [];
  const taken = new Set<string>();
  const sources = mapping.has(ROW_NUMBER_COLUMN) ? [...sourceColumns, ROW_NUMBER_COLUMN] : sourceColumns;
  for (const source of sources) {
    const mapped = mapping.get(source);
    const target = canonical.get((mapped ?? source).trim().toLowerCase()) ?? (mapped ?? source).trim();
    if (taken.has(target)) {
      columns.push({ source, target, role: "ignored", why: `another column already feeds '${target}'` });
      continue;
    }
    taken.add(target);
    if (spec.row.columns.includes(target)) {
      columns.push({ source, target, role: "standard" });
    } else if (spec.attributeEntity === undefined) {
      columns.push({ source, target, role: "ignored", why: `${spec.kind} have no column '${target}'` });
    } else {
      const problem = attributeNameProblem(target);
      columns.push(
        problem
          ? { source, target, role: "ignored", why: `'${target}' ${problem}` }
          : { source, target, role: "attribute" },
      );
    }
  }
  return { columns, usesRowNumber: mapping.has(ROW_NUMBER_COLUMN) };
}

/** Fails when a required column is missing from a file with a fixed header. */
export function requireColumns(
  spec: KindSpec<unknown>,
  plan: ColumnPlan,
  sourceColumns: readonly string[],
): void {
  const present = new Set(plan.columns.filter((c) => c.role === "standard").map((c) => c.target));
  const missing = spec.row.required.filter((c) => !present.has(c));
  if (missing.length > 0) {
    throw new NudgeError(
      "INPUT_INVALID",
      `${spec.kind} need column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}; the input has ${sourceColumns.join(", ") || "no columns"}. ` +
        `Rename one with --map SOURCE=${missing[0]}${missing.includes("id") ? ` (or --map ${ROW_NUMBER_COLUMN}=id to number the rows)` : ""}`,
      { missing, columns: sourceColumns },
    );
  }
}
